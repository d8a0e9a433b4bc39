#include "export/analysis_tables.hpp"

#include "export/csv_writer.hpp"

namespace isokin::exporting {

using nlohmann::json;

std::string cell(const json& value) {
  if (value.is_null()) return {};
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return format_number(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string cell(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it == object.end() ? std::string() : cell(*it);
}

namespace {
const json& array_of(const json& object, const char* key) {
  static const json empty = json::array();
  if (!object.is_object()) return empty;
  const auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : empty;
}

std::string subject_id(const json& analysis) { return cell(analysis.value("subject", json::object()), "id"); }

// The session's involved limb: left, right, none or unknown (older JSON: empty).
std::string involved_side(const json& analysis) { return cell(analysis.value("involved", json::object()), "side"); }

std::string cutoff_field(const json& row, const char* cutoff_key, const char* field) {
  return cell(row.is_object() ? row.value(cutoff_key, json(nullptr)) : json(nullptr), field);
}
}  // namespace

const std::vector<std::string>& effort_summary_fields() {
  // New fields go at the end: scripts reading the older columns by position keep working.
  static const std::vector<std::string> fields{"peak_torque_nm",
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
  return fields;
}

Table effort_table(const json& analysis) {
  Table table{{"subject_id", "body_mass_kg", "trial_id", "side", "mode", "trial_velocity_deg_s", "muscle", "contraction",
               "velocity_deg_s", "reps"},
              {}};
  for (const auto& f : effort_summary_fields()) table.columns.push_back(f);
  table.columns.emplace_back("involved_side");
  const std::string subject = subject_id(analysis);
  const std::string mass = cell(analysis.value("subject", json::object()), "body_mass_kg");
  const std::string involved = involved_side(analysis);
  for (const auto& trial : array_of(analysis, "trials")) {
    for (const auto& effort : array_of(trial, "efforts")) {
      std::vector<std::string> row{subject,
                                   mass,
                                   cell(trial, "id"),
                                   cell(trial, "side"),
                                   cell(trial, "mode"),
                                   cell(trial, "velocity_deg_s"),
                                   cell(effort, "muscle"),
                                   cell(effort, "contraction"),
                                   cell(effort, "velocity_deg_s"),
                                   std::to_string(array_of(effort, "reps").size())};
      for (const auto& f : effort_summary_fields()) row.push_back(cell(effort, f.c_str()));
      row.push_back(involved);
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

Table repetition_table(const json& analysis) {
  static const char* rep_fields[] = {"peak_torque_nm", "angle_at_peak_deg", "time_to_peak_s", "work_j", "mean_power_w"};
  Table table{{"subject_id", "trial_id", "side", "muscle", "contraction", "velocity_deg_s", "rep"}, {}};
  for (const char* f : rep_fields) table.columns.emplace_back(f);
  const std::string subject = subject_id(analysis);
  for (const auto& trial : array_of(analysis, "trials")) {
    for (const auto& effort : array_of(trial, "efforts")) {
      std::size_t n = 0;
      for (const auto& rep : array_of(effort, "reps")) {
        ++n;
        std::vector<std::string> row{subject,
                                     cell(trial, "id"),
                                     cell(trial, "side"),
                                     cell(effort, "muscle"),
                                     cell(effort, "contraction"),
                                     cell(effort, "velocity_deg_s"),
                                     rep.contains("repetition") ? cell(rep, "repetition") : std::to_string(n)};
        for (const char* f : rep_fields) row.push_back(cell(rep, f));
        table.rows.push_back(std::move(row));
      }
    }
  }
  return table;
}

Table ratio_table(const json& analysis) {
  // value is gravity-corrected when the trials were; compared_value is the one the
  // cut-off was compared with (on the cut-off's basis).
  Table table{{"subject_id", "side", "kind", "velocity_deg_s", "hamstrings_velocity_deg_s", "quadriceps_velocity_deg_s",
               "value", "flag", "gravity_corrected", "value_uncorrected", "compared_value", "compared_basis", "cutoff_id",
               "cutoff_value", "cutoff_basis"},
              {}};
  const std::string subject = subject_id(analysis);
  for (const auto& ratio : array_of(analysis, "ratios")) {
    const std::string kind = cell(ratio, "kind");
    if (kind != "conventional" && kind != "functional") continue;
    table.rows.push_back({subject, cell(ratio, "side"), kind, cell(ratio, "velocity_deg_s"),
                          cell(ratio, "hamstrings_velocity_deg_s"), cell(ratio, "quadriceps_velocity_deg_s"),
                          cell(ratio, "value"), cell(ratio, "flag"), cell(ratio, "gravity_corrected"),
                          cell(ratio, "value_uncorrected"), cell(ratio, "compared_value"),
                          cell(ratio, "compared_basis"), cutoff_field(ratio, "cutoff", "id"),
                          cutoff_field(ratio, "cutoff", "value"), cutoff_field(ratio, "cutoff", "basis")});
  }
  return table;
}

Table bilateral_table(const json& analysis) {
  // involved_side: the session's (left, right, none, unknown); lsi_numerator_side: the
  // side over the other in lsi_percent (the involved one, or the reference side).
  Table table{{"subject_id", "muscle", "contraction", "velocity_deg_s", "left_nm", "right_nm", "deficit_percent",
               "lsi_percent", "flag", "involved_side", "lsi_numerator_side", "deficit_cutoff_id", "lsi_cutoff_id"},
              {}};
  const std::string subject = subject_id(analysis);
  const std::string involved = involved_side(analysis);
  for (const auto& b : array_of(analysis, "bilateral")) {
    table.rows.push_back({subject, cell(b, "muscle"), cell(b, "contraction"), cell(b, "velocity_deg_s"),
                          cell(b, "left_nm"), cell(b, "right_nm"), cell(b, "deficit_percent"), cell(b, "lsi_percent"),
                          cell(b, "flag"), involved, cell(b, "lsi_numerator_side"),
                          cutoff_field(b, "deficit_cutoff", "id"), cutoff_field(b, "lsi_cutoff", "id")});
  }
  return table;
}

}  // namespace isokin::exporting
