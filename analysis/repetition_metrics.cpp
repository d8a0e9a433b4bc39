#include "analysis/repetition_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace isokin::analysis {
namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;

std::size_t argmax_signed(std::span<const double> torque, double sign, SampleRange r) {
  std::size_t best = r.begin;
  double best_value = sign * torque[r.begin];
  for (std::size_t i = r.begin + 1; i < r.end; ++i) {
    const double x = sign * torque[i];
    if (x > best_value) {
      best_value = x;
      best = i;
    }
  }
  return best;
}

// |∫ sign*torque dθ| along the motion, θ in radians (trapezoid rule). Using the signed
// angle step times the motion's direction (not |dθ|) lets angle noise cancel.
double work_j(std::span<const double> angle, std::span<const double> torque, double sign, double motion_sign,
              SampleRange r) {
  double w = 0;
  for (std::size_t i = r.begin; i + 1 < r.end; ++i)
    w += (torque[i] + torque[i + 1]) * (angle[i + 1] - angle[i]);
  return 0.5 * w * sign * motion_sign * kDegToRad;
}

}  // namespace

void find_angle_crossings(std::span<const double> angle, SampleRange r, std::span<const double> targets,
                          std::span<AngleCrossing> out) {
  std::fill(out.begin(), out.end(), AngleCrossing{});
  if (r.size() < 2 || targets.empty()) return;
  const auto [lo_it, hi_it] = std::minmax_element(angle.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                                  angle.begin() + static_cast<std::ptrdiff_t>(r.end));
  // Visit the reachable targets in the order the motion reaches them.
  const bool descending = angle[r.end - 1] < angle[r.begin];
  std::size_t order[64];
  std::size_t count = 0;
  std::vector<std::size_t> large_order;
  std::size_t* ord = order;
  if (targets.size() > 64) {
    large_order.resize(targets.size());
    ord = large_order.data();
  }
  for (std::size_t k = 0; k < targets.size(); ++k)
    if (targets[k] >= *lo_it && targets[k] <= *hi_it) ord[count++] = k;
  std::sort(ord, ord + count, [&](std::size_t a, std::size_t b) {
    return descending ? targets[a] > targets[b] : targets[a] < targets[b];
  });
  std::size_t next = 0;
  for (std::size_t i = r.begin; i + 1 < r.end && next < count; ++i) {
    const double a0 = angle[i], a1 = angle[i + 1];
    const double lo = std::min(a0, a1), hi = std::max(a0, a1);
    while (next < count) {
      const double t = targets[ord[next]];
      if (t < lo || t > hi) break;
      out[ord[next]] = {i, a1 == a0 ? 0.0 : (t - a0) / (a1 - a0), true};
      ++next;
    }
  }
}

double value_at(std::span<const double> values, const AngleCrossing& c) {
  if (!c.reached) return kNaN;
  return values[c.index] + c.fraction * (values[c.index + 1] - values[c.index]);
}

void torque_at_angles(std::span<const double> angle, std::span<const double> torque, double sign, SampleRange r,
                      std::span<const double> targets, std::span<double> out) {
  std::vector<AngleCrossing> crossings(targets.size());
  find_angle_crossings(angle, r, targets, crossings);
  for (std::size_t k = 0; k < targets.size(); ++k) out[k] = sign * value_at(torque, crossings[k]);
}

RepetitionMetrics measure_repetition(const ConditionedTrial& c, const EffortSegment& effort, double sign,
                                     const IsokineticWindow& w, std::span<const double> angles_deg) {
  RepetitionMetrics m;
  m.motion = effort.motion;
  m.samples = effort.samples;
  m.window = w.window;
  m.velocity_overshoot = w.overshoot;
  m.overshoot_velocity_deg_s = w.overshoot_velocity_deg_s;
  const SampleRange r = effort.samples;
  const SampleRange peak_range = w.window.size() >= 3 ? w.window : r;
  const double motion_sign = effort.motion == Motion::extension ? -1.0 : 1.0;

  m.peak_index = argmax_signed(c.torque_corrected_nm, sign, peak_range);
  m.peak_torque_nm = sign * c.torque_corrected_nm[m.peak_index];
  m.peak_torque_uncorrected_nm = sign * c.torque_nm[argmax_signed(c.torque_nm, sign, peak_range)];
  m.angle_at_peak_deg = c.angle_deg[m.peak_index];
  m.time_to_peak_s = c.time_s[m.peak_index] - c.time_s[r.begin];
  m.work_j = work_j(c.angle_deg, c.torque_corrected_nm, sign, motion_sign, r);
  m.work_uncorrected_j = work_j(c.angle_deg, c.torque_nm, sign, motion_sign, r);
  m.duration_s = c.time_s[r.end - 1] - c.time_s[r.begin];
  m.mean_power_w = m.duration_s > 0 ? m.work_j / m.duration_s : kNaN;
  m.rom_deg = effort.rom_deg;
  m.start_angle_deg = c.angle_deg[r.begin];
  m.end_angle_deg = c.angle_deg[r.end - 1];

  if (!w.window.empty()) {
    const SampleRange win = w.window;
    m.acceleration_time_s = c.time_s[win.begin] - c.time_s[r.begin];
    m.deceleration_time_s = c.time_s[r.end - 1] - c.time_s[win.end - 1];
    m.window_rom_deg = std::abs(c.angle_deg[win.end - 1] - c.angle_deg[win.begin]);
    m.window_coverage_percent = m.rom_deg > 0 ? 100.0 * m.window_rom_deg / m.rom_deg : kNaN;
    double s = 0;
    for (std::size_t i = win.begin; i < win.end; ++i) s += std::abs(c.velocity_deg_s[i]);
    m.mean_velocity_deg_s = s / static_cast<double>(win.size());
  } else {
    m.window_rom_deg = 0;
    m.window_coverage_percent = 0;
  }

  std::vector<double> at(angles_deg.size());
  torque_at_angles(c.angle_deg, c.torque_corrected_nm, sign, r, angles_deg, at);
  for (std::size_t k = 0; k < angles_deg.size(); ++k) m.torque_at_angles.push_back({angles_deg[k], at[k]});
  return m;
}

}  // namespace isokin::analysis
