// Gravity correction against a case computed by hand (docs/metrics.md).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analysis/gravity_correction.hpp"

using namespace isokin;
using namespace isokin::analysis;

TEST(GravityCorrection, LimbWeighedAt30Deg_ScalesByCosineFromHorizontal) {
  // Weighed: 20 N·m at 30 deg flexion. Shank horizontal (0 deg): 20 / cos 30 = 23.0940 N·m.
  const auto horizontal = limb_torque_at_horizontal_nm(LimbGravity{20.0, 30.0});
  ASSERT_TRUE(horizontal.has_value());
  EXPECT_NEAR(*horizontal, 23.094010767585, 1e-9);
  // At 60 deg: -23.0940 * cos 60 = -11.5470 (pulls toward flexion: negative).
  EXPECT_NEAR(gravity_torque_nm(*horizontal, 60.0), -11.547005383793, 1e-9);
  EXPECT_NEAR(gravity_torque_nm(*horizontal, 90.0), 0.0, 1e-12);
}

TEST(GravityCorrection, Correct_QuadricepsRaisedHamstringsLowered) {
  // Measured +100 (extension) at 60 deg and -80 (flexion) at 0 deg, limb 20 N·m at 30 deg:
  // corrected = measured - gravity: 100 + 11.5470 = 111.5470; -80 + 23.0940 = -56.9060.
  const auto horizontal = *limb_torque_at_horizontal_nm(LimbGravity{20.0, 30.0});
  std::vector<double> angle{60.0, 0.0};
  std::vector<double> torque{100.0, -80.0};
  correct_for_gravity(angle, torque, horizontal);
  EXPECT_NEAR(torque[0], 111.547005383793, 1e-9);
  EXPECT_NEAR(torque[1], -56.905989232415, 1e-9);
}

TEST(GravityCorrection, WeighedNearVertical_Refused) {
  EXPECT_FALSE(limb_torque_at_horizontal_nm(LimbGravity{5.0, 88.0}).has_value());
  EXPECT_FALSE(limb_torque_at_horizontal_nm(LimbGravity{NAN, 10.0}).has_value());
  // A negative weighing (signed as the device reported it) is taken as a magnitude.
  EXPECT_NEAR(*limb_torque_at_horizontal_nm(LimbGravity{-10.0, 0.0}), 10.0, 1e-12);
}

// The correction keeps the cosines of repeated angles in a table: every value must be
// exactly what cos() gives, for encoder-quantised angles (the table kept) and for
// angles that never repeat (the table dropped after its trial stretch).
TEST(GravityCorrection, LongTrial_SameValuesAsCosPerSample) {
  for (const bool quantised : {true, false}) {
    const std::size_t n = 50'000;
    std::vector<double> angle(n), torque(n), expected(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double a = 45.0 + 50.0 * std::sin(0.0123 * static_cast<double>(i)) + 1e-7 * static_cast<double>(i);
      angle[i] = quantised ? std::round(a * 10.0) / 10.0 : a;
      torque[i] = 100.0 * std::cos(0.007 * static_cast<double>(i));
      expected[i] = torque[i] + 12.5 * std::cos(angle[i] * (3.14159265358979323846 / 180.0));
    }
    correct_for_gravity(angle, torque, 12.5);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(torque[i], expected[i]) << "sample " << i << " quantised " << quantised;
  }
}
