// H:Q ratios and bilateral comparison on a constructed session whose ratios are
// known: half-sine torques with chosen peaks on each side.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/session_analysis.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::test::half_sine;
using isokin::test::make_trial;
using isokin::test::SyntheticSpec;

namespace {

Trial con_con(const std::string& id, Side side, double v, double q, double h, int reps = 3) {
  SyntheticSpec s;
  s.id = id;
  s.side = side;
  s.velocity_deg_s = v;
  s.reps = reps;
  s.torque = [=](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(q, 0, 90, a) : -half_sine(h, 0, 90, a);
  };
  return make_trial(s);
}

Trial ecc_ecc(const std::string& id, Side side, double v, double h_ecc, double q_ecc) {
  SyntheticSpec s;
  s.id = id;
  s.side = side;
  s.mode = TestMode::ecc_ecc;
  s.velocity_deg_s = v;
  s.reps = 3;
  s.torque = [=](int, Motion m, double a) {
    return m == Motion::extension ? -half_sine(h_ecc, 0, 90, a) : half_sine(q_ecc, 0, 90, a);
  };
  return make_trial(s);
}

Session screen() {
  Session s;
  s.info.subject.id = "S01";
  s.info.subject.body_mass_kg = 75;
  s.trials.push_back(con_con("L60", Side::left, 60, 200, 100));
  s.trials.push_back(con_con("L240", Side::left, 240, 120, 70));
  s.trials.push_back(ecc_ecc("L30e", Side::left, 30, 90, 260));
  s.trials.push_back(con_con("R60", Side::right, 60, 160, 60));
  return s;
}

const HqRatio* find_ratio(const SessionAnalysis& a, Side side, RatioKind kind, double v, double vq = NAN) {
  for (const auto& r : a.ratios) {
    if (r.side != side || r.kind != kind) continue;
    if (kind == RatioKind::functional) {
      if (std::abs(r.hamstrings_velocity_deg_s - v) < 0.5 && std::abs(r.quadriceps_velocity_deg_s - vq) < 0.5) return &r;
    } else if (std::abs(r.velocity_deg_s - v) < 0.5) {
      return &r;
    }
  }
  return nullptr;
}

AnalysisOptions unfiltered() {
  AnalysisOptions o;
  o.filter_hz = 0;
  o.velocity_smoothing_s = 0;
  return o;
}

}  // namespace

TEST(HqRatios, Conventional_OnePerSideAndVelocity_JudgedAt60Only) {
  const SessionAnalysis a = analyze_session(screen(), unfiltered());
  const HqRatio* l60 = find_ratio(a, Side::left, RatioKind::conventional, 60);
  const HqRatio* l240 = find_ratio(a, Side::left, RatioKind::conventional, 240);
  const HqRatio* r60 = find_ratio(a, Side::right, RatioKind::conventional, 60);
  ASSERT_NE(l60, nullptr);
  ASSERT_NE(l240, nullptr);
  ASSERT_NE(r60, nullptr);
  EXPECT_EQ(find_ratio(a, Side::right, RatioKind::conventional, 240), nullptr);
  EXPECT_NEAR(l60->value, 0.5, 1e-6);
  EXPECT_NEAR(l240->value, 70.0 / 120.0, 1e-4);
  EXPECT_NEAR(r60->value, 0.375, 1e-6);
  ASSERT_TRUE(l60->cutoff.has_value());
  EXPECT_NEAR(l60->cutoff->value, 0.47, 1e-12);
  EXPECT_FALSE(l60->flag);
  EXPECT_TRUE(r60->flag);
  EXPECT_FALSE(l240->cutoff.has_value());  // no 240 deg/s conventional cut-off in the table
  EXPECT_FALSE(l240->flag);
}

