#include "gui/plot/minmax_pyramid.hpp"

#include <algorithm>

namespace isokin::gui {

MinMaxPyramid::MinMaxPyramid(std::span<const double> values) : values_(values) {
  constexpr std::size_t F = kFanout;
  if (values.size() < F) return;
  std::vector<MinMax> level((values.size() + F - 1) / F);
  for (std::size_t i = 0; i < level.size(); ++i) {
    const std::size_t end = std::min(values.size(), (i + 1) * F);
    for (std::size_t j = i * F; j < end; ++j) level[i].add(values[j]);
  }
  levels_.push_back(std::move(level));
  while (levels_.back().size() >= F) {
    const auto& below = levels_.back();
    std::vector<MinMax> next((below.size() + F - 1) / F);
    for (std::size_t i = 0; i < next.size(); ++i) {
      const std::size_t end = std::min(below.size(), (i + 1) * F);
      for (std::size_t j = i * F; j < end; ++j) next[i].add(below[j]);
    }
    levels_.push_back(std::move(next));
  }
}

MinMax MinMaxPyramid::query(std::size_t begin, std::size_t end) const {
  constexpr std::size_t F = kFanout;
  MinMax out;
  end = std::min(end, values_.size());
  if (begin >= end) return out;
  // Level -1 is the raw values. At each level, take the unaligned ends from this
  // level and hand the aligned middle, in units of the next level's blocks, upward.
  std::size_t lo = begin, hi = end;
  const auto scan_raw = [&](std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i) out.add(values_[i]);
  };
  const auto scan_level = [&](std::size_t k, std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i) out.add(levels_[k][i]);
  };
  for (std::size_t level = 0;; ++level) {  // level L reads raw (L = 0) or levels_[L-1]
    const std::size_t lo_up = (lo + F - 1) / F * F;
    const std::size_t hi_down = hi / F * F;
    const bool top = level == levels_.size();
    if (top || lo_up >= hi_down) {
      if (level == 0) scan_raw(lo, hi);
      else scan_level(level - 1, lo, hi);
      return out;
    }
    if (level == 0) {
      scan_raw(lo, lo_up);
      scan_raw(hi_down, hi);
    } else {
      scan_level(level - 1, lo, lo_up);
      scan_level(level - 1, hi_down, hi);
    }
    lo = lo_up / F;
    hi = hi_down / F;
  }
}

std::size_t MinMaxPyramid::memory_bytes() const {
  std::size_t bytes = 0;
  for (const auto& level : levels_) bytes += level.capacity() * sizeof(MinMax);
  return bytes;
}

}  // namespace isokin::gui
