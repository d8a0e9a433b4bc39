#include "analysis/bilateral_comparison.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/effort_index.hpp"

namespace isokin::analysis {

double deficit_percent(double a, double b) {
  if (!(a > 0) || !(b > 0)) return kNaN;
  const double strong = std::max(a, b), weak = std::min(a, b);
  return 100.0 * (strong - weak) / strong;
}

std::vector<BilateralComparison> compare_sides(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs,
                                               std::optional<Side> involved_side) {
  std::vector<BilateralComparison> out;
  const auto best = best_efforts(trials);
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
    b.deficit_percent = deficit_percent(b.left_nm, b.right_nm);
    b.involved_assumed = !involved_side.has_value();
    b.involved = involved_side ? *involved_side : (b.left_nm <= b.right_nm ? Side::left : Side::right);
    const double involved = b.involved == Side::left ? b.left_nm : b.right_nm;
    const double uninvolved = b.involved == Side::left ? b.right_nm : b.left_nm;
    if (involved > 0 && uninvolved > 0) b.lsi_percent = 100.0 * involved / uninvolved;
    if (const Cutoff* c = find_cutoff(cutoffs, CutoffKind::bilateral_deficit, b.velocity_deg_s)) {
      b.deficit_cutoff = *c;
      b.deficit_flag = is_flagged(*c, b.deficit_percent);
    }
    if (const Cutoff* c = find_cutoff(cutoffs, CutoffKind::lsi, b.velocity_deg_s)) {
      b.lsi_cutoff = *c;
      b.lsi_flag = is_flagged(*c, b.lsi_percent);
    }
    b.flag = b.deficit_flag || b.lsi_flag;
    out.push_back(b);
  }
  return out;
}

}  // namespace isokin::analysis
