#include "analysis_json/analysis_fields.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace isokin::analysis_json {
namespace {

using namespace isokin::analysis;

// Integers of the schema (counts, indices, repetition numbers).
FieldValue integer(int value) { return static_cast<long long>(value); }
FieldValue integer(std::size_t value) { return static_cast<long long>(value); }

// Text that may be missing from a record: absent when empty.
FieldValue text_if_any(const std::string& text) { return text.empty() ? FieldValue(Absent{}) : FieldValue(text); }

// The angle of the repetition that gave the effort's peak torque.
double angle_at_peak_deg(const EffortAnalysis& e) {
  double angle = kNaN;
  for (const auto& r : e.reps)
    if (!r.cut_short && r.peak_torque_nm == e.summary.peak_torque_nm) angle = r.angle_at_peak_deg;
  return angle;
}

const Field<SessionAnalysis> kSubject[] = {
    {"id", [](const SessionAnalysis& a) -> FieldValue { return std::string_view(a.subject_id); }},
    {"body_mass_kg", [](const SessionAnalysis& a) { return number_field(a.body_mass_kg); }},
};

const Field<SessionAnalysis> kInvolved[] = {
    {"side", [](const SessionAnalysis& a) -> FieldValue { return to_string(a.involved); }},
    {"reference_side",
     [](const SessionAnalysis& a) -> FieldValue {
       return a.reference_side ? FieldValue(to_string(*a.reference_side)) : FieldValue(nullptr);
     }},
    {"caveat",
     [](const SessionAnalysis& a) -> FieldValue {
       const std::string_view caveat = involved_side_caveat(a.involved);
       return caveat.empty() ? FieldValue(Absent{}) : FieldValue(caveat);
     }},
};

const Field<TrialAnalysis> kTrial[] = {
    {"id", [](const TrialAnalysis& t) -> FieldValue { return std::string_view(t.id); }},
    {"side", [](const TrialAnalysis& t) -> FieldValue { return to_string(t.side); }},
    {"mode", [](const TrialAnalysis& t) -> FieldValue { return to_string(t.mode); }},
    {"velocity_deg_s", [](const TrialAnalysis& t) { return number_field(t.velocity_deg_s); }},
    {"velocity_ext_deg_s", [](const TrialAnalysis& t) { return number_field(t.velocity_ext_deg_s); }},
    {"velocity_flex_deg_s", [](const TrialAnalysis& t) { return number_field(t.velocity_flex_deg_s); }},
    {"sample_count", [](const TrialAnalysis& t) { return integer(t.sample_count); }},
    {"reps_requested", [](const TrialAnalysis& t) { return integer(t.reps_requested); }},
    {"reps_found", [](const TrialAnalysis& t) { return integer(t.reps_found); }},
    {"gravity_corrected", [](const TrialAnalysis& t) -> FieldValue { return t.gravity_corrected; }},
    {"gravity_torque_nm", [](const TrialAnalysis& t) { return number_field(t.gravity_torque_nm); }},
    {"gravity_angle_deg", [](const TrialAnalysis& t) { return number_field(t.gravity_angle_deg); }},
    {"filter_hz", [](const TrialAnalysis& t) { return number_field(t.filter_hz); }},
    {"velocity_sign_flipped", [](const TrialAnalysis& t) -> FieldValue { return t.velocity_sign_flipped; }},
    {"torque_sign_flipped", [](const TrialAnalysis& t) -> FieldValue { return t.torque_sign_flipped; }},
};

const Field<EffortAnalysis> kEffort[] = {
    {"muscle", [](const EffortAnalysis& e) -> FieldValue { return to_string(e.muscle); }},
    {"contraction", [](const EffortAnalysis& e) -> FieldValue { return to_string(e.contraction); }},
    {"motion", [](const EffortAnalysis& e) -> FieldValue { return to_string(e.motion); }},
    {"velocity_deg_s", [](const EffortAnalysis& e) { return number_field(e.velocity_deg_s); }},
    {"peak_torque_nm", [](const EffortAnalysis& e) { return number_field(e.summary.peak_torque_nm); }},
    {"peak_torque_uncorrected_nm",
     [](const EffortAnalysis& e) { return number_field(e.summary.peak_torque_uncorrected_nm); }},
    {"angle_at_peak_deg", [](const EffortAnalysis& e) { return number_field(angle_at_peak_deg(e)); }},
    {"mean_peak_torque_nm", [](const EffortAnalysis& e) { return number_field(e.summary.mean_peak_torque_nm); }},
    {"peak_torque_per_kg", [](const EffortAnalysis& e) { return number_field(e.summary.peak_torque_per_kg); }},
    {"total_work_j", [](const EffortAnalysis& e) { return number_field(e.summary.total_work_j); }},
    {"work_per_kg", [](const EffortAnalysis& e) { return number_field(e.summary.work_per_kg); }},
    {"best_work_j", [](const EffortAnalysis& e) { return number_field(e.summary.best_work_j); }},
    {"mean_power_w", [](const EffortAnalysis& e) { return number_field(e.summary.mean_power_w); }},
    {"cv_percent", [](const EffortAnalysis& e) { return number_field(e.summary.cv_percent); }},
    {"cv_flag", [](const EffortAnalysis& e) -> FieldValue { return e.summary.cv_flag; }},
    {"cv_cutoff_percent", [](const EffortAnalysis& e) { return number_field(e.summary.cv_cutoff_percent); }},
    {"work_fatigue_percent", [](const EffortAnalysis& e) { return number_field(e.summary.work_fatigue_percent); }},
    {"fatigue_slope_percent_per_rep",
     [](const EffortAnalysis& e) { return number_field(e.summary.torque_fatigue.linear.slope_percent_per_rep); }},
    {"fatigue_r_squared",
     [](const EffortAnalysis& e) { return number_field(e.summary.torque_fatigue.linear.r_squared); }},
    {"thorstensson_fatigue_index_percent",
     [](const EffortAnalysis& e) { return number_field(e.summary.thorstensson_fatigue_index_percent); }},
    {"endurance_ratio_percent",
     [](const EffortAnalysis& e) { return number_field(e.summary.endurance_ratio_percent); }},
    {"mean_window_coverage_percent",
     [](const EffortAnalysis& e) { return number_field(e.summary.mean_window_coverage_percent); }},
};

const Field<RepetitionMetrics> kRepetition[] = {
    {"repetition", [](const RepetitionMetrics& r) { return integer(r.repetition); }},
    {"peak_torque_nm", [](const RepetitionMetrics& r) { return number_field(r.peak_torque_nm); }},
    {"peak_torque_uncorrected_nm", [](const RepetitionMetrics& r) { return number_field(r.peak_torque_uncorrected_nm); }},
    {"angle_at_peak_deg", [](const RepetitionMetrics& r) { return number_field(r.angle_at_peak_deg); }},
    {"time_to_peak_s", [](const RepetitionMetrics& r) { return number_field(r.time_to_peak_s); }},
    {"work_j", [](const RepetitionMetrics& r) { return number_field(r.work_j); }},
    {"work_uncorrected_j", [](const RepetitionMetrics& r) { return number_field(r.work_uncorrected_j); }},
    {"mean_power_w", [](const RepetitionMetrics& r) { return number_field(r.mean_power_w); }},
    {"rom_deg", [](const RepetitionMetrics& r) { return number_field(r.rom_deg); }},
    {"start_angle_deg", [](const RepetitionMetrics& r) { return number_field(r.start_angle_deg); }},
    {"end_angle_deg", [](const RepetitionMetrics& r) { return number_field(r.end_angle_deg); }},
    {"duration_s", [](const RepetitionMetrics& r) { return number_field(r.duration_s); }},
    {"mean_velocity_deg_s", [](const RepetitionMetrics& r) { return number_field(r.mean_velocity_deg_s); }},
    {"acceleration_time_s", [](const RepetitionMetrics& r) { return number_field(r.acceleration_time_s); }},
    {"deceleration_time_s", [](const RepetitionMetrics& r) { return number_field(r.deceleration_time_s); }},
    {"window_rom_deg", [](const RepetitionMetrics& r) { return number_field(r.window_rom_deg); }},
    {"window_coverage_percent", [](const RepetitionMetrics& r) { return number_field(r.window_coverage_percent); }},
    {"velocity_overshoot", [](const RepetitionMetrics& r) -> FieldValue { return r.velocity_overshoot; }},
    {"overshoot_velocity_deg_s", [](const RepetitionMetrics& r) { return number_field(r.overshoot_velocity_deg_s); }},
    {"cut_short", [](const RepetitionMetrics& r) -> FieldValue { return r.cut_short; }},
    {"peak_index", [](const RepetitionMetrics& r) { return integer(r.peak_index); }},
};

// A ratio's number that only some kinds have.
FieldValue number_if(bool present, double value) { return present ? number_field(value) : FieldValue(Absent{}); }

const Field<HqRatio> kRatio[] = {
    {"side", [](const HqRatio& r) -> FieldValue { return to_string(r.side); }},
    {"kind", [](const HqRatio& r) -> FieldValue { return to_string(r.kind); }},
    {"gravity_corrected", [](const HqRatio& r) -> FieldValue { return r.gravity_corrected; }},
    {"velocity_deg_s",
     [](const HqRatio& r) {
       return number_if(r.kind != RatioKind::functional && r.kind != RatioKind::isometric, r.velocity_deg_s);
     }},
    {"hamstrings_velocity_deg_s",
     [](const HqRatio& r) { return number_if(r.kind == RatioKind::functional, r.hamstrings_velocity_deg_s); }},
    {"quadriceps_velocity_deg_s",
     [](const HqRatio& r) { return number_if(r.kind == RatioKind::functional, r.quadriceps_velocity_deg_s); }},
    {"hamstrings_contraction",
     [](const HqRatio& r) -> FieldValue {
       if (r.kind != RatioKind::conventional && r.kind != RatioKind::functional) return Absent{};
       return to_string(r.hamstrings_contraction);
     }},
    {"angle_deg", [](const HqRatio& r) { return number_if(r.kind == RatioKind::isometric, r.angle_deg); }},
    {"trial",
     [](const HqRatio& r) -> FieldValue {
       if (r.kind != RatioKind::isometric && r.kind != RatioKind::per_repetition) return Absent{};
       return std::string_view(r.trial_id);
     }},
    {"value", [](const HqRatio& r) { return number_if(is_peak_ratio(r.kind), r.value); }},
    {"value_uncorrected", [](const HqRatio& r) { return number_if(is_peak_ratio(r.kind), r.value_uncorrected); }},
    {"hamstrings_nm", [](const HqRatio& r) { return number_if(is_peak_ratio(r.kind), r.hamstrings_nm); }},
    {"quadriceps_nm", [](const HqRatio& r) { return number_if(is_peak_ratio(r.kind), r.quadriceps_nm); }},
    // Which value the cut-off was compared with (its basis): never a corrected ratio
    // against an uncorrected cut-off.
    {"compared_value", [](const HqRatio& r) { return number_if(is_peak_ratio(r.kind), r.compared_value); }},
    {"compared_basis",
     [](const HqRatio& r) -> FieldValue {
       if (!is_peak_ratio(r.kind)) return Absent{};
       if (!r.cutoff) return nullptr;
       return std::string_view(r.compared_uncorrected ? "uncorrected" : "gravity-corrected");
     }},
    {"flag", [](const HqRatio& r) -> FieldValue { return is_peak_ratio(r.kind) ? FieldValue(r.flag) : Absent{}; }},
};

const Field<BilateralComparison> kBilateral[] = {
    {"muscle", [](const BilateralComparison& b) -> FieldValue { return to_string(b.muscle); }},
    {"contraction", [](const BilateralComparison& b) -> FieldValue { return to_string(b.contraction); }},
    {"velocity_deg_s", [](const BilateralComparison& b) { return number_field(b.velocity_deg_s); }},
    {"left_nm", [](const BilateralComparison& b) { return number_field(b.left_nm); }},
    {"right_nm", [](const BilateralComparison& b) { return number_field(b.right_nm); }},
    {"deficit_percent", [](const BilateralComparison& b) { return number_field(b.deficit_percent); }},
    {"lsi_percent", [](const BilateralComparison& b) { return number_field(b.lsi_percent); }},
    {"involved_side",
     [](const BilateralComparison& b) -> FieldValue {
       return b.involved_assumed ? FieldValue(nullptr) : FieldValue(to_string(b.involved));
     }},
    {"involved_assumed", [](const BilateralComparison& b) -> FieldValue { return b.involved_assumed; }},
    {"lsi_numerator_side", [](const BilateralComparison& b) -> FieldValue { return to_string(b.involved); }},
    {"deficit_flag", [](const BilateralComparison& b) -> FieldValue { return b.deficit_flag; }},
    {"lsi_flag", [](const BilateralComparison& b) -> FieldValue { return b.lsi_flag; }},
    {"flag", [](const BilateralComparison& b) -> FieldValue { return b.flag; }},
};

const Field<Cutoff> kCutoff[] = {
    {"id", [](const Cutoff& c) -> FieldValue { return std::string_view(c.id); }},
    {"kind", [](const Cutoff& c) -> FieldValue { return to_string(c.kind); }},
    {"value", [](const Cutoff& c) { return number_field(c.value); }},
    {"comparison", [](const Cutoff& c) -> FieldValue { return to_string(c.comparison); }},
    {"basis", [](const Cutoff& c) -> FieldValue { return to_string(c.basis); }},
    {"source", [](const Cutoff& c) -> FieldValue { return std::string_view(c.source); }},
    {"contraction",
     [](const Cutoff& c) -> FieldValue { return c.contraction ? FieldValue(to_string(*c.contraction)) : Absent{}; }},
    {"population", [](const Cutoff& c) { return text_if_any(c.population); }},
    {"note", [](const Cutoff& c) { return text_if_any(c.note); }},
};

}  // namespace

