// One shard's table of a batch split across a job array: the table as a whole batch
// writes it, restricted to the shard's files, under one first line that records which
// part of what it is, so that `isokin batch --merge` can check a set of parts before
// joining them:
//
//   # isokin batch part: shard=3/8 table=efforts cohort_files=400 shard_files=50 cohort=1f0c...e2 settings=9a41...07
//
// cohort:   fingerprint of the sorted list of every file of the cohort (all shards)
// settings: fingerprint of the analysis parameters and the program version
// (pandas reads a part with read_csv(..., comment="#"), R with read.csv(..., comment.char="#").)
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/cohort_files.hpp"

namespace isokin::batch {

struct PartRecord {
  Shard shard;
  std::string table;  // "efforts", "ratios" or "bilateral"
  std::size_t cohort_files = 0;
  std::size_t shard_files = 0;
  std::string cohort;    // 16 hex digits
  std::string settings;  // 16 hex digits
};

// The first line, without its line end.
std::string format_part_record(const PartRecord& record);

// nullopt when `line` is not a part record at all; InputError naming `file` when it
// starts like one but a field is missing or malformed.
std::optional<PartRecord> parse_part_record(std::string_view line, std::string_view file);

// 64-bit FNV-1a of `bytes`, as 16 lower-case hex digits.
std::string fingerprint(std::string_view bytes);

// Fingerprint of a cohort's sorted file list (paths as written in the tables).
std::string cohort_fingerprint(const std::vector<std::filesystem::path>& files);

}  // namespace isokin::batch
