// Axis ticks: nice steps (1, 2, 5 x 10^k), inside the range, readable labels.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gui/plot/ticks.hpp"

using namespace isokin::gui;

namespace {
bool is_nice(double step) {
  const double m = step / std::pow(10.0, std::floor(std::log10(step) + 1e-12));
  return std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 || std::fabs(m - 5) < 1e-9;
}
}  // namespace

TEST(Ticks, ZeroTo97_EveryTwenty) {
  const auto t = nice_ticks(0, 97.3, 6);
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].label, "0");
  EXPECT_EQ(t[1].label, "20");
  EXPECT_EQ(t[4].label, "80");
  EXPECT_DOUBLE_EQ(t[4].value, 80);
}

TEST(Ticks, SmallRatioRange_LabelsHaveTheDecimalsTheStepNeeds) {
  const auto t = nice_ticks(0.38, 0.72, 8);  // H:Q ratios
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front().label, "0.40");
  EXPECT_EQ(t.back().label, "0.70");
}

TEST(Ticks, AcrossZero_NoMinusZero) {
  const auto t = nice_ticks(-0.3, 0.3, 6);
  bool saw_zero = false;
  for (const auto& tick : t) {
    EXPECT_NE(tick.label, "-0.0");
    EXPECT_NE(tick.label, "-0");
    if (tick.label == "0.0") saw_zero = true;
  }
  EXPECT_TRUE(saw_zero);
}

TEST(Ticks, NegativeTorques_LabelledWithSign) {
  const auto t = nice_ticks(-180, 250, 5);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front().label, "-100");
  EXPECT_EQ(t.back().label, "200");
}

TEST(Ticks, RandomRanges_NiceStepInsideRangeWithinCount) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> exponent(-4, 7), start(-1, 1);
  for (int i = 0; i < 2000; ++i) {
    const double span = std::pow(10.0, exponent(rng));
    const double lo = start(rng) * span * 3;
    const double hi = lo + span;
    const int max_ticks = 2 + i % 9;
    const double step = nice_step(span, max_ticks);
    ASSERT_TRUE(is_nice(step)) << step;
    ASSERT_LE(span / step, max_ticks + 1e-6);
    const auto t = nice_ticks(lo, hi, max_ticks);
    if (max_ticks >= 3) {  // then the step is shorter than the span
      ASSERT_GE(t.size(), 1u) << lo << ".." << hi;
    }
    ASSERT_LE(static_cast<int>(t.size()), max_ticks + 1);
    for (const auto& tick : t) {
      ASSERT_GE(tick.value, lo - span * 1e-9);
      ASSERT_LE(tick.value, hi + span * 1e-9);
    }
  }
}
