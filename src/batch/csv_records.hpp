// Reading back the CSV tables isokin writes (RFC 4180: fields quoted when they hold a
// comma, a quote or a line break; quotes doubled), record by record, keeping each
// record's text as written so that joined tables are byte for byte what was written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isokin::batch {

struct CsvRecord {
  std::string_view text;            // the record as written, without its line end
  std::vector<std::string> fields;  // unquoted
  std::size_t line = 0;             // 1-based line where it starts
};

// Splits `text` into records. A quote left open at the end throws InputError naming
// `name` and the line it opened on.
std::vector<CsvRecord> read_csv_records(std::string_view text, std::string_view name);

}  // namespace isokin::batch
