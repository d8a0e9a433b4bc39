// Fatigue fits and indices on series whose values are known exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analysis/fatigue_curve.hpp"

using namespace isokin::analysis;

TEST(FatigueCurve, LinearDecline2PercentPerRep_SlopeMinus2AndRSquared1) {
  std::vector<double> x, y;
  for (int k = 1; k <= 10; ++k) {
    x.push_back(k);
    y.push_back(200.0 * (1 - 0.02 * (k - 1)));
  }
  const LinearFit f = fit_linear(x, y);
  EXPECT_NEAR(f.slope, -4.0, 1e-12);
  EXPECT_NEAR(f.slope_percent_per_rep, -2.0, 1e-12);
  EXPECT_NEAR(f.r_squared, 1.0, 1e-12);
  // First three mean 196, last three (reps 8-10) mean 168: 100 * (1 - 168/196).
  EXPECT_NEAR(thorstensson_fatigue_index_percent(y), 100.0 * (1 - 168.0 / 196.0), 1e-9);
  // Thirds of 10 are 3 reps: (588 - 504) / 588.
  EXPECT_NEAR(first_last_third_decline_percent(y), 100.0 * 84.0 / 588.0, 1e-9);
  // Last five 860 (0.90+0.88+0.86+0.84+0.82)*200, first five 960.
  EXPECT_NEAR(endurance_ratio_percent(y), 100.0 * 860.0 / 960.0, 1e-9);
}

TEST(FatigueCurve, ExponentialDecay_RecoversRateAndHalfLife) {
  std::vector<double> x, y;
  for (int k = 1; k <= 30; ++k) {
    x.push_back(k);
    y.push_back(150.0 * std::exp(-0.03 * (k - 1)));
  }
  const ExponentialFit f = fit_exponential(x, y);
  EXPECT_NEAR(f.a, 150.0, 1e-9);
  EXPECT_NEAR(f.k_per_rep, 0.03, 1e-12);
  EXPECT_NEAR(f.half_life_reps, std::log(2.0) / 0.03, 1e-9);
  EXPECT_NEAR(f.r_squared, 1.0, 1e-12);
}

TEST(FatigueCurve, TooFewPoints_NaNNotGarbage) {
  std::vector<double> x{1, 2}, y{100, 90};
  EXPECT_TRUE(std::isnan(fit_linear(x, y).slope));
  EXPECT_TRUE(std::isnan(fit_exponential(x, y).a));
  EXPECT_TRUE(std::isnan(thorstensson_fatigue_index_percent(y)));
  EXPECT_TRUE(std::isnan(endurance_ratio_percent(y)));
  EXPECT_TRUE(std::isnan(first_last_third_decline_percent(y)));
}

TEST(FatigueCurve, FlatSeries_RSquaredUndefinedSlopeZero) {
  std::vector<double> x{1, 2, 3, 4}, y{100, 100, 100, 100};
  const LinearFit f = fit_linear(x, y);
  EXPECT_NEAR(f.slope_percent_per_rep, 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(f.r_squared));
}
