// Chart primitives on a Canvas: framed axes with round-number ticks, line series,
// grouped bars with cut-off lines, and legends. Pure layout: the caller brings the
// numbers (from the analysis) and the words.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "report/canvas.hpp"

namespace isokin::report {

// Round tick values covering [lo, hi] with about `target` intervals (1, 2, 2.5, 5 x 10^k).
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

struct Range {
  double lo = 0, hi = 1;
};

// Widens a data range to round tick values; an empty or degenerate range becomes [v-1, v+1].
Range nice_range(double lo, double hi, int target = 5);

// A plot area: the outer box (title, tick labels and axis titles inside it) and the
// data-to-page mapping of the inner frame.
class Axes {
 public:
  Axes(Canvas& canvas, const Rect& box, Range x, Range y, std::string title, std::string x_label,
       std::string y_label);

  // Draws the title, frame, grid, ticks and axis titles. Call before the series.
  void draw_frame(bool x_ticks = true);
  // X ticks on whole numbers only (repetitions: no tick at 1.5). Call before draw_frame.
  void integer_x_ticks() { integer_x_ = true; }

  double px(double x) const;  // data x -> page x
  double py(double y) const;  // data y -> page y
  const Rect& frame() const { return frame_; }
  Canvas& canvas() { return canvas_; }

  void line_series(std::span<const double> x, std::span<const double> y, const Color& color, double width_pt = 1.0,
                   bool dashed = false);
  void markers(std::span<const double> x, std::span<const double> y, const Color& color, double radius_pt = 2.0);
  // A horizontal reference line across the frame, labelled at its right end.
  void horizontal_line(double y, const Color& color, const std::string& label, bool dashed = true);
  // Category labels under the frame at x = 0, 1, 2... (bar charts).
  void category_labels(const std::vector<std::string>& labels);

 private:
  Canvas& canvas_;
  Rect box_;
  Rect frame_;
  Range x_;
  Range y_;
  std::string title_;
  std::string x_label_;
  std::string y_label_;
  bool integer_x_ = false;
};

struct LegendEntry {
  std::string label;
  Color color;
  bool dashed = false;
  bool box = false;  // a filled square (bars) rather than a line
};

// `text` broken at spaces into lines no wider than `width_pt` (a word longer than the
// width is broken inside), so no note runs off the page.
std::vector<std::string> wrap_text(Canvas& canvas, const std::string& text, double width_pt, const TextStyle& style);

// A legend laid out in one row from (x, y); returns the width used.
double draw_legend(Canvas& canvas, double x, double y, const std::vector<LegendEntry>& entries, double size_pt = 7.5);

// A bar in a grouped bar chart: value, colour, and an optional label printed above it.
struct Bar {
  double value = 0;
  Color color;
  std::string label;
};

// Bars of one category are drawn side by side around x = category index.
void draw_bar_group(Axes& axes, double category, const std::vector<Bar>& bars, double group_width = 0.7);

}  // namespace isokin::report