TEST(HqRatios, Functional_EveryEccentricHamstringsWithEveryConcentricQuadriceps) {
  const SessionAnalysis a = analyze_session(screen(), unfiltered());
  const HqRatio* f240 = find_ratio(a, Side::left, RatioKind::functional, 30, 240);
  const HqRatio* f60 = find_ratio(a, Side::left, RatioKind::functional, 30, 60);
  ASSERT_NE(f240, nullptr);
  ASSERT_NE(f60, nullptr);
  EXPECT_NEAR(f240->value, 90.0 / 120.0, 1e-4);  // at 240 deg/s the samples straddle the peak
  EXPECT_TRUE(f240->flag);  // below 0.80 (Croisier 2008)
  EXPECT_NEAR(f60->value, 90.0 / 200.0, 1e-6);
  EXPECT_FALSE(f60->cutoff.has_value());
  EXPECT_EQ(find_ratio(a, Side::right, RatioKind::functional, 30, 60), nullptr);
}

TEST(HqRatios, AngleSpecific_ConstantRatioOfSimilarCurves) {
  const SessionAnalysis a = analyze_session(screen(), unfiltered());
  const HqRatio* c = find_ratio(a, Side::left, RatioKind::angle_specific, 60);
  ASSERT_NE(c, nullptr);
  ASSERT_GE(c->values.size(), 15u);
  ASSERT_EQ(c->angles_deg.size(), c->values.size());
  for (double v : c->values) EXPECT_NEAR(v, 0.5, 1e-3);
}

TEST(HqRatios, PerRepetition_FollowsHamstringsFatigue) {
  Session s;
  s.info.subject.id = "F";
  SyntheticSpec spec;
  spec.id = "fatigue";
  spec.velocity_deg_s = 180;
  spec.reps = 10;
  spec.torque = [](int rep, Motion m, double a) {
    return m == Motion::extension ? half_sine(200 * (1 - 0.01 * (rep - 1)), 0, 90, a)
                                  : -half_sine(100 * (1 - 0.03 * (rep - 1)), 0, 90, a);
  };
  s.trials.push_back(make_trial(spec));
  const SessionAnalysis a = analyze_session(s, unfiltered());
  const HqRatio* r = find_ratio(a, Side::left, RatioKind::per_repetition, 180);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->values.size(), 10u);
  for (int k = 1; k <= 10; ++k)
    EXPECT_NEAR(r->values[k - 1], 0.5 * (1 - 0.03 * (k - 1)) / (1 - 0.01 * (k - 1)), 1e-6);
  EXPECT_LT(r->trend.slope, 0.0);
}

TEST(HqRatios, GravityUncorrectedRatioHigher) {
  Session s;
  SyntheticSpec spec;
  spec.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(200, 0, 90, a) : -half_sine(100, 0, 90, a);
  };
  spec.gravity_horizontal_nm = 25;
  s.trials.push_back(make_trial(spec));
  const SessionAnalysis a = analyze_session(s, unfiltered());
  const HqRatio* r = find_ratio(a, Side::left, RatioKind::conventional, 60);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->gravity_corrected);
  EXPECT_NEAR(r->value, 0.5, 1e-6);
  EXPECT_GT(r->value_uncorrected, r->value);  // Aagaard 1995: uncorrected H:Q overestimates
}

TEST(Bilateral, DeficitAndLsi_WeakerSideAssumedInvolved) {
  const SessionAnalysis a = analyze_session(screen(), unfiltered());
  const BilateralComparison* q60 = nullptr;
  for (const auto& b : a.bilateral)
    if (b.muscle == Muscle::quadriceps && b.contraction == Contraction::concentric && std::abs(b.velocity_deg_s - 60) < 0.5)
      q60 = &b;
  ASSERT_NE(q60, nullptr);
  EXPECT_EQ(a.bilateral.size(), 2u);  // quadriceps and hamstrings concentric at 60: the only shared kinds
  EXPECT_NEAR(q60->left_nm, 200, 1e-6);
  EXPECT_NEAR(q60->right_nm, 160, 1e-6);
  EXPECT_NEAR(q60->deficit_percent, 20.0, 1e-6);
  EXPECT_NEAR(q60->lsi_percent, 80.0, 1e-6);
  EXPECT_EQ(q60->involved, Side::right);
  EXPECT_TRUE(q60->involved_assumed);
  EXPECT_TRUE(q60->deficit_flag);
  EXPECT_TRUE(q60->lsi_flag);
  EXPECT_TRUE(q60->flag);
}

