// Dates as the files and options carry them: YYYY-MM-DD, and only days that exist
// (2026-02-29 and 2026-13-45 are refused; 2028-02-29 is a date). One rule for every
// door: import, acquire, the catalogue.
#pragma once

#include <string>
#include <string_view>

namespace isokin {

// Years a lab's records can hold: birth dates from 1900, sessions up to 2200.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2200;

// True for "YYYY-MM-DD" naming a day of the Gregorian calendar within those years.
bool is_existing_date(std::string_view text);

// Throws InputError "WHAT: 'TEXT' is not a date that exists, as YYYY-MM-DD (years ...)".
void check_existing_date(std::string_view text, const std::string& what);

}  // namespace isokin
