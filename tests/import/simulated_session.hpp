// A simulated knee test, built from stated facts, and writers that put it out in each
// vendor's layout (docs/import.md); the vendor tests import those files back and
// check the analysis against the construction.
//
// The trial: a lead-in flexion (not a repetition), `reps` isokinetic extension/flexion
// pairs between 90 deg (flexed) and 0 deg at the preset speed, each movement's torque
// a half sine peaking mid-range (45 deg), then a positioning extension to 40 deg (not
// a repetition). Times from 0 at `rate_hz`.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/counted_movements.hpp"
#include "model/samples.hpp"

namespace isokin::test {

struct SimulatedTrial {
  SampleColumns samples;                    // isokin units and signs
  std::vector<CountedMovement> counted;     // the repetitions' sample ranges
  std::vector<double> peak_ext_nm;          // per repetition, magnitudes
  std::vector<double> peak_flex_nm;
  double speed_deg_s = 60;
  double rate_hz = 100;
};

struct SimulationSpec {
  double rate_hz = 100;
  double speed_deg_s = 60;       // extension
  double return_speed_deg_s = 0; // flexion; 0 = the same
  std::vector<double> peak_ext_nm{150, 162, 156};
  std::vector<double> peak_flex_nm{80, 86, 83};
  bool eccentric = false;        // ecc-ecc: hamstrings resist extension (torque -), quadriceps resist flexion (+)
};

inline SimulatedTrial simulate_trial(const SimulationSpec& spec) {
  SimulatedTrial sim;
  sim.rate_hz = spec.rate_hz;
  sim.speed_deg_s = spec.speed_deg_s;
  sim.peak_ext_nm = spec.peak_ext_nm;
  sim.peak_flex_nm = spec.peak_flex_nm;
  const double dt = 1.0 / spec.rate_hz;
  double angle = 60, t = 0;
  SampleColumns& s = sim.samples;
  const auto hold = [&](double seconds) {
    for (double e = 0; e < seconds - 1e-9; e += dt) {
      s.push_back({t, 0.0, angle, 0.0});
      t += dt;
    }
  };
  // One movement from `angle` to `to` at `speed` (ramps of 0.15 s), torque `peak` * sin.
  const auto move = [&](double to, double speed, double peak) {
    const double rom = std::abs(to - angle);
    const double ramp = 0.15;
    const double duration = rom / speed + ramp;
    const double direction = to < angle ? -1 : 1;
    const double from = angle;
    const std::size_t begin = s.size();
    for (double e = 0; e < duration - 1e-9; e += dt) {
      const double v = speed * std::min({1.0, e / ramp, (duration - e) / ramp});
      // Angle: integral of the trapezoid.
      double covered;
      if (e < ramp) covered = speed * e * e / (2 * ramp);
      else if (e > duration - ramp) covered = rom - speed * (duration - e) * (duration - e) / (2 * ramp);
      else covered = speed * ramp / 2 + speed * (e - ramp);
      angle = from + direction * covered;
      s.push_back({t, peak * std::sin(M_PI * e / duration), angle, direction * v});
      t += dt;
    }
    angle = to;
    return CountedMovement{begin, s.size()};
  };
  hold(0.3);
  move(90, 45, spec.eccentric ? 12 : -12);  // lead-in: flexion to the start position
  hold(0.3);
  const double ret = spec.return_speed_deg_s > 0 ? spec.return_speed_deg_s : spec.speed_deg_s;
  for (std::size_t r = 0; r < spec.peak_ext_nm.size(); ++r) {
    sim.counted.push_back(move(0, spec.speed_deg_s, spec.eccentric ? -spec.peak_flex_nm[r] : spec.peak_ext_nm[r]));
    hold(0.2);
    sim.counted.push_back(move(90, ret, spec.eccentric ? spec.peak_ext_nm[r] : -spec.peak_flex_nm[r]));
    hold(0.2);
  }
  move(40, 60, spec.eccentric ? -10 : 10);  // positioning after the test
  hold(0.3);
  return sim;
}

inline std::string num(double v, int decimals = 3) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// HUMAC's habit: no leading zero (".01", "-.1875").
inline std::string humac_num(double v, int decimals = 4) {
  std::string s = num(v, decimals);
  if (s.rfind("0.", 0) == 0) s.erase(0, 1);
  else if (s.rfind("-0.", 0) == 0) s.erase(1, 1);
  return s;
}

}  // namespace isokin::test
