// Isometric trials against analytic contractions: raised-cosine torque pulses at a
// held angle, whose peaks, time to peak and angle are known exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_json.hpp"

using namespace isokin;
using namespace isokin::analysis;

namespace {

constexpr double kHeld_deg = 60;
constexpr double kPulse_s = 2.0;  // each contraction: 0.5 (1 - cos(2 pi t / T)), peak at T / 2
constexpr double kRest_s = 1.0;
constexpr double kLimbHorizontal_nm = 10;  // gravity torque -10 cos(angle) in the measured torque

// Quadriceps 200, hamstrings 100, quadriceps 190, hamstrings 95, ... (three of each).
Trial isometric_trial() {
  Trial t;
  t.info.id = "iso-60";
  t.info.side = Side::right;
  t.info.mode = TestMode::isometric;
  t.info.sample_rate_hz = 1000;
  t.info.reps_requested = 3;
  t.info.gravity = LimbGravity{kLimbHorizontal_nm, 0};
  const double peaks[6] = {200, -100, 190, -95, 180, -90};
  const double gravity = -kLimbHorizontal_nm * std::cos(kHeld_deg * std::numbers::pi / 180);
  double time = 0;
  auto rest = [&] {
    for (int i = 0; i < static_cast<int>(kRest_s * 1000); ++i, time += 0.001) t.samples.push_back({time, gravity, kHeld_deg, 0});
  };
  rest();
  for (double peak : peaks) {
    for (int i = 0; i < static_cast<int>(kPulse_s * 1000); ++i, time += 0.001) {
      const double muscle = peak * 0.5 * (1 - std::cos(2 * std::numbers::pi * (i / 1000.0) / kPulse_s));
      t.samples.push_back({time, muscle + gravity, kHeld_deg, 0});
    }
    rest();
  }
  return t;
}

const EffortAnalysis* find_effort(const TrialAnalysis& t, Muscle m) {
  for (const auto& e : t.efforts)
    if (e.muscle == m) return &e;
  return nullptr;
}

}  // namespace

TEST(Isometric, RaisedCosinePulses_PeaksAngleAndTimeToPeakExact) {
  Session s;
  s.info.subject.id = "ISO";
  s.info.subject.body_mass_kg = 80;
  s.trials.push_back(isometric_trial());
  const SessionAnalysis a = analyze_session(s, AnalysisOptions{});
  const TrialAnalysis& t = a.trials.at(0);
  ASSERT_EQ(t.efforts.size(), 2u);
  EXPECT_EQ(t.reps_found, 3);
  EXPECT_TRUE(t.gravity_corrected);

  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps);
  const EffortAnalysis* h = find_effort(t, Muscle::hamstrings);
  ASSERT_TRUE(q && h);
  EXPECT_EQ(q->contraction, Contraction::isometric);
  EXPECT_EQ(h->contraction, Contraction::isometric);
  const double q_peaks[3] = {200, 190, 180}, h_peaks[3] = {100, 95, 90};
  // Onset: the last sample at or below 2.5 % of the peak: 0.5 (1 - cos x) = 0.025.
  const double onset_s = std::acos(1 - 2 * 0.025) / (2 * std::numbers::pi) * kPulse_s;
  const double time_to_peak_s = kPulse_s / 2 - onset_s;
  for (int r = 0; r < 3; ++r) {
    ASSERT_EQ(q->reps.size(), 3u);
    ASSERT_EQ(h->reps.size(), 3u);
    EXPECT_NEAR(q->reps[r].peak_torque_nm, q_peaks[r], 0.001 * q_peaks[r]) << r;
    EXPECT_NEAR(h->reps[r].peak_torque_nm, h_peaks[r], 0.001 * h_peaks[r]) << r;
    // Uncorrected: the limb's weight (5 N·m at 60 deg) pulls into flexion.
    EXPECT_NEAR(q->reps[r].peak_torque_uncorrected_nm, q_peaks[r] - 5, 0.001 * q_peaks[r]) << r;
    EXPECT_NEAR(h->reps[r].peak_torque_uncorrected_nm, h_peaks[r] + 5, 0.001 * h_peaks[r]) << r;
    EXPECT_DOUBLE_EQ(q->reps[r].angle_at_peak_deg, kHeld_deg);
    EXPECT_NEAR(q->reps[r].time_to_peak_s, time_to_peak_s, 0.003) << r;
    EXPECT_NEAR(h->reps[r].time_to_peak_s, time_to_peak_s, 0.003) << r;
    EXPECT_TRUE(std::isnan(q->reps[r].work_j));
  }
  EXPECT_NEAR(q->summary.peak_torque_nm, 200, 0.2);
  EXPECT_NEAR(q->summary.peak_torque_per_kg, 2.5, 0.003);
  EXPECT_NEAR(q->summary.mean_peak_torque_nm, 190, 0.2);

  // One isometric H:Q at the held angle: best H / best Q; no cut-off row applies.
  ASSERT_EQ(a.ratios.size(), 1u);
  EXPECT_EQ(a.ratios[0].kind, RatioKind::isometric);
  EXPECT_NEAR(a.ratios[0].value, 100.0 / 200.0, 0.001);
  EXPECT_NEAR(a.ratios[0].value_uncorrected, 105.0 / 195.0, 0.001);
  EXPECT_DOUBLE_EQ(a.ratios[0].angle_deg, kHeld_deg);
  EXPECT_FALSE(a.ratios[0].cutoff.has_value());
  const nlohmann::json j = analysis_json::to_json(a);
  EXPECT_EQ(j["ratios"][0]["kind"], "isometric");
  EXPECT_EQ(j["ratios"][0]["angle_deg"], kHeld_deg);
  const auto& effort = j["trials"][0]["efforts"][0];
  EXPECT_EQ(effort["contraction"], "isometric");
  EXPECT_TRUE(effort["reps"][0]["work_j"].is_null());
  EXPECT_TRUE(effort["total_work_j"].is_null());
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);
}

TEST(Isometric, BothSides_BilateralDeficitOfIsometricPeaks) {
  Session s;
  s.info.subject.id = "ISO";
  Trial right = isometric_trial();
  Trial left = isometric_trial();
  left.info.id = "iso-60-left";
  left.info.side = Side::left;
  for (double& torque : left.samples.torque_nm) torque *= 0.8;  // everything 20 % weaker, gravity too
  left.info.gravity = LimbGravity{0.8 * kLimbHorizontal_nm, 0};
  s.trials.push_back(right);
  s.trials.push_back(left);
  const SessionAnalysis a = analyze_session(s, AnalysisOptions{});
  bool found = false;
  for (const auto& b : a.bilateral) {
    if (b.muscle != Muscle::quadriceps || b.contraction != Contraction::isometric) continue;
    found = true;
    EXPECT_NEAR(b.deficit_percent, 20, 0.1);
    EXPECT_NEAR(b.lsi_percent, 80, 0.1);
    EXPECT_EQ(b.involved, Side::left);
    EXPECT_TRUE(b.flag);
  }
  EXPECT_TRUE(found);
}
