#include "gui/plot/column_reduction.hpp"

#include <algorithm>

namespace isokin::gui {

IndexRange visible_range(std::span<const double> x, double x_min, double x_max) {
  auto first = std::lower_bound(x.begin(), x.end(), x_min);
  auto last = std::upper_bound(first, x.end(), x_max);
  IndexRange r{static_cast<std::size_t>(first - x.begin()), static_cast<std::size_t>(last - x.begin())};
  if (r.begin > 0) --r.begin;
  if (r.end < x.size()) ++r.end;
  return r;
}

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
  out.reserve(4 * static_cast<std::size_t>(columns) + 2);
  const double column_width = (x_max - x_min) / columns;
  std::size_t i = r.begin;
  // The sample before the view (if any) anchors the line at the left edge.
  if (x[i] < x_min) {
    out.push_back({x[i], y[i]});
    ++i;
  }
  for (int c = 0; c < columns && i < r.end; ++c) {
    const double right = c + 1 == columns ? x_max : x_min + column_width * (c + 1);
    const auto stop_it = c + 1 == columns ? std::upper_bound(x.begin() + i, x.begin() + r.end, right)
                                          : std::lower_bound(x.begin() + i, x.begin() + r.end, right);
    const std::size_t stop = static_cast<std::size_t>(stop_it - x.begin());
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
    } else {
      out.push_back({xc, y[i]});
      out.push_back({xc, mm.min});
      out.push_back({xc, mm.max});
      out.push_back({xc, y[stop - 1]});
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
