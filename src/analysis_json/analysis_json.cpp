#include "analysis_json/analysis_json.hpp"

#include <cmath>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

#include "analysis_json/analysis_fields.hpp"

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

json field_json(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, Absent>)
          return nullptr;  // never written: fields_json skips absent fields
        else if constexpr (std::is_same_v<V, std::string_view>)
          return std::string(v);
        else
          return v;
      },
      value);
}

// A record's scalar fields (analysis_fields.hpp) as an object; absent ones are left out.
template <class Record>
json fields_json(std::span<const Field<Record>> fields, const Record& record) {
  json j = json::object();
  for (const auto& f : fields) {
    const FieldValue value = f.value(record);
    if (!std::holds_alternative<Absent>(value)) j[f.name] = field_json(value);
  }
  return j;
}

json cutoff_json(const std::optional<Cutoff>& c) {
  if (!c) return nullptr;
  return fields_json(cutoff_fields(), *c);
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
  json j = fields_json(repetition_fields(), r);
  j["torque_at_angles"] = angles;
  j["samples"] = range_json(r.samples);
  j["window"] = range_json(r.window);
  return j;
}

json effort_json(const EffortAnalysis& e) {
  const EffortSummary& s = e.summary;
  json reps = json::array();
  for (const auto& r : e.reps) reps.push_back(rep_json(r));
  json j = fields_json(effort_fields(), e);
  j["reps"] = reps;
  j["torque_fatigue"] = fatigue_json(s.torque_fatigue);
  j["work_fatigue"] = fatigue_json(s.work_fatigue);
  j["curve"] = {{"angles_deg", numbers(e.curve_angles_deg)},
                {"torque_nm", numbers(e.curve_torque_nm)},
                {"torque_uncorrected_nm", numbers(e.curve_torque_uncorrected_nm)}};
  return j;
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
  json j = fields_json(trial_fields(), t);
  j["efforts"] = efforts;
  j["messages"] = messages;
  return j;
}

json ratio_json(const HqRatio& r) {
  json j = fields_json(ratio_fields(), r);
  if (is_peak_ratio(r.kind)) j["cutoff"] = cutoff_json(r.cutoff);
  if (r.kind == RatioKind::angle_specific || r.kind == RatioKind::per_repetition) {
    if (r.kind == RatioKind::angle_specific) j["angles_deg"] = numbers(r.angles_deg);
    j["values"] = numbers(r.values);
    j["values_uncorrected"] = numbers(r.values_uncorrected);
  }
  if (r.kind == RatioKind::per_repetition) j["trend"] = linear_json(r.trend);
  return j;
}

json bilateral_json(const BilateralComparison& b) {
  json j = fields_json(bilateral_fields(), b);
  j["deficit_cutoff"] = cutoff_json(b.deficit_cutoff);
  j["lsi_cutoff"] = cutoff_json(b.lsi_cutoff);
  return j;
}

}  // namespace

json number_or_null(double value) { return field_json(number_field(value)); }

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
  json j{{"schema", kSchemaName},
         {"version", kSchemaVersion},
         {"subject", fields_json(subject_fields(), a)},
         {"involved", fields_json(involved_fields(), a)},
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
