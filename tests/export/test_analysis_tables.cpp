#include <gtest/gtest.h>

#include <cmath>

#include "analysis_json/analysis_json.hpp"
#include "export/analysis_tables.hpp"
#include "export/csv_writer.hpp"

using namespace isokin;
using namespace isokin::exporting;
using namespace isokin::analysis;
using nlohmann::json;

namespace {

RepetitionMetrics rep(int number, double peak_nm, double angle_deg, double time_s, double work_j, double power_w) {
  RepetitionMetrics r;
  r.repetition = number;
  r.peak_torque_nm = peak_nm;
  r.angle_at_peak_deg = angle_deg;
  r.time_to_peak_s = time_s;
  r.work_j = work_j;
  r.mean_power_w = power_w;
  return r;
}

Cutoff cutoff(const char* id, double value, CutoffBasis basis) {
  Cutoff c;
  c.id = id;
  c.value = value;
  c.basis = basis;
  return c;
}

// A hand-made analysis (values chosen, not computed by isokin): one effort of two
// repetitions, a ratio of each kind the tables keep or leave out, one comparison.
SessionAnalysis sample_analysis() {
  SessionAnalysis a;
  a.subject_id = "S9";
  a.body_mass_kg = 80.5;
  a.involved = InvolvedSide::right;
  TrialAnalysis t;
  t.id = "01-left";
  t.side = Side::left;
  t.mode = TestMode::con_con;
  t.velocity_deg_s = 60;
  EffortAnalysis e;
  e.muscle = Muscle::quadriceps;
  e.contraction = Contraction::concentric;
  e.velocity_deg_s = 60;
  e.reps = {rep(1, 201.25, 61, 0.3, 150, 90), rep(2, 199, 60, 0.31, 148, 89)};
  e.summary.peak_torque_nm = 201.25;
  e.summary.peak_torque_uncorrected_nm = 141.5;
  e.summary.mean_peak_torque_nm = 200.125;
  e.summary.total_work_j = 298;
  e.summary.cv_percent = 0.79;
  e.summary.torque_fatigue.linear.slope_percent_per_rep = -1.1;
  e.summary.thorstensson_fatigue_index_percent = 18.4;
  e.summary.endurance_ratio_percent = 85.4;
  t.efforts.push_back(e);
  a.trials.push_back(t);

  HqRatio conventional;
  conventional.kind = RatioKind::conventional;
  conventional.velocity_deg_s = 60;
  conventional.gravity_corrected = true;
  conventional.value = 0.46;
  conventional.value_uncorrected = 0.51;
  conventional.compared_value = 0.51;
  conventional.compared_uncorrected = true;
  conventional.cutoff = cutoff("hq-conventional-60", 0.47, CutoffBasis::uncorrected);
  a.ratios.push_back(conventional);
  HqRatio curve;
  curve.kind = RatioKind::angle_specific;
  curve.velocity_deg_s = 60;
  curve.angles_deg = {30};
  curve.values = {0.5};
  a.ratios.push_back(curve);
  HqRatio functional;
  functional.kind = RatioKind::functional;
  functional.hamstrings_velocity_deg_s = 30;
  functional.quadriceps_velocity_deg_s = 240;
  functional.value = 0.75;
  functional.flag = true;
  a.ratios.push_back(functional);

  BilateralComparison b;
  b.velocity_deg_s = 60;
  b.left_nm = 200;
  b.right_nm = 208;
  b.deficit_percent = -4;
  b.lsi_percent = 104;
  b.involved = Side::right;
  b.involved_assumed = false;
  b.lsi_cutoff = cutoff("lsi-return-to-sport-90", 90, CutoffBasis::any);
  b.deficit_cutoff = cutoff("bilateral-deficit-15", 15, CutoffBasis::any);
  a.bilateral.push_back(b);
  return a;
}

std::string at(const Table& t, std::size_t row, const std::string& column) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == column) return t.rows.at(row).at(c);
  }
  ADD_FAILURE() << "no column " << column;
  return {};
}

// A JSON scalar as the CSV cell it must equal (the rule analysis_tables.hpp states).
std::string json_cell(const json& v) {
  if (v.is_null()) return {};
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return format_number(v.get<double>());
  return v.get<std::string>();
}

std::string json_cell(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? std::string() : json_cell(*it);
}

}  // namespace

TEST(EffortTable, OneEffort_OneRowWithTheValues) {
  const Table t = effort_table(sample_analysis());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].size(), t.columns.size());
  EXPECT_EQ(at(t, 0, "subject_id"), "S9");
  EXPECT_EQ(at(t, 0, "body_mass_kg"), "80.5");
  EXPECT_EQ(at(t, 0, "trial_id"), "01-left");
  EXPECT_EQ(at(t, 0, "reps"), "2");
  EXPECT_EQ(at(t, 0, "peak_torque_nm"), "201.25");
  EXPECT_EQ(at(t, 0, "peak_torque_per_kg"), "");  // not computed -> empty cell
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
  EXPECT_EQ(at(t, 1, "velocity_deg_s"), "");  // a functional ratio has no single velocity
  EXPECT_EQ(at(t, 1, "flag"), "true");
  EXPECT_EQ(at(t, 1, "cutoff_id"), "");
}

