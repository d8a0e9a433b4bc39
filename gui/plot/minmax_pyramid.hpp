// A multi-resolution minimum/maximum summary of one channel (a "pyramid").
//
// Level 0 holds the min and max of every block of kFanout samples, level 1 of every
// kFanout level-0 blocks, and so on. A query for any index range then visits at
// most 2 (kFanout - 1) entries per level, so reducing a ten-million-sample channel to
// a few thousand pixel columns costs about the same as reducing a short one, and the
// answer is exact: the reduction never loses a peak.
// Memory: two doubles per kFanout samples, summed over levels = 2/(kFanout-1) of the
// channel's own size (about 0.29x for kFanout = 8).
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace isokin::gui {

struct MinMax {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  bool empty() const { return min > max; }
  void add(double v) {  // NaN compares false both ways and is skipped
    if (v < min) min = v;
    if (v > max) max = v;
  }
  void add(const MinMax& o) {
    if (o.min < min) min = o.min;
    if (o.max > max) max = o.max;
  }
};

class MinMaxPyramid {
 public:
  static constexpr std::size_t kFanout = 8;

  MinMaxPyramid() = default;
  // Summarises `values`, which must outlive the pyramid and stay unchanged.
  explicit MinMaxPyramid(std::span<const double> values);

  // Exact min and max of values[begin, end), NaN ignored; empty() when none.
  MinMax query(std::size_t begin, std::size_t end) const;

  std::span<const double> values() const { return values_; }
  std::size_t level_count() const { return levels_.size(); }
  // Level k: entry i covers values [i*F^(k+1), (i+1)*F^(k+1)).
  std::span<const MinMax> level(std::size_t k) const { return levels_[k]; }
  std::size_t size() const { return values_.size(); }
  std::size_t memory_bytes() const;  // of the summary only (not the values)

 private:
  std::span<const double> values_;
  std::vector<std::vector<MinMax>> levels_;  // levels_[k][i] covers samples [i*F^(k+1), (i+1)*F^(k+1))
};

}  // namespace isokin::gui
