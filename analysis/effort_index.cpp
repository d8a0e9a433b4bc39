#include "analysis/effort_index.hpp"

#include <cmath>

namespace isokin::analysis {

EffortKey effort_key(Side side, Muscle muscle, Contraction contraction, double velocity_deg_s) {
  return {side, muscle, contraction, std::lround(velocity_deg_s)};
}

std::map<EffortKey, EffortRef> best_efforts(const std::vector<TrialAnalysis>& trials) {
  std::map<EffortKey, EffortRef> best;
  for (const auto& t : trials) {
    for (const auto& e : t.efforts) {
      if (!std::isfinite(e.summary.peak_torque_nm)) continue;
      const auto key = effort_key(t.side, e.muscle, e.contraction, e.velocity_deg_s);
      auto it = best.find(key);
      if (it == best.end() || e.summary.peak_torque_nm > it->second.effort->summary.peak_torque_nm)
        best[key] = {&t, &e};
    }
  }
  return best;
}

}  // namespace isokin::analysis
