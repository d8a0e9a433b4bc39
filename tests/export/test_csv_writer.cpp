#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <sstream>

#include "export/csv_writer.hpp"

using namespace isokin::exporting;

TEST(FormatNumber, RandomDoubles_ParseBackExactly) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-300, 300);
  for (int i = 0; i < 20000; ++i) {
    const double v = std::ldexp(mantissa(rng), exponent(rng));
    const std::string text = format_number(v);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
  }
}

TEST(FormatNumber, ShortestForm_NoNoiseDigits) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(60), "60");
  EXPECT_EQ(format_number(-12.5), "-12.5");
  EXPECT_EQ(format_number(std::numeric_limits<double>::denorm_min()), "5e-324");
}

TEST(FormatNumber, NaN_EmptyField) {
  EXPECT_EQ(format_number(std::nan("")), "");
  EXPECT_EQ(format_number(INFINITY), "inf");
}

TEST(QuoteField, SpecialCharacters_QuotedAndDoubled) {
  EXPECT_EQ(quote_field("plain"), "plain");
  EXPECT_EQ(quote_field("a,b"), "\"a,b\"");
  EXPECT_EQ(quote_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(quote_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(quote_field(" padded"), "\" padded\"");
  EXPECT_EQ(quote_field(""), "");
}

TEST(CsvWriter, MixedRow_CommaSeparatedLine) {
  std::ostringstream out;
  CsvWriter csv(out);
  csv.field("S,1").number(0.5).integer(3).number(std::nan("")).end_row();
  csv.row({"a", "b"});
  EXPECT_EQ(out.str(), "\"S,1\",0.5,3,\na,b\n");
}

// A cell a spreadsheet would run as a formula stays text (issue 15: a subject id
// "=HYPERLINK(...)" in the batch table); numbers stay numbers.
TEST(QuoteField, FormulaCells_NeutralisedNumbersKept) {
  EXPECT_EQ(quote_field("=HYPERLINK(\"http://x\",\"click\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
  EXPECT_EQ(quote_field("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(quote_field("-2+3"), "'-2+3");
  EXPECT_EQ(quote_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(quote_field("\tTAB"), "'\tTAB");
  EXPECT_EQ(quote_field("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(quote_field("-12.5"), "-12.5");
  EXPECT_EQ(quote_field("+3e-2"), "+3e-2");
  EXPECT_EQ(quote_field("-inf"), "-inf");
  EXPECT_EQ(quote_field("S-01"), "S-01");
  std::ostringstream out;
  CsvWriter csv(out);
  csv.row({"subject", "=1+1"});
  EXPECT_EQ(out.str(), "subject,'=1+1\n");
}
