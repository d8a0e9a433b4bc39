// Subject and trial ids are checked on the way in (issue 15): letters (Unicode letters
// included), digits, and "-_. " only, 1..64 bytes. Anything else (control characters,
// escape sequences, path separators, a spreadsheet's "=") is refused naming the value.
#pragma once

#include <string>
#include <string_view>

namespace isokin::import {

// Empty when `id` is acceptable; otherwise why not.
std::string id_problem(std::string_view id);

// Throws InputError "WHAT: 'VALUE' ..." when `id` is not acceptable. The value is
// shown with control and non-ASCII bytes escaped.
void check_id(std::string_view id, std::string_view what);

// `text` with control characters and bytes of invalid UTF-8 escaped (\x1b), for messages.
std::string printable(std::string_view text);

}  // namespace isokin::import
