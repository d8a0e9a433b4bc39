// A table of text cells with named columns: what export and batch write as CSV.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace isokin::exporting {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells
};

// Writes the table as CSV; `header` false omits the column names (shards appended to one file).
void write_csv(std::ostream& out, const Table& table, bool header = true);

}  // namespace isokin::exporting
