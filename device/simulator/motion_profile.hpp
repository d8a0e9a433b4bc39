// The lever's movement in one direction: from one end of the range to the other,
// accelerating to the preset velocity, holding it (the isokinetic window), and
// decelerating to a stop. Ramps are half-cosines in velocity (smooth angle and
// velocity, finite jerk), so an acceleration ramp to V takes V / accel seconds and
// V^2 / (2 accel) degrees. A range too short for the preset velocity gives no window:
// the lever ramps up to sqrt(accel * range) and straight down.
// At the start of a concentric window the limb overshoots the preset velocity before the
// machine catches it: a sin^2 pulse of height `overshoot` (fraction of the preset) and
// 30 ms length, finite so that the window after it is clean. The window is shortened by
// the pulse's distance so the phase still ends at the end of the range.
#pragma once

namespace isokin::device::sim {

struct PhaseKinematics {
  double angle_deg = 0;
  double velocity_deg_s = 0;
};

class PhaseProfile {
 public:
  PhaseProfile() = default;
  // from_deg -> to_deg at preset speed_deg_s (magnitude); overshoot as a fraction.
  PhaseProfile(double from_deg, double to_deg, double speed_deg_s, double accel_deg_s2, double overshoot);

  PhaseKinematics at(double t_s) const;  // t from the start of the phase, clamped to [0, duration]
  double duration_s() const { return 2 * ramp_s_ + hold_s_; }
  double window_start_s() const { return ramp_s_; }  // isokinetic window [start, end)
  double window_end_s() const { return ramp_s_ + hold_s_; }
  bool has_window() const { return hold_s_ > 0; }
  double peak_speed_deg_s() const { return peak_speed_; }
  double end_deg() const { return to_; }
  double direction() const { return dir_; }

  static constexpr double kOvershoot_s = 0.030;  // length of the overshoot pulse

 private:
  double from_ = 0, to_ = 0, dir_ = 1;
  double peak_speed_ = 0, ramp_s_ = 0, hold_s_ = 0, ramp_deg_ = 0;
  double overshoot_ = 0;
};

}  // namespace isokin::device::sim
