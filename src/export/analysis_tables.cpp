#include "export/analysis_tables.hpp"

#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

#include "export/csv_writer.hpp"

namespace isokin::exporting {

namespace fields = isokin::analysis_json;
using namespace isokin::analysis;
using fields::Field;
using fields::FieldValue;

std::string cell(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>)
          return v ? "true" : "false";
        else if constexpr (std::is_same_v<V, long long>)
          return std::to_string(v);
        else if constexpr (std::is_same_v<V, double>)
          return format_number(v);
        else if constexpr (std::is_same_v<V, std::string_view>)
          return std::string(v);
        else
          return {};  // absent or null
      },
      value);
}

namespace {

// The fields a table takes from one kind of record, looked up by name once.
template <class Record>
class Columns {
 public:
  Columns(std::span<const Field<Record>> fields, std::initializer_list<std::string_view> names) {
    for (const auto name : names) picked_.push_back(&fields::field_named(fields, name));
  }
  Columns(std::span<const Field<Record>> fields, const std::vector<std::string>& names) {
    for (const auto& name : names) picked_.push_back(&fields::field_named(fields, name));
  }
  // The cell of the index-th picked field.
  std::string operator()(std::size_t index, const Record& record) const { return cell(picked_[index]->value(record)); }
  // Every picked field's cell, appended to `row`.
  void append(std::vector<std::string>& row, const Record& record) const {
    for (const auto* f : picked_) row.push_back(cell(f->value(record)));
  }

 private:
  std::vector<const Field<Record>*> picked_;
};

std::string subject_id(const SessionAnalysis& a) {
  static const Columns<SessionAnalysis> c(fields::subject_fields(), {"id"});
  return c(0, a);
}

std::string body_mass(const SessionAnalysis& a) {
  static const Columns<SessionAnalysis> c(fields::subject_fields(), {"body_mass_kg"});
  return c(0, a);
}

// The session's involved limb: left, right, none or unknown.
std::string involved_side(const SessionAnalysis& a) {
  static const Columns<SessionAnalysis> c(fields::involved_fields(), {"side"});
  return c(0, a);
}

// A field of a cut-off row the value was judged against; empty without one.
std::string cutoff_cell(const std::optional<Cutoff>& cutoff, std::size_t index) {
  static const Columns<Cutoff> c(fields::cutoff_fields(), {"id", "value", "basis"});
  return cutoff ? c(index, *cutoff) : std::string();
}
constexpr std::size_t kCutoffId = 0, kCutoffValue = 1, kCutoffBasis = 2;

}  // namespace

const std::vector<std::string>& effort_summary_fields() {
  // New fields go at the end: scripts reading the older columns by position keep working.
  static const std::vector<std::string> names{"peak_torque_nm",
                                              "mean_peak_torque_nm",
                                              "peak_torque_per_kg",
                                              "total_work_j",
                                              "cv_percent",
                                              "work_fatigue_percent",
                                              "fatigue_slope_percent_per_rep",
                                              "angle_at_peak_deg",
                                              "peak_torque_uncorrected_nm",
                                              "thorstensson_fatigue_index_percent",
                                              "endurance_ratio_percent"};
  return names;
}

