// Per-repetition and per-effort measures on synthetic trials whose truth is known in
// closed form (synthetic_trial.hpp): half-sine torque over 0-90 deg gives peak P at
// 45 deg and work P * (pi/2) * (2/pi) = P joules.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "analysis/session_analysis.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::test::half_sine;
using isokin::test::make_trial;
using isokin::test::SyntheticSpec;

namespace {

const EffortAnalysis* find_effort(const TrialAnalysis& t, Muscle m, Contraction c) {
  for (const auto& e : t.efforts)
    if (e.muscle == m && e.contraction == c) return &e;
  return nullptr;
}

bool has_message(const TrialAnalysis& t, const std::string& code) {
  for (const auto& m : t.messages)
    if (m.code == code) return true;
  return false;
}

SyntheticSpec half_sine_spec(double quad_peak, double ham_peak) {
  SyntheticSpec s;
  s.torque = [=](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(quad_peak, 0, 90, a) : -half_sine(ham_peak, 0, 90, a);
  };
  return s;
}

// No torque filter and no velocity smoothing: the measures must then be exact.
AnalysisOptions unfiltered() {
  AnalysisOptions o;
  o.filter_hz = 0;
  o.velocity_smoothing_s = 0;
  return o;
}

}  // namespace

TEST(TrialMeasures, HalfSineConCon_PeakAngleTimeWorkExact) {
  const Trial trial = make_trial(half_sine_spec(200, 100));
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  EXPECT_EQ(t.reps_found, 5);
  EXPECT_FALSE(has_message(t, "fewer-reps"));
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  const EffortAnalysis* h = find_effort(t, Muscle::hamstrings, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(q->reps.size(), 5u);
  ASSERT_EQ(h->reps.size(), 5u);
  EXPECT_EQ(q->motion, Motion::extension);
  EXPECT_EQ(h->motion, Motion::flexion);
  for (const auto& r : q->reps) {
    EXPECT_NEAR(r.peak_torque_nm, 200.0, 1e-6);
    EXPECT_NEAR(r.angle_at_peak_deg, 45.0, 0.06);
    EXPECT_NEAR(r.time_to_peak_s, 0.75, 0.002);             // 45 deg at 60 deg/s
    EXPECT_NEAR(r.work_j, 200.0, 200.0 * 1e-4);             // P * ROM_rad * 2/pi
    EXPECT_NEAR(r.mean_power_w, 200.0 / 1.5, 200.0 / 1.5 * 2e-3);
    EXPECT_NEAR(r.rom_deg, 90.0, 0.1);
    EXPECT_FALSE(r.cut_short);
    EXPECT_FALSE(r.velocity_overshoot);
    ASSERT_EQ(r.torque_at_angles.size(), 3u);
    EXPECT_NEAR(r.torque_at_angles[0].torque_nm, 200.0 * std::sin(std::numbers::pi * 30 / 90), 1e-3);
    EXPECT_NEAR(r.torque_at_angles[2].torque_nm, 200.0 * std::sin(std::numbers::pi * 60 / 90), 1e-3);
    EXPECT_GT(r.window_coverage_percent, 95.0);
  }
  for (const auto& r : h->reps) {
    EXPECT_NEAR(r.peak_torque_nm, 100.0, 1e-6);  // magnitude, though the torque is negative
    EXPECT_NEAR(r.angle_at_peak_deg, 45.0, 0.06);
    EXPECT_NEAR(r.work_j, 100.0, 100.0 * 1e-4);
  }
  EXPECT_NEAR(q->summary.peak_torque_nm, 200.0, 1e-6);
  EXPECT_NEAR(q->summary.mean_peak_torque_nm, 200.0, 1e-6);
  EXPECT_NEAR(q->summary.peak_torque_per_kg, 2.5, 1e-7);
  EXPECT_NEAR(q->summary.total_work_j, 1000.0, 0.1);
  EXPECT_NEAR(q->summary.work_per_kg, 12.5, 1e-3);
  EXPECT_NEAR(q->summary.cv_percent, 0.0, 1e-6);
  EXPECT_FALSE(q->summary.cv_flag);
  EXPECT_NEAR(q->velocity_deg_s, 60.0, 1e-12);
  // Angle-specific curve: mean of the reps on a 5 deg grid.
  ASSERT_FALSE(q->curve_angles_deg.empty());
  for (std::size_t k = 0; k < q->curve_angles_deg.size(); ++k)
    EXPECT_NEAR(q->curve_torque_nm[k], half_sine(200, 0, 90, q->curve_angles_deg[k]), 1e-3);
}

TEST(TrialMeasures, DefaultFilterWithAcceleration_PeakWithinHalfPercentAndWindowMeasured) {
  SyntheticSpec s = half_sine_spec(200, 100);
  s.accel_deg_s2 = 600;  // 0.1 s to reach 60 deg/s over 3 deg
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, AnalysisOptions{});
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  ASSERT_EQ(q->reps.size(), 5u);
  for (const auto& r : q->reps) {
    EXPECT_NEAR(r.peak_torque_nm, 200.0, 1.0);
    // Window: speed within 10 % (54 deg/s) is reached 0.09 s after onset, left 0.09 s before the stop.
    EXPECT_NEAR(r.acceleration_time_s, 0.09, 0.015);
    EXPECT_NEAR(r.deceleration_time_s, 0.09, 0.015);
    // Covered angle: 90 minus 2 * (54^2 / (2*600)) = 85.14 deg.
    EXPECT_NEAR(r.window_rom_deg, 90.0 - 2 * 54.0 * 54.0 / 1200.0, 1.0);
    EXPECT_NEAR(r.mean_velocity_deg_s, 60.0, 1.0);
  }
}

