#include "device/simulator/motion_profile.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace isokin::device::sim {
namespace {

constexpr double kPi = std::numbers::pi;

// The overshoot pulse, sin^2(pi t / T) on [0, T] (peak 1 at T/2), and its integral from 0.
double pulse(double t, double length) {
  if (t <= 0 || t >= length) return 0;
  const double s = std::sin(kPi * t / length);
  return s * s;
}
double pulse_integral(double t, double length) {
  const double u = std::clamp(t, 0.0, length);
  return u / 2 - length / (4 * kPi) * std::sin(2 * kPi * u / length);
}

}  // namespace

PhaseProfile::PhaseProfile(double from_deg, double to_deg, double speed_deg_s, double accel_deg_s2, double overshoot)
    : from_(from_deg), to_(to_deg), dir_(to_deg >= from_deg ? 1.0 : -1.0) {
  const double range = std::abs(to_deg - from_deg);
  const double v = std::abs(speed_deg_s);
  const double ramp_deg = v * v / (2 * accel_deg_s2);
  const double bump_deg = overshoot * v * kOvershoot_s / 2;
  if (2 * ramp_deg + bump_deg < range) {
    peak_speed_ = v;
    ramp_s_ = v / accel_deg_s2;
    hold_s_ = (range - 2 * ramp_deg - bump_deg) / v;
    ramp_deg_ = ramp_deg;
    overshoot_ = overshoot;
  } else {
    // Too short a range for this speed: up and straight down, no window, no overshoot.
    peak_speed_ = std::sqrt(accel_deg_s2 * range);
    ramp_s_ = peak_speed_ / accel_deg_s2;
    hold_s_ = 0;
    ramp_deg_ = range / 2;
    overshoot_ = 0;
  }
}

PhaseKinematics PhaseProfile::at(double t_s) const {
  const double t = std::clamp(t_s, 0.0, duration_s());
  if (t >= duration_s()) return {to_, 0};
  double distance = 0;
  double speed = 0;
  if (t < ramp_s_) {
    speed = peak_speed_ * (1 - std::cos(kPi * t / ramp_s_)) / 2;
    distance = peak_speed_ * (t / 2 - ramp_s_ / (2 * kPi) * std::sin(kPi * t / ramp_s_));
  } else if (t < ramp_s_ + hold_s_) {
    speed = peak_speed_;
    distance = ramp_deg_ + peak_speed_ * (t - ramp_s_);
  } else {
    const double u = t - ramp_s_ - hold_s_;
    speed = peak_speed_ * (1 + std::cos(kPi * u / ramp_s_)) / 2;
    distance = ramp_deg_ + peak_speed_ * hold_s_ + peak_speed_ * (u / 2 + ramp_s_ / (2 * kPi) * std::sin(kPi * u / ramp_s_));
  }
  if (overshoot_ > 0 && t > ramp_s_) {
    speed += peak_speed_ * overshoot_ * pulse(t - ramp_s_, kOvershoot_s);
    distance += peak_speed_ * overshoot_ * pulse_integral(t - ramp_s_, kOvershoot_s);
  }
  return {from_ + dir_ * distance, dir_ * speed};
}

}  // namespace isokin::device::sim
