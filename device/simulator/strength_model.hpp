// The athlete's muscles, without motion or sensors: how much torque each muscle group
// produces at an angle, a velocity and a repetition. These are the simulator's
// documented truths (docs/simulator.md): analysis tests compare their results with
// these functions, so they are exact (no noise, no gravity, full activation).
#pragma once

#include "device/simulator/simulator_params.hpp"
#include "model/test_mode.hpp"

namespace isokin::device::sim {

// Torque-angle curve, 1 at the muscle's peak angle (asymmetric Gaussian).
double torque_angle_factor(const SimulatorParams& p, Muscle muscle, double angle_deg);

// Force-velocity factor, 1 isometric: Hill hyperbola for concentric, a saturating
// rise to ecc_max for eccentric. speed_deg_s is a magnitude.
double force_velocity_factor(const SimulatorParams& p, Contraction contraction, double speed_deg_s);

// The isometric torque magnitude at the muscle's peak angle for a fresh, uninjured
// athlete (N·m): quadriceps from quad_peak * mass at 60 deg/s; hamstrings hq times it.
double isometric_strength_nm(const SimulatorParams& p, Muscle muscle);

// Strength left after `rep_index` repetitions (0 = first): (1 - fatigue)^rep_index.
double fatigue_factor(const SimulatorParams& p, Muscle muscle, int rep_index);

// The muscle torque magnitude (N·m, >= 0) of one full effort, before gravity and noise.
double muscle_torque_nm(const SimulatorParams& p, Side side, Muscle muscle, Contraction contraction,
                        double angle_deg, double speed_deg_s, int rep_index);

// The peak of muscle_torque_nm over angle (it lies at the muscle's peak angle):
// the gravity-corrected peak torque an analysis should find in the isokinetic window.
double peak_torque_nm(const SimulatorParams& p, Side side, Muscle muscle, Contraction contraction,
                      double speed_deg_s, int rep_index);

}  // namespace isokin::device::sim
