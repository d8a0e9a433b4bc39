// The scalar fields of the analysis results under their names in the schema
// "isokin-analysis" version 1 (issue 5): the one definition that the JSON
// (analysis_json.cpp) and the CSV tables (export/analysis_tables.hpp, which
// `isokin export` and `isokin batch` write) both read. A table cell is therefore
// exactly the value `isokin analyze --json` prints under the same name, without the
// tables going through the JSON (building it was a sixth of a batch worker's time).
//
// Nested objects and arrays (repetitions, curves, cut-off rows, messages) are not
// fields here: the JSON builds them from the fields of their own records.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <variant>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis_json {

// The field is not written for this record (a ratio of a kind that has no such field).
struct Absent {};
// A field's value: absent, null (a value the analysis could not compute, never NaN or
// infinity), a boolean, an integer, a number, or text. Text views the record (or a
// static name): use it before the record goes.
using FieldValue = std::variant<Absent, std::nullptr_t, bool, long long, double, std::string_view>;

// A finite number, or null.
FieldValue number_field(double value);

template <class Record>
struct Field {
  const char* name;
  FieldValue (*value)(const Record&);
};

// Each record's scalar fields. The order is not the JSON's (its objects are written
// with sorted keys) nor a table's (each table names its columns).
std::span<const Field<analysis::SessionAnalysis>> subject_fields();   // "subject": id, body_mass_kg
std::span<const Field<analysis::SessionAnalysis>> involved_fields();  // "involved": side, reference_side, caveat
std::span<const Field<analysis::TrialAnalysis>> trial_fields();
std::span<const Field<analysis::EffortAnalysis>> effort_fields();
std::span<const Field<analysis::RepetitionMetrics>> repetition_fields();
std::span<const Field<analysis::HqRatio>> ratio_fields();
std::span<const Field<analysis::BilateralComparison>> bilateral_fields();
std::span<const Field<analysis::Cutoff>> cutoff_fields();

// Which fields a ratio of this kind has beside its scalars: a cut-off (peak-torque
// ratios), curves (angle-specific, per-repetition), a trend (per-repetition).
bool is_peak_ratio(analysis::RatioKind kind);

// The field called `name` in `fields`; throws std::logic_error naming it when there is
// none (a table asking for a name the schema does not have: a programming error).
template <class Record>
const Field<Record>& field_named(std::span<const Field<Record>> fields, std::string_view name);

}  // namespace isokin::analysis_json
