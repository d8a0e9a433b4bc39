#include "import/text_decoding.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>

#include "model/error.hpp"

namespace isokin::import {
namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80) n = 0;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2) n = 1;
    else if ((c & 0xF0) == 0xE0) n = 2;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4) n = 3;
    else return false;
    if (n > 0 && i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

// cp1252's 0x80..0x9F (the rest of the upper half is Latin-1, i.e. the code point).
constexpr std::array<char32_t, 32> kCp1252High{
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string from_utf16(std::string_view b, bool little, const std::string& name) {
  if (b.size() % 2 != 0) throw InputError(fmt::format("{}: UTF-16 text with an odd number of bytes (cut short?)", name));
  std::string out;
  out.reserve(b.size() / 2);
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
    const auto lo = static_cast<unsigned char>(b[i + (little ? 0 : 1)]);
    const auto hi = static_cast<unsigned char>(b[i + (little ? 1 : 0)]);
    char32_t unit = static_cast<char32_t>(hi << 8 | lo);
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < b.size()) {
      const auto lo2 = static_cast<unsigned char>(b[i + 2 + (little ? 0 : 1)]);
      const auto hi2 = static_cast<unsigned char>(b[i + 2 + (little ? 1 : 0)]);
      const char32_t low = static_cast<char32_t>(hi2 << 8 | lo2);
      if (low >= 0xDC00 && low < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else {
        unit = 0xFFFD;
      }
    } else if (unit >= 0xD800 && unit < 0xE000) {
      unit = 0xFFFD;
    }
    append_utf8(out, unit);
  }
  return out;
}

}  // namespace

DecodedText decode_text(std::string_view bytes, const std::string& display_name) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return {std::string(bytes.substr(3)), "UTF-8"};
  if (bytes.substr(0, 2) == "\xFF\xFE") return {from_utf16(bytes.substr(2), true, display_name), "UTF-16LE"};
  if (bytes.substr(0, 2) == "\xFE\xFF") return {from_utf16(bytes.substr(2), false, display_name), "UTF-16BE"};
  if (valid_utf8(bytes)) return {std::string(bytes), "UTF-8"};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out += ch;
    else if (c < 0xA0) append_utf8(out, kCp1252High[c - 0x80]);
    else append_utf8(out, c);
  }
  return {std::move(out), "cp1252"};
}

std::string read_file_bytes(const std::filesystem::path& file, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw InputError(fmt::format("{}: no such file", file.string()));
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(fmt::format("{}: not a regular file", file.string()));
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError(fmt::format("{}: cannot read its size", file.string()));
  if (size > max_bytes)
    throw InputError(fmt::format("{}: {} bytes, more than the {} a text export of one trial can be", file.string(), size,
                                 max_bytes));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open for reading", file.string()));
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

}  // namespace isokin::import
