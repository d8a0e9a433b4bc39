// Frame-time statistics for --bench-frames: median, 95th percentile, maximum.
#pragma once

#include <span>
#include <string>

namespace isokin::gui {

struct FrameStats {
  std::size_t frames = 0;
  double median_ms = 0;
  double p95_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

// Nearest-rank percentiles over the given frame times (milliseconds).
FrameStats frame_stats(std::span<const double> times_ms);
std::string to_string(const FrameStats& s);

}  // namespace isokin::gui