TEST(TrialMeasures, FatigueSet2PercentPerRep_SlopeAndIndicesExact) {
  SyntheticSpec s;
  s.reps = 12;
  s.torque = [](int rep, Motion m, double a) {
    const double scale = 1 - 0.02 * (rep - 1);
    return m == Motion::extension ? half_sine(200 * scale, 0, 90, a) : -half_sine(100 * scale, 0, 90, a);
  };
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  ASSERT_EQ(q->reps.size(), 12u);
  EXPECT_NEAR(q->summary.torque_fatigue.linear.slope_percent_per_rep, -2.0, 1e-6);
  EXPECT_NEAR(q->summary.torque_fatigue.linear.r_squared, 1.0, 1e-9);
  EXPECT_NEAR(q->summary.work_fatigue.linear.slope_percent_per_rep, -2.0, 1e-3);
  // Thirds of 12 = 4 reps: scales 1+.98+.96+.94 = 3.88 against .84+.82+.80+.78 = 3.24.
  EXPECT_NEAR(q->summary.work_fatigue_percent, 100.0 * (3.88 - 3.24) / 3.88, 1e-2);
  // Thorstensson: mean scale of reps 1-3 = 0.98, of 10-12 = 0.80.
  EXPECT_NEAR(q->summary.thorstensson_fatigue_index_percent, 100.0 * (1 - 0.80 / 0.98), 1e-6);
  // Endurance ratio: work of reps 8-12 (scale sum 4.1) over reps 1-5 (4.8).
  EXPECT_NEAR(q->summary.endurance_ratio_percent, 100.0 * 4.1 / 4.8, 1e-2);
  EXPECT_GT(q->summary.torque_fatigue.exponential.k_per_rep, 0.0);
}

