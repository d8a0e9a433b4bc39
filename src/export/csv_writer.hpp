// RFC 4180 CSV output: comma-separated, CRLF-free ("\n" line ends, which every
// reader accepts), fields quoted only when they must be, numbers written so that
// they read back to the same float64.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace isokin::exporting {

// Shortest text that parses back to exactly `value` ("0.1", "1e-300", "-0");
// NaN becomes the empty field (pandas, R and spreadsheets read it as missing),
// infinities "inf" / "-inf".
std::string format_number(double value);

// A text cell a spreadsheet would run as a formula (first character = + - @, tab or
// carriage return; OWASP "CSV injection") gets a leading apostrophe, which spreadsheets
// show as text; a cell that is a number ("-12.5") is left alone. Every CSV isokin
// writes goes through here (a subject id "=HYPERLINK(...)" stays text).
std::string neutralise_formula(std::string_view field);

// `field` as it must appear in a CSV line: formula-neutralised, then quoted when it
// holds a comma, a double quote, a line break, or leading/trailing spaces; inner
// quotes doubled.
std::string quote_field(std::string_view field);

class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}

  CsvWriter& field(std::string_view text);  // quoted as needed
  CsvWriter& number(double value);
  CsvWriter& integer(long long value);
  void end_row();

  void row(const std::vector<std::string>& fields);  // each field quoted as needed

 private:
  void separator();
  std::ostream& out_;
  bool row_started_ = false;
};

}  // namespace isokin::exporting
