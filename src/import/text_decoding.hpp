// A text export's bytes -> UTF-8. Dynamometer software of every era wrote its own
// encoding: UTF-8 (with or without a byte order mark), UTF-16 with a BOM (Windows
// "Unicode" exports), and cp1252 / Latin-1 (Con-Trex's Finnish and German labels,
// French HUMAC headers). Bytes that are valid UTF-8 are taken as UTF-8; anything else
// is read as cp1252, which is a superset of Latin-1's printable range.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace isokin::import {

struct DecodedText {
  std::string text;      // UTF-8, without a byte order mark
  std::string encoding;  // "UTF-8", "UTF-16LE", "UTF-16BE", "cp1252"
};

// Throws InputError naming `display_name` for UTF-16 text that is cut mid-character.
DecodedText decode_text(std::string_view bytes, const std::string& display_name);

// The file's bytes, refused by name when it cannot be read or is larger than
// `max_bytes` (a text export of one trial is a few MB).
std::string read_file_bytes(const std::filesystem::path& file, std::size_t max_bytes = std::size_t{256} << 20);

}  // namespace isokin::import