FieldValue number_field(double value) { return std::isfinite(value) ? FieldValue(value) : FieldValue(nullptr); }

bool is_peak_ratio(RatioKind kind) {
  return kind == RatioKind::conventional || kind == RatioKind::functional || kind == RatioKind::isometric;
}

std::span<const Field<SessionAnalysis>> subject_fields() { return kSubject; }
std::span<const Field<SessionAnalysis>> involved_fields() { return kInvolved; }
std::span<const Field<TrialAnalysis>> trial_fields() { return kTrial; }
std::span<const Field<EffortAnalysis>> effort_fields() { return kEffort; }
std::span<const Field<RepetitionMetrics>> repetition_fields() { return kRepetition; }
std::span<const Field<HqRatio>> ratio_fields() { return kRatio; }
std::span<const Field<BilateralComparison>> bilateral_fields() { return kBilateral; }
std::span<const Field<Cutoff>> cutoff_fields() { return kCutoff; }

template <class Record>
const Field<Record>& field_named(std::span<const Field<Record>> fields, std::string_view name) {
  for (const auto& f : fields)
    if (name == f.name) return f;
  throw std::logic_error("no analysis field named '" + std::string(name) + "'");
}

template const Field<SessionAnalysis>& field_named(std::span<const Field<SessionAnalysis>>, std::string_view);
template const Field<TrialAnalysis>& field_named(std::span<const Field<TrialAnalysis>>, std::string_view);
template const Field<EffortAnalysis>& field_named(std::span<const Field<EffortAnalysis>>, std::string_view);
template const Field<RepetitionMetrics>& field_named(std::span<const Field<RepetitionMetrics>>, std::string_view);
template const Field<HqRatio>& field_named(std::span<const Field<HqRatio>>, std::string_view);
template const Field<BilateralComparison>& field_named(std::span<const Field<BilateralComparison>>, std::string_view);
template const Field<Cutoff>& field_named(std::span<const Field<Cutoff>>, std::string_view);

}  // namespace isokin::analysis_json
