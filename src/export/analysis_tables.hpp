// The analysis JSON (issue 5's "isokin-analysis" version 1, as `isokin analyze --json`
// prints it) flattened into tables a spreadsheet, pandas or R reads directly.
//
// Built from the JSON rather than the C++ result types on purpose: a table cell is
// then exactly the number `isokin analyze --json` prints for the same file, and the
// column names are the JSON's field names. Numbers use the shortest text that reads
// back to the same float64; null (a value the analysis could not compute) is an
// empty cell; booleans are true/false.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "export/table.hpp"

namespace isokin::exporting {

// A JSON scalar as a CSV cell (see above); objects and arrays are written as JSON text.
std::string cell(const nlohmann::json& value);

// The field `key` of `object` as a cell; absent = empty.
std::string cell(const nlohmann::json& object, const char* key);

// One row per trial and effort: subject_id, body_mass_kg, trial_id, side, mode,
// trial_velocity_deg_s, muscle, contraction, velocity_deg_s, reps, then the effort's
// summary fields (peak_torque_nm ... fatigue_slope_percent_per_rep).
Table effort_table(const nlohmann::json& analysis);

// One row per repetition of each effort: subject_id, trial_id, side, muscle,
// contraction, velocity_deg_s, rep (1-based), then the repetition's fields.
Table repetition_table(const nlohmann::json& analysis);

// The single-number ratios (conventional and functional): subject_id, side, kind,
// velocity_deg_s, hamstrings_velocity_deg_s, quadriceps_velocity_deg_s, value, flag.
// Curves (angle-specific, per-repetition) stay in analysis.json.
Table ratio_table(const nlohmann::json& analysis);

// Left against right: subject_id, muscle, contraction, velocity_deg_s, left_nm,
// right_nm, deficit_percent, lsi_percent, flag.
Table bilateral_table(const nlohmann::json& analysis);

// The summary fields of an effort, in table order (also the batch table's).
const std::vector<std::string>& effort_summary_fields();

}  // namespace isokin::exporting
