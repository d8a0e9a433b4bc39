#include "import/id_charset.hpp"

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::import {
namespace {

// One UTF-8 code point at s[i]; 0 bytes when invalid.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (c < 0x80) return cp = c, 1;
  if ((c & 0xE0) == 0xC0 && c >= 0xC2) cp = c & 0x1F, n = 2;
  else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, n = 3;
  else if ((c & 0xF8) == 0xF0 && c <= 0xF4) cp = c & 0x07, n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b & 0x3F);
  }
  return n;
}

// Letters of the scripts a lab's names are written in (no punctuation, symbols, spaces).
bool unicode_letter(char32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E) ||
         (cp >= 0x400 && cp <= 0x52F) || (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A) ||
         (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3);
}

}  // namespace

std::string id_problem(std::string_view id) {
  if (id.empty()) return "is empty";
  if (id.size() > 64) return fmt::format("is {} bytes long (at most 64)", id.size());
  if (id.front() == ' ' || id.back() == ' ') return "starts or ends with a space";
  if (id == "." || id == "..") return "is a path component";
  for (std::size_t i = 0; i < id.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(id, i, cp);
    if (n == 0) return "is not valid UTF-8";
    const bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '-' ||
                    cp == '_' || cp == '.' || cp == ' ' || unicode_letter(cp);
    if (!ok) return fmt::format("holds '{}' (U+{:04X}): ids hold letters, digits and - _ . and space only", printable(id.substr(i, n)), static_cast<unsigned>(cp));
    i += n;
  }
  return {};
}

void check_id(std::string_view id, std::string_view what) {
  const std::string problem = id_problem(id);
  if (!problem.empty()) throw InputError(fmt::format("{}: '{}' {}", what, printable(id.substr(0, 200)), problem));
}

std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(text, i, cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace isokin::import
