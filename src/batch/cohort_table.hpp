// The batch's output tables: the rows of every file, in file order, with the file
// and session date in front and an error column at the end.
//
//   efforts table: file, date, <export::effort_table columns>, error
//                  a file that failed has one row: its path, empty cells, the error
//   ratios table:  file, date, <export::ratio_table columns>
//   bilateral:     file, date, <export::bilateral_table columns>
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "export/table.hpp"

namespace isokin::batch {

// One session's rows of the three tables (without the file and date columns).
struct SessionTables {
  exporting::Table efforts, ratios, bilateral;
};

// A session's rows, from its analysis (the cells are what `isokin analyze --json`
// prints for the same fields: export/analysis_tables.hpp).
SessionTables session_tables(const analysis::SessionAnalysis& analysis);

// What one worker produced for one file: its rows, made in the worker, so that the
// process gathering them only appends text.
struct FileAnalysis {
  std::string date;  // the session's date (ISO 8601)
  SessionTables tables;
};

struct FileOutcome {
  std::filesystem::path file;
  FileAnalysis result;
  std::string error;  // empty = analysed
};

struct CohortTables {
  exporting::Table efforts;
  exporting::Table ratios;
  exporting::Table bilateral;
  std::size_t failed = 0;
};

CohortTables build_cohort_tables(const std::vector<FileOutcome>& outcomes);

}  // namespace isokin::batch
