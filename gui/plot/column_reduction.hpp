// Reduction of a long series to what one pixel column can show.
//
// For a series sorted by x, each pixel column of the visible x range becomes at most
// two points (the min and max of the samples falling in that column, in the order
// that keeps the joins short) at the column's centre, so the polyline keeps every
// extreme (no peak lost) and its size is bounded by the plot's width, not the data. The min and max come from a
// MinMaxPyramid when the caller has one (long recorded trials), or from a scan of
// the raw samples (short live windows).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "gui/plot/minmax_pyramid.hpp"

namespace isokin::gui {

struct PlotPoint {
  double x = 0;
  double y = 0;
};

// Index range [begin, end) of the samples of sorted `x` that a view of [x_min, x_max]
// needs, including one sample either side so lines run to the plot's edges.
struct IndexRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
IndexRange visible_range(std::span<const double> x, double x_min, double x_max);

// Appends the reduced polyline of (x, y) over [x_min, x_max] split into `columns`
// columns to `out` (cleared first). When the visible samples are few (at most two
// per column) they are copied unreduced. `pyramid` may be null; if given it must
// summarise `y`. `x_pyramid`, optional, summarises `x`: with it, dense columns get
// edges on whole blocks of the pyramid (a few samples off, never losing one), read
// from the summary instead of the raw times. Returns the number of visible samples.
std::size_t reduce_to_columns(std::span<const double> x, std::span<const double> y, const MinMaxPyramid* pyramid,
                              double x_min, double x_max, int columns, std::vector<PlotPoint>& out,
                              const MinMaxPyramid* x_pyramid = nullptr);

// Index of the sample of sorted `x` nearest to x_value (x must not be empty).
std::size_t nearest_index(std::span<const double> x, double x_value);

}  // namespace isokin::gui
