#include "analysis/gravity_correction.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>
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

// Encoders quantise the angle (0.1 deg on the simulator and most machines), so a long
// trial repeats a few hundred angles millions of times: their cosines are kept in a
// small table keyed by the angle's exact bits, which gives the same values as calling
// cos() for every sample. When the angles hardly repeat (a continuous signal), the
// table is tried on the first 16384 samples and then dropped for cos() itself.
void correct_for_gravity(std::span<const double> angle_deg, std::span<double> torque_nm, double horizontal_torque_nm) {
  correct_for_gravity(angle_deg, torque_nm, torque_nm, horizontal_torque_nm);
}

void correct_for_gravity(std::span<const double> angle_deg, std::span<const double> torque_nm,
                         std::span<double> corrected_nm, double horizontal_torque_nm) {
  constexpr std::size_t kSlots = 4096;                 // a power of two
  constexpr std::size_t kTrialSamples = 16384;         // how long the table is tried
  struct Slot {
    std::uint64_t angle_bits;
    double cosine;
  };
  std::vector<Slot> table(kSlots, Slot{std::bit_cast<std::uint64_t>(0.0), std::cos(0.0 * kDegToRad)});
  std::size_t i = 0, hits = 0;
  const std::size_t n = torque_nm.size();
  const auto cached_cos = [&](double angle) {
    const auto bits = std::bit_cast<std::uint64_t>(angle);
    Slot& slot = table[(bits * 0x9E3779B97F4A7C15ull) >> 52];
    if (slot.angle_bits == bits) {
      ++hits;
      return slot.cosine;
    }
    slot = {bits, std::cos(angle * kDegToRad)};
    return slot.cosine;
  };
  for (; i < std::min(n, kTrialSamples); ++i) corrected_nm[i] = torque_nm[i] + horizontal_torque_nm * cached_cos(angle_deg[i]);
  if (hits * 2 >= i)
    for (; i < n; ++i) corrected_nm[i] = torque_nm[i] + horizontal_torque_nm * cached_cos(angle_deg[i]);
  for (; i < n; ++i) corrected_nm[i] = torque_nm[i] + horizontal_torque_nm * std::cos(angle_deg[i] * kDegToRad);
}

}  // namespace isokin::analysis
