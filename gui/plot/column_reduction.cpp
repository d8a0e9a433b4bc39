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
template <typename Pred>
std::size_t partition_near(std::span<const double> x, std::size_t lo, std::size_t hi, std::size_t guess, Pred pred) {
  guess = std::clamp(guess, lo, hi);
  std::size_t a = lo, b = hi;  // the answer lies in [a, b]
  std::size_t step = 1;
  if (guess < hi && pred(x[guess])) {
    a = guess + 1;
    for (;;) {
      const std::size_t probe = std::min(hi, a + step - 1);
      if (probe >= hi) {
        b = hi;
        break;
      }
      if (!pred(x[probe])) {
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
      if (pred(x[probe])) {
        a = probe + 1;
        break;
      }
      b = probe;
      step *= 2;
    }
  }
  return static_cast<std::size_t>(std::partition_point(x.begin() + a, x.begin() + b, pred) - x.begin());
}

}  // namespace

std::size_t reduce_to_columns(std::span<const double> x, std::span<const double> y, const MinMaxPyramid* pyramid,
                              double x_min, double x_max, int columns, std::vector<PlotPoint>& out) {
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
  const double x_extent = x[r.end - 1] - x[r.begin];
  const double per_x = x_extent > 0 ? (r.end - 1 - r.begin) / x_extent : 0.0;  // samples per x unit
  std::size_t i = r.begin;
  // The sample before the view (if any) anchors the line at the left edge.
  if (x[i] < x_min) {
    out.push_back({x[i], y[i]});
    ++i;
  }
  for (int c = 0; c < columns && i < r.end; ++c) {
    const double right = c + 1 == columns ? x_max : x_min + column_width * (c + 1);
    const auto guess = static_cast<std::size_t>(std::max(0.0, (right - x[i]) * per_x)) + i;
    const std::size_t stop = c + 1 == columns ? partition_near(x, i, r.end, guess, [&](double v) { return v <= right; })
                                              : partition_near(x, i, r.end, guess, [&](double v) { return v < right; });
    if (stop == i) continue;
    const double xc = x_min + column_width * (c + 0.5);
    MinMax mm;
    if (pyramid != nullptr) {
      mm = pyramid->query(i, stop);
    } else {
      for (std::size_t j = i; j < stop; ++j) mm.add(y[j]);
    }
    if (stop - i == 1 || mm.empty()) {
      out.push_back({x[i], y[i]});
    } else if (std::fabs(y[i] - mm.min) <= std::fabs(y[i] - mm.max)) {
      // The column's vertical stroke, entered from the end nearer its first sample so
      // the joins to the neighbouring columns stay short.
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
