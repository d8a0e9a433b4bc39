#include "model/calendar_date.hpp"

#include <fmt/format.h>

#include "model/error.hpp"
#include "model/text_policy.hpp"

namespace isokin {
namespace {

int digits(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool is_existing_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  if (year < kFirstYear || year > kLastYear || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

void check_existing_date(std::string_view text, const std::string& what) {
  if (!is_existing_date(text))
    throw InputError(fmt::format("{}: '{}' is not a date that exists, as YYYY-MM-DD (years {}..{})", what, printable(text),
                                 kFirstYear, kLastYear));
}

}  // namespace isokin
