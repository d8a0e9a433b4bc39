// Butterworth design and zero-phase filtering: properties that hold for any correct
// implementation (the sample-by-sample comparison with scipy is
// check_filtfilt_vs_scipy.py).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>

#include "analysis/butterworth.hpp"

using namespace isokin::analysis;

namespace {
// |H(e^{jw})| of b/a at frequency f.
double gain(const FilterCoefficients& f, double hz, double rate) {
  const double w = 2 * std::numbers::pi * hz / rate;
  std::complex<double> num = 0, den = 0;
  for (std::size_t k = 0; k < f.b.size(); ++k) num += f.b[k] * std::exp(std::complex<double>(0, -w * k));
  for (std::size_t k = 0; k < f.a.size(); ++k) den += f.a[k] * std::exp(std::complex<double>(0, -w * k));
  return std::abs(num / den);
}
}  // namespace

TEST(Butterworth, Design_UnitGainAtDcAndHalfPowerAtCutoff) {
  for (int order : {1, 2, 4, 6}) {
    const auto f = design_butterworth_lowpass(order, 20, 1000);
    EXPECT_NEAR(gain(f, 0, 1000), 1.0, 1e-9);
    EXPECT_NEAR(gain(f, 20, 1000), 1.0 / std::sqrt(2.0), 1e-9) << "order " << order;
    // Analog Butterworth: |H(200 Hz)| = 1 / sqrt(1 + 10^(2n)); the bilinear warp only lowers it.
    EXPECT_LT(gain(f, 200, 1000), 1.0 / std::sqrt(1.0 + std::pow(10.0, 2 * order)));
  }
}

TEST(Butterworth, Design_Order2At20HzOf1000Hz_MatchesPublishedCoefficients) {
  // scipy.signal.butter(2, 20, fs=1000) -> b = [0.00362168, 0.00724336, 0.00362168],
  // a = [1, -1.82269493, 0.83718165]
  const auto f = design_butterworth_lowpass(2, 20, 1000);
  EXPECT_NEAR(f.b[0], 0.003621681515, 1e-11);
  EXPECT_NEAR(f.b[1], 0.007243363030, 1e-11);
  EXPECT_NEAR(f.a[1], -1.822694925196, 1e-11);
  EXPECT_NEAR(f.a[2], 0.837181651256, 1e-11);
}

TEST(Butterworth, Design_CutoffAtNyquist_Throws) {
  EXPECT_THROW(design_butterworth_lowpass(4, 500, 1000), std::invalid_argument);
  EXPECT_THROW(design_butterworth_lowpass(0, 20, 1000), std::invalid_argument);
}

TEST(Butterworth, Filtfilt_ConstantSignal_Unchanged) {
  const auto f = design_butterworth_lowpass(4, 20, 1000);
  std::vector<double> x(500, 42.0);
  for (double y : filtfilt(f, x)) EXPECT_NEAR(y, 42.0, 1e-9);
}

TEST(Butterworth, Filtfilt_LowFrequencySine_NoPhaseShift) {
  const auto f = design_butterworth_lowpass(4, 20, 1000);
  std::vector<double> x(3000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(2 * std::numbers::pi * 1.0 * i / 1000.0);
  const auto y = filtfilt(f, x);
  for (std::size_t i = 500; i < 2500; ++i) EXPECT_NEAR(y[i], x[i], 1e-4);
}

TEST(Butterworth, Filtfilt_ShortInputs_NoCrash) {
  const auto f = design_butterworth_lowpass(4, 20, 1000);
  EXPECT_EQ(filtfilt(f, std::vector<double>{}).size(), 0u);
  EXPECT_EQ(filtfilt(f, std::vector<double>{3.0}), std::vector<double>{3.0});
  const auto y = filtfilt(f, std::vector<double>{1.0, 2.0, 3.0});
  for (double v : y) EXPECT_TRUE(std::isfinite(v));
}

#include "analysis/trial_conditioning.hpp"

TEST(MovingAverage, Width3_CentredAndShrunkAtEnds) {
  std::vector<double> x{3, 0, 0, 9, 0, 0, 6};
  moving_average(x, 3);
  const std::vector<double> expected{1.5, 1, 3, 3, 3, 2, 3};
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], expected[i], 1e-12) << i;
}

TEST(BridgeNonFinite, InteriorInterpolatedEndsHeld) {
  std::vector<double> x{NAN, 1, NAN, NAN, 4, INFINITY};
  EXPECT_EQ(bridge_non_finite(x), 4u);
  const std::vector<double> expected{1, 1, 2, 3, 4, 4};
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_DOUBLE_EQ(x[i], expected[i]);
}
