// Fits of a measure (peak torque, work) against repetition number, for fatigue sets.
// docs/metrics.md, "Fatigue".
#pragma once

#include <span>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

// Least squares y = intercept + slope * x; slope_percent_per_rep is the slope as a
// percentage of the fitted value at the first x. Needs >= 3 points, else NaNs.
LinearFit fit_linear(std::span<const double> x, std::span<const double> y);

// y = a * exp(-k * (x - x0)) with x0 the first x, by least squares on log(y). Needs
// >= 3 points, all y > 0, else NaNs.
ExponentialFit fit_exponential(std::span<const double> x, std::span<const double> y);

FatigueCurve fit_fatigue_curve(std::span<const double> x, std::span<const double> y);

// (sum of first third - sum of last third) / sum of first third * 100; thirds are
// floor(n / 3) repetitions. Needs n >= 3.
double first_last_third_decline_percent(std::span<const double> y);

// Thorstensson & Karlsson (1976): 100 * (1 - mean(last 3) / mean(first 3)). n >= 6.
double thorstensson_fatigue_index_percent(std::span<const double> peak_torque_nm);

// Vendors' endurance ratio: work of the last 5 repetitions / first 5 * 100. n >= 10.
double endurance_ratio_percent(std::span<const double> work_j);

}  // namespace isokin::analysis
