// The analysis stored in a session file, under /analysis (written by `isokin analyze
// --write`): the results JSON, the parameters that produced them and the program's
// version. Written by the analysis engineer as a self-contained addition to the store
// (docs/metrics.md, "Stored results"); it uses the store's checked HDF5 wrappers.
//
//   /analysis                 group; attributes schema = "isokin-analysis",
//                             schema_version = 1, program (e.g. "isokin 0.1.0"),
//                             created_at (ISO 8601 UTC)
//   /analysis/json            scalar UTF-8 string: the analysis JSON (docs/metrics.md)
//   /analysis/parameters      scalar UTF-8 string: the parameters as JSON
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "model/test_mode.hpp"

namespace isokin::store {

struct AnalysisRecord {
  std::string json;             // analysis results, schema "isokin-analysis"
  std::string parameters_json;  // the options that produced them
  std::string program;          // "isokin 0.1.0"
  std::string created_at;       // ISO 8601, UTC; filled by write_analysis_record when empty
  // When set, the session's root attribute involved_side is rewritten with it in the
  // same copy (`isokin analyze --write --involved right`), so report and progress read it.
  std::optional<InvolvedSide> involved;
};

// Stores `record` under /analysis, replacing an earlier one. Refuses (StoreError) a
// file with a trial being recorded or left unfinished by a killed recorder (run
// `isokin recover` first), and a file another process holds open for writing. The
// file is rewritten whole: a copy beside it gets the record and is renamed over it,
// so a failure leaves the file exactly as it was.
void write_analysis_record(const std::filesystem::path& file, const AnalysisRecord& record);

// The stored record, or nullopt when the file has none.
std::optional<AnalysisRecord> read_analysis_record(const std::filesystem::path& file);

}  // namespace isokin::store
