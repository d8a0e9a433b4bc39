#include "gui/plot/column_reduction.hpp"

#include <algorithm>
#include <cmath>

namespace isokin::gui {

IndexRange visible_range(std::span<const double> x, double x_min, double x_max) {
  auto first = std::lower_bound(x.begin(), x.end(), x_min);
  auto last = std::upper_bound(first, x.end(), x_max);
  IndexRange r{static_cast<std::size_t>(first - x.begin()), static_cast<std::size_t>(last - x.begin())};
  if (r.begin > 0) --r.begin;
  if (r.end < x.size()) ++r.end;
  return r;
}

namespace {

// The first index in [lo, hi) of sorted x where pred fails, searched outward from a
// guess: column boundaries are close to where uniform sampling puts them, so this
// touches a few neighbouring cache lines where a binary search over ten million
// samples would miss the cache some twenty times.
template <typename Get, typename Pred>
std::size_t partition_near(Get x, std::size_t lo, std::size_t hi, std::size_t guess, Pred pred) {
  guess = std::clamp(guess, lo, hi);
  std::size_t a = lo, b = hi;  // the answer lies in [a, b]
  std::size_t step = 1;
  if (guess < hi && pred(x(guess))) {
    a = guess + 1;
    for (;;) {
      const std::size_t probe = std::min(hi, a + step - 1);
      if (probe >= hi) {
        b = hi;
        break;
      }
      if (!pred(x(probe))) {
        b = probe;
        break;
      }
      a = probe + 1;
      step *= 2;
    }
  } else {
    b = guess;
    for (;;) {
      if (b == lo) {
        a = lo;
        break;
      }
      const std::size_t probe = b >= lo + step ? b - step : lo;
      if (pred(x(probe))) {
        a = probe + 1;
        break;
      }
      b = probe;
      step *= 2;
    }
  }
  while (a < b) {  // binary search of what is left
    const std::size_t mid = a + (b - a) / 2;
    if (pred(x(mid))) a = mid + 1;
    else b = mid;
  }
  return a;
}

}  // namespace

std::size_t reduce_to_columns(std::span<const double> x, std::span<const double> y, const MinMaxPyramid* pyramid,
                              double x_min, double x_max, int columns, std::vector<PlotPoint>& out,
                              const MinMaxPyramid* x_pyramid) {
  out.clear();
  const std::size_t n = std::min(x.size(), y.size());
  if (n == 0 || columns <= 0 || !(x_max > x_min)) return 0;
  x = x.first(n);
  const IndexRange r = visible_range(x, x_min, x_max);
  const std::size_t count = r.end - r.begin;
  if (count <= 2 * static_cast<std::size_t>(columns)) {
    out.reserve(count);
    for (std::size_t i = r.begin; i < r.end; ++i) out.push_back({x[i], y[i]});
    return count;
  }
  out.reserve(2 * static_cast<std::size_t>(columns) + 2);
  const double column_width = (x_max - x_min) / columns;
  const double x_first = x[r.begin];
  const double x_extent = x[r.end - 1] - x_first;
  const double per_x = x_extent > 0 ? (r.end - 1 - r.begin) / x_extent : 0.0;  // samples per x unit
  const auto raw_x = [&](std::size_t k) { return x[k]; };
  // Dense views with a summary of x too: column edges snap to whole blocks of F
  // samples, found in the summary (its block minimum is the block's first time). No
  // raw sample is then read in the loop (each read is a cache miss in a big trial),
  // and a column gains or loses fewer than F of its many samples: no peak is lost,
  // every sample still lands in exactly one column.
  constexpr std::size_t F = MinMaxPyramid::kFanout;
  const bool by_blocks = x_pyramid != nullptr && pyramid != nullptr && x_pyramid->level_count() > 0 &&
                         count >= 64 * static_cast<std::size_t>(columns);
  const std::span<const MinMax> x_blocks = by_blocks ? x_pyramid->level(0) : std::span<const MinMax>{};
  const auto block_x = [&](std::size_t k) { return x_blocks[k].min; };

  std::size_t i = r.begin;
  // The sample before the view (if any) anchors the line at the left edge.
  if (x_first < x_min) {
    out.push_back({x[i], y[i]});
    ++i;
  }
  for (int c = 0; c < columns && i < r.end; ++c) {
    const bool last_column = c + 1 == columns;
    const double right = last_column ? x_max : x_min + column_width * (c + 1);
    const auto guess = r.begin + static_cast<std::size_t>(std::max(0.0, (right - x_first) * per_x));
    std::size_t stop = 0;
    const std::size_t k_lo = (i + F - 1) / F, k_hi = r.end / F;
    if (by_blocks && !last_column && k_lo < k_hi) {
      stop = F * partition_near(block_x, k_lo, k_hi, guess / F, [&](double v) { return v < right; });
    } else if (last_column) {
      stop = partition_near(raw_x, i, r.end, guess, [&](double v) { return v <= right; });
    } else {
      stop = partition_near(raw_x, i, r.end, guess, [&](double v) { return v < right; });
    }
    if (stop <= i) continue;
    const double xc = x_min + column_width * (c + 0.5);
    MinMax mm;
    if (pyramid != nullptr) {
      mm = pyramid->query(i, stop);
    } else {
      for (std::size_t j = i; j < stop; ++j) mm.add(y[j]);
    }
    if (stop - i == 1 || mm.empty()) {
      out.push_back({x[i], y[i]});
    } else if (out.empty() || std::fabs(out.back().y - mm.min) <= std::fabs(out.back().y - mm.max)) {
      // The column's vertical stroke, entered from the end nearer the previous point
      // so the joins between columns stay short.
      out.push_back({xc, mm.min});
      out.push_back({xc, mm.max});
    } else {
      out.push_back({xc, mm.max});
      out.push_back({xc, mm.min});
    }
    i = stop;
  }
  // The sample after the view (if any) anchors the line at the right edge.
  for (; i < r.end; ++i) out.push_back({x[i], y[i]});
  return count;
}

std::size_t nearest_index(std::span<const double> x, double x_value) {
  const auto it = std::lower_bound(x.begin(), x.end(), x_value);
  if (it == x.begin()) return 0;
  if (it == x.end()) return x.size() - 1;
  const std::size_t i = static_cast<std::size_t>(it - x.begin());
  return (x_value - x[i - 1] <= x[i] - x_value) ? i - 1 : i;
}

}  // namespace isokin::gui
