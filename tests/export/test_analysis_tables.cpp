#include <gtest/gtest.h>

#include "export/analysis_tables.hpp"

using namespace isokin::exporting;
using nlohmann::json;

namespace {
// A hand-written analysis in the issue-5 JSON shape (not produced by isokin).
json sample_analysis() {
  return json::parse(R"({
    "schema": "isokin-analysis", "version": 1,
    "subject": {"id": "S9", "body_mass_kg": 80.5},
    "trials": [{"id": "01-left", "side": "left", "mode": "con-con", "velocity_deg_s": 60,
                "efforts": [{"muscle": "quadriceps", "contraction": "concentric", "velocity_deg_s": 60,
                             "reps": [{"peak_torque_nm": 201.25, "angle_at_peak_deg": 61, "time_to_peak_s": 0.3,
                                       "work_j": 150, "mean_power_w": 90},
                                      {"peak_torque_nm": 199, "angle_at_peak_deg": 60, "time_to_peak_s": 0.31,
                                       "work_j": 148, "mean_power_w": 89}],
                             "peak_torque_nm": 201.25, "mean_peak_torque_nm": 200.125, "peak_torque_per_kg": null,
                             "total_work_j": 298, "cv_percent": 0.79, "work_fatigue_percent": null,
                             "fatigue_slope_percent_per_rep": -1.1}]}],
    "ratios": [{"side": "left", "kind": "conventional", "velocity_deg_s": 60, "value": 0.55, "flag": false},
               {"side": "left", "kind": "angle-specific", "velocity_deg_s": 60, "angles_deg": [30], "values": [0.5]},
               {"side": "left", "kind": "functional", "hamstrings_velocity_deg_s": 30,
                "quadriceps_velocity_deg_s": 240, "value": 0.75, "flag": true}],
    "bilateral": [{"muscle": "quadriceps", "contraction": "concentric", "velocity_deg_s": 60, "left_nm": 201.25,
                   "right_nm": 170, "deficit_percent": 15.5, "lsi_percent": 84.5, "flag": true}]})");
}

std::string at(const Table& t, std::size_t row, const std::string& column) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == column) return t.rows.at(row).at(c);
  }
  ADD_FAILURE() << "no column " << column;
  return {};
}
}  // namespace

TEST(EffortTable, OneEffort_OneRowWithJsonValues) {
  const Table t = effort_table(sample_analysis());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].size(), t.columns.size());
  EXPECT_EQ(at(t, 0, "subject_id"), "S9");
  EXPECT_EQ(at(t, 0, "body_mass_kg"), "80.5");
  EXPECT_EQ(at(t, 0, "trial_id"), "01-left");
  EXPECT_EQ(at(t, 0, "reps"), "2");
  EXPECT_EQ(at(t, 0, "peak_torque_nm"), "201.25");
  EXPECT_EQ(at(t, 0, "peak_torque_per_kg"), "");  // null -> empty cell
  EXPECT_EQ(at(t, 0, "fatigue_slope_percent_per_rep"), "-1.1");
}

TEST(RepetitionTable, TwoReps_NumberedFromOne) {
  const Table t = repetition_table(sample_analysis());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(at(t, 0, "rep"), "1");
  EXPECT_EQ(at(t, 1, "rep"), "2");
  EXPECT_EQ(at(t, 1, "peak_torque_nm"), "199");
}

TEST(RatioTable, CurvesLeftOut_ScalarRatiosKept) {
  const Table t = ratio_table(sample_analysis());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(at(t, 0, "kind"), "conventional");
  EXPECT_EQ(at(t, 0, "flag"), "false");
  EXPECT_EQ(at(t, 1, "hamstrings_velocity_deg_s"), "30");
  EXPECT_EQ(at(t, 1, "velocity_deg_s"), "");
  EXPECT_EQ(at(t, 1, "flag"), "true");
}

TEST(BilateralTable, OneComparison_LsiAndFlag) {
  const Table t = bilateral_table(sample_analysis());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(at(t, 0, "lsi_percent"), "84.5");
  EXPECT_EQ(at(t, 0, "flag"), "true");
}

TEST(EffortTable, EmptyObject_HeaderOnly) {
  const Table t = effort_table(json::object());
  EXPECT_TRUE(t.rows.empty());
  EXPECT_EQ(t.columns.front(), "subject_id");
}

// Issue 17: the columns a cohort study needs beside each value.
TEST(AnalysisTables, Issue17Columns_AnglePeakUncorrectedFatigueCutoffBasisInvolvedSide) {
  const json a = json::parse(R"({
    "subject": {"id": "S9"}, "involved": {"side": "right", "reference_side": null},
    "trials": [{"id": "t", "side": "right", "efforts": [{"muscle": "quadriceps", "contraction": "concentric",
                "velocity_deg_s": 180, "reps": [], "peak_torque_nm": 150, "peak_torque_uncorrected_nm": 141.5,
                "angle_at_peak_deg": 62, "thorstensson_fatigue_index_percent": 18.4,
                "endurance_ratio_percent": 85.4, "work_fatigue_percent": 16.5}]}],
    "ratios": [{"side": "right", "kind": "conventional", "velocity_deg_s": 60, "gravity_corrected": true,
                "value": 0.46, "value_uncorrected": 0.51, "compared_value": 0.51, "compared_basis": "uncorrected",
                "cutoff": {"id": "hq-conventional-60", "value": 0.47, "basis": "uncorrected"}, "flag": false}],
    "bilateral": [{"muscle": "quadriceps", "contraction": "concentric", "velocity_deg_s": 60, "left_nm": 200,
                   "right_nm": 208, "deficit_percent": -4, "lsi_percent": 104, "flag": false,
                   "lsi_numerator_side": "right", "lsi_cutoff": {"id": "lsi-return-to-sport-90"},
                   "deficit_cutoff": {"id": "bilateral-deficit-15"}}]})");
  const Table e = effort_table(a);
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_EQ(at(e, 0, "angle_at_peak_deg"), "62");
  EXPECT_EQ(at(e, 0, "peak_torque_uncorrected_nm"), "141.5");
  EXPECT_EQ(at(e, 0, "work_fatigue_percent"), "16.5");
  EXPECT_EQ(at(e, 0, "thorstensson_fatigue_index_percent"), "18.4");
  EXPECT_EQ(at(e, 0, "endurance_ratio_percent"), "85.4");
  EXPECT_EQ(at(e, 0, "involved_side"), "right");
  const Table r = ratio_table(a);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(at(r, 0, "value"), "0.46");
  EXPECT_EQ(at(r, 0, "value_uncorrected"), "0.51");
  EXPECT_EQ(at(r, 0, "compared_value"), "0.51");
  EXPECT_EQ(at(r, 0, "compared_basis"), "uncorrected");
  EXPECT_EQ(at(r, 0, "cutoff_id"), "hq-conventional-60");
  EXPECT_EQ(at(r, 0, "cutoff_basis"), "uncorrected");
  const Table b = bilateral_table(a);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(at(b, 0, "involved_side"), "right");
  EXPECT_EQ(at(b, 0, "lsi_numerator_side"), "right");
  EXPECT_EQ(at(b, 0, "lsi_percent"), "104");
  EXPECT_EQ(at(b, 0, "lsi_cutoff_id"), "lsi-return-to-sport-90");
}
