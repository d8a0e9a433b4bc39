// Text from files and devices is data, never markup (docs/refused-input.md, "Text").
//
// Ids (subject, trial) are checked on the way in against one documented character
// set: letters (ASCII and Unicode letters), digits, space and - _ . , + # ( ) ' : @ ;
// no control characters, no path separators, no bidirectional overrides. Free text
// (notes, device strings) may hold any printable UTF-8, with line breaks in notes.
// Whatever reaches a terminal goes through printable(); whatever names a file goes
// through file_name_part().
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace isokin {

inline constexpr std::size_t kMaxIdBytes = 128;

// nullopt when `id` is acceptable, else why not ("contains a control character (0x1b)").
std::optional<std::string> id_problem(std::string_view id);

// nullopt when `text` is valid UTF-8 without control characters (line breaks and
// tabs allowed when `multiline`), else why not.
std::optional<std::string> free_text_problem(std::string_view text, bool multiline);

// `text` safe to print on a terminal: control characters (C0, DEL, C1), invalid
// UTF-8 and bidirectional controls become visible escapes (\x1b, \u202e).
std::string printable(std::string_view text);

// `text` usable as part of a file name: letters, digits, - _ . kept, everything else
// (separators, control characters, spaces) becomes '_'; never empty, never "." or "..".
std::string file_name_part(std::string_view text);

}  // namespace isokin
