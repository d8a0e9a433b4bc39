// Per-effort summaries over a set: best and mean peak torque, per kg, total work,
// CV of peak torques, work fatigue, fatigue curves, Thorstensson index, endurance
// ratio. Repetitions flagged cut_short are listed but left out of the summary.
#pragma once

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

EffortSummary summarize_effort(const std::vector<RepetitionMetrics>& reps, double body_mass_kg,
                               double velocity_deg_s, const CutoffTable& cutoffs);

}  // namespace isokin::analysis
