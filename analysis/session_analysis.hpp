// The analysis engine's public interface: a session (or one trial) in, every
// isokinetic measure out. Pure functions: no I/O, no device, no GUI.
//
// Index of this file:
//   [SECTION] Options and the cut-off table
//   [SECTION] Messages (what the analysis could not do, or found doubtful)
//   [SECTION] One effort of one repetition (RepetitionMetrics)
//   [SECTION] Efforts of a trial grouped by muscle, contraction and velocity
//   [SECTION] Trial and session results, ratios, bilateral comparison
//   [SECTION] Entry points
//
// Conventions (../shared/protocol.md section 3, docs/metrics.md):
//   - angles in degrees of flexion (0 = full extension); velocities are presets as
//     magnitudes (deg/s); torques in results are MAGNITUDES (N·m, positive), the
//     muscle says which direction they act in.
//   - A value the analysis cannot compute (too few repetitions, unknown body mass,
//     an angle outside the effort's range) is NaN here and null in the JSON; a
//     Message says why where that is not obvious.
//   - Sample ranges are half-open [begin, end) indices into the trial's samples, so
//     plots can overlay each repetition without recomputing anything.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/session.hpp"
#include "model/test_mode.hpp"
#include "model/trial.hpp"

namespace isokin::analysis {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// -----------------------------------------------------------------------------
// [SECTION] Options and the cut-off table
// -----------------------------------------------------------------------------

// What a cut-off is compared with.
enum class CutoffKind {
  conventional,       // Hcon/Qcon at one velocity
  functional,         // Hecc at one velocity / Qcon at another ("mixed" ratio, Croisier 2008)
  bilateral_deficit,  // (stronger - weaker) / stronger, %
  lsi,                // limb symmetry index, involved / uninvolved, %
  cv,                 // coefficient of variation of peak torques within a set, %
};

// A value is flagged when it is below (or above) the cut-off.
enum class Comparison { below, above };

// The torques a cut-off was established on. A row is compared only with the value on
// its basis: an uncorrected row with the uncorrected ratio, a gravity-corrected row
// with the corrected one (and not at all when the trial had no limb weight). `any`:
// the source's measure is not changed materially by the correction (a symmetry
// index of two limbs corrected alike, a CV); refused for H:Q rows.
enum class CutoffBasis { any, gravity_corrected, uncorrected };

struct Cutoff {
  std::string id;                         // e.g. "hq-conventional-60"
  CutoffKind kind = CutoffKind::conventional;
  double value = 0;                       // ratio (0.47) or percent (15, 90, 10)
  Comparison comparison = Comparison::below;
  // Velocities the row applies to; NaN = any velocity.
  double velocity_deg_s = kNaN;              // conventional, bilateral, lsi, cv
  double hamstrings_velocity_deg_s = kNaN;   // functional
  double quadriceps_velocity_deg_s = kNaN;   // functional
  CutoffBasis basis = CutoffBasis::any;
  // bilateral-deficit, lsi, cv: the contraction the row applies to (nullopt = any).
  // Conventional rows are Hcon/Qcon and functional rows Hecc/Qcon by definition.
  std::optional<Contraction> contraction;
  std::string population;                 // who the value was established on
  std::string source;                     // citation with page or table, e.g. "Croisier et al. 2008, Am J Sports Med 36:1469, Table 2"
  std::string note;                       // free text (caveats)
};

struct CutoffTable {
  std::vector<Cutoff> rows;
};

// The table shipped with isokin (analysis/cutoffs.toml holds the same rows; a test
// checks that they agree).
CutoffTable default_cutoff_table();

// The first row of `kind` that applies at the given velocity (functional: the
// hamstrings and quadriceps velocities), or nullptr. A row velocity matches
// within 0.5 deg/s; a row with no velocity matches any. A gravity-corrected row
// matches only when `gravity_corrected` (the value on its basis exists); a row with
// a contraction only that contraction.
const Cutoff* find_cutoff(const CutoffTable& table, CutoffKind kind, double velocity_deg_s = kNaN,
                          double quadriceps_velocity_deg_s = kNaN, bool gravity_corrected = false,
                          std::optional<Contraction> contraction = std::nullopt);

// True when `value` is beyond the cut-off (false for NaN: nothing to judge).
bool is_flagged(const Cutoff& cutoff, double value);

// `overrides` merged over `base` row by row: a row with the id of a base row
// replaces it in place, a new id is appended (`--cutoffs FILE`).
CutoffTable merge_cutoff_tables(const CutoffTable& base, const CutoffTable& overrides);

// The fewest decimals, from `decimals` up to 6, at which `value` rounded still falls
// on its own side of the cut-off: a flag is never shown beside a number that reads
// as if it were within (LSI 89.9 against 90 is "89.9", never "90").
int decimals_showing_side(double value, const std::optional<Cutoff>& cutoff, int decimals);

// The plausible range of a cut-off value of `kind` (an H:Q of 47 is a percent typed
// for a ratio): [min, max].
std::pair<double, double> plausible_cutoff_range(CutoffKind kind);

std::string_view to_string(CutoffKind kind);
std::string_view to_string(Comparison comparison);
std::string_view to_string(CutoffBasis basis);  // "any", "gravity-corrected", "uncorrected"
std::optional<CutoffKind> parse_cutoff_kind(std::string_view text);
std::optional<Comparison> parse_comparison(std::string_view text);
std::optional<CutoffBasis> parse_cutoff_basis(std::string_view text);

struct AnalysisOptions {
  // Zero-phase low-pass Butterworth (filtfilt) on torque. <= 0 = off. Default and why:
  // docs/metrics.md, "Filtering" (keeps a 300 deg/s peak within 0.1 %).
  double filter_hz = 20.0;
  int filter_order = 4;                     // order of the design; filtfilt doubles the effective order
  // Velocity is smoothed by a centred moving average instead: it cannot overshoot, so
  // the filter never fabricates the velocity overshoot the window check looks for.
  double velocity_smoothing_s = 0.010;      // <= 0 = off
  bool gravity_correction = true;           // apply TrialInfo::gravity when the trial has it
  double window_tolerance_percent = 10.0;   // isokinetic window: | |v| - preset | <= tol % of preset
  std::vector<double> angles_deg{30.0, 45.0, 60.0};  // torque reported at these angles
  double angle_curve_step_deg = 5.0;        // grid of the angle-specific H:Q curves
  double min_effort_rom_deg = 10.0;         // an effort must move at least this far
  double cut_short_fraction = 0.8;          // an effort moving < 80 % of the trial's ROM is "cut short"
  // The involved limb; unset = the session file's (SessionInfo::involved).
  std::optional<InvolvedSide> involved;
  // When no limb is involved or it is unknown: the side taken as the numerator of
  // LSI and deficit. `progress` sets it once for a whole series so that it never
  // switches; unset = the weaker side of the session's first comparison.
  std::optional<Side> reference_side;
  CutoffTable cutoffs = default_cutoff_table();
};

// -----------------------------------------------------------------------------
// [SECTION] Messages
// -----------------------------------------------------------------------------

enum class Severity { info, warning, error };

// Stable codes (also in the JSON) so scripts can filter them.
//   "fewer-reps"       fewer repetitions found than the trial asked for
//   "cut-short"        an effort moved much less than the others (range of motion)
//   "no-movement"      the angle hardly changed: nothing to segment
//   "noise-only"       movement or torque indistinguishable from noise
//   "nan-samples"      NaN/inf samples were found (and bridged or dropped)
//   "velocity-sign"    the velocity channel runs against d(angle)/dt: sign flipped
//   "one-rep"          one repetition only: no CV, fatigue or per-rep ratios
//   "no-gravity"       gravity correction asked for but the trial has no limb weight
//   "gravity-angle"    limb weighed too close to 90 deg to scale by the cosine
//   "filter-skipped"   cut-off at or above Nyquist, or too few samples to filter
//   "overshoot"        velocity overshoot at the start of the isokinetic window
//   "no-window"        an effort never reached the preset velocity within tolerance
//   "torque-sign"      an effort's torque sign contradicts the trial's mode, or most did
//                      and the trial's torque sign was flipped
//   "cv-high"          coefficient of variation above the cut-off (doubtful maximal effort)
//   "no-body-mass"     body mass unknown: no per-kg values
//   "isometric"        isometric trial (what was measured) or passive trial (nothing to measure)
//   "not-counted"      movements outside the repetitions the device marked (imported files) left out
struct Message {
  Severity severity = Severity::warning;
  std::string code;
  std::string trial_id;  // empty for session-level messages
  std::string text;      // a sentence a physiotherapist can read
};

std::string_view to_string(Severity severity);

// -----------------------------------------------------------------------------
// [SECTION] One effort of one repetition
// -----------------------------------------------------------------------------

enum class Motion { extension, flexion };  // direction of movement (velocity < 0 = extension)
std::string_view to_string(Motion motion);

struct SampleRange {
  std::size_t begin = 0;  // first sample
  std::size_t end = 0;    // one past the last
  std::size_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
};

struct AngleTorque {
  double angle_deg = 0;
  double torque_nm = kNaN;  // NaN when the effort did not pass through angle_deg
};

struct RepetitionMetrics {
  int repetition = 0;               // 1-based repetition number within the trial
  Motion motion = Motion::extension;
  SampleRange samples;              // the whole effort, onset to stop
  SampleRange window;               // isokinetic window (empty when never reached)
  std::size_t peak_index = 0;       // sample of peak torque (absolute index into the trial)

