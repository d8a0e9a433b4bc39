#include <gtest/gtest.h>

#include <cmath>

#include "report/plot.hpp"
#include "report/wording.hpp"

using namespace isokin::report;

TEST(NiceTicks, ZeroTo230_RoundStepsCoveringRange) {
  const auto ticks = nice_ticks(0, 230, 5);
  ASSERT_EQ(ticks.size(), 5u);  // step 50: 0 50 100 150 200 (250 > 230 is not a tick)
  EXPECT_DOUBLE_EQ(ticks.front(), 0);
  EXPECT_DOUBLE_EQ(ticks[1], 50);
  EXPECT_DOUBLE_EQ(ticks.back(), 200);
}

TEST(NiceTicks, NegativeRange_IncludesZero) {
  const auto ticks = nice_ticks(-120, 220, 6);
  bool zero = false;
  for (double t : ticks) zero = zero || t == 0;
  EXPECT_TRUE(zero);
  EXPECT_LE(ticks.front(), -100 + 1e-9);
}

TEST(NiceRange, DegenerateRange_Widened) {
  const auto r = nice_range(5, 5);
  EXPECT_LT(r.lo, 5);
  EXPECT_GT(r.hi, 5);
}

TEST(NiceRange, DataRange_RoundedOutward) {
  const auto r = nice_range(0.37, 1.34);
  EXPECT_LE(r.lo, 0.37);
  EXPECT_GE(r.hi, 1.34);
  EXPECT_NEAR(std::fmod(r.hi * 10, 1.0), 0, 1e-9);
}

TEST(Wording, NaN_ShownAsDash) {
  EXPECT_EQ(format_value(NAN, 1), "—");
  EXPECT_EQ(format_value(1.234, 2), "1.23");
  EXPECT_EQ(format_velocity(60), "60°/s");
}

TEST(Wording, FlaggedRatio_SaysHamstringsWeak) {
  isokin::analysis::HqRatio r;
  r.value = 0.4;
  r.cutoff = isokin::analysis::Cutoff{};
  r.cutoff->value = 0.47;
  r.flag = true;
  EXPECT_NE(ratio_reading(r).find("weak hamstrings"), std::string::npos);
  r.flag = false;
  EXPECT_EQ(ratio_reading(r), "Within the reference range");
  EXPECT_EQ(cutoff_label(r.cutoff, false), "below 0.47");
}
