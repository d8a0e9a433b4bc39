// One date rule for every door (import, acquire, the catalogue): YYYY-MM-DD naming a
// day that exists.
#include <gtest/gtest.h>

#include "model/calendar_date.hpp"
#include "model/error.hpp"

namespace isokin {
namespace {

TEST(CalendarDate, DaysThatExist_Accepted) {
  EXPECT_TRUE(is_existing_date("2026-11-29"));
  EXPECT_TRUE(is_existing_date("2028-02-29"));  // leap year
  EXPECT_TRUE(is_existing_date("2000-02-29"));  // divisible by 400
  EXPECT_TRUE(is_existing_date("1900-01-01"));
  EXPECT_TRUE(is_existing_date("2200-12-31"));
}

TEST(CalendarDate, DaysThatDoNot_Refused) {
  EXPECT_FALSE(is_existing_date("2026-02-29"));
  EXPECT_FALSE(is_existing_date("2100-02-29"));  // divisible by 100, not 400
  EXPECT_FALSE(is_existing_date("2026-13-45"));
  EXPECT_FALSE(is_existing_date("2026-04-31"));
  EXPECT_FALSE(is_existing_date("2026-00-10"));
  EXPECT_FALSE(is_existing_date("2026-01-00"));
  EXPECT_FALSE(is_existing_date("1899-12-31"));
  EXPECT_FALSE(is_existing_date("2026-1-01"));
  EXPECT_FALSE(is_existing_date("2026-01-01T"));
  EXPECT_FALSE(is_existing_date("2026/01/01"));
  EXPECT_FALSE(is_existing_date("+026-01-01"));
  EXPECT_FALSE(is_existing_date(""));
}

TEST(CalendarDate, RefusalNamesOptionAndEscapesTheText) {
  try {
    check_existing_date("2026-02-3\x1b", "--date");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--date: '2026-02-3\\x1b' is not a date that exists, as YYYY-MM-DD (years 1900..2200)");
  }
}

}  // namespace
}  // namespace isokin
