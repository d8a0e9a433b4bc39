#include "model/text_policy.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace isokin {
namespace {

// One UTF-8 code point from s[i..]: its value and length, or length 0 when malformed.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

CodePoint decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = 0;
  char32_t value = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    value = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    value = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    value = b0 & 0x07;
  } else {
    return {};
  }
  if (i + length > s.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {};
    value = (value << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are malformed.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMin[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Invisible characters that reorder or hide text: bidi embeddings/overrides/isolates,
// zero-width marks, the byte-order mark, line/paragraph separators, specials.
bool is_format(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
         c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF) || c == 0x061C || c == 0x00AD;
}

// Letters beyond ASCII, approximated without a Unicode database: everything from
// U+00C0 on that is not punctuation/symbol space of the general blocks, a format
// character, private use or unassigned specials.
bool is_unicode_letter(char32_t c) {
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, box drawing
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
  if (c >= 0xFE00 && c <= 0xFE0F) return false;  // variation selectors
  if (c >= 0xF0000) return false;                // supplementary private use
  return !is_format(c);
}

bool id_ascii_allowed(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  for (char p : std::string_view(" -_.,+#()':@")) if (c == p) return true;
  return false;
}

std::string hex(char32_t c) {
  char text[16];
  std::snprintf(text, sizeof text, c < 0x100 ? "0x%02x" : "U+%04X", static_cast<unsigned>(c));
  return text;
}

}  // namespace

std::optional<std::string> id_problem(std::string_view id) {
  if (id.empty()) return "is empty";
  if (id.size() > kMaxIdBytes) return "is longer than " + std::to_string(kMaxIdBytes) + " bytes";
  if (id == "." || id == "..") return "is '.' or '..'";
  if (id.front() == ' ' || id.back() == ' ') return "starts or ends with a space";
  for (std::size_t i = 0; i < id.size();) {
    const CodePoint cp = decode(id, i);
    if (cp.length == 0) return "is not valid UTF-8";
    if (cp.value < 0x80) {
      if (!id_ascii_allowed(static_cast<char>(cp.value)))
        return is_control(cp.value) ? "contains a control character (" + hex(cp.value) + ")"
                                    : "contains '" + std::string(1, static_cast<char>(cp.value)) +
                                          "' (allowed: letters, digits, space and - _ . , + # ( ) ' : @)";
    } else if (!is_unicode_letter(cp.value)) {
      return "contains " + hex(cp.value) + " (allowed: letters, digits, space and - _ . , + # ( ) ' : @)";
    }
    i += cp.length;
  }
  return std::nullopt;
}

std::optional<std::string> free_text_problem(std::string_view text, bool multiline) {
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    if (cp.length == 0) return "is not valid UTF-8";
    const bool line_break = multiline && (cp.value == '\n' || cp.value == '\t' || cp.value == '\r');
    if ((is_control(cp.value) && !line_break) || (cp.value >= 0x202A && cp.value <= 0x202E) ||
        (cp.value >= 0x2066 && cp.value <= 0x2069))
      return "contains a control character (" + hex(cp.value) + ")";
    i += cp.length;
  }
  return std::nullopt;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    if (cp.length == 0) {
      out += "\\x" + hex(static_cast<unsigned char>(text[i])).substr(2);
      ++i;
      continue;
    }
    if (is_control(cp.value)) {
      out += cp.value == '\n' ? "\\n" : cp.value == '\t' ? "\\t" : cp.value == '\r' ? "\\r" : "\\x" + hex(cp.value).substr(2);
    } else if (is_format(cp.value)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp.value));
      out += buf;
    } else {
      out.append(text.substr(i, cp.length));
    }
    i += cp.length;
  }
  return out;
}

std::string file_name_part(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < 200;) {
    const CodePoint cp = decode(text, i);
    if (cp.length == 0) {
      out += '_';
      ++i;
      continue;
    }
    const bool keep = (cp.value < 0x80 && (std::isalnum(static_cast<int>(cp.value)) != 0 || cp.value == '-' ||
                                           cp.value == '_' || cp.value == '.')) ||
                      is_unicode_letter(cp.value);
    if (keep)
      out.append(text.substr(i, cp.length));
    else
      out += '_';
    i += cp.length;
  }
  // A leading '.' would hide the file, a leading '-' read it as an option to the next command.
  if (out.empty() || out.front() == '.' || out.front() == '-') out.insert(out.begin(), '_');
  return out;
}

}  // namespace isokin
