#include "analysis/device_counted_movements.hpp"

#include <algorithm>

namespace isokin::analysis {

std::size_t keep_device_counted(Segmentation& seg, const std::vector<CountedMovement>& counted) {
  if (counted.empty()) return 0;
  const auto is_counted = [&](const EffortSegment& e) {
    const std::size_t middle = e.samples.begin + e.samples.size() / 2;
    return std::any_of(counted.begin(), counted.end(), [&](const CountedMovement& m) { return m.contains(middle); });
  };
  const auto kept = static_cast<std::size_t>(std::count_if(seg.efforts.begin(), seg.efforts.end(), is_counted));
  if (kept == 0) return 0;
  const std::size_t left_out = seg.efforts.size() - kept;
  std::erase_if(seg.efforts, [&](const EffortSegment& e) { return !is_counted(e); });
  return left_out;
}

}  // namespace isokin::analysis
