#include "analysis/isometric_contractions.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/effort_metrics.hpp"
#include "analysis/message_text.hpp"

namespace isokin::analysis {
namespace {

constexpr double kThresholdFraction = 0.10;  // of the trial's largest |torque|
constexpr double kMinThreshold_nm = 5.0;
constexpr double kOnsetFraction = 0.025;     // of the contraction's peak
constexpr double kMinOnset_nm = 2.0;
constexpr double kMinDuration_s = 0.3;
constexpr double kMergeGap_s = 0.1;

// Positive torque: extension against the lever, the quadriceps.
int direction(Muscle muscle) { return muscle == Muscle::quadriceps ? 1 : -1; }

RepetitionMetrics measure_contraction(const ConditionedTrial& c, const IsometricContraction& k,
                                      const AnalysisOptions& options) {
  const double sign = direction(k.muscle);
  RepetitionMetrics m;
  m.motion = k.muscle == Muscle::quadriceps ? Motion::extension : Motion::flexion;
  m.samples = k.samples;
  std::size_t peak = k.samples.begin;
  for (std::size_t i = k.samples.begin; i < k.samples.end; ++i)
    if (sign * c.torque_corrected_nm[i] > sign * c.torque_corrected_nm[peak]) peak = i;
  m.peak_index = peak;
  m.peak_torque_nm = sign * c.torque_corrected_nm[peak];
  m.peak_torque_uncorrected_nm = std::abs(c.torque_nm[peak]);
  m.angle_at_peak_deg = c.angle_deg[peak];
  m.time_to_peak_s = c.time_s[peak] - c.time_s[k.samples.begin];
  m.duration_s = c.time_s[k.samples.end - 1] - c.time_s[k.samples.begin];
  const auto [lo, hi] = std::minmax_element(c.angle_deg.begin() + static_cast<std::ptrdiff_t>(k.samples.begin),
                                            c.angle_deg.begin() + static_cast<std::ptrdiff_t>(k.samples.end));
  m.rom_deg = *hi - *lo;
  m.start_angle_deg = c.angle_deg[k.samples.begin];
  m.end_angle_deg = c.angle_deg[k.samples.end - 1];
  // Torque at the chosen angles: only the held angle is measured (within 1 deg).
  for (double a : options.angles_deg)
    m.torque_at_angles.push_back({a, std::abs(a - m.angle_at_peak_deg) <= 1.0 ? m.peak_torque_nm : kNaN});
  return m;
}

}  // namespace

std::vector<IsometricContraction> find_isometric_contractions(const ConditionedTrial& c) {
  const auto& tq = c.torque_corrected_nm;
  const std::size_t n = tq.size();
  double largest = 0;
  for (double v : tq) largest = std::max(largest, std::abs(v));
  const double threshold = std::max(kMinThreshold_nm, kThresholdFraction * largest);
  const double rate = c.sample_rate_hz > 0 ? c.sample_rate_hz : 1000.0;
  const auto merge_gap = static_cast<std::size_t>(std::lround(kMergeGap_s * rate));

  // Runs beyond the threshold, of one sign, short gaps bridged.
  std::vector<IsometricContraction> runs;
  for (std::size_t i = 0; i < n;) {
    const int s = tq[i] > threshold ? 1 : tq[i] < -threshold ? -1 : 0;
    if (s == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < n && s * tq[end] > threshold) ++end;
    const Muscle muscle = s > 0 ? Muscle::quadriceps : Muscle::hamstrings;
    if (!runs.empty() && runs.back().muscle == muscle && i - runs.back().samples.end <= merge_gap)
      runs.back().samples.end = end;
    else
      runs.push_back({muscle, {i, end}});
    i = end;
  }

  std::vector<IsometricContraction> contractions;
  std::size_t previous_end = 0;
  for (auto k : runs) {
    if (c.time_s[k.samples.end - 1] - c.time_s[k.samples.begin] < kMinDuration_s) continue;
    const double sign = direction(k.muscle);
    double peak = 0;
    for (std::size_t i = k.samples.begin; i < k.samples.end; ++i) peak = std::max(peak, sign * tq[i]);
    const double onset_level = std::max(kMinOnset_nm, kOnsetFraction * peak);
    std::size_t onset = k.samples.begin;
    while (onset > previous_end && sign * tq[onset - 1] > onset_level) --onset;
    if (onset > previous_end) --onset;  // the last sample at or below the onset level
    k.samples.begin = onset;
    previous_end = k.samples.end;
    contractions.push_back(k);
  }
  return contractions;
}

void analyze_isometric_trial(const ConditionedTrial& c, double body_mass_kg, const AnalysisOptions& options,
                             TrialAnalysis& result) {
  const auto contractions = find_isometric_contractions(c);
  if (contractions.empty()) {
    add_message(result, Severity::error, "noise-only",
        message_text("isometric trial: no contraction of at least %.1f s above %.0f N·m was found", kMinDuration_s,
                     kMinThreshold_nm));
    return;
  }
  std::vector<EffortAnalysis> groups;
  int counts[2] = {0, 0};
  for (const auto& k : contractions) {
    RepetitionMetrics m = measure_contraction(c, k, options);
    const int which = k.muscle == Muscle::quadriceps ? 0 : 1;
    m.repetition = ++counts[which];
    auto it = std::find_if(groups.begin(), groups.end(), [&](const EffortAnalysis& g) { return g.muscle == k.muscle; });
    if (it == groups.end()) {
      EffortAnalysis g;
      g.muscle = k.muscle;
      g.contraction = Contraction::isometric;
      g.motion = m.motion;
      g.velocity_deg_s = 0;
      groups.push_back(std::move(g));
      it = groups.end() - 1;
    }
    it->reps.push_back(std::move(m));
  }
  double held_angle = 0;
  for (auto& g : groups) {
    g.summary = summarize_effort(g.reps, body_mass_kg, 0, options.cutoffs);
    held_angle = g.reps.front().angle_at_peak_deg;
    if (g.summary.cv_flag)
      add_message(result, Severity::warning, "cv-high",
          message_text("%s isometric: CV of peak torques %.1f %% is above %.0f %%: maximal effort doubtful",
                       std::string(to_string(g.muscle)).c_str(), g.summary.cv_percent, g.summary.cv_cutoff_percent));
  }
  result.reps_found = (counts[0] > 0 && counts[1] > 0) ? std::min(counts[0], counts[1]) : std::max(counts[0], counts[1]);
  add_message(result, Severity::info, "isometric",
      message_text("isometric trial held at %.0f deg: %d quadriceps and %d hamstrings contractions measured (peak "
                   "torque and time to peak; work and power do not apply)",
                   held_angle, counts[0], counts[1]));
  if (result.reps_requested > 0 && result.reps_found < result.reps_requested)
    add_message(result, Severity::warning, "fewer-reps",
        message_text("%d contractions found of the %d asked for", result.reps_found, result.reps_requested));
  result.efforts = std::move(groups);
}

}  // namespace isokin::analysis