TEST(Bilateral, InvolvedSideGiven_LsiCanExceed100) {
  AnalysisOptions o = unfiltered();
  o.involved = InvolvedSide::left;
  const SessionAnalysis a = analyze_session(screen(), o);
  for (const auto& b : a.bilateral) {
    if (b.muscle != Muscle::quadriceps) continue;
    EXPECT_NEAR(b.lsi_percent, 125.0, 1e-6);
    // The deficit is of the involved side too: -25 % (the involved side is the stronger).
    EXPECT_NEAR(b.deficit_percent, -25.0, 1e-6);
    EXPECT_FALSE(b.lsi_flag);
    EXPECT_FALSE(b.deficit_flag);
    EXPECT_EQ(b.involved, Side::left);
    EXPECT_FALSE(b.involved_assumed);
  }
}

TEST(Bilateral, SmallDeficit_NotFlagged) {
  Session s;
  s.trials.push_back(con_con("L", Side::left, 60, 200, 100));
  s.trials.push_back(con_con("R", Side::right, 60, 190, 97));
  const SessionAnalysis a = analyze_session(s, unfiltered());
  ASSERT_EQ(a.bilateral.size(), 2u);
  for (const auto& b : a.bilateral) {
    EXPECT_LT(b.deficit_percent, 15.0);
    EXPECT_FALSE(b.flag);
  }
}

// Issue 17: a cut-off is compared with the value on its basis, never across.
TEST(HqRatios, UncorrectedCutoff_NeverComparedWithTheCorrectedRatio) {
  Session s;
  SyntheticSpec spec;
  spec.torque = [](int, Motion m, double a) {
    return m == Motion::extension ? half_sine(200, 0, 90, a) : -half_sine(92, 0, 90, a);
  };
  spec.gravity_horizontal_nm = 25;
  s.trials.push_back(make_trial(spec));
  const SessionAnalysis a = analyze_session(s, unfiltered());  // shipped table: 0.47 on uncorrected torques
  const HqRatio* r = find_ratio(a, Side::left, RatioKind::conventional, 60);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->gravity_corrected);
  EXPECT_NEAR(r->value, 0.46, 1e-6);          // corrected: below 0.47 ...
  EXPECT_GT(r->value_uncorrected, 0.47);      // ... uncorrected: above it
  ASSERT_TRUE(r->cutoff.has_value());
  EXPECT_EQ(r->cutoff->id, "hq-conventional-60");
  EXPECT_EQ(r->cutoff->basis, CutoffBasis::uncorrected);
  EXPECT_TRUE(r->compared_uncorrected);
  EXPECT_DOUBLE_EQ(r->compared_value, r->value_uncorrected);
  EXPECT_FALSE(r->flag);  // the source's own standard: the uncorrected 0.5x is normal

  // The same value against a gravity-corrected row is compared with the corrected ratio.
  AnalysisOptions corrected_row = unfiltered();
  corrected_row.cutoffs.rows.front().basis = CutoffBasis::gravity_corrected;
  const SessionAnalysis b = analyze_session(s, corrected_row);
  const HqRatio* rb = find_ratio(b, Side::left, RatioKind::conventional, 60);
  ASSERT_NE(rb, nullptr);
  ASSERT_TRUE(rb->cutoff.has_value());
  EXPECT_FALSE(rb->compared_uncorrected);
  EXPECT_DOUBLE_EQ(rb->compared_value, rb->value);
  EXPECT_TRUE(rb->flag);

  // A trial without a limb weight has no corrected value: the corrected row is not applied.
  Session plain;
  spec.gravity_horizontal_nm = 0;
  plain.trials.push_back(make_trial(spec));
  const SessionAnalysis c = analyze_session(plain, corrected_row);
  const HqRatio* rc = find_ratio(c, Side::left, RatioKind::conventional, 60);
  ASSERT_NE(rc, nullptr);
  EXPECT_FALSE(rc->cutoff.has_value());
  EXPECT_FALSE(rc->flag);
}

