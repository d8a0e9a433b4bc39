// analyze_trial: conditioning -> segmentation -> naming -> per-repetition measures ->
// per-effort summaries, with every doubt turned into a message.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "analysis/device_counted_movements.hpp"
#include "analysis/effort_metrics.hpp"
#include "analysis/effort_naming.hpp"
#include "analysis/isokinetic_window.hpp"
#include "analysis/isometric_contractions.hpp"
#include "analysis/message_text.hpp"
#include "analysis/parallelism.hpp"
#include "analysis/repetition_metrics.hpp"
#include "analysis/repetition_segmentation.hpp"
#include "analysis/torque_angle_curve.hpp"
#include "analysis/trial_conditioning.hpp"

namespace isokin::analysis {
namespace {

std::string effort_label(const EffortAnalysis& e) {
  return std::string(to_string(e.muscle)) + " " + std::string(to_string(e.contraction));
}

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Preset speed of a motion; the other direction's when only one is set; the
// measured speed when none is.
double preset_for(const TrialInfo& info, Motion motion, std::span<const double> velocity) {
  const double own = motion == Motion::extension ? info.velocity_ext_deg_s : info.velocity_flex_deg_s;
  const double other = motion == Motion::extension ? info.velocity_flex_deg_s : info.velocity_ext_deg_s;
  if (own > 0) return own;
  if (other > 0) return other;
  return typical_speed_deg_s(velocity, motion);
}

// Marks the repetitions that moved less than the asked range of motion (or the median
// one) allows; returns that reference range for the messages.
double mark_cut_short(const TrialInfo& info, const AnalysisOptions& options, EffortAnalysis& e) {
  std::vector<double> roms;
  for (const auto& r : e.reps) roms.push_back(r.rom_deg);
  const double asked = info.rom_max_deg - info.rom_min_deg;
  const double reference = asked > 0 ? asked : median(roms);
  for (auto& r : e.reps) r.cut_short = r.rom_deg < options.cut_short_fraction * reference;
  return reference;
}

void report_cut_short(const EffortAnalysis& e, double reference_deg, TrialAnalysis& result) {
  for (const auto& r : e.reps)
    if (r.cut_short)
      add_message(result, Severity::warning, "cut-short",
          message_text("%s repetition %d moved %.0f deg of %.0f deg: cut short, left out of the summary",
                       effort_label(e).c_str(), r.repetition, r.rom_deg, reference_deg));
}

void report_windows(const EffortAnalysis& e, TrialAnalysis& result) {
  int overshoots = 0, no_window = 0;
  for (const auto& r : e.reps) {
    overshoots += r.velocity_overshoot ? 1 : 0;
    no_window += r.window.empty() ? 1 : 0;
  }
  const int n = static_cast<int>(e.reps.size());
  if (overshoots > 0)
    add_message(result, Severity::info, "overshoot",
        message_text("%s: velocity overshoot at the start of the isokinetic window in %d of %d repetitions "
                     "(a torque spike there is the machine catching the limb)",
                     effort_label(e).c_str(), overshoots, n));
  if (no_window > 0)
    add_message(result, Severity::warning, "no-window",
        message_text("%s: %d of %d repetitions never reached %.0f deg/s within tolerance; their peak is taken "
                     "over the whole movement",
                     effort_label(e).c_str(), no_window, n, e.velocity_deg_s));
}

TrialAnalysis analyze_trial_samples(const TrialInfo& info, const SampleSpan& samples, double body_mass_kg,
                                    const AnalysisOptions& options, SurrenderedColumns surrendered) {
  TrialAnalysis result;
  result.id = info.id;
  result.side = info.side;
  result.mode = info.mode;
  result.velocity_ext_deg_s = info.velocity_ext_deg_s;
  result.velocity_flex_deg_s = info.velocity_flex_deg_s;
  result.velocity_deg_s = info.velocity_ext_deg_s > 0 ? info.velocity_ext_deg_s : info.velocity_flex_deg_s;
  result.sample_count = samples.size();
  result.reps_requested = info.reps_requested;

  if (info.mode == TestMode::passive) {
    add_message(result, Severity::info, "isometric", "passive trial: the machine moved the relaxed limb; nothing to measure");
    return result;
  }

  SegmentationPresets presets;
  presets.extension_deg_s = info.velocity_ext_deg_s > 0 ? info.velocity_ext_deg_s : info.velocity_flex_deg_s;
  presets.flexion_deg_s = info.velocity_flex_deg_s > 0 ? info.velocity_flex_deg_s : info.velocity_ext_deg_s;
  presets.min_rom_deg = options.min_effort_rom_deg;
  // Segmentation needs only angle and velocity: it runs while the torque is filtered.
  std::optional<Segmentation> segmented;
  const BesideTorqueFilter segment = [&](const ConditionedTrial& conditioned) {
    segmented = segment_efforts(conditioned.angle_deg, conditioned.velocity_deg_s, presets);
  };
  ConditionedTrial c = condition_trial(info, samples, options, result, surrendered,
                                       info.mode == TestMode::isometric ? BesideTorqueFilter{} : segment);
  if (!c.usable) return result;
  if (info.mode == TestMode::isometric) {
    analyze_isometric_trial(c, body_mass_kg, options, result);
    return result;
  }

  Segmentation seg = segmented ? std::move(*segmented) : segment_efforts(c.angle_deg, c.velocity_deg_s, presets);
  if (seg.outcome == SegmentationOutcome::no_movement) {
    add_message(result, Severity::error, "no-movement",
        message_text("the angle moved only %.1f deg over the trial: no repetition to measure", seg.angle_range_deg));
    return result;
  }
  if (seg.outcome == SegmentationOutcome::noise_only) {
    add_message(result, Severity::error, "noise-only",
        message_text("no movement of at least %.0f deg at the test speed was found (%zu candidate runs rejected): "
                     "the signals look like noise",
                     options.min_effort_rom_deg, seg.rejected));
    return result;
  }

  if (const std::size_t left_out = keep_device_counted(seg, info.counted); left_out > 0)
    add_message(result, Severity::info, "not-counted",
        message_text("%zu movement%s the device did not count as repetitions (lead-in, positioning) left out",
                     left_out, left_out == 1 ? "" : "s"));
  // Sign sanity: in con-con and ecc-ecc the mode says which muscle acts in each
  // direction. When most efforts carry torque of the other sign, the torque channel
  // has the opposite sign convention (an import): it is flipped, as the velocity is,
  // so no peak torque or work of a muscle comes out negative.
  if (info.mode == TestMode::con_con || info.mode == TestMode::ecc_ecc) {
    std::size_t against = 0;
    for (const auto& effort : seg.efforts) {
      double mean = 0;
      for (std::size_t i = effort.samples.begin; i < effort.samples.end; ++i) mean += c.torque_nm[i];
      against += name_effort(info.mode, effort.motion, mean).torque_contradicts_mode ? 1 : 0;
    }
    if (!seg.efforts.empty() && 2 * against > seg.efforts.size()) {
      flip_torque_sign(c, info, result);
      add_message(result, Severity::warning, "torque-sign",
          message_text("%zu of %zu efforts had torque of the sign opposite to what the %s mode expects (the torque "
                       "channel's sign convention is reversed): its sign was flipped",
                       against, seg.efforts.size(), std::string(to_string(info.mode)).c_str()));
    }
  }

  // Each effort is named and measured on its own (its mean torque, preset speed,
  // isokinetic window, per-repetition measures): the efforts of a long trial are split
  // between the analysis threads in contiguous blocks. Then, in order, each is grouped
  // by (muscle, contraction, motion): one group per kind of effort in the trial, in
  // order of first appearance. The results do not depend on the number of threads.
  struct MeasuredEffort {
    EffortName name;
    double preset_deg_s = 0;
    RepetitionMetrics metrics;
  };
  // The preset of each motion once: without a preset it is the measured typical speed,
  // a pass over the whole velocity channel that must not be repeated for every effort.
  const double preset_by_motion[2] = {preset_for(info, Motion::extension, c.velocity_deg_s),
                                      preset_for(info, Motion::flexion, c.velocity_deg_s)};
  const auto measure = [&](const EffortSegment& effort) {
    MeasuredEffort out;
    double mean_torque = 0;
    for (std::size_t i = effort.samples.begin; i < effort.samples.end; ++i) mean_torque += c.torque_corrected_nm[i];
    mean_torque /= static_cast<double>(effort.samples.size());
    out.name = name_effort(info.mode, effort.motion, mean_torque);
    out.preset_deg_s = preset_by_motion[effort.motion == Motion::extension ? 0 : 1];
    const IsokineticWindow w =
        find_isokinetic_window(c.velocity_deg_s, effort.samples, out.preset_deg_s, options.window_tolerance_percent);
    RepetitionMetrics& m = out.metrics;
    m = measure_repetition(c, effort, torque_sign(out.name.muscle), w, options.angles_deg);
    if (out.name.torque_contradicts_mode) {
      // The muscle the mode names produced no torque in its own direction in this
      // effort (the "torque-sign" message counts them): its peak and work are 0,
      // never negative.
      for (double* v : {&m.peak_torque_nm, &m.peak_torque_uncorrected_nm, &m.work_j, &m.work_uncorrected_j,
                        &m.mean_power_w})
        if (*v < 0) *v = 0;
    }
    return out;
  };
  std::vector<MeasuredEffort> measured(seg.efforts.size());
  const auto measure_block = [&](std::size_t first, std::size_t last) {
    for (std::size_t k = first; k < last; ++k) measured[k] = measure(seg.efforts[k]);
  };
  const std::size_t threads = analysis_threads();
  const bool long_trial = threads > 1 && samples.size() >= kParallelConditioningMinSamples;
  const bool split_efforts = long_trial && seg.efforts.size() >= 2 * threads;
  const std::size_t blocks = split_efforts ? threads : 1;
  const std::size_t block = (seg.efforts.size() + blocks - 1) / blocks;
  run_parts(blocks, split_efforts, [&](std::size_t k) {
    measure_block(std::min(k * block, seg.efforts.size()), std::min((k + 1) * block, seg.efforts.size()));
  });

  std::vector<EffortAnalysis> groups;
  int counters[2] = {0, 0};
  int contradictions = 0;
  for (std::size_t k = 0; k < seg.efforts.size(); ++k) {
    const EffortSegment& effort = seg.efforts[k];
    MeasuredEffort& done = measured[k];
    const EffortName& name = done.name;
    contradictions += name.torque_contradicts_mode ? 1 : 0;
    RepetitionMetrics& m = done.metrics;
    m.repetition = ++counters[effort.motion == Motion::extension ? 0 : 1];

    auto it = std::find_if(groups.begin(), groups.end(), [&](const EffortAnalysis& g) {
      return g.muscle == name.muscle && g.contraction == name.contraction && g.motion == effort.motion;
    });
    if (it == groups.end()) {
      EffortAnalysis g;
      g.muscle = name.muscle;
      g.contraction = name.contraction;
      g.motion = effort.motion;
      g.velocity_deg_s = done.preset_deg_s;
      groups.push_back(std::move(g));
      it = groups.end() - 1;
    }
    it->reps.push_back(std::move(m));
  }
  if (contradictions > 0)
    add_message(result, Severity::warning, "torque-sign",
        message_text("%d efforts have torque of the sign opposite to what the %s mode expects (check the torque "
                     "sign convention or the subject's effort)",
                     contradictions, std::string(to_string(info.mode)).c_str()));

  // Each group's summary and torque-angle curve (a pass over every repetition's window)
  // are its own: the groups of a long trial (extension beside flexion) on the analysis
  // threads. Their messages follow in group order, as on one thread.
  std::vector<double> reference_rom_deg(groups.size());
  const auto finish_group = [&](std::size_t k) {
    EffortAnalysis& g = groups[k];
    reference_rom_deg[k] = mark_cut_short(info, options, g);
    g.summary = summarize_effort(g.reps, body_mass_kg, g.velocity_deg_s, options.cutoffs);
    build_torque_angle_curve(c, torque_sign(g.muscle), options.angle_curve_step_deg, g);
  };
  run_parts(groups.size(), long_trial && groups.size() >= 2, finish_group);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const EffortAnalysis& g = groups[k];
    report_cut_short(g, reference_rom_deg[k], result);
    report_windows(g, result);
    if (g.summary.cv_flag)
      add_message(result, Severity::warning, "cv-high",
          message_text("%s: CV of peak torques %.1f %% is above %.0f %%: maximal effort doubtful",
                       effort_label(g).c_str(), g.summary.cv_percent, g.summary.cv_cutoff_percent));
  }

  const int ext = counters[0], flex = counters[1];
  result.reps_found = (ext > 0 && flex > 0) ? std::min(ext, flex) : std::max(ext, flex);
  if (result.reps_requested > 0 && result.reps_found < result.reps_requested)
    add_message(result, Severity::warning, "fewer-reps",
        message_text("%d repetitions found of the %d asked for", result.reps_found, result.reps_requested));
  if (result.reps_found == 1)
    add_message(result, Severity::warning, "one-rep",
        "one repetition only: no coefficient of variation, fatigue or per-repetition ratios");
  result.efforts = std::move(groups);
  return result;
}

}  // namespace

TrialAnalysis analyze_trial(const TrialInfo& info, const SampleSpan& samples, double body_mass_kg,
                            const AnalysisOptions& options) {
  return analyze_trial_samples(info, samples, body_mass_kg, options, {});
}

TrialAnalysis analyze_trial(const TrialInfo& info, SampleColumns&& samples, double body_mass_kg,
                            const AnalysisOptions& options) {
  return analyze_trial_samples(info, samples.span(), body_mass_kg, options,
                               {&samples.torque_nm, &samples.velocity_deg_s});
}

}  // namespace isokin::analysis
