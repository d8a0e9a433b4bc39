// Test helper: run a simulated trial and find, per repetition, the gravity-corrected
// peak torque of each direction inside the isokinetic window. Written from the
// protocol's conventions (extension = negative velocity, torque positive in
// extension), not from the model's internals.
#pragma once

#include <cmath>
#include <numbers>
#include <vector>

#include "device/simulator/athlete_model.hpp"

namespace isokin::device::sim::testing {

struct Peak {
  double torque_nm = 0;  // magnitude
  double angle_deg = 0;
};

struct RepPeaks {
  Peak extension;  // largest |torque| while extending (velocity < 0) in the window
  Peak flexion;
};

inline std::vector<ModelSample> run_trial(const SimulatorParams& p, const StartRequest& r, std::uint64_t seed = 1) {
  AthleteModel model(p, r, seed);
  std::vector<ModelSample> out;
  while (!model.done()) out.push_back(model.next());
  return out;
}

// limb_nm: the limb torque at horizontal to add back (gravity correction).
inline std::vector<RepPeaks> rep_peaks(const std::vector<ModelSample>& samples, double preset_deg_s, double limb_nm,
                                       int reps, double tolerance = 0.05) {
  std::vector<RepPeaks> peaks(static_cast<std::size_t>(reps));
  for (const auto& s : samples) {
    if (s.rep < 0 || s.rep >= reps) continue;
    if (std::abs(std::abs(s.velocity_deg_s) - preset_deg_s) > tolerance * preset_deg_s) continue;
    const double corrected = s.torque_nm + limb_nm * std::cos(s.angle_deg * std::numbers::pi / 180);
    Peak& p = s.velocity_deg_s < 0 ? peaks[static_cast<std::size_t>(s.rep)].extension
                                   : peaks[static_cast<std::size_t>(s.rep)].flexion;
    if (std::abs(corrected) > p.torque_nm) p = {std::abs(corrected), s.angle_deg};
  }
  return peaks;
}

// Parameters without noise, quantisation or the catch artefacts: the smooth model.
inline SimulatorParams clean_params() {
  SimulatorParams p;
  p.noise_nm = 0;
  p.velocity_noise_deg_s = 0;
  p.angle_resolution_deg = 0;
  p.impact_nm_per_100 = 0;
  p.overshoot = 0;
  p.limb_nm = 10;
  return p;
}

inline StartRequest request(TestMode mode, double velocity, int reps, Side side = Side::left) {
  StartRequest r;
  r.mode = mode;
  r.velocity_ext_deg_s = r.velocity_flex_deg_s = velocity;
  r.reps = reps;
  r.side = side;
  return r;
}

}  // namespace isokin::device::sim::testing
