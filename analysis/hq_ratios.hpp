// Hamstrings:quadriceps ratios for every side and every pairing the trials allow:
//   conventional    Hcon / Qcon at the same velocity (peak torques)
//   functional      Hecc at v_h / Qcon at v_q, every pair on a side (Aagaard 1998)
//   angle-specific  Hcon(θ) / Qcon(θ) over the shared range of the mean curves
//   per-repetition  Hcon_i / Qcon_i through one con-con trial (fatigue sets)
// Each gravity-corrected (when the trials were) and uncorrected, judged against the
// cut-off table. docs/metrics.md, "H:Q ratios".
#pragma once

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

std::vector<HqRatio> compute_hq_ratios(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs);

}  // namespace isokin::analysis