TEST(Bilateral, InvolvedSideFromTheSession_LsiIsInvolvedOverUninvolved) {
  Session s = screen();  // left quadriceps 200, right 160
  s.info.involved = InvolvedSide::right;
  const SessionAnalysis a = analyze_session(s, unfiltered());
  EXPECT_EQ(a.involved, InvolvedSide::right);
  for (const auto& b : a.bilateral) {
    EXPECT_EQ(b.involved, Side::right);
    EXPECT_FALSE(b.involved_assumed);
  }
  // The option overrides the file.
  AnalysisOptions o = unfiltered();
  o.involved = InvolvedSide::left;
  EXPECT_EQ(analyze_session(s, o).bilateral.front().involved, Side::left);
}

TEST(Bilateral, NoInvolvedSide_OneReferenceSideForTheWholeSession) {
  // Quadriceps weaker on the right, hamstrings weaker on the left: the reference side
  // is chosen once (first pair: quadriceps) and kept for the hamstrings too.
  Session s;
  s.trials.push_back(con_con("L", Side::left, 60, 200, 80));
  s.trials.push_back(con_con("R", Side::right, 60, 180, 100));
  const SessionAnalysis a = analyze_session(s, unfiltered());
  ASSERT_EQ(a.bilateral.size(), 2u);
  ASSERT_TRUE(a.reference_side.has_value());
  EXPECT_EQ(*a.reference_side, Side::right);
  for (const auto& b : a.bilateral) {
    EXPECT_EQ(b.involved, Side::right);
    EXPECT_TRUE(b.involved_assumed);
    if (b.muscle == Muscle::hamstrings) {
      EXPECT_NEAR(b.lsi_percent, 125.0, 1e-6);
    }
  }
  // A reference imposed from outside (a progress series) is kept even when it is the stronger side.
  AnalysisOptions o = unfiltered();
  o.reference_side = Side::left;
  for (const auto& b : analyze_session(s, o).bilateral) EXPECT_EQ(b.involved, Side::left);
}

TEST(SignSanity, ReversedTorqueSign_FlippedWithAWarning_NoNegativePeakOrWork) {
  Session s;
  s.trials.push_back(con_con("L", Side::left, 60, -200, -100));  // torque channel of the opposite convention
  const SessionAnalysis a = analyze_session(s, unfiltered());
  ASSERT_EQ(a.trials.size(), 1u);
  const TrialAnalysis& t = a.trials.front();
  EXPECT_TRUE(t.torque_sign_flipped);
  bool warned = false;
  for (const auto& m : t.messages) warned |= m.code == "torque-sign";
  EXPECT_TRUE(warned);
  ASSERT_FALSE(t.efforts.empty());
  for (const auto& e : t.efforts) {
    EXPECT_NEAR(e.summary.peak_torque_nm, e.muscle == Muscle::quadriceps ? 200 : 100, 1.0);
    for (const auto& r : e.reps) {
      EXPECT_GE(r.peak_torque_nm, 0);
      EXPECT_GE(r.work_j, 0);
    }
  }
  const HqRatio* r = find_ratio(a, Side::left, RatioKind::conventional, 60);
  ASSERT_NE(r, nullptr);
  EXPECT_NEAR(r->value, 0.5, 1e-3);
}
