// Which muscle group and contraction an effort is, from the trial's mode, the
// direction of motion and the sign of the (gravity-corrected) torque.
//
//   motion     torque > 0 (extensors)        torque < 0 (flexors)
//   extension  quadriceps concentric         hamstrings eccentric
//   flexion    quadriceps eccentric          hamstrings concentric
//
// con-con and ecc-ecc fix the contraction, so the mode names the effort and a torque
// of the other sign is reported ("torque-sign"); con-ecc (and unknown modes) leave
// the muscle open, so the torque's sign decides.
#pragma once

#include <span>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

struct EffortName {
  Muscle muscle = Muscle::quadriceps;
  Contraction contraction = Contraction::concentric;
  bool torque_contradicts_mode = false;
};

// mean_torque_nm: mean signed torque over the effort.
EffortName name_effort(TestMode mode, Motion motion, double mean_torque_nm);

// +1 for quadriceps (extension torque is positive), -1 for hamstrings.
inline double torque_sign(Muscle muscle) { return muscle == Muscle::quadriceps ? 1.0 : -1.0; }

}  // namespace isokin::analysis
