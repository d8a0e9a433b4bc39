#include "export/table.hpp"

#include "export/csv_writer.hpp"

namespace isokin::exporting {

void write_csv(std::ostream& out, const Table& table, bool header) {
  CsvWriter csv(out);
  if (header) csv.row(table.columns);
  for (const auto& row : table.rows) csv.row(row);
}

}  // namespace isokin::exporting
