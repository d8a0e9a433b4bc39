// The dialect of a vendor's CSV/text export: field delimiter and decimal mark, and
// the line splitting and number parsing that follow from them.
//
// Detection looks at the last lines of the file (the data; header blocks come first).
// Each dialect, in the order  ',' '.' | ';' '.' | ';' ',' | tab '.' | tab ',' |
// spaces '.' | spaces ',',  scores its numeric fields minus its other fields over the
// lines it splits into fields some of which are numbers (not headers); the highest positive score wins (the earlier on a tie). A comma
// delimiter excludes a decimal comma, so "1,5;2,5" is unambiguous (';' and ','), as is
// "1.5,2.5"; when both marks read the data alike (integers), '.' is taken, which gives
// the same numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isokin::import {

struct Dialect {
  char delimiter = ',';  // ',', ';', '\t', or ' ' (any run of spaces and tabs)
  char decimal = '.';    // '.' or ','
};

std::string describe(char delimiter);  // "comma", "semicolon", "tab", "spaces"

// `s` without the leading and trailing `chars`.
std::string_view trim(std::string_view s, std::string_view chars = " \t\r\n");

// ASCII lower case (header names and units are compared case-insensitively).
std::string lower(std::string_view s);

// Splits one line into trimmed fields; double quotes around a field are removed and
// protect delimiters inside them.
std::vector<std::string_view> split_fields(std::string_view line, char delimiter);

// A finite number in the dialect's decimal mark ("1,25" with ','), or nullopt with
// *why set ("not a number", "not finite").
std::optional<double> parse_number(std::string_view field, char decimal, std::string* why = nullptr);

// Detects from sample lines (non-empty data lines, e.g. the file's last 50). Missing
// parts of `forced` are detected; nullopt when no dialect reads the lines.
std::optional<Dialect> detect_dialect(const std::vector<std::string_view>& sample_lines,
                                      std::optional<char> forced_delimiter, std::optional<char> forced_decimal);

}  // namespace isokin::import
