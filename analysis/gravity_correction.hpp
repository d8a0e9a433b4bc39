// Gravity correction of knee torque from the trial's limb-weight measurement.
//
// Seated knee test: with the thigh horizontal, the shank is horizontal at 0 deg of
// flexion (full extension) and hangs vertically at 90 deg. The limb's weight acts at
// its centre of mass, so its moment about the knee is m*g*d*cos(angle): largest at
// full extension, zero at 90 deg. It always pulls the shank down, i.e. toward flexion,
// which in the protocol's sign convention is NEGATIVE torque:
//     gravity_torque(θ) = -G * cos(θ) / cos(θ_ref)
// where G is the weighed torque magnitude at θ_ref (TrialInfo::gravity). The
// dynamometer measures muscle + gravity, so
//     corrected = measured - gravity_torque(θ) = measured + G * cos(θ) / cos(θ_ref)
// which raises quadriceps (extension) torque and lowers hamstrings (flexion) torque
// magnitudes. docs/metrics.md, "Gravity correction".
#pragma once

#include <optional>
#include <span>

#include "model/trial.hpp"

namespace isokin::analysis {

// m*g*d, the limb's moment with the shank horizontal, from a weighing at angle_deg;
// nullopt when the weighing angle is within 5 deg of vertical (cos too small to scale
// by) or the values are not finite.
std::optional<double> limb_torque_at_horizontal_nm(const LimbGravity& gravity);

// Signed gravity torque (protocol convention: negative, toward flexion).
double gravity_torque_nm(double horizontal_torque_nm, double angle_deg);

// torque[i] -= gravity_torque(angle[i]) for every sample.
void correct_for_gravity(std::span<const double> angle_deg, std::span<double> torque_nm,
                         double horizontal_torque_nm);
// corrected[i] = torque[i] - gravity_torque(angle[i]): the same values, written apart
// (corrected may be torque itself).
void correct_for_gravity(std::span<const double> angle_deg, std::span<const double> torque_nm,
                         std::span<double> corrected_nm, double horizontal_torque_nm);

}  // namespace isokin::analysis
