// Bad input never crashes and never puts NaN in the JSON: no movement, noise, NaN
// samples, a reversed velocity channel, one repetition, empty trials.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_json.hpp"
#include "analysis_json/analysis_report.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::test::half_sine;
using isokin::test::make_trial;
using isokin::test::SyntheticSpec;

namespace {

bool has_message(const TrialAnalysis& t, const std::string& code) {
  for (const auto& m : t.messages)
    if (m.code == code) return true;
  return false;
}

void expect_finite(const nlohmann::json& j) {
  if (j.is_number_float()) {
    EXPECT_TRUE(std::isfinite(j.get<double>()));
  }
  if (j.is_structured()) {
    for (const auto& child : j) expect_finite(child);
  }
}

// The JSON holds no NaN or infinity (in memory or as text) and parses back.
void expect_clean_json(const SessionAnalysis& a) {
  const nlohmann::json j = analysis_json::to_json(a);
  expect_finite(j);
  const std::string text = j.dump();
  EXPECT_EQ(text.find(":NaN"), std::string::npos);
  EXPECT_EQ(text.find("Infinity,"), std::string::npos);
  const auto back = nlohmann::json::parse(text);  // strict parser: a NaN token would throw
  EXPECT_TRUE(back.is_object());
  EXPECT_FALSE(analysis_json::format_report(a).empty());
}

SessionAnalysis analyze_one(Trial t) {
  Session s;
  s.info.subject.id = "X";
  s.trials.push_back(std::move(t));
  return analyze_session(s, AnalysisOptions{});
}

Trial good_trial(int reps = 3) {
  SyntheticSpec s;
  s.reps = reps;
  s.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(200, 0, 90, a) : -half_sine(100, 0, 90, a);
  };
  return make_trial(s);
}

}  // namespace

TEST(BadInput, NoMovement_MessageNoEfforts) {
  Trial t;
  t.info.id = "still";
  t.info.velocity_ext_deg_s = t.info.velocity_flex_deg_s = 60;
  t.info.reps_requested = 5;
  for (int i = 0; i < 3000; ++i) t.samples.push_back({i * 0.001, 5.0 * std::sin(i * 0.01), 45.0, 0.0});
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "no-movement"));
  EXPECT_TRUE(a.trials[0].efforts.empty());
  expect_clean_json(a);
}

TEST(BadInput, NoiseOnly_MessageNoEfforts) {
  Trial t;
  t.info.id = "noise";
  t.info.velocity_ext_deg_s = t.info.velocity_flex_deg_s = 60;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  for (int i = 0; i < 5000; ++i)
    t.samples.push_back({i * 0.001, 20 * noise(rng), 45 + 5 * noise(rng), 80 * noise(rng)});
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "noise-only") || has_message(a.trials[0], "no-movement"));
  EXPECT_TRUE(a.trials[0].efforts.empty());
  expect_clean_json(a);
}

TEST(BadInput, NanSamples_BridgedAndReported) {
  Trial t = good_trial();
  for (std::size_t i = 900; i < 920; ++i) t.samples.torque_nm[i] = NAN;
  t.samples.angle_deg[1500] = INFINITY;
  t.samples.velocity_deg_s[0] = NAN;
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "nan-samples"));
  ASSERT_FALSE(a.trials[0].efforts.empty());
  EXPECT_NEAR(a.trials[0].efforts[0].summary.peak_torque_nm, 200.0, 2.0);
  expect_clean_json(a);
}

TEST(BadInput, AllNanChannel_MessageNoCrash) {
  Trial t = good_trial();
  for (double& v : t.samples.torque_nm) v = NAN;
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "nan-samples"));
  EXPECT_TRUE(a.trials[0].efforts.empty());
  expect_clean_json(a);
}

TEST(BadInput, ReversedVelocity_FlippedReportedAndMeasured) {
  Trial t = good_trial();
  for (double& v : t.samples.velocity_deg_s) v = -v;
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "velocity-sign"));
  EXPECT_TRUE(a.trials[0].velocity_sign_flipped);
  ASSERT_EQ(a.trials[0].efforts.size(), 2u);
  EXPECT_EQ(a.trials[0].efforts[0].muscle, Muscle::quadriceps);
  EXPECT_NEAR(a.trials[0].efforts[0].summary.peak_torque_nm, 200.0, 1.0);
  expect_clean_json(a);
}

TEST(BadInput, OneRepetition_ReportedNoCvNoFatigue) {
  Trial t = good_trial(1);
  t.info.reps_requested = 1;
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "one-rep"));
  ASSERT_FALSE(a.trials[0].efforts.empty());
  const auto& s = a.trials[0].efforts[0].summary;
  EXPECT_NEAR(s.peak_torque_nm, 200.0, 1.0);
  EXPECT_TRUE(std::isnan(s.cv_percent));
  EXPECT_TRUE(std::isnan(s.torque_fatigue.linear.slope));
  expect_clean_json(a);
  const auto j = analysis_json::to_json(a);
  EXPECT_TRUE(j["trials"][0]["efforts"][0]["cv_percent"].is_null());
}

TEST(BadInput, EmptyAndTinyTrials_NoCrash) {
  Trial empty;
  empty.info.id = "empty";
  Trial tiny;
  tiny.info.id = "tiny";
  tiny.samples.push_back({0, 1, 2, 3});
  Session s;
  s.trials.push_back(empty);
  s.trials.push_back(tiny);
  const SessionAnalysis a = analyze_session(s, AnalysisOptions{});
  EXPECT_TRUE(has_message(a.trials[0], "no-movement"));
  EXPECT_TRUE(has_message(a.trials[1], "no-movement"));
  expect_clean_json(a);
}

TEST(BadInput, PassiveTrial_MessageNoEfforts) {
  Trial t = good_trial();
  t.info.mode = TestMode::passive;
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "isometric"));
  EXPECT_TRUE(a.trials[0].efforts.empty());
  expect_clean_json(a);
}

TEST(BadInput, IsometricTrialOfNoise_NoContractionReported) {
  Trial t;
  t.info.id = "iso";
  t.info.mode = TestMode::isometric;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.5);
  for (int i = 0; i < 5000; ++i) t.samples.push_back({i / 1000.0, noise(rng), 60 + noise(rng) * 0.01, 0});
  const SessionAnalysis a = analyze_one(t);
  EXPECT_TRUE(has_message(a.trials[0], "noise-only"));
  EXPECT_TRUE(a.trials[0].efforts.empty());
  expect_clean_json(a);
}

TEST(BadInput, NoBodyMass_SessionMessageNullPerKg) {
  const SessionAnalysis a = analyze_one(good_trial());
  bool found = false;
  for (const auto& m : a.messages) found |= m.code == "no-body-mass";
  EXPECT_TRUE(found);
  const auto j = analysis_json::to_json(a);
  EXPECT_TRUE(j["subject"]["body_mass_kg"].is_null());
  EXPECT_TRUE(j["trials"][0]["efforts"][0]["peak_torque_per_kg"].is_null());
}

TEST(BadInput, LowSampleRate_FilterSkippedReported) {
  SyntheticSpec s;
  s.rate_hz = 30;  // Nyquist 15 Hz, below the 20 Hz default
  s.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(200, 0, 90, a) : -half_sine(100, 0, 90, a);
  };
  const SessionAnalysis a = analyze_one(make_trial(s));
  EXPECT_TRUE(has_message(a.trials[0], "filter-skipped"));
  expect_clean_json(a);
}
