// Left against right for every muscle, contraction and velocity tested on both
// sides: limb symmetry index and deficit of the involved side against the
// uninvolved one, judged against the cut-off table. docs/metrics.md, "Bilateral comparison".
#pragma once

#include <optional>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

// `involved_side`: the involved limb, or nullopt when none is involved or it is
// unknown; then `reference_side` is the numerator (chosen here as the weaker side of
// the first pair when unset, and returned so a series keeps it).
std::vector<BilateralComparison> compare_sides(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs,
                                               std::optional<Side> involved_side, std::optional<Side>& reference_side);

// (uninvolved - involved) / uninvolved * 100 = 100 - LSI; negative when the involved
// side is the stronger; NaN unless both > 0.
double deficit_percent(double involved_nm, double uninvolved_nm);

}  // namespace isokin::analysis
