#include "analysis/isokinetic_window.hpp"

#include <cmath>

namespace isokin::analysis {

IsokineticWindow find_isokinetic_window(std::span<const double> v, SampleRange effort, double preset,
                                        double tolerance_percent) {
  IsokineticWindow w;
  if (effort.empty() || !(preset > 0)) return w;
  const double tol = preset * tolerance_percent / 100.0;
  const double upper = preset + tol;
  const double lower = preset - tol;

  std::size_t search_from = effort.begin;
  const std::size_t half = effort.begin + effort.size() / 2;
  double max_speed = 0;
  for (std::size_t i = effort.begin; i < half; ++i) {
    const double s = std::abs(v[i]);
    if (s > upper) {
      w.overshoot = true;
      search_from = i + 1;
      if (s > max_speed) max_speed = s;
    }
  }
  if (w.overshoot) w.overshoot_velocity_deg_s = max_speed;

  std::size_t first = effort.end, last = effort.end;
  for (std::size_t i = search_from; i < effort.end; ++i) {
    const double s = std::abs(v[i]);
    if (s >= lower && s <= upper) {
      if (first == effort.end) first = i;
      last = i;
    }
  }
  if (first != effort.end) w.window = {first, last + 1};
  return w;
}

}  // namespace isokin::analysis