Table effort_table(const SessionAnalysis& analysis) {
  static const Columns<TrialAnalysis> trial(fields::trial_fields(), {"id", "side", "mode", "velocity_deg_s"});
  static const Columns<EffortAnalysis> effort(fields::effort_fields(), {"muscle", "contraction", "velocity_deg_s"});
  static const Columns<EffortAnalysis> summary(fields::effort_fields(), effort_summary_fields());
  Table table{{"subject_id", "body_mass_kg", "trial_id", "side", "mode", "trial_velocity_deg_s", "muscle", "contraction",
               "velocity_deg_s", "reps"},
              {}};
  for (const auto& f : effort_summary_fields()) table.columns.push_back(f);
  table.columns.emplace_back("involved_side");
  const std::string subject = subject_id(analysis);
  const std::string mass = body_mass(analysis);
  const std::string involved = involved_side(analysis);
  for (const auto& t : analysis.trials) {
    for (const auto& e : t.efforts) {
      std::vector<std::string> row{subject, mass};
      row.reserve(table.columns.size());
      trial.append(row, t);
      effort.append(row, e);
      row.push_back(std::to_string(e.reps.size()));
      summary.append(row, e);
      row.push_back(involved);
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

Table repetition_table(const SessionAnalysis& analysis) {
  static const std::vector<std::string> rep_fields{"peak_torque_nm", "angle_at_peak_deg", "time_to_peak_s", "work_j",
                                                  "mean_power_w"};
  static const Columns<TrialAnalysis> trial(fields::trial_fields(), {"id", "side"});
  static const Columns<EffortAnalysis> effort(fields::effort_fields(), {"muscle", "contraction", "velocity_deg_s"});
  static const Columns<RepetitionMetrics> rep(fields::repetition_fields(), {"repetition"});
  static const Columns<RepetitionMetrics> values(fields::repetition_fields(), rep_fields);
  Table table{{"subject_id", "trial_id", "side", "muscle", "contraction", "velocity_deg_s", "rep"}, {}};
  for (const auto& f : rep_fields) table.columns.push_back(f);
  const std::string subject = subject_id(analysis);
  for (const auto& t : analysis.trials) {
    for (const auto& e : t.efforts) {
      for (const auto& r : e.reps) {
        std::vector<std::string> row{subject};
        trial.append(row, t);
        effort.append(row, e);
        rep.append(row, r);
        values.append(row, r);
        table.rows.push_back(std::move(row));
      }
    }
  }
  return table;
}

Table ratio_table(const SessionAnalysis& analysis) {
  // value is gravity-corrected when the trials were; compared_value is the one the
  // cut-off was compared with (on the cut-off's basis).
  static const Columns<HqRatio> ratio(fields::ratio_fields(),
                                      {"side", "kind", "velocity_deg_s", "hamstrings_velocity_deg_s",
                                       "quadriceps_velocity_deg_s", "value", "flag", "gravity_corrected",
                                       "value_uncorrected", "compared_value", "compared_basis"});
  Table table{{"subject_id", "side", "kind", "velocity_deg_s", "hamstrings_velocity_deg_s", "quadriceps_velocity_deg_s",
               "value", "flag", "gravity_corrected", "value_uncorrected", "compared_value", "compared_basis", "cutoff_id",
               "cutoff_value", "cutoff_basis"},
              {}};
  const std::string subject = subject_id(analysis);
  for (const auto& r : analysis.ratios) {
    if (r.kind != RatioKind::conventional && r.kind != RatioKind::functional) continue;
    std::vector<std::string> row{subject};
    ratio.append(row, r);
    row.push_back(cutoff_cell(r.cutoff, kCutoffId));
    row.push_back(cutoff_cell(r.cutoff, kCutoffValue));
    row.push_back(cutoff_cell(r.cutoff, kCutoffBasis));
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table bilateral_table(const SessionAnalysis& analysis) {
  // involved_side: the session's (left, right, none, unknown); lsi_numerator_side: the
  // side over the other in lsi_percent (the involved one, or the reference side).
  static const Columns<BilateralComparison> values(
      fields::bilateral_fields(),
      {"muscle", "contraction", "velocity_deg_s", "left_nm", "right_nm", "deficit_percent", "lsi_percent", "flag"});
  static const Columns<BilateralComparison> numerator(fields::bilateral_fields(), {"lsi_numerator_side"});
  Table table{{"subject_id", "muscle", "contraction", "velocity_deg_s", "left_nm", "right_nm", "deficit_percent",
               "lsi_percent", "flag", "involved_side", "lsi_numerator_side", "deficit_cutoff_id", "lsi_cutoff_id"},
              {}};
  const std::string subject = subject_id(analysis);
  const std::string involved = involved_side(analysis);
  for (const auto& b : analysis.bilateral) {
    std::vector<std::string> row{subject};
    values.append(row, b);
    row.push_back(involved);
    numerator.append(row, b);
    row.push_back(cutoff_cell(b.deficit_cutoff, kCutoffId));
    row.push_back(cutoff_cell(b.lsi_cutoff, kCutoffId));
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace isokin::exporting
