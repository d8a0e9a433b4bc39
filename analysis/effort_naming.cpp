#include "analysis/effort_naming.hpp"

namespace isokin::analysis {
namespace {

EffortName by_torque(Motion motion, double mean_torque_nm) {
  const bool extensors = mean_torque_nm >= 0;
  EffortName n;
  n.muscle = extensors ? Muscle::quadriceps : Muscle::hamstrings;
  const bool shortening = (motion == Motion::extension) == extensors;
  n.contraction = shortening ? Contraction::concentric : Contraction::eccentric;
  return n;
}

}  // namespace

EffortName name_effort(TestMode mode, Motion motion, double mean_torque_nm) {
  const EffortName from_torque = by_torque(motion, mean_torque_nm);
  EffortName n;
  switch (mode) {
    case TestMode::con_con:
      n.muscle = motion == Motion::extension ? Muscle::quadriceps : Muscle::hamstrings;
      n.contraction = Contraction::concentric;
      break;
    case TestMode::ecc_ecc:
      n.muscle = motion == Motion::extension ? Muscle::hamstrings : Muscle::quadriceps;
      n.contraction = Contraction::eccentric;
      break;
    default:
      return from_torque;
  }
  n.torque_contradicts_mode = from_torque.muscle != n.muscle;
  return n;
}

}  // namespace isokin::analysis
