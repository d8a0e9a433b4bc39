// The simulated test: an athlete on a dynamometer, as a pure sample generator.
//
// Given the parameters, a START request and a seed, AthleteModel produces sample i at
// device time i / rate_hz, one after another; it does no I/O and reads no clock, so the
// in-process device (SimulatedDevice) and the byte-level emulator (isokin-devsim) pace
// it as they like and get identical samples for the same seed.
//
// Conventions are those of the wire protocol (section 3): angle = knee flexion in
// degrees, velocity = d(angle)/dt (extension negative), torque positive in extension.
// A repetition starts flexed at rom_max: extension phase (to rom_min), pause, flexion
// phase (back to rom_max), pause. docs/simulator.md has the equations.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "device/device.hpp"
#include "device/simulator/motion_profile.hpp"
#include "device/simulator/simulator_params.hpp"
#include "device/simulator/simulator_random.hpp"
#include "model/trial.hpp"

namespace isokin::device::sim {

struct ModelSample {
  double time_s = 0;  // device time from START
  double torque_nm = 0;
  double angle_deg = 0;
  double velocity_deg_s = 0;
  int rep = -1;  // repetition in progress (0-based), -1 before the first
};

// What the dynamometer and muscle do in one direction of movement.
struct EffortPlan {
  bool active = false;  // false: the subject is relaxed (passive mode)
  Muscle muscle = Muscle::quadriceps;
  Contraction contraction = Contraction::concentric;
};

class AthleteModel {
 public:
  // Throws DeviceError for a request the simulated machine cannot do (velocity out of
  // 1..500 deg/s, range of motion outside 0..120 deg or shorter than 5 deg).
  AthleteModel(const SimulatorParams& params, const StartRequest& request, std::uint64_t seed);

  ModelSample next();                                   // the next sample; advances
  void generate(std::size_t count, std::vector<ModelSample>& out);  // appends `count` samples

  std::uint64_t index() const { return index_; }        // samples generated so far
  // Samples that make up the requested repetitions (0 when reps = 0: until STOP).
  std::uint64_t total_samples() const { return total_samples_; }
  bool done() const { return total_samples_ != 0 && index_ >= total_samples_; }
  double duration_s() const;                            // of the requested reps; 0 when unlimited

  // What each direction loads, for this request's mode (extension first).
  EffortPlan extension_effort() const { return effort_[0]; }
  EffortPlan flexion_effort() const { return effort_[1]; }
  const SimulatorParams& params() const { return params_; }

 private:
  double isometric_torque_at(double t) const;
  double effort_torque(int phase, double t) const;
  double effort_scale(Muscle muscle, int rep) const;

  SimulatorParams params_;
  StartRequest request_;
  Side side_;
  std::uint64_t seed_;
  SimRandom noise_;
  EffortPlan effort_[2];
  PhaseProfile phase_[2];  // extension, flexion
  bool isometric_ = false;
  double iso_angle_deg_ = 0;
  double cycle_s_ = 0;     // one repetition
  double lead_s_ = 0;      // from START to the first movement
  std::uint64_t index_ = 0;
  std::uint64_t total_samples_ = 0;
};

// The seed of the index-th trial (0-based) a device runs for a session seeded `seed`:
// each trial gets its own noise, the same on every run. sim:// and isokin-devsim both
// use it, so they produce the same samples for the same seed and trial order.
inline std::uint64_t trial_seed(std::uint64_t seed, std::uint64_t trial_index) {
  return mix_seed(seed, 1000 + trial_index);
}

// The relaxed limb weighed by the machine at params.weigh_angle_deg: torque magnitude
// limb_torque_nm * cos(angle), averaged over one second of noisy samples.
LimbGravity weigh_limb(const SimulatorParams& params, std::uint64_t seed);

}  // namespace isokin::device::sim
