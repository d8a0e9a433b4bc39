#include "device/simulator/simulator_random.hpp"

#include <cmath>
#include <numbers>

namespace isokin::device::sim {

double SimRandom::uniform() {
  // The top 53 bits of the engine output, shifted into (0, 1].
  return (static_cast<double>(engine_() >> 11) + 1.0) * 0x1.0p-53;
}

double SimRandom::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // Box-Muller: two uniforms give two independent standard normals.
  const double radius = std::sqrt(-2.0 * std::log(uniform()));
  const double angle = 2.0 * std::numbers::pi * uniform();
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace isokin::device::sim
