// Synthetic isokinetic trials whose true measures are known in closed form.
//
// The knee starts flexed at rom_hi_deg, then each repetition extends to rom_lo_deg
// and flexes back, with a trapezoidal speed profile (acceleration accel_deg_s2, or
// instantaneous when 0) and a rest between movements. Torque is any function of
// (repetition, motion, angle); limb gravity is added to the measured torque as
// -G_h cos(angle) when gravity_horizontal_nm > 0, exactly as a real limb would load
// the dynamometer.
#pragma once

#include <cmath>
#include <functional>
#include <numbers>
#include <string>

#include "analysis/session_analysis.hpp"
#include "model/session.hpp"

namespace isokin::test {

using analysis::Motion;

struct SyntheticSpec {
  std::string id = "t";
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_deg_s = 60;
  double rom_lo_deg = 0;
  double rom_hi_deg = 90;
  double rate_hz = 1000;
  int reps = 5;
  double accel_deg_s2 = 0;  // 0 = instantaneous
  double rest_s = 0.2;
  double gravity_horizontal_nm = 0;  // m g d; gravity_torque(θ) = -G_h cos θ
  double overshoot_fraction = 0;     // extra speed (e.g. 0.3) in the first 8 % of each movement
  // Signed muscle torque (protocol convention) for repetition r (1-based).
  std::function<double(int rep, Motion motion, double angle_deg)> torque =
      [](int, Motion m, double) { return m == Motion::extension ? 100.0 : -50.0; };
};

// Half-sine over the ROM: peak at mid-range, exact work = peak * ROM_rad * 2 / pi.
inline double half_sine(double peak, double lo, double hi, double angle) {
  if (angle <= lo || angle >= hi) return 0.0;
  return peak * std::sin(std::numbers::pi * (angle - lo) / (hi - lo));
}

inline Trial make_trial(const SyntheticSpec& s) {
  Trial t;
  t.info.id = s.id;
  t.info.side = s.side;
  t.info.mode = s.mode;
  t.info.velocity_ext_deg_s = s.velocity_deg_s;
  t.info.velocity_flex_deg_s = s.velocity_deg_s;
  t.info.sample_rate_hz = s.rate_hz;
  t.info.reps_requested = s.reps;
  t.info.rom_min_deg = s.rom_lo_deg;
  t.info.rom_max_deg = s.rom_hi_deg;
  if (s.gravity_horizontal_nm > 0) t.info.gravity = LimbGravity{s.gravity_horizontal_nm * std::cos(0.5), 0.5 * 180 / std::numbers::pi};
  const double dt = 1.0 / s.rate_hz;
  const double rom = s.rom_hi_deg - s.rom_lo_deg;
  double time = 0;
  double angle = s.rom_hi_deg;
  const auto push = [&](double torque, double velocity) {
    const double g = -s.gravity_horizontal_nm * std::cos(angle * std::numbers::pi / 180);
    t.samples.push_back({time, torque + g, angle, velocity});
    time += dt;
  };
  const auto rest = [&]() {
    for (int i = 0; i < static_cast<int>(s.rest_s * s.rate_hz); ++i) push(0.0, 0.0);
  };
  // Distance travelled after time u in a movement, and the speed then.
  const double v = s.velocity_deg_s;
  const double a = s.accel_deg_s2;
  const double t_acc = a > 0 ? v / a : 0.0;
  const double d_acc = a > 0 ? 0.5 * v * t_acc : 0.0;
  const double t_cruise = (rom - 2 * d_acc) / v;
  const double duration = 2 * t_acc + t_cruise;
  const auto profile = [&](double u, double& dist, double& speed) {
    if (u < t_acc) {
      speed = a * u;
      dist = 0.5 * a * u * u;
    } else if (u < t_acc + t_cruise) {
      speed = v;
      dist = d_acc + v * (u - t_acc);
    } else {
      const double w = std::min(duration - u, t_acc);
      speed = a * std::max(w, 0.0);
      dist = rom - 0.5 * a * w * w;
    }
    if (s.overshoot_fraction > 0 && u > t_acc && u < t_acc + 0.08 * duration) speed *= 1 + s.overshoot_fraction;
  };
  rest();
  for (int r = 1; r <= s.reps; ++r) {
    for (Motion m : {Motion::extension, Motion::flexion}) {
      const double sign = m == Motion::extension ? -1.0 : 1.0;
      const double start = angle;
      const int n = static_cast<int>(std::ceil(duration * s.rate_hz));
      for (int i = 0; i <= n; ++i) {
        double dist = 0, speed = 0;
        profile(std::min(i * dt, duration), dist, speed);
        angle = start + sign * dist;
        push(s.torque(r, m, angle), sign * speed);
      }
      angle = start + sign * rom;
      rest();
    }
  }
  return t;
}

}  // namespace isokin::test
