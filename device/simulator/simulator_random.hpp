// Random numbers that are the same on every standard library.
//
// std::mt19937_64's output sequence is fixed by the standard, but the distributions
// (std::normal_distribution, std::uniform_real_distribution) are implementation-
// defined: the same seed gives other numbers under libc++ and libstdc++. Determinism
// per seed is a promise of the simulator, so the uniform and the normal (Box-Muller,
// polar-free form) transforms are written here. Only std::log/sqrt/cos remain, which
// agree to the last bit or nearly so across libms.
#pragma once

#include <cstdint>
#include <random>

namespace isokin::device::sim {

class SimRandom {
 public:
  explicit SimRandom(std::uint64_t seed) : engine_(seed) {}
  double uniform();          // in (0, 1]: never 0, so log() is safe
  double normal();           // standard normal, Box-Muller
  double normal(double sd) { return sd == 0 ? 0 : sd * normal(); }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// A well-mixed 64-bit value from a seed and a stream id (splitmix64), so that
// independent streams (noise, per-repetition variation, limb weighing, each trial)
// never share an engine sequence.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

}  // namespace isokin::device::sim
