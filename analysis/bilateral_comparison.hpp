// Left against right for every muscle, contraction and velocity tested on both
// sides: deficit of the weaker side and limb symmetry index, judged against the
// cut-off table. docs/metrics.md, "Bilateral comparison".
#pragma once

#include <optional>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

std::vector<BilateralComparison> compare_sides(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs,
                                               std::optional<Side> involved_side);

// (stronger - weaker) / stronger * 100; NaN unless both > 0.
double deficit_percent(double a_nm, double b_nm);

}  // namespace isokin::analysis
