#include "analysis_json/analysis_json.hpp"

#include <cmath>

namespace isokin::analysis_json {
namespace {

using namespace isokin::analysis;
using nlohmann::json;

json numbers(const std::vector<double>& values) {
  json a = json::array();
  for (double v : values) a.push_back(number_or_null(v));
  return a;
}

json range_json(const SampleRange& r) {
  if (r.empty()) return nullptr;
  return json::array({r.begin, r.end});
}

json cutoff_json(const std::optional<Cutoff>& c) {
  if (!c) return nullptr;
  json j{{"id", c->id},
         {"kind", to_string(c->kind)},
         {"value", number_or_null(c->value)},
         {"comparison", to_string(c->comparison)},
         {"basis", to_string(c->basis)},
         {"source", c->source}};
  if (c->contraction) j["contraction"] = to_string(*c->contraction);
  if (!c->population.empty()) j["population"] = c->population;
  if (!c->note.empty()) j["note"] = c->note;
  return j;
}

json linear_json(const LinearFit& f) {
  return {{"slope", number_or_null(f.slope)},
          {"intercept", number_or_null(f.intercept)},
          {"r_squared", number_or_null(f.r_squared)},
          {"slope_percent_per_rep", number_or_null(f.slope_percent_per_rep)}};
}

json fatigue_json(const FatigueCurve& c) {
  return {{"linear", linear_json(c.linear)},
          {"exponential",
           {{"a", number_or_null(c.exponential.a)},
            {"k_per_rep", number_or_null(c.exponential.k_per_rep)},
            {"r_squared", number_or_null(c.exponential.r_squared)},
            {"half_life_reps", number_or_null(c.exponential.half_life_reps)}}}};
}

json rep_json(const RepetitionMetrics& r) {
  json angles = json::array();
  for (const auto& a : r.torque_at_angles)
    angles.push_back({{"angle_deg", number_or_null(a.angle_deg)}, {"torque_nm", number_or_null(a.torque_nm)}});
  return {{"repetition", r.repetition},
          {"peak_torque_nm", number_or_null(r.peak_torque_nm)},
          {"peak_torque_uncorrected_nm", number_or_null(r.peak_torque_uncorrected_nm)},
          {"angle_at_peak_deg", number_or_null(r.angle_at_peak_deg)},
          {"time_to_peak_s", number_or_null(r.time_to_peak_s)},
          {"work_j", number_or_null(r.work_j)},
          {"work_uncorrected_j", number_or_null(r.work_uncorrected_j)},
          {"mean_power_w", number_or_null(r.mean_power_w)},
          {"rom_deg", number_or_null(r.rom_deg)},
          {"start_angle_deg", number_or_null(r.start_angle_deg)},
          {"end_angle_deg", number_or_null(r.end_angle_deg)},
          {"duration_s", number_or_null(r.duration_s)},
          {"mean_velocity_deg_s", number_or_null(r.mean_velocity_deg_s)},
          {"acceleration_time_s", number_or_null(r.acceleration_time_s)},
          {"deceleration_time_s", number_or_null(r.deceleration_time_s)},
          {"window_rom_deg", number_or_null(r.window_rom_deg)},
          {"window_coverage_percent", number_or_null(r.window_coverage_percent)},
          {"velocity_overshoot", r.velocity_overshoot},
          {"overshoot_velocity_deg_s", number_or_null(r.overshoot_velocity_deg_s)},
          {"cut_short", r.cut_short},
          {"torque_at_angles", angles},
          {"samples", range_json(r.samples)},
          {"window", range_json(r.window)},
          {"peak_index", r.peak_index}};
}

json effort_json(const EffortAnalysis& e) {
  const EffortSummary& s = e.summary;
  json reps = json::array();
  double angle_at_peak = kNaN;  // of the repetition that gave peak_torque_nm
  for (const auto& r : e.reps) {
    reps.push_back(rep_json(r));
    if (!r.cut_short && r.peak_torque_nm == s.peak_torque_nm) angle_at_peak = r.angle_at_peak_deg;
  }
  return {{"muscle", to_string(e.muscle)},
          {"contraction", to_string(e.contraction)},
          {"motion", to_string(e.motion)},
          {"velocity_deg_s", number_or_null(e.velocity_deg_s)},
          {"reps", reps},
          {"peak_torque_nm", number_or_null(s.peak_torque_nm)},
          {"peak_torque_uncorrected_nm", number_or_null(s.peak_torque_uncorrected_nm)},
          {"angle_at_peak_deg", number_or_null(angle_at_peak)},
          {"mean_peak_torque_nm", number_or_null(s.mean_peak_torque_nm)},
          {"peak_torque_per_kg", number_or_null(s.peak_torque_per_kg)},
          {"total_work_j", number_or_null(s.total_work_j)},
          {"work_per_kg", number_or_null(s.work_per_kg)},
          {"best_work_j", number_or_null(s.best_work_j)},
          {"mean_power_w", number_or_null(s.mean_power_w)},
          {"cv_percent", number_or_null(s.cv_percent)},
          {"cv_flag", s.cv_flag},
          {"cv_cutoff_percent", number_or_null(s.cv_cutoff_percent)},
          {"work_fatigue_percent", number_or_null(s.work_fatigue_percent)},
          {"fatigue_slope_percent_per_rep", number_or_null(s.torque_fatigue.linear.slope_percent_per_rep)},
          {"fatigue_r_squared", number_or_null(s.torque_fatigue.linear.r_squared)},
          {"torque_fatigue", fatigue_json(s.torque_fatigue)},
          {"work_fatigue", fatigue_json(s.work_fatigue)},
          {"thorstensson_fatigue_index_percent", number_or_null(s.thorstensson_fatigue_index_percent)},
          {"endurance_ratio_percent", number_or_null(s.endurance_ratio_percent)},
          {"mean_window_coverage_percent", number_or_null(s.mean_window_coverage_percent)},
          {"curve",
           {{"angles_deg", numbers(e.curve_angles_deg)},
            {"torque_nm", numbers(e.curve_torque_nm)},
            {"torque_uncorrected_nm", numbers(e.curve_torque_uncorrected_nm)}}}};
}

json message_json(const Message& m) {
  json j{{"severity", to_string(m.severity)}, {"code", m.code}, {"text", m.text}};
  if (!m.trial_id.empty()) j["trial"] = m.trial_id;
  return j;
}

json trial_json(const TrialAnalysis& t) {
  json efforts = json::array();
  for (const auto& e : t.efforts) efforts.push_back(effort_json(e));
  json messages = json::array();
  for (const auto& m : t.messages) messages.push_back(message_json(m));
  return {{"id", t.id},
          {"side", to_string(t.side)},
          {"mode", to_string(t.mode)},
          {"velocity_deg_s", number_or_null(t.velocity_deg_s)},
          {"velocity_ext_deg_s", number_or_null(t.velocity_ext_deg_s)},
          {"velocity_flex_deg_s", number_or_null(t.velocity_flex_deg_s)},
          {"sample_count", t.sample_count},
          {"reps_requested", t.reps_requested},
          {"reps_found", t.reps_found},
          {"gravity_corrected", t.gravity_corrected},
          {"gravity_torque_nm", number_or_null(t.gravity_torque_nm)},
          {"gravity_angle_deg", number_or_null(t.gravity_angle_deg)},
          {"filter_hz", number_or_null(t.filter_hz)},
          {"velocity_sign_flipped", t.velocity_sign_flipped},
          {"torque_sign_flipped", t.torque_sign_flipped},
          {"efforts", efforts},
          {"messages", messages}};
}

// The fields of a ratio of two peak torques (conventional, functional, isometric).
void add_peak_ratio(json& j, const HqRatio& r) {
  j["value"] = number_or_null(r.value);
  j["value_uncorrected"] = number_or_null(r.value_uncorrected);
  j["hamstrings_nm"] = number_or_null(r.hamstrings_nm);
  j["quadriceps_nm"] = number_or_null(r.quadriceps_nm);
  j["cutoff"] = cutoff_json(r.cutoff);
  // Which value the cut-off was compared with (its basis): never a corrected ratio
  // against an uncorrected cut-off.
  j["compared_value"] = number_or_null(r.compared_value);
  j["compared_basis"] = r.cutoff ? json(r.compared_uncorrected ? "uncorrected" : "gravity-corrected") : json(nullptr);
  j["flag"] = r.flag;
}

json ratio_json(const HqRatio& r) {
  json j{{"side", to_string(r.side)}, {"kind", to_string(r.kind)}, {"gravity_corrected", r.gravity_corrected}};
  switch (r.kind) {
    case RatioKind::conventional:
    case RatioKind::functional:
      if (r.kind == RatioKind::conventional) {
        j["velocity_deg_s"] = number_or_null(r.velocity_deg_s);
      } else {
        j["hamstrings_velocity_deg_s"] = number_or_null(r.hamstrings_velocity_deg_s);
        j["quadriceps_velocity_deg_s"] = number_or_null(r.quadriceps_velocity_deg_s);
      }
      j["hamstrings_contraction"] = to_string(r.hamstrings_contraction);
      add_peak_ratio(j, r);
      break;
    case RatioKind::angle_specific:
      j["velocity_deg_s"] = number_or_null(r.velocity_deg_s);
      j["angles_deg"] = numbers(r.angles_deg);
      j["values"] = numbers(r.values);
      j["values_uncorrected"] = numbers(r.values_uncorrected);
      break;
    case RatioKind::isometric:
      j["angle_deg"] = number_or_null(r.angle_deg);
      j["trial"] = r.trial_id;
      add_peak_ratio(j, r);
      break;
    case RatioKind::per_repetition:
      j["velocity_deg_s"] = number_or_null(r.velocity_deg_s);
      j["trial"] = r.trial_id;
      j["values"] = numbers(r.values);
      j["values_uncorrected"] = numbers(r.values_uncorrected);
      j["trend"] = linear_json(r.trend);
      break;
  }
  return j;
}

json bilateral_json(const BilateralComparison& b) {
  return {{"muscle", to_string(b.muscle)},
          {"contraction", to_string(b.contraction)},
          {"velocity_deg_s", number_or_null(b.velocity_deg_s)},
          {"left_nm", number_or_null(b.left_nm)},
          {"right_nm", number_or_null(b.right_nm)},
          {"deficit_percent", number_or_null(b.deficit_percent)},
          {"lsi_percent", number_or_null(b.lsi_percent)},
          {"involved_side", b.involved_assumed ? json(nullptr) : json(to_string(b.involved))},
          {"involved_assumed", b.involved_assumed},
          {"lsi_numerator_side", to_string(b.involved)},
          {"deficit_cutoff", cutoff_json(b.deficit_cutoff)},
          {"lsi_cutoff", cutoff_json(b.lsi_cutoff)},
          {"deficit_flag", b.deficit_flag},
          {"lsi_flag", b.lsi_flag},
          {"flag", b.flag}};
}

}  // namespace

json number_or_null(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

json parameters_json(const AnalysisOptions& o) {
  json cutoffs = json::array();
  for (const auto& c : o.cutoffs.rows) {
    json row = cutoff_json(c);
    if (std::isfinite(c.velocity_deg_s)) row["velocity_deg_s"] = c.velocity_deg_s;
    if (std::isfinite(c.hamstrings_velocity_deg_s)) row["hamstrings_velocity_deg_s"] = c.hamstrings_velocity_deg_s;
    if (std::isfinite(c.quadriceps_velocity_deg_s)) row["quadriceps_velocity_deg_s"] = c.quadriceps_velocity_deg_s;
    cutoffs.push_back(row);
  }
  return {{"filter_hz", o.filter_hz > 0 ? number_or_null(o.filter_hz) : json(nullptr)},
          {"filter_order", o.filter_order},
          {"velocity_smoothing_s", number_or_null(o.velocity_smoothing_s)},
          {"gravity_correction", o.gravity_correction},
          {"window_tolerance_percent", number_or_null(o.window_tolerance_percent)},
          {"angles_deg", numbers(o.angles_deg)},
          {"angle_curve_step_deg", number_or_null(o.angle_curve_step_deg)},
          {"min_effort_rom_deg", number_or_null(o.min_effort_rom_deg)},
          {"cut_short_fraction", number_or_null(o.cut_short_fraction)},
          {"involved_side", o.involved ? json(to_string(*o.involved)) : json(nullptr)},
          {"reference_side", o.reference_side ? json(to_string(*o.reference_side)) : json(nullptr)},
          {"cutoffs", cutoffs}};
}

json to_json(const SessionAnalysis& a, const std::string& program_version) {
  json trials = json::array();
  json messages = json::array();
  for (const auto& m : a.messages) messages.push_back(message_json(m));
  for (const auto& t : a.trials) {
    trials.push_back(trial_json(t));
    for (const auto& m : t.messages) messages.push_back(message_json(m));
  }
  json ratios = json::array();
  for (const auto& r : a.ratios) ratios.push_back(ratio_json(r));
  json bilateral = json::array();
  for (const auto& b : a.bilateral) bilateral.push_back(bilateral_json(b));
  json applied = json::array();
  for (const auto& c : applied_cutoffs(a)) applied.push_back(c.id);
  json involved{{"side", to_string(a.involved)},
                {"reference_side", a.reference_side ? json(to_string(*a.reference_side)) : json(nullptr)}};
  if (const auto caveat = involved_side_caveat(a.involved); !caveat.empty()) involved["caveat"] = caveat;
  json j{{"schema", kSchemaName},
         {"version", kSchemaVersion},
         {"subject", {{"id", a.subject_id}, {"body_mass_kg", number_or_null(a.body_mass_kg)}}},
         {"involved", involved},
         {"parameters", parameters_json(a.options)},
         {"cutoffs_applied", applied},
         {"trials", trials},
         {"ratios", ratios},
         {"bilateral", bilateral},
         {"messages", messages}};
  if (!program_version.empty()) j["program"] = program_version;
  return j;
}

}  // namespace isokin::analysis_json
