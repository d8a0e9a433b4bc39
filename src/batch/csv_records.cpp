#include "batch/csv_records.hpp"

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::batch {

std::vector<CsvRecord> read_csv_records(std::string_view text, std::string_view name) {
  std::vector<CsvRecord> records;
  std::size_t pos = 0, line = 1;
  while (pos < text.size()) {
    CsvRecord record;
    record.line = line;
    const std::size_t start = pos;
    std::string field;
    bool quoted = false;
    for (;;) {
      if (pos >= text.size()) {
        if (quoted) throw InputError(fmt::format("{}: line {}: a quoted field is never closed", name, record.line));
        record.fields.push_back(std::move(field));
        record.text = text.substr(start, pos - start);
        break;
      }
      const char c = text[pos++];
      if (quoted) {
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') {
            field += '"';
            ++pos;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        ++line;
        record.fields.push_back(std::move(field));
        std::size_t end = pos - 1;
        if (end > start && text[end - 1] == '\r') --end;  // a table saved by a spreadsheet
        record.text = text.substr(start, end - start);
        break;
      } else {
        field += c;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace isokin::batch
