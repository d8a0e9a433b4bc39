// The JSON carries exactly the names issue 5 promises, with torques as magnitudes.
#include <gtest/gtest.h>

#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_json.hpp"
#include "analysis_json/analysis_report.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::test::half_sine;
using isokin::test::make_trial;
using isokin::test::SyntheticSpec;
using nlohmann::json;

namespace {

Session session() {
  Session s;
  s.info.subject.id = "S07";
  s.info.subject.body_mass_kg = 70;
  for (Side side : {Side::left, Side::right}) {
    SyntheticSpec c;
    c.id = std::string(to_string(side)) + "-60";
    c.side = side;
    c.torque = [=](int, Motion m, double a) {
      const double k = side == Side::left ? 1.0 : 0.8;
      return m == Motion::extension ? half_sine(200 * k, 0, 90, a) : -half_sine(110, 0, 90, a);
    };
    s.trials.push_back(make_trial(c));
    SyntheticSpec e;
    e.id = std::string(to_string(side)) + "-ecc30";
    e.side = side;
    e.mode = TestMode::ecc_ecc;
    e.velocity_deg_s = 30;
    e.torque = [](int, Motion m, double a) {
      return m == Motion::extension ? -half_sine(150, 0, 90, a) : half_sine(250, 0, 90, a);
    };
    s.trials.push_back(make_trial(e));
  }
  return s;
}

void expect_keys(const json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) EXPECT_TRUE(j.contains(k)) << "missing \"" << k << "\" in " << j.dump().substr(0, 200);
}

}  // namespace

TEST(AnalysisJson, Schema_HasEveryIssueName) {
  const json j = analysis_json::to_json(analyze_session(session(), AnalysisOptions{}), "isokin test");
  EXPECT_EQ(j["schema"], "isokin-analysis");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["program"], "isokin test");
  EXPECT_EQ(j["subject"]["id"], "S07");
  EXPECT_EQ(j["subject"]["body_mass_kg"], 70.0);
  ASSERT_EQ(j["trials"].size(), 4u);
  const json& t = j["trials"][0];
  expect_keys(t, {"id", "side", "mode", "velocity_deg_s", "efforts"});
  EXPECT_EQ(t["side"], "left");
  EXPECT_EQ(t["mode"], "con-con");
  ASSERT_EQ(t["efforts"].size(), 2u);
  const json& e = t["efforts"][1];
  expect_keys(e, {"muscle", "contraction", "velocity_deg_s", "reps", "peak_torque_nm", "mean_peak_torque_nm",
                  "peak_torque_per_kg", "total_work_j", "cv_percent", "work_fatigue_percent",
                  "fatigue_slope_percent_per_rep"});
  EXPECT_EQ(e["muscle"], "hamstrings");
  EXPECT_EQ(e["contraction"], "concentric");
  EXPECT_GT(e["peak_torque_nm"].get<double>(), 0.0);  // magnitude though flexion torque is negative
  for (const json& r : e["reps"]) {
    expect_keys(r, {"peak_torque_nm", "angle_at_peak_deg", "time_to_peak_s", "work_j", "mean_power_w"});
    EXPECT_GT(r["work_j"].get<double>(), 0.0);
  }
  EXPECT_EQ(j["trials"][1]["efforts"][0]["contraction"], "eccentric");

  bool conventional = false, functional = false, angle_specific = false, per_rep = false;
  for (const json& r : j["ratios"]) {
    expect_keys(r, {"side", "kind"});
    const std::string kind = r["kind"];
    if (kind == "conventional") {
      conventional = true;
      expect_keys(r, {"velocity_deg_s", "value", "flag"});
    } else if (kind == "functional") {
      functional = true;
      expect_keys(r, {"hamstrings_velocity_deg_s", "quadriceps_velocity_deg_s", "value", "flag"});
    } else if (kind == "angle-specific") {
      angle_specific = true;
      expect_keys(r, {"velocity_deg_s", "angles_deg", "values"});
      EXPECT_EQ(r["angles_deg"].size(), r["values"].size());
    } else if (kind == "per-repetition") {
      per_rep = true;
      expect_keys(r, {"velocity_deg_s", "values"});
    }
  }
  EXPECT_TRUE(conventional && functional && angle_specific && per_rep);
  ASSERT_FALSE(j["bilateral"].empty());
  for (const json& b : j["bilateral"])
    expect_keys(b, {"muscle", "contraction", "velocity_deg_s", "left_nm", "right_nm", "deficit_percent",
                    "lsi_percent", "flag"});
}

TEST(AnalysisJson, Report_ShowsRatiosFlagsAndDeficits) {
  const std::string report = analysis_json::format_report(analyze_session(session(), AnalysisOptions{}));
  EXPECT_NE(report.find("H:Q ratios"), std::string::npos);
  EXPECT_NE(report.find("conventional"), std::string::npos);
  EXPECT_NE(report.find("functional"), std::string::npos);
  EXPECT_NE(report.find("Left / right"), std::string::npos);
  EXPECT_NE(report.find("Croisier et al. 2008"), std::string::npos);
  EXPECT_NE(report.find("20.0"), std::string::npos);  // the 20 % quadriceps deficit
}

TEST(AnalysisJson, Report_HeaderNamesTheInvolvedSideOnce) {
  Session s = session();
  EXPECT_NE(analysis_json::format_report(analyze_session(s, AnalysisOptions{})).find("trials 4  involved side not given\n"),
            std::string::npos);
  s.info.involved = InvolvedSide::right;
  EXPECT_NE(analysis_json::format_report(analyze_session(s, AnalysisOptions{})).find("trials 4  involved side right\n"),
            std::string::npos);
}
