// The session's best effort of each kind: (side, muscle, contraction, velocity).
// When several trials hold the same kind (a retest), the one with the highest peak
// torque represents it, as clinicians take the best trial.
#pragma once

#include <map>
#include <tuple>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

using EffortKey = std::tuple<Side, Muscle, Contraction, long>;  // velocity rounded to 1 deg/s

struct EffortRef {
  const TrialAnalysis* trial = nullptr;
  const EffortAnalysis* effort = nullptr;
};

EffortKey effort_key(Side side, Muscle muscle, Contraction contraction, double velocity_deg_s);
std::map<EffortKey, EffortRef> best_efforts(const std::vector<TrialAnalysis>& trials);

}  // namespace isokin::analysis
