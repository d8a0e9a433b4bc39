// The mean torque-angle curve of an effort over its repetitions' isokinetic windows,
// on a regular angle grid inside the range every repetition covered. Used for the
// angle-specific H:Q curves and for plots.
#pragma once

#include "analysis/trial_conditioning.hpp"

namespace isokin::analysis {

void build_torque_angle_curve(const ConditionedTrial& trial, double sign, double step_deg, EffortAnalysis& effort);

// Multiples of step_deg within [lo, hi].
std::vector<double> angle_grid(double lo_deg, double hi_deg, double step_deg);

}  // namespace isokin::analysis
