#include "analysis/bilateral_comparison.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/effort_index.hpp"

namespace isokin::analysis {

double deficit_percent(double involved_nm, double uninvolved_nm) {
  if (!(involved_nm > 0) || !(uninvolved_nm > 0)) return kNaN;
  return 100.0 * (uninvolved_nm - involved_nm) / uninvolved_nm;
}

std::vector<BilateralComparison> compare_sides(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs,
                                               std::optional<Side> involved_side, std::optional<Side>& reference_side) {
  std::vector<BilateralComparison> out;
  const auto best = best_efforts(trials);
  // Ordered by muscle, contraction, velocity: the first pair is the quadriceps
  // concentric at the slowest speed, the usual headline.
  for (const auto& [key, left] : best) {
    const auto& [side, muscle, contraction, v] = key;
    if (side != Side::left) continue;
    const auto right = best.find(effort_key(Side::right, muscle, contraction, static_cast<double>(v)));
    if (right == best.end()) continue;
    BilateralComparison b;
    b.muscle = muscle;
    b.contraction = contraction;
    b.velocity_deg_s = left.effort->velocity_deg_s;
    b.left_nm = left.effort->summary.peak_torque_nm;
    b.right_nm = right->second.effort->summary.peak_torque_nm;
    // No involved limb: ONE reference side for the whole session (and, when progress
    // passes it in, the whole series), never a per-row "weaker side" that switches.
    if (!involved_side && !reference_side && b.left_nm > 0 && b.right_nm > 0)
      reference_side = b.left_nm <= b.right_nm ? Side::left : Side::right;
    b.involved_assumed = !involved_side.has_value();
    b.involved = involved_side ? *involved_side : reference_side.value_or(Side::left);
    const double involved = b.involved == Side::left ? b.left_nm : b.right_nm;
    const double uninvolved = b.involved == Side::left ? b.right_nm : b.left_nm;
    if (involved > 0 && uninvolved > 0) b.lsi_percent = 100.0 * involved / uninvolved;
    b.deficit_percent = deficit_percent(involved, uninvolved);
    const bool corrected = left.trial->gravity_corrected && right->second.trial->gravity_corrected;
    if (const Cutoff* c = find_cutoff(cutoffs, CutoffKind::bilateral_deficit, b.velocity_deg_s, kNaN, corrected,
                                      contraction);
        c && std::isfinite(b.deficit_percent)) {
      b.deficit_cutoff = *c;
      b.deficit_flag = is_flagged(*c, b.deficit_percent);
    }
    if (const Cutoff* c = find_cutoff(cutoffs, CutoffKind::lsi, b.velocity_deg_s, kNaN, corrected, contraction);
        c && std::isfinite(b.lsi_percent)) {
      b.lsi_cutoff = *c;
      b.lsi_flag = is_flagged(*c, b.lsi_percent);
    }
    b.flag = b.deficit_flag || b.lsi_flag;
    out.push_back(b);
  }
  return out;
}

}  // namespace isokin::analysis
