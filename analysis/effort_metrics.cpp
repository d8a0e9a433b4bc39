#include "analysis/effort_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/fatigue_curve.hpp"

namespace isokin::analysis {
namespace {
constexpr std::size_t kCvRepetitions = 5;
}

EffortSummary summarize_effort(const std::vector<RepetitionMetrics>& reps, double body_mass_kg, double velocity_deg_s,
                               const CutoffTable& cutoffs) {
  EffortSummary s;
  std::vector<double> x, peak, peak_unc, work, power, coverage;
  for (const auto& r : reps) {
    if (r.cut_short) continue;
    x.push_back(r.repetition);
    peak.push_back(r.peak_torque_nm);
    peak_unc.push_back(r.peak_torque_uncorrected_nm);
    work.push_back(r.work_j);
    power.push_back(r.mean_power_w);
    coverage.push_back(r.window_coverage_percent);
  }
  const std::size_t n = peak.size();
  if (n == 0) return s;
  const auto mean = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  s.peak_torque_nm = *std::max_element(peak.begin(), peak.end());
  s.peak_torque_uncorrected_nm = *std::max_element(peak_unc.begin(), peak_unc.end());
  s.mean_peak_torque_nm = mean(peak);
  s.total_work_j = std::accumulate(work.begin(), work.end(), 0.0);
  s.best_work_j = *std::max_element(work.begin(), work.end());
  if (std::all_of(power.begin(), power.end(), [](double p) { return std::isfinite(p); })) s.mean_power_w = mean(power);
  s.mean_window_coverage_percent = mean(coverage);
  if (std::isfinite(body_mass_kg) && body_mass_kg > 0) {
    s.peak_torque_per_kg = s.peak_torque_nm / body_mass_kg;
    s.work_per_kg = s.total_work_j / body_mass_kg;
  }
  // CV over the first 5 repetitions at most: in a fatigue set the decline that follows
  // is fatigue, not the inconsistency of a submaximal effort the CV is meant to reveal.
  const std::size_t cv_n = std::min<std::size_t>(n, kCvRepetitions);
  if (cv_n >= 2 && s.mean_peak_torque_nm > 0) {
    const double cv_mean = std::accumulate(peak.begin(), peak.begin() + static_cast<std::ptrdiff_t>(cv_n), 0.0) /
                           static_cast<double>(cv_n);
    double ss = 0;
    for (std::size_t i = 0; i < cv_n; ++i) ss += (peak[i] - cv_mean) * (peak[i] - cv_mean);
    s.cv_percent = 100.0 * std::sqrt(ss / static_cast<double>(cv_n - 1)) / cv_mean;
    if (const Cutoff* c = find_cutoff(cutoffs, CutoffKind::cv, velocity_deg_s)) {
      s.cv_cutoff_percent = c->value;
      s.cv_flag = is_flagged(*c, s.cv_percent);
    }
  }
  s.work_fatigue_percent = first_last_third_decline_percent(work);
  s.torque_fatigue = fit_fatigue_curve(x, peak);
  s.work_fatigue = fit_fatigue_curve(x, work);
  s.thorstensson_fatigue_index_percent = thorstensson_fatigue_index_percent(peak);
  s.endurance_ratio_percent = endurance_ratio_percent(work);
  return s;
}

}  // namespace isokin::analysis
