#include "gui/app/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

namespace isokin::gui {

FrameStats frame_stats(std::span<const double> times_ms) {
  FrameStats s;
  if (times_ms.empty()) return s;
  std::vector<double> t(times_ms.begin(), times_ms.end());
  std::sort(t.begin(), t.end());
  const auto rank = [&](double p) {
    const auto k = static_cast<std::size_t>(std::ceil(p * t.size()));
    return t[std::min(t.size() - 1, k == 0 ? 0 : k - 1)];
  };
  s.frames = t.size();
  s.median_ms = rank(0.5);
  s.p95_ms = rank(0.95);
  s.max_ms = t.back();
  s.mean_ms = std::accumulate(t.begin(), t.end(), 0.0) / t.size();
  return s;
}

std::string to_string(const FrameStats& s) {
  char text[160];
  std::snprintf(text, sizeof text, "frames %zu  median %.3f ms  p95 %.3f ms  mean %.3f ms  max %.3f ms", s.frames,
                s.median_ms, s.p95_ms, s.mean_ms, s.max_ms);
  return text;
}

}  // namespace isokin::gui
