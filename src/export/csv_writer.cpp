#include "export/csv_writer.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

namespace isokin::exporting {

std::string format_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // fmt's default presentation is the shortest round-trip representation (Ryu-like).
  return fmt::format("{}", value);
}

std::string neutralise_formula(std::string_view field) {
  if (field.empty()) return {};
  const char first = field.front();
  const bool formula_start = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  if (!formula_start) return std::string(field);
  // A number ("-12.5", "+3e-2") is data, not a formula: keep it as it is so it reads back.
  if (first == '-' || first == '+') {
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data() + 1, field.data() + field.size(), value);
    if (ec == std::errc() && end == field.data() + field.size() && field.size() > 1 &&
        (std::isdigit(static_cast<unsigned char>(field[1])) != 0 || field[1] == '.'))
      return std::string(field);
    if (field == "-inf" || field == "+inf") return std::string(field);
  }
  return "'" + std::string(field);
}

std::string quote_field(std::string_view raw) {
  const std::string safe = neutralise_formula(raw);
  const std::string_view field = safe;
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
