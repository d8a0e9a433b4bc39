#include "analysis/fatigue_curve.hpp"

#include <cmath>
#include <numeric>
#include <vector>

namespace isokin::analysis {
namespace {

double mean_of(std::span<const double> y) {
  return std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
}

}  // namespace

LinearFit fit_linear(std::span<const double> x, std::span<const double> y) {
  LinearFit f;
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) return f;
  const double mx = mean_of(x), my = mean_of(y);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0) return f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  // r² of a perfectly flat series is undefined (0/0); report 1 only when the fit is exact.
  if (syy > 0) f.r_squared = (sxy * sxy) / (sxx * syy);
  const double first = f.intercept + f.slope * x[0];
  if (first != 0) f.slope_percent_per_rep = 100.0 * f.slope / first;
  return f;
}

ExponentialFit fit_exponential(std::span<const double> x, std::span<const double> y) {
  ExponentialFit f;
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) return f;
  std::vector<double> dx(n), ly(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(y[i] > 0)) return f;
    dx[i] = x[i] - x[0];
    ly[i] = std::log(y[i]);
  }
  const LinearFit l = fit_linear(dx, ly);
  if (std::isnan(l.slope)) return f;
  f.a = std::exp(l.intercept);
  f.k_per_rep = -l.slope;
  f.r_squared = l.r_squared;
  if (f.k_per_rep > 0) f.half_life_reps = std::log(2.0) / f.k_per_rep;
  return f;
}

FatigueCurve fit_fatigue_curve(std::span<const double> x, std::span<const double> y) {
  return {fit_linear(x, y), fit_exponential(x, y)};
}

double first_last_third_decline_percent(std::span<const double> y) {
  const std::size_t n = y.size();
  if (n < 3) return kNaN;
  const std::size_t third = n / 3;
  const double first = std::accumulate(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(third), 0.0);
  const double last = std::accumulate(y.end() - static_cast<std::ptrdiff_t>(third), y.end(), 0.0);
  if (!(first > 0)) return kNaN;
  return 100.0 * (first - last) / first;
}

double thorstensson_fatigue_index_percent(std::span<const double> y) {
  if (y.size() < 6) return kNaN;
  const double first = mean_of(y.first(3));
  const double last = mean_of(y.last(3));
  if (!(first > 0)) return kNaN;
  return 100.0 * (1.0 - last / first);
}

double endurance_ratio_percent(std::span<const double> w) {
  if (w.size() < 10) return kNaN;
  const double first = std::accumulate(w.begin(), w.begin() + 5, 0.0);
  const double last = std::accumulate(w.end() - 5, w.end(), 0.0);
  if (!(first > 0)) return kNaN;
  return 100.0 * last / first;
}

}  // namespace isokin::analysis