TEST(TrialMeasures, GravityCorrected_RecoversMuscleTorqueAndReportsUncorrected) {
  SyntheticSpec s = half_sine_spec(200, 100);
  s.gravity_horizontal_nm = 30;
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  EXPECT_TRUE(t.gravity_corrected);
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  const EffortAnalysis* h = find_effort(t, Muscle::hamstrings, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  ASSERT_NE(h, nullptr);
  // Independent truth: the measured (uncorrected) peaks by brute force over the angle.
  double q_unc = -1e9, h_unc = -1e9;
  for (double a = 0; a <= 90; a += 0.001) {
    const double g = -30 * std::cos(a * std::numbers::pi / 180);
    q_unc = std::max(q_unc, half_sine(200, 0, 90, a) + g);
    h_unc = std::max(h_unc, half_sine(100, 0, 90, a) - g);
  }
  EXPECT_NEAR(q->summary.peak_torque_nm, 200.0, 1e-6);
  EXPECT_NEAR(h->summary.peak_torque_nm, 100.0, 1e-6);
  EXPECT_NEAR(q->summary.peak_torque_uncorrected_nm, q_unc, 0.01);
  EXPECT_NEAR(h->summary.peak_torque_uncorrected_nm, h_unc, 0.01);
  EXPECT_LT(q->summary.peak_torque_uncorrected_nm, 200.0);  // gravity hides quadriceps torque
  EXPECT_GT(h->summary.peak_torque_uncorrected_nm, 100.0);  // and adds to the hamstrings'

  AnalysisOptions no_gravity = unfiltered();
  no_gravity.gravity_correction = false;
  const TrialAnalysis u = analyze_trial(trial.info, trial.samples.span(), 80.0, no_gravity);
  EXPECT_FALSE(u.gravity_corrected);
  EXPECT_NEAR(find_effort(u, Muscle::quadriceps, Contraction::concentric)->summary.peak_torque_nm, q_unc, 0.01);
}

TEST(TrialMeasures, EccEcc_HamstringsEccentricInExtensionQuadricepsEccentricInFlexion) {
  SyntheticSpec s;
  s.mode = TestMode::ecc_ecc;
  s.velocity_deg_s = 30;
  s.reps = 3;
  s.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? -half_sine(150, 0, 90, a) : half_sine(250, 0, 90, a);
  };
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const EffortAnalysis* h = find_effort(t, Muscle::hamstrings, Contraction::eccentric);
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::eccentric);
  ASSERT_NE(h, nullptr);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(h->motion, Motion::extension);
  EXPECT_NEAR(h->summary.peak_torque_nm, 150.0, 1e-6);
  EXPECT_NEAR(q->summary.peak_torque_nm, 250.0, 1e-6);
  EXPECT_NEAR(h->reps[0].work_j, 150.0, 0.05);  // work magnitude, though absorbed
  EXPECT_FALSE(has_message(t, "torque-sign"));
}

TEST(TrialMeasures, ConEcc_NamedByTorqueSign) {
  // Hamstrings concentric in flexion, eccentric on the return (extension): both negative torque.
  SyntheticSpec s;
  s.mode = TestMode::con_ecc;
  s.velocity_deg_s = 30;
  s.reps = 3;
  s.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? -half_sine(130, 0, 90, a) : -half_sine(90, 0, 90, a);
  };
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  ASSERT_NE(find_effort(t, Muscle::hamstrings, Contraction::eccentric), nullptr);
  ASSERT_NE(find_effort(t, Muscle::hamstrings, Contraction::concentric), nullptr);
  EXPECT_EQ(find_effort(t, Muscle::quadriceps, Contraction::concentric), nullptr);
  EXPECT_NEAR(find_effort(t, Muscle::hamstrings, Contraction::eccentric)->summary.peak_torque_nm, 130.0, 1e-6);
}

TEST(TrialMeasures, VelocityOvershoot_FlaggedAndPeakTakenAfterIt) {
  SyntheticSpec s = half_sine_spec(200, 100);
  s.accel_deg_s2 = 2000;
  s.overshoot_fraction = 0.4;
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, AnalysisOptions{});
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  for (const auto& r : q->reps) {
    EXPECT_TRUE(r.velocity_overshoot);
    EXPECT_GT(r.overshoot_velocity_deg_s, 66.0);
  }
  EXPECT_TRUE(has_message(t, "overshoot"));
}

