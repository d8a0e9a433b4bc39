// The analysis results flattened into tables a spreadsheet, pandas or R reads
// directly (`isokin export`'s efforts/repetitions/ratios/bilateral.csv, and the
// batch tables).
//
// A column is a field of the schema "isokin-analysis" (issue 5), read through the
// same field definitions the JSON is written from (analysis_json/analysis_fields.hpp):
// a cell is exactly the value `isokin analyze --json` prints under that name, and
// the column names are the JSON's field names. Numbers use the shortest text that
// reads back to the same float64; null (a value the analysis could not compute) and
// a field the record does not have are empty cells; booleans are true/false.
#pragma once

#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_fields.hpp"
#include "export/table.hpp"

namespace isokin::exporting {

// A field's value as a CSV cell (see above).
std::string cell(const analysis_json::FieldValue& value);

// One row per trial and effort: subject_id, body_mass_kg, trial_id, side, mode,
// trial_velocity_deg_s, muscle, contraction, velocity_deg_s, reps, then the effort's
// summary fields (peak_torque_nm ... endurance_ratio_percent), involved_side.
Table effort_table(const analysis::SessionAnalysis& analysis);

// One row per repetition of each effort: subject_id, trial_id, side, muscle,
// contraction, velocity_deg_s, rep (1-based), then the repetition's fields.
Table repetition_table(const analysis::SessionAnalysis& analysis);

// The single-number ratios (conventional and functional): subject_id, side, kind,
// velocity_deg_s, hamstrings_velocity_deg_s, quadriceps_velocity_deg_s, value, flag, ...
// Curves (angle-specific, per-repetition) stay in analysis.json.
Table ratio_table(const analysis::SessionAnalysis& analysis);

// Left against right: subject_id, muscle, contraction, velocity_deg_s, left_nm,
// right_nm, deficit_percent, lsi_percent, flag, ...
Table bilateral_table(const analysis::SessionAnalysis& analysis);

// The summary fields of an effort, in table order (also the batch table's).
const std::vector<std::string>& effort_summary_fields();

}  // namespace isokin::exporting
