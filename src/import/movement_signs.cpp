#include "import/movement_signs.hpp"

#include <algorithm>
#include <cmath>

namespace isokin::import {

double velocity_agreement(std::span<const double> t, std::span<const double> a, std::span<const double> v) {
  double sum = 0, norm = 0;
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    const double dt = t[i + 1] - t[i - 1];
    if (!(dt > 0)) continue;
    const double d = (a[i + 1] - a[i - 1]) / dt;
    sum += d * v[i];
    norm += std::abs(d * v[i]);
  }
  return norm > 0 ? sum / norm : 0.0;
}

std::vector<int> movement_direction(std::span<const double> v, double threshold) {
  std::vector<int> dir(v.size(), 0);
  int current = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (std::abs(v[i]) > threshold) {
      current = v[i] < 0 ? -1 : 1;
      break;
    }
  if (current == 0) current = -1;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::abs(v[i]) > threshold) current = v[i] < 0 ? -1 : 1;
    dir[i] = current;
  }
  return dir;
}

std::string sign_unsigned_torque(std::span<double> torque, std::span<const double> v, TestMode mode) {
  double peak_speed = 0;
  for (const double x : v) peak_speed = std::max(peak_speed, std::abs(x));
  const std::vector<int> dir = movement_direction(v, std::max(2.0, 0.05 * peak_speed));
  for (std::size_t i = 0; i < torque.size(); ++i) {
    const double magnitude = std::abs(torque[i]);
    switch (mode) {
      case TestMode::con_con: torque[i] = dir[i] < 0 ? magnitude : -magnitude; break;
      case TestMode::ecc_ecc: torque[i] = dir[i] < 0 ? -magnitude : magnitude; break;
      default: torque[i] = magnitude; break;
    }
  }
  if (mode == TestMode::con_ecc || mode == TestMode::isometric)
    return "torque is unsigned in the file and the " + std::string(to_string(mode)) +
           " mode does not tell which muscle pushed: taken as the quadriceps (positive) throughout";
  return {};
}

bool looks_unsigned(std::span<const double> torque) {
  double peak = 0, low = 0;
  for (const double x : torque) {
    peak = std::max(peak, std::abs(x));
    low = std::min(low, x);
  }
  return low >= -0.02 * peak;
}

double extension_minus_flexion_torque(std::span<const double> torque, std::span<const double> v) {
  double peak_speed = 0;
  for (const double x : v) peak_speed = std::max(peak_speed, std::abs(x));
  const double threshold = std::max(2.0, 0.3 * peak_speed);
  double ext = 0, flex = 0;
  std::size_t n_ext = 0, n_flex = 0;
  for (std::size_t i = 0; i < torque.size(); ++i) {
    if (v[i] < -threshold) ext += torque[i], ++n_ext;
    if (v[i] > threshold) flex += torque[i], ++n_flex;
  }
  return (n_ext ? ext / static_cast<double>(n_ext) : 0.0) - (n_flex ? flex / static_cast<double>(n_flex) : 0.0);
}

double typical_speed_deg_s(std::span<const double> v, int direction) {
  std::vector<double> speeds;
  for (const double x : v)
    if (x * direction > 0) speeds.push_back(std::abs(x));
  if (speeds.empty()) return 0;
  const auto k = static_cast<std::ptrdiff_t>(0.95 * static_cast<double>(speeds.size() - 1));
  std::nth_element(speeds.begin(), speeds.begin() + k, speeds.end());
  return speeds[static_cast<std::size_t>(k)];
}

std::vector<std::string> apply_isokin_signs(SampleColumns& s, TestMode mode) {
  std::vector<std::string> notes;
  if (velocity_agreement(s.time_s, s.angle_deg, s.velocity_deg_s) < 0) {
    for (double& v : s.velocity_deg_s) v = -v;
    notes.emplace_back("the velocity ran against the angle's change: negated (isokin: extension negative)");
  }
  if (looks_unsigned(s.torque_nm)) {
    std::string note = sign_unsigned_torque(s.torque_nm, s.velocity_deg_s, mode);
    notes.emplace_back(note.empty() ? "unsigned torque signed from the movement direction and the " +
                                          std::string(to_string(mode)) + " mode"
                                    : std::move(note));
    return notes;
  }
  if (mode == TestMode::con_con || mode == TestMode::ecc_ecc) {
    const double d = extension_minus_flexion_torque(s.torque_nm, s.velocity_deg_s);
    if ((mode == TestMode::con_con && d < 0) || (mode == TestMode::ecc_ecc && d > 0)) {
      for (double& q : s.torque_nm) q = -q;
      notes.emplace_back(mode == TestMode::con_con
                             ? "the torque was negative while extending in a concentric test: negated (isokin: quadriceps positive)"
                             : "the torque was positive while extending in an eccentric test: negated (isokin: quadriceps positive)");
    }
  }
  return notes;
}

void angle_as_flexion(std::span<double> angle) {
  if (angle.empty()) return;
  std::vector<double> copy(angle.begin(), angle.end());
  const auto mid = copy.begin() + static_cast<std::ptrdiff_t>(copy.size() / 2);
  std::nth_element(copy.begin(), mid, copy.end());
  if (*mid < 0)
    for (double& a : angle) a = -a;
}

}  // namespace isokin::import