  double peak_torque_nm = kNaN;               // magnitude, gravity-corrected when the trial is
  double peak_torque_uncorrected_nm = kNaN;   // magnitude of the measured torque
  double angle_at_peak_deg = kNaN;
  double time_to_peak_s = kNaN;               // from movement onset
  double work_j = kNaN;                       // |∫ torque dθ| with θ in radians, over the effort
  double work_uncorrected_j = kNaN;
  double mean_power_w = kNaN;                 // work / effort duration
  double rom_deg = kNaN;                      // max - min angle during the effort
  double start_angle_deg = kNaN;
  double end_angle_deg = kNaN;
  double duration_s = kNaN;
  double mean_velocity_deg_s = kNaN;          // magnitude, within the window
  double acceleration_time_s = kNaN;          // onset to window start
  double deceleration_time_s = kNaN;          // window end to stop
  double window_rom_deg = kNaN;               // angle covered inside the window
  double window_coverage_percent = kNaN;      // window_rom / rom * 100
  bool velocity_overshoot = false;            // |v| beyond tolerance right before/at window start
  double overshoot_velocity_deg_s = kNaN;     // the largest |v| there
  bool cut_short = false;
  std::vector<AngleTorque> torque_at_angles;  // one per AnalysisOptions::angles_deg
};

// -----------------------------------------------------------------------------
// [SECTION] Efforts grouped by muscle, contraction and velocity
// -----------------------------------------------------------------------------

// Linear fit y = intercept + slope * rep (rep = 1, 2, ...).
struct LinearFit {
  double slope = kNaN;
  double intercept = kNaN;
  double r_squared = kNaN;
  double slope_percent_per_rep = kNaN;  // slope / fitted value at rep 1 * 100; negative when falling
};

// Exponential fit y = a * exp(-k * (rep - 1)), least squares on log(y).
struct ExponentialFit {
  double a = kNaN;
  double k_per_rep = kNaN;          // decay constant; positive when falling
  double r_squared = kNaN;          // of log(y)
  double half_life_reps = kNaN;     // ln 2 / k, NaN when k <= 0
};

struct FatigueCurve {
  LinearFit linear;
  ExponentialFit exponential;
};

struct EffortSummary {
  double peak_torque_nm = kNaN;            // best repetition
  double peak_torque_uncorrected_nm = kNaN;
  double mean_peak_torque_nm = kNaN;
  double peak_torque_per_kg = kNaN;        // N·m/kg
  double total_work_j = kNaN;
  double work_per_kg = kNaN;               // J/kg
  double best_work_j = kNaN;
  double mean_power_w = kNaN;              // mean over repetitions
  double cv_percent = kNaN;                // sample SD / mean of the first <= 5 peak torques * 100 (n >= 2)
  bool cv_flag = false;
  double cv_cutoff_percent = kNaN;
  double work_fatigue_percent = kNaN;      // (W first third - W last third) / W first third * 100 (n >= 3)
  FatigueCurve torque_fatigue;             // peak torque vs repetition
  FatigueCurve work_fatigue;               // work vs repetition
  double thorstensson_fatigue_index_percent = kNaN;  // 100 * (1 - mean(last 3) / mean(first 3)) (n >= 6)
  double endurance_ratio_percent = kNaN;   // W last 5 / W first 5 * 100 (n >= 10)
  double mean_window_coverage_percent = kNaN;
};

struct EffortAnalysis {
  Muscle muscle = Muscle::quadriceps;
  Contraction contraction = Contraction::concentric;
  Motion motion = Motion::extension;
  double velocity_deg_s = 0;               // preset magnitude (measured window mean when no preset)
  std::vector<RepetitionMetrics> reps;
  EffortSummary summary;
  // Mean torque-angle curve over the repetitions' isokinetic windows (magnitudes),
  // on the grid min..max step AnalysisOptions::angle_curve_step_deg; for the
  // angle-specific ratios and plots.
  std::vector<double> curve_angles_deg;
  std::vector<double> curve_torque_nm;
  std::vector<double> curve_torque_uncorrected_nm;
};

// -----------------------------------------------------------------------------
// [SECTION] Trial and session results
// -----------------------------------------------------------------------------

struct TrialAnalysis {
  std::string id;
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_deg_s = 0;               // preset (extension speed; flexion speed may differ)
  double velocity_ext_deg_s = 0;
  double velocity_flex_deg_s = 0;
  std::size_t sample_count = 0;
  int reps_requested = 0;
  int reps_found = 0;                      // complete repetitions (both directions)
  bool gravity_corrected = false;
  double gravity_torque_nm = kNaN;         // the limb weight used (magnitude at gravity_angle_deg)
  double gravity_angle_deg = kNaN;
  double filter_hz = kNaN;                 // NaN when not filtered
  bool velocity_sign_flipped = false;
  bool torque_sign_flipped = false;        // most efforts had torque against the mode: torque negated
  std::vector<EffortAnalysis> efforts;
  std::vector<Message> messages;
};

enum class RatioKind { conventional, functional, angle_specific, per_repetition, isometric };
// "conventional", "functional", "angle-specific", "per-repetition", "isometric"
std::string_view to_string(RatioKind kind);

struct HqRatio {
  Side side = Side::left;
  RatioKind kind = RatioKind::conventional;
  double velocity_deg_s = kNaN;              // conventional, angle-specific, per-repetition (0: isometric)
  double angle_deg = kNaN;                   // isometric: the angle the lever was held at
  double hamstrings_velocity_deg_s = kNaN;   // functional
  double quadriceps_velocity_deg_s = kNaN;   // functional
  Contraction hamstrings_contraction = Contraction::concentric;
  double value = kNaN;                       // gravity-corrected when the trials were
  double value_uncorrected = kNaN;
  double compared_value = kNaN;              // the value judged: value or value_uncorrected, per the cut-off's basis
  bool compared_uncorrected = false;         // true when compared_value is value_uncorrected
  double hamstrings_nm = kNaN;
  double quadriceps_nm = kNaN;
  bool gravity_corrected = false;
  std::optional<Cutoff> cutoff;              // the row it was judged against (only when its value on the row's basis exists)
  bool flag = false;
  std::string trial_id;                      // per-repetition: the trial
  // angle-specific and per-repetition curves
  std::vector<double> angles_deg;
  std::vector<double> values;
  std::vector<double> values_uncorrected;
  LinearFit trend;                           // per-repetition: ratio vs repetition
};

struct BilateralComparison {
  Muscle muscle = Muscle::quadriceps;
  Contraction contraction = Contraction::concentric;
  double velocity_deg_s = 0;
  double left_nm = kNaN;                     // best peak torque
  double right_nm = kNaN;
  double deficit_percent = kNaN;             // (uninvolved - involved) / uninvolved * 100 = 100 - LSI; negative when the involved side is stronger
  double lsi_percent = kNaN;                 // involved / uninvolved * 100
  Side involved = Side::left;                // the numerator: the involved limb, or the reference side when none is given
  bool involved_assumed = true;              // true when no involved limb was given (unknown or none)
  std::optional<Cutoff> deficit_cutoff;
  std::optional<Cutoff> lsi_cutoff;
  bool deficit_flag = false;
  bool lsi_flag = false;
  bool flag = false;                         // either
};

struct SessionAnalysis {
  std::string subject_id;
  double body_mass_kg = kNaN;
  AnalysisOptions options;                   // the parameters that produced these results
  InvolvedSide involved = InvolvedSide::unknown;  // options.involved, else the session file's
  std::optional<Side> reference_side;        // the numerator of every LSI when involved is unknown or none
  std::vector<TrialAnalysis> trials;
  std::vector<HqRatio> ratios;
  std::vector<BilateralComparison> bilateral;
  std::vector<Message> messages;             // session-level (trial messages live in each trial)
};

// -----------------------------------------------------------------------------
// [SECTION] Entry points
// -----------------------------------------------------------------------------

// One trial: conditioning, segmentation, per-repetition and per-effort measures.
// Never throws on bad data: problems become messages.
TrialAnalysis analyze_trial(const TrialInfo& info, const SampleSpan& samples, double body_mass_kg,
                            const AnalysisOptions& options);
// The same, consuming the samples: torque and velocity are conditioned in their own
// buffers instead of copies (for `isokin analyze`, which reads a trial only to analyse it).
TrialAnalysis analyze_trial(const TrialInfo& info, SampleColumns&& samples, double body_mass_kg,
                            const AnalysisOptions& options);

// Ratios and bilateral comparison from analysed trials (the session's pairings).
// Uses analysis.involved (set it from the session file first) and the options.
void compare_trials(SessionAnalysis& analysis);

// The rows of the cut-off table the results were judged against, in table order.
std::vector<Cutoff> applied_cutoffs(const SessionAnalysis& analysis);

// "involved side not given" (unknown), "no involved side (both limbs healthy)" (none),
// or empty when a limb is involved: every output that shows an LSI says it.
std::string_view involved_side_caveat(InvolvedSide involved);

// The whole session: analyze_trial for each trial, then compare_trials.
SessionAnalysis analyze_session(const Session& session, const AnalysisOptions& options);

}  // namespace isokin::analysis
