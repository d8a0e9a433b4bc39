#include "analysis/gravity_correction.hpp"

#include <cmath>
#include <numbers>

namespace isokin::analysis {
namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}

std::optional<double> limb_torque_at_horizontal_nm(const LimbGravity& gravity) {
  if (!std::isfinite(gravity.torque_nm) || !std::isfinite(gravity.angle_deg)) return std::nullopt;
  const double c = std::cos(gravity.angle_deg * kDegToRad);
  if (std::abs(c) < std::sin(5.0 * kDegToRad)) return std::nullopt;
  return std::abs(gravity.torque_nm) / std::abs(c);
}

double gravity_torque_nm(double horizontal_torque_nm, double angle_deg) {
  return -horizontal_torque_nm * std::cos(angle_deg * kDegToRad);
}

void correct_for_gravity(std::span<const double> angle_deg, std::span<double> torque_nm, double horizontal_torque_nm) {
  for (std::size_t i = 0; i < torque_nm.size(); ++i)
    torque_nm[i] += horizontal_torque_nm * std::cos(angle_deg[i] * kDegToRad);
}

}  // namespace isokin::analysis
