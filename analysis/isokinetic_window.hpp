// The isokinetic window of an effort: where the limb moves at the preset speed.
//
// Samples with | |v| - preset | <= tolerance * preset are in tolerance. If the speed
// overshot the upper bound in the first half of the effort (the machine catching the
// limb after free acceleration: a torque spike there is impact, not muscle), the
// window starts after the last overshooting sample and the effort is flagged. The
// window runs from the first in-tolerance sample to the last one after that.
#pragma once

#include <span>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

struct IsokineticWindow {
  SampleRange window;                  // empty when the preset speed was never reached
  bool overshoot = false;
  double overshoot_velocity_deg_s = kNaN;  // largest |v| of the overshoot
};

IsokineticWindow find_isokinetic_window(std::span<const double> velocity_deg_s, SampleRange effort,
                                        double preset_deg_s, double tolerance_percent);

}  // namespace isokin::analysis
