#include "analysis/torque_angle_curve.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/repetition_metrics.hpp"

namespace isokin::analysis {

std::vector<double> angle_grid(double lo, double hi, double step) {
  std::vector<double> g;
  if (!(step > 0) || !(hi >= lo)) return g;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k += 1) g.push_back(k * step);
  return g;
}

void build_torque_angle_curve(const ConditionedTrial& c, double sign, double step_deg, EffortAnalysis& effort) {
  double lo = -INFINITY, hi = INFINITY;
  std::size_t used = 0;
  for (const auto& r : effort.reps) {
    if (r.cut_short || r.window.size() < 2) continue;
    const auto [a, b] = std::minmax_element(c.angle_deg.begin() + static_cast<std::ptrdiff_t>(r.window.begin),
                                            c.angle_deg.begin() + static_cast<std::ptrdiff_t>(r.window.end));
    lo = std::max(lo, *a);
    hi = std::min(hi, *b);
    ++used;
  }
  if (used == 0 || !(hi > lo)) return;
  const auto grid = angle_grid(lo, hi, step_deg);
  if (grid.empty()) return;
  std::vector<double> sum(grid.size(), 0.0), sum_unc(grid.size(), 0.0);
  std::vector<AngleCrossing> at(grid.size());
  for (const auto& r : effort.reps) {
    if (r.cut_short || r.window.size() < 2) continue;
    find_angle_crossings(c.angle_deg, r.window, grid, at);
    for (std::size_t k = 0; k < grid.size(); ++k) {
      sum[k] += sign * value_at(c.torque_corrected_nm, at[k]);
      sum_unc[k] += sign * value_at(c.torque_nm, at[k]);
    }
  }
  effort.curve_angles_deg = grid;
  effort.curve_torque_nm.resize(grid.size());
  effort.curve_torque_uncorrected_nm.resize(grid.size());
  for (std::size_t k = 0; k < grid.size(); ++k) {
    effort.curve_torque_nm[k] = sum[k] / static_cast<double>(used);
    effort.curve_torque_uncorrected_nm[k] = sum_unc[k] / static_cast<double>(used);
  }
}

}  // namespace isokin::analysis
