// `isokin batch --merge PART.csv... --out FILE.csv`: the parts of a batch split by
// --shard joined into exactly the table one batch over the whole cohort writes: the
// same header, the same rows (error rows included) in the same order (the cohort's
// sorted file order), byte for byte.
//
// A set is refused, naming the part, when a shard is missing or given twice, or when
// the parts disagree on the table, the number of shards, the cohort, the analysis
// settings or the columns.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "batch/cohort_part.hpp"

namespace isokin::batch {

struct PartText {
  std::string name;  // the file, for messages
  std::string text;  // its whole content
};

struct MergedTable {
  std::string csv;              // the joined table
  PartRecord record;            // the first part's record (table, shard count, cohort)
  std::size_t rows = 0;
  std::size_t failed_files = 0;  // files with an error row (efforts table)
  std::vector<std::pair<std::string, std::string>> failures;  // file and error of each
};

// `header` false omits the column names, as `isokin batch --no-header` does.
MergedTable merge_parts(const std::vector<PartText>& parts, bool header);

}  // namespace isokin::batch
