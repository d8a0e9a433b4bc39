#include "batch/cohort_table.hpp"

#include "export/analysis_tables.hpp"

namespace isokin::batch {

namespace {
// Prepends file and date to a per-session table and appends its rows to `into`.
void append(exporting::Table& into, const exporting::Table& part, const std::string& file, const std::string& date,
            bool error_column) {
  if (into.columns.empty()) {
    into.columns = {"file", "date"};
    into.columns.insert(into.columns.end(), part.columns.begin(), part.columns.end());
    if (error_column) into.columns.emplace_back("error");
  }
  for (const auto& row : part.rows) {
    std::vector<std::string> cells{file, date};
    cells.insert(cells.end(), row.begin(), row.end());
    if (error_column) cells.emplace_back();
    into.rows.push_back(std::move(cells));
  }
}
}  // namespace

SessionTables session_tables(const analysis::SessionAnalysis& analysis) {
  return {exporting::effort_table(analysis), exporting::ratio_table(analysis), exporting::bilateral_table(analysis)};
}

CohortTables build_cohort_tables(const std::vector<FileOutcome>& outcomes) {
  CohortTables tables;
  // Column names come from an empty analysis, so a batch where every file failed
  // still writes a complete header.
  const SessionTables empty = session_tables(analysis::SessionAnalysis{});
  append(tables.efforts, empty.efforts, "", "", true);
  append(tables.ratios, empty.ratios, "", "", false);
  append(tables.bilateral, empty.bilateral, "", "", false);
  for (const auto& outcome : outcomes) {
    const std::string file = outcome.file.string();
    if (!outcome.error.empty()) {
      ++tables.failed;
      std::vector<std::string> row(tables.efforts.columns.size());
      row.front() = file;
      row.back() = outcome.error;
      tables.efforts.rows.push_back(std::move(row));
      continue;
    }
    const SessionTables& t = outcome.result.tables;
    append(tables.efforts, t.efforts, file, outcome.result.date, true);
    append(tables.ratios, t.ratios, file, outcome.result.date, false);
    append(tables.bilateral, t.bilateral, file, outcome.result.date, false);
  }
  return tables;
}

}  // namespace isokin::batch