TEST(BilateralTable, OneComparison_LsiAndFlag) {
  SessionAnalysis a = sample_analysis();
  a.bilateral[0].flag = true;
  const Table t = bilateral_table(a);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(at(t, 0, "lsi_percent"), "104");
  EXPECT_EQ(at(t, 0, "flag"), "true");
}

TEST(EffortTable, EmptyAnalysis_HeaderOnly) {
  const Table t = effort_table(SessionAnalysis{});
  EXPECT_TRUE(t.rows.empty());
  EXPECT_EQ(t.columns.front(), "subject_id");
}

// Issue 17: the columns a cohort study needs beside each value.
TEST(AnalysisTables, Issue17Columns_AnglePeakUncorrectedFatigueCutoffBasisInvolvedSide) {
  const SessionAnalysis a = sample_analysis();
  const Table e = effort_table(a);
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_EQ(at(e, 0, "angle_at_peak_deg"), "61");  // of the repetition that gave the peak
  EXPECT_EQ(at(e, 0, "peak_torque_uncorrected_nm"), "141.5");
  EXPECT_EQ(at(e, 0, "thorstensson_fatigue_index_percent"), "18.4");
  EXPECT_EQ(at(e, 0, "endurance_ratio_percent"), "85.4");
  EXPECT_EQ(at(e, 0, "involved_side"), "right");
  const Table r = ratio_table(a);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(at(r, 0, "value"), "0.46");
  EXPECT_EQ(at(r, 0, "value_uncorrected"), "0.51");
  EXPECT_EQ(at(r, 0, "compared_value"), "0.51");
  EXPECT_EQ(at(r, 0, "compared_basis"), "uncorrected");
  EXPECT_EQ(at(r, 0, "cutoff_id"), "hq-conventional-60");
  EXPECT_EQ(at(r, 0, "cutoff_value"), "0.47");
  EXPECT_EQ(at(r, 0, "cutoff_basis"), "uncorrected");
  const Table b = bilateral_table(a);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(at(b, 0, "involved_side"), "right");
  EXPECT_EQ(at(b, 0, "lsi_numerator_side"), "right");
  EXPECT_EQ(at(b, 0, "lsi_cutoff_id"), "lsi-return-to-sport-90");
  EXPECT_EQ(at(b, 0, "deficit_cutoff_id"), "bilateral-deficit-15");
}

// The tables are not built from the JSON, but every cell must be what the JSON holds
// under the column's name (the rule of analysis_tables.hpp).
TEST(AnalysisTables, EveryCell_WhatTheJsonHoldsUnderThatName) {
  const SessionAnalysis a = sample_analysis();
  const json j = analysis_json::to_json(a);
  const Table e = effort_table(a);
  const json& trial = j["trials"][0];
  const json& effort = trial["efforts"][0];
  EXPECT_EQ(at(e, 0, "subject_id"), json_cell(j["subject"], "id"));
  EXPECT_EQ(at(e, 0, "body_mass_kg"), json_cell(j["subject"], "body_mass_kg"));
  EXPECT_EQ(at(e, 0, "involved_side"), json_cell(j["involved"], "side"));
  EXPECT_EQ(at(e, 0, "trial_velocity_deg_s"), json_cell(trial, "velocity_deg_s"));
  for (const char* c : {"muscle", "contraction", "velocity_deg_s"}) EXPECT_EQ(at(e, 0, c), json_cell(effort, c)) << c;
  for (const auto& c : effort_summary_fields()) EXPECT_EQ(at(e, 0, c), json_cell(effort, c.c_str())) << c;

  const Table r = ratio_table(a);
  const std::size_t json_index[] = {0, 2};  // the angle-specific curve has no row
  for (std::size_t row = 0; row < 2; ++row) {
    const json& ratio = j["ratios"][json_index[row]];
    for (std::size_t c = 1; c < r.columns.size(); ++c) {
      const std::string& name = r.columns[c];
      if (name.rfind("cutoff_", 0) == 0) {
        const json& row_cutoff = ratio["cutoff"];
        EXPECT_EQ(r.rows[row][c], row_cutoff.is_null() ? "" : json_cell(row_cutoff, name.c_str() + 7)) << name;
      } else {
        EXPECT_EQ(r.rows[row][c], json_cell(ratio, name.c_str())) << name;
      }
    }
  }
  const Table b = bilateral_table(a);
  const json& comparison = j["bilateral"][0];
  for (const char* c : {"muscle", "contraction", "velocity_deg_s", "left_nm", "right_nm", "deficit_percent",
                        "lsi_percent", "flag", "lsi_numerator_side"})
    EXPECT_EQ(at(b, 0, c), json_cell(comparison, c)) << c;
  EXPECT_EQ(at(b, 0, "lsi_cutoff_id"), json_cell(comparison["lsi_cutoff"], "id"));
  const Table reps = repetition_table(a);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(at(reps, k, "rep"), json_cell(effort["reps"][k], "repetition"));
    for (const char* c : {"peak_torque_nm", "angle_at_peak_deg", "time_to_peak_s", "work_j", "mean_power_w"})
      EXPECT_EQ(at(reps, k, c), json_cell(effort["reps"][k], c)) << c;
  }
}
