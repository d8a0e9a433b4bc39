// The default low-pass must not lower a true torque peak by more than 0.5 % at
// 300 deg/s (issue 5; docs/metrics.md "Filtering"), on torque-angle curves from broad
// (half-sine over the range) to sharper than a real knee's (Gaussian, SD 10 deg).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analysis/session_analysis.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::test::half_sine;
using isokin::test::make_trial;
using isokin::test::SyntheticSpec;

namespace {

void expect_peak_kept(const std::function<double(double)>& curve) {
  SyntheticSpec s;
  s.velocity_deg_s = 300;
  s.accel_deg_s2 = 5000;  // 0.06 s to full speed, as a dynamometer at 300 deg/s
  s.reps = 3;
  s.torque = [&](int, Motion m, double a) { return m == Motion::extension ? curve(a) : -0.6 * curve(a); };
  const Trial trial = make_trial(s);
  // True peak: the largest extension torque in the recording itself.
  const double true_peak = *std::max_element(trial.samples.torque_nm.begin(), trial.samples.torque_nm.end());
  const AnalysisOptions options;  // defaults, including the filter
  ASSERT_GT(options.filter_hz, 0);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 75.0, options);
  ASSERT_FALSE(t.efforts.empty());
  const auto& q = t.efforts.front();
  ASSERT_EQ(q.muscle, Muscle::quadriceps);
  ASSERT_EQ(q.reps.size(), 3u);
  for (const auto& r : q.reps) {
    EXPECT_GE(r.peak_torque_nm, 0.995 * true_peak);
    EXPECT_LE(r.peak_torque_nm, 1.005 * true_peak);
  }
}

}  // namespace

TEST(FilterPeak, HalfSineAt300DegPerS_PeakLoweredLessThanHalfPercent) {
  expect_peak_kept([](double a) { return half_sine(180, 0, 90, a); });
}

TEST(FilterPeak, Gaussian15DegAt300DegPerS_PeakLoweredLessThanHalfPercent) {
  expect_peak_kept([](double a) { return 180 * std::exp(-(a - 55) * (a - 55) / (2 * 15.0 * 15.0)); });
}

TEST(FilterPeak, Gaussian10DegAt300DegPerS_PeakLoweredLessThanHalfPercent) {
  expect_peak_kept([](double a) { return 180 * std::exp(-(a - 55) * (a - 55) / (2 * 10.0 * 10.0)); });
}
