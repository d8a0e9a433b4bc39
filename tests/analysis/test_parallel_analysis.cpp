// A long trial is analysed on several threads (torque filtered beside the velocity's
// conditioning and the segmentation, the efforts and their groups split, the corrected
// torque written in halves): the results must be those of one thread, to the bit.
#include <gtest/gtest.h>

#include <cstring>

#include "analysis/parallelism.hpp"
#include "analysis/trial_conditioning.hpp"
#include "analysis_json/analysis_json.hpp"
#include "synthetic_trial.hpp"

namespace isokin::test {
namespace {

Session long_session() {
  Session s;
  s.info.subject.id = "P";
  s.info.subject.body_mass_kg = 70;
  SyntheticSpec spec;
  spec.id = "long";
  spec.velocity_deg_s = 60;
  spec.reps = 80;
  spec.accel_deg_s2 = 600;
  spec.overshoot_fraction = 0.3;
  spec.gravity_horizontal_nm = 20;
  spec.torque = [](int rep, Motion m, double a) {
    return m == Motion::extension ? half_sine(200 * (1 - 0.004 * rep), 0, 90, a)
                                  : -half_sine(110 * (1 - 0.006 * rep), 0, 90, a);
  };
  s.trials.push_back(make_trial(spec));
  // The same with the torque's sign reversed (an import's convention): flipped, and its
  // corrected torque written again.
  spec.id = "reversed";
  spec.side = Side::right;
  spec.gravity_horizontal_nm = 0;
  spec.torque = [](int rep, Motion m, double a) {
    return m == Motion::extension ? -half_sine(190 * (1 - 0.004 * rep), 0, 90, a)
                                  : half_sine(100 * (1 - 0.006 * rep), 0, 90, a);
  };
  s.trials.push_back(make_trial(spec));
  return s;
}

std::string analysed_with(unsigned threads, const Session& s) {
  analysis::set_analysis_threads(threads);
  const analysis::SessionAnalysis a = analysis::analyze_session(s, analysis::AnalysisOptions{});
  analysis::set_analysis_threads(1);
  EXPECT_EQ(a.trials.size(), 2u);
  if (a.trials.size() == 2) {
    EXPECT_TRUE(a.trials[0].gravity_corrected);
    EXPECT_TRUE(a.trials[1].torque_sign_flipped);
    EXPECT_EQ(a.trials[0].reps_found, 80);
  }
  return analysis_json::to_json(a).dump();
}

TEST(AnalysisThreads, LongTrialsOnTwoThreads_BitForBitThoseOfOne) {
  const Session s = long_session();
  for (const auto& t : s.trials) ASSERT_GE(t.samples.size(), analysis::kParallelConditioningMinSamples);
  const std::string one = analysed_with(1, s);
  const std::string two = analysed_with(2, s);
  const std::string four = analysed_with(4, s);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, four);
  EXPECT_NE(one.find("\"per-repetition\""), std::string::npos);
}

bool same_bits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// The conditioned columns themselves, with the one-thread result kept alive while the
// two-thread one is made: columns are not zeroed, so a part left unwritten could
// otherwise hold the previous run's values from reused memory and pass unseen.
TEST(AnalysisThreads, LongTrialConditionedOnTwoThreads_SameColumnsToTheBit) {
  const Session s = long_session();
  const Trial& t = s.trials[0];
  ASSERT_GE(t.samples.size(), analysis::kParallelConditioningMinSamples);
  analysis::TrialAnalysis r1, r2;
  analysis::set_analysis_threads(1);
  const analysis::ConditionedTrial one = analysis::condition_trial(t.info, t.samples.span(), {}, r1);
  analysis::set_analysis_threads(2);
  const analysis::ConditionedTrial two = analysis::condition_trial(t.info, t.samples.span(), {}, r2);
  analysis::set_analysis_threads(1);
  ASSERT_TRUE(one.usable);
  ASSERT_TRUE(two.usable);
  EXPECT_TRUE(r1.gravity_corrected);
  EXPECT_TRUE(same_bits(one.torque_nm, two.torque_nm));
  EXPECT_TRUE(same_bits(one.torque_corrected_nm, two.torque_corrected_nm));
  EXPECT_TRUE(same_bits(one.velocity_deg_s, two.velocity_deg_s));
  EXPECT_FALSE(same_bits(one.torque_nm, one.torque_corrected_nm));  // gravity did change it
}

TEST(Column, LongColumnStartsOnAHugePageAndZeroesOnlyWhenAsked) {
  Column c;
  c.resize(kHugeColumnBytes / sizeof(double) + 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(c.data()) % (2u << 20), 0u);
  std::fill(c.begin(), c.end(), 7.0);
  c.assign(c.size(), 0.0);
  EXPECT_EQ(std::count(c.begin(), c.end(), 0.0), static_cast<std::ptrdiff_t>(c.size()));
  Column small(10, 1.5);
  EXPECT_EQ(small.back(), 1.5);
}

}  // namespace
}  // namespace isokin::test
