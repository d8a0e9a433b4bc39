#include "export/csv_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace isokin::exporting {

std::string format_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // fmt's default presentation is the shortest round-trip representation (Ryu-like).
  return fmt::format("{}", value);
}

std::string quote_field(std::string_view field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void CsvWriter::separator() {
  if (row_started_) out_ << ',';
  row_started_ = true;
}

CsvWriter& CsvWriter::field(std::string_view text) {
  separator();
  out_ << quote_field(text);
  return *this;
}

CsvWriter& CsvWriter::number(double value) {
  separator();
  out_ << format_number(value);
  return *this;
}

CsvWriter& CsvWriter::integer(long long value) {
  separator();
  out_ << value;
  return *this;
}

void CsvWriter::end_row() {
  out_ << '\n';
  row_started_ = false;
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (const auto& f : fields) field(f);
  end_row();
}

}  // namespace isokin::exporting
