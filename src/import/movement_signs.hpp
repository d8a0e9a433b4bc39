// Signs and directions shared by the vendor readers: which way the knee moves, the
// sign an unsigned (rectified) torque takes from that direction and the test mode,
// and whether a channel's stated sign agrees with the data.
//
// isokin's convention (protocol.md section 3): angle = knee flexion, velocity =
// d(angle)/dt (extension negative), torque positive in extension (quadriceps).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/counted_movements.hpp"
#include "model/samples.hpp"
#include "model/test_mode.hpp"

namespace isokin::import {

// > 0 when `velocity` runs with d(angle)/dt, < 0 against it, 0 when the angle does not move.
double velocity_agreement(std::span<const double> time_s, std::span<const double> angle_deg,
                          std::span<const double> velocity_deg_s);

// Per sample: -1 extending, +1 flexing (isokin velocity sign), held through the slow
// turnarounds (|v| below `threshold_deg_s`) from the last clear movement.
std::vector<int> movement_direction(std::span<const double> velocity_deg_s, double threshold_deg_s);

// Unsigned torque -> signed: the muscle that works in each direction under `mode`
// (con-con: quadriceps extending, hamstrings flexing; ecc-ecc: the reverse; con-ecc
// and isometric: one muscle group both ways, the quadriceps). Returns a note when the
// mode leaves the sign a guess.
std::string sign_unsigned_torque(std::span<double> torque_nm, std::span<const double> velocity_deg_s, TestMode mode);

// Whether torque is rectified: no sample clearly below zero (noise of 2 % of the peak allowed).
bool looks_unsigned(std::span<const double> torque_nm);

// Mean torque over extending samples minus mean over flexing samples: > 0 when the
// quadriceps push during extension (con-con) as isokin's sign convention has it.
double extension_minus_flexion_torque(std::span<const double> torque_nm, std::span<const double> velocity_deg_s);

// The 95th percentile of |v| over samples moving one way (-1 extension, +1 flexion); 0 if none.
double typical_speed_deg_s(std::span<const double> velocity_deg_s, int direction);

// The last step of every vendor reader, checking its vendor's sign conventions
// against the data: the velocity must run with d(angle)/dt (else it is negated);
// unsigned torque is signed from the direction and `mode`; signed torque in a con-con
// or ecc-ecc test must have the quadriceps push during extension (con-con) or resist
// flexion (ecc-ecc), else it is negated. Returns one note per correction made.
std::vector<std::string> apply_isokin_signs(SampleColumns& samples, TestMode mode);

// Angle as knee flexion from a position channel whose orientation the vendor leaves
// open: a position that is mostly negative (Con-Trex's -87..-6) is negated.
void angle_as_flexion(std::span<double> angle_deg);

// Runs of equal, counted marks as sample ranges: `marks[i]` is the device's mark of
// sample i, `counted(mark)` says whether that mark is a counted repetition.
template <typename Mark, typename Pred>
std::vector<CountedMovement> runs_of_marks(const std::vector<Mark>& marks, Pred counted) {
  std::vector<CountedMovement> out;
  std::size_t i = 0;
  while (i < marks.size()) {
    std::size_t j = i + 1;
    while (j < marks.size() && marks[j] == marks[i]) ++j;
    if (counted(marks[i])) out.push_back({i, j});
    i = j;
  }
  return out;
}

}  // namespace isokin::import
