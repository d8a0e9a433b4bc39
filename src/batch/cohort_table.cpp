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

CohortTables build_cohort_tables(const std::vector<FileOutcome>& outcomes) {
  CohortTables tables;
  // Column names come from an empty analysis, so a batch where every file failed
  // still writes a complete header.
  const nlohmann::json empty = nlohmann::json::object();
  append(tables.efforts, exporting::effort_table(empty), "", "", true);
  append(tables.ratios, exporting::ratio_table(empty), "", "", false);
  append(tables.bilateral, exporting::bilateral_table(empty), "", "", false);
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
    const auto& a = outcome.result.analysis;
    append(tables.efforts, exporting::effort_table(a), file, outcome.result.date, true);
    append(tables.ratios, exporting::ratio_table(a), file, outcome.result.date, false);
    append(tables.bilateral, exporting::bilateral_table(a), file, outcome.result.date, false);
  }
  return tables;
}

}  // namespace isokin::batch