TEST(TrialMeasures, CutShortRepetition_ReportedAndLeftOutOfSummary) {
  SyntheticSpec s = half_sine_spec(200, 100);
  Trial trial = make_trial(s);
  // Rep 3's extension stops at 50 deg: the angle is clipped there and the limb held
  // (speed and torque zero) for the rest of that movement.
  const TrialAnalysis full = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const auto& rep3 = find_effort(full, Muscle::quadriceps, Contraction::concentric)->reps[2];
  for (std::size_t i = rep3.samples.begin; i < rep3.samples.end; ++i) {
    if (trial.samples.angle_deg[i] < 50) {
      trial.samples.angle_deg[i] = 50;
      trial.samples.velocity_deg_s[i] = 0;
      trial.samples.torque_nm[i] = 0;
    }
  }
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  ASSERT_EQ(q->reps.size(), 5u);
  EXPECT_TRUE(q->reps[2].cut_short);
  EXPECT_TRUE(has_message(t, "cut-short"));
  EXPECT_NEAR(q->summary.mean_peak_torque_nm, 200.0, 1e-6);  // the short rep's 197 N·m is not averaged in
}

TEST(TrialMeasures, FewerRepsThanAsked_Reported) {
  SyntheticSpec s = half_sine_spec(200, 100);
  s.reps = 3;
  Trial trial = make_trial(s);
  trial.info.reps_requested = 5;
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, AnalysisOptions{});
  EXPECT_EQ(t.reps_found, 3);
  EXPECT_TRUE(has_message(t, "fewer-reps"));
}

TEST(TrialMeasures, CvAboveTenPercent_Flagged) {
  SyntheticSpec s;
  s.reps = 4;
  const double peaks[] = {200, 150, 210, 140};  // mean 175, sd 35.59: CV 20.3 %
  s.torque = [&](int rep, Motion m, double a) {
    return m == Motion::extension ? half_sine(peaks[rep - 1], 0, 90, a) : -half_sine(100, 0, 90, a);
  };
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  const double sd = std::sqrt((25.0 * 25 + 25.0 * 25 + 35.0 * 35 + 35.0 * 35) / 3.0);
  EXPECT_NEAR(q->summary.cv_percent, 100.0 * sd / 175.0, 1e-4);
  EXPECT_TRUE(q->summary.cv_flag);
  EXPECT_TRUE(has_message(t, "cv-high"));
  EXPECT_FALSE(find_effort(t, Muscle::hamstrings, Contraction::concentric)->summary.cv_flag);
}

TEST(TrialMeasures, FatigueSet_CvOverFirstFiveRepsNotFlaggedByFatigue) {
  SyntheticSpec s;
  s.reps = 30;
  s.torque = [](int rep, Motion m, double a) {
    const double scale = 1 - 0.025 * (rep - 1);  // 72 % lost by rep 30: CV of all 30 would be ~30 %
    return m == Motion::extension ? half_sine(200 * scale, 0, 90, a) : -half_sine(100, 0, 90, a);
  };
  const Trial trial = make_trial(s);
  const TrialAnalysis t = analyze_trial(trial.info, trial.samples.span(), 80.0, unfiltered());
  const EffortAnalysis* q = find_effort(t, Muscle::quadriceps, Contraction::concentric);
  ASSERT_NE(q, nullptr);
  // First five scales 1, .975, .95, .925, .9: squared deviations sum 0.00625, SD sqrt(0.00625/4) = .0395, CV 4.16 %.
  EXPECT_NEAR(q->summary.cv_percent, 100.0 * std::sqrt(0.00625 / 4) / 0.95, 1e-3);
  EXPECT_FALSE(q->summary.cv_flag);
}
