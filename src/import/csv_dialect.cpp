#include "import/csv_dialect.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace isokin::import {

std::string_view trim(std::string_view s, std::string_view chars) {
  const auto first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return s;
}

}  // namespace

std::string describe(char delimiter) {
  switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case ' ': return "spaces";
    default: return std::string(1, delimiter);
  }
}

std::vector<std::string_view> split_fields(std::string_view line, char delimiter) {
  std::vector<std::string_view> fields;
  if (delimiter == ' ') {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      bool quoted = false;
      while (j < line.size() && (quoted || (line[j] != ' ' && line[j] != '\t' && line[j] != '\r'))) {
        if (line[j] == '"') quoted = !quoted;
        ++j;
      }
      fields.push_back(unquote(line.substr(i, j - i)));
      i = j;
    }
    return fields;
  }
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == delimiter && !quoted) {
      fields.push_back(unquote(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  fields.push_back(unquote(line.substr(start)));
  return fields;
}

std::optional<double> parse_number(std::string_view field, char decimal, std::string* why) {
  std::string text(field);
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  if (decimal == ',') {
    if (text.find('.') != std::string::npos) {  // "1.234,5" thousands marks are not guessed at
      if (why != nullptr) *why = "not a number";
      return std::nullopt;
    }
    for (char& c : text)
      if (c == ',') c = '.';
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    if (why != nullptr) *why = "not a number";
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    if (why != nullptr) *why = "not finite";
    return std::nullopt;
  }
  return value;
}

std::optional<Dialect> detect_dialect(const std::vector<std::string_view>& lines, std::optional<char> forced_delimiter,
                                      std::optional<char> forced_decimal) {
  static constexpr std::array<Dialect, 7> kCandidates{
      {{',', '.'}, {';', '.'}, {';', ','}, {'\t', '.'}, {'\t', ','}, {' ', '.'}, {' ', ','}}};
  // Score: numeric minus non-numeric fields over the lines that split at all. The
  // true dialect turns data rows into numbers; a wrong one leaves glued or split
  // fragments ("5;2", "5 1") that do not parse. Text columns and header lines cost
  // every dialect alike, so they do not tip the choice.
  std::optional<Dialect> chosen;
  long chosen_score = 0;
  for (const Dialect& candidate : kCandidates) {
    if (forced_delimiter && *forced_delimiter != candidate.delimiter) continue;
    if (forced_decimal && *forced_decimal != candidate.decimal) continue;
    long score = 0;
    for (const auto line : lines) {
      const auto fields = split_fields(line, candidate.delimiter);
      if (fields.size() < 2) continue;
      long numeric = 0;
      for (const auto field : fields) numeric += parse_number(field, candidate.decimal) ? 1 : 0;
      if (numeric > 0) score += 2 * numeric - static_cast<long>(fields.size());  // lines without numbers: headers
    }
    if (score > chosen_score) {
      chosen = candidate;
      chosen_score = score;
    }
  }
  if (chosen) return chosen;
  return std::nullopt;
}

}  // namespace isokin::import
