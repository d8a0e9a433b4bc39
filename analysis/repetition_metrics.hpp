// The measures of one effort of one repetition: peak torque and its angle and time,
// work, mean power, range of motion, acceleration/deceleration time, isokinetic
// window coverage, torque at chosen angles. Formulas: docs/metrics.md.
#pragma once

#include <span>

#include "analysis/isokinetic_window.hpp"
#include "analysis/repetition_segmentation.hpp"
#include "analysis/trial_conditioning.hpp"

namespace isokin::analysis {

// sign: +1 quadriceps, -1 hamstrings (torque_sign). Peak torque is searched in the
// isokinetic window when it has at least 3 samples, else over the whole effort.
RepetitionMetrics measure_repetition(const ConditionedTrial& trial, const EffortSegment& effort, double sign,
                                     const IsokineticWindow& window, std::span<const double> angles_deg);

// Where the motion first crosses each target angle inside `range`: the sample index
// i and the fraction f of the step i -> i+1, so any channel can be interpolated there
// (value_at). Targets may be in any order; one pass over the samples.
struct AngleCrossing {
  std::size_t index = 0;
  double fraction = 0;
  bool reached = false;
};
void find_angle_crossings(std::span<const double> angle_deg, SampleRange range, std::span<const double> targets_deg,
                          std::span<AngleCrossing> out);
double value_at(std::span<const double> values, const AngleCrossing& crossing);  // NaN when not reached

// Torque (times sign) at each target angle by linear interpolation at the first
// crossing inside `range`; NaN where the angle was not reached. Targets may be in any
// order; one pass over the samples.
void torque_at_angles(std::span<const double> angle_deg, std::span<const double> torque_nm, double sign,
                      SampleRange range, std::span<const double> targets_deg, std::span<double> out);

}  // namespace isokin::analysis
