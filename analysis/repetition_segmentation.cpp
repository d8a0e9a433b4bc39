#include "analysis/repetition_segmentation.hpp"

#include <algorithm>
#include <cmath>

namespace isokin::analysis {
namespace {

// Mean of up to k samples from `from` in direction `step`, within [begin, end).
double end_angle(std::span<const double> angle, std::size_t begin, std::size_t end, bool at_start) {
  const std::size_t k = std::min<std::size_t>(5, end - begin);
  double s = 0;
  for (std::size_t i = 0; i < k; ++i) s += at_start ? angle[begin + i] : angle[end - 1 - i];
  return s / static_cast<double>(k);
}

}  // namespace

double typical_speed_deg_s(std::span<const double> v, Motion motion) {
  std::vector<double> speeds;
  for (double x : v)
    if ((motion == Motion::extension && x < 0) || (motion == Motion::flexion && x > 0)) speeds.push_back(std::abs(x));
  if (speeds.empty()) return 0;
  const auto k = static_cast<std::ptrdiff_t>(static_cast<double>(speeds.size() - 1) * 0.95);
  std::nth_element(speeds.begin(), speeds.begin() + k, speeds.end());
  return speeds[static_cast<std::size_t>(k)];
}

Segmentation segment_efforts(std::span<const double> angle, std::span<const double> v,
                             const SegmentationPresets& presets) {
  Segmentation result;
  const std::size_t n = v.size();
  if (n == 0) {
    result.outcome = SegmentationOutcome::no_movement;
    return result;
  }
  const auto [lo, hi] = std::minmax_element(angle.begin(), angle.end());
  result.angle_range_deg = *hi - *lo;

  const double ext = presets.extension_deg_s > 0 ? presets.extension_deg_s : typical_speed_deg_s(v, Motion::extension);
  const double flex = presets.flexion_deg_s > 0 ? presets.flexion_deg_s : typical_speed_deg_s(v, Motion::flexion);
  // Core: half the preset. Onset: 5 % of it, at least 2 deg/s.
  const double core_ext = ext > 0 ? 0.5 * ext : INFINITY;
  const double core_flex = flex > 0 ? 0.5 * flex : INFINITY;
  const double onset_ext = std::max(2.0, 0.05 * ext);
  const double onset_flex = std::max(2.0, 0.05 * flex);

  std::size_t i = 0;
  while (i < n) {
    const double x = v[i];
    const bool is_ext = x < -core_ext;
    const bool is_flex = x > core_flex;
    if (!is_ext && !is_flex) {
      ++i;
      continue;
    }
    const Motion motion = is_ext ? Motion::extension : Motion::flexion;
    const double onset = is_ext ? onset_ext : onset_flex;
    const double sign = is_ext ? -1.0 : 1.0;
    std::size_t begin = i;
    while (begin > 0 && sign * v[begin - 1] > onset) --begin;
    std::size_t end = i + 1;
    while (end < n && sign * v[end] > onset) ++end;
    i = end;
    if (end - begin < 3) {
      ++result.rejected;
      continue;
    }
    const double net = sign * (end_angle(angle, begin, end, false) - end_angle(angle, begin, end, true));
    if (net < presets.min_rom_deg) {
      ++result.rejected;
      continue;
    }
    const auto [a, b] = std::minmax_element(angle.begin() + static_cast<std::ptrdiff_t>(begin),
                                            angle.begin() + static_cast<std::ptrdiff_t>(end));
    result.efforts.push_back({{begin, end}, motion, *b - *a});
  }
  if (result.efforts.empty())
    result.outcome = result.angle_range_deg < presets.min_rom_deg ? SegmentationOutcome::no_movement
                                                                   : SegmentationOutcome::noise_only;
  return result;
}

}  // namespace isokin::analysis
