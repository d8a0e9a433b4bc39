// Analytic sessions for the report, export and batch tests: a knee moving between
// 10 and 90 degrees of flexion at a constant preset speed (with short acceleration
// ramps), torque a half-sine of the angle whose peak is known exactly. No simulator
// or store is needed, so these tests pin the report code alone.
#pragma once

#include <cmath>
#include <string>

#include "model/session.hpp"

namespace isokin::testing {

struct SyntheticSet {
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_deg_s = 60;
  double quadriceps_peak_nm = 200;
  double hamstrings_peak_nm = 110;
  int reps = 5;
  double fatigue_per_rep = 0;  // fraction of peak lost per repetition
};

inline Trial synthetic_trial(const std::string& id, const SyntheticSet& set) {
  Trial trial;
  trial.info.id = id;
  trial.info.side = set.side;
  trial.info.mode = set.mode;
  trial.info.velocity_ext_deg_s = set.velocity_deg_s;
  trial.info.velocity_flex_deg_s = set.velocity_deg_s;
  trial.info.sample_rate_hz = 1000;
  trial.info.reps_requested = set.reps;
  trial.info.rom_min_deg = 10;
  trial.info.rom_max_deg = 90;
  trial.info.source = "synthetic";
  const double dt = 1e-3, lo = 10, hi = 90, ramp_s = 0.04;
  const double accel = set.velocity_deg_s / ramp_s;
  double t = 0, angle = hi;
  auto push = [&](double v, double torque) {
    trial.samples.push_back({t, torque, angle, v});
    t += dt;
  };
  // A short rest at full flexion first.
  for (int i = 0; i < 200; ++i) push(0, 0);
  for (int rep = 0; rep < set.reps; ++rep) {
    const double scale = 1.0 - set.fatigue_per_rep * rep;
    for (int direction : {-1, +1}) {  // extension (angle falls), then flexion
      const double target = direction < 0 ? lo : hi;
      double v = 0;
      while ((direction < 0 && angle > target) || (direction > 0 && angle < target)) {
        const double remaining = std::abs(target - angle);
        const double stop_distance = v * v / (2 * accel);
        v = remaining <= stop_distance ? std::max(v - accel * dt, accel * dt) : std::min(v + accel * dt, set.velocity_deg_s);
        angle += direction * v * dt;
        if ((direction < 0 && angle < target) || (direction > 0 && angle > target)) angle = target;
        const double shape = std::sin(M_PI * (hi - angle) / (hi - lo));
        // Which muscle works: con-con: quadriceps extend, hamstrings flex. ecc-ecc:
        // the muscle resisting the motion (hamstrings during extension).
        const bool quadriceps = (set.mode == TestMode::ecc_ecc) ? direction > 0 : direction < 0;
        const double peak = quadriceps ? set.quadriceps_peak_nm : set.hamstrings_peak_nm;
        push(direction * v, (quadriceps ? 1 : -1) * peak * scale * shape);
      }
      for (int i = 0; i < 150; ++i) push(0, 0);
    }
  }
  trial.info.measured_rate_hz = 1000;
  return trial;
}

// An H:Q screen: both sides, con-con 60 and 240 deg/s, ecc-ecc 30 deg/s; the right
// side 20 % weaker in the quadriceps; a fatiguing 15-rep set at 180 deg/s on the left.
inline Session synthetic_screen(const std::string& subject = "S01", const std::string& date = "2026-11-20") {
  Session session;
  session.info.subject.id = subject;
  session.info.subject.body_mass_kg = 72.5;
  session.info.date = date;
  session.info.protocol = "hq-screen (synthetic)";
  int n = 0;
  for (const Side side : {Side::left, Side::right}) {
    const double q = side == Side::left ? 1.0 : 0.8;
    const std::string s(to_string(side));
    session.trials.push_back(synthetic_trial(std::to_string(++n) + "-" + s + "-con-con-60",
                                             {side, TestMode::con_con, 60, 220 * q, 120}));
    session.trials.push_back(synthetic_trial(std::to_string(++n) + "-" + s + "-con-con-240",
                                             {side, TestMode::con_con, 240, 140 * q, 85}));
    session.trials.push_back(synthetic_trial(std::to_string(++n) + "-" + s + "-ecc-ecc-30",
                                             {side, TestMode::ecc_ecc, 30, 260 * q, 150}));
  }
  session.trials.push_back(
      synthetic_trial("7-left-con-con-180", {Side::left, TestMode::con_con, 180, 160, 95, 15, 0.02}));
  return session;
}

}  // namespace isokin::testing
