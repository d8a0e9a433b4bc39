// Our own plot widget on ImGui's draw lists (ImPlot is not packaged in Debian).
//
// Index of this file:
//   [SECTION] Persistent state (PlotState: view range, fit, hidden series, caches)
//   [SECTION] Plot: an immediate-mode plot built during the frame, drawn by end()
//
// Usage, once per frame:
//   Plot plot("torque-time", state, {0, 300}, {"time", "s", "torque", "N·m"});
//   plot.band(0, 0.47, plot_style().band_bad, "below cut-off");
//   plot.line("torque", series_color(0), time_s, torque_nm, &pyramid);
//   plot.end();
// Items keep spans into the caller's data, which must live until end().
// Mouse: wheel zooms time (x) around the cursor, Shift+wheel zooms y, Ctrl+wheel both;
// drag pans; double-click fits the data again; right-click opens the export menu.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "gui/plot/column_reduction.hpp"
#include "gui/plot/minmax_pyramid.hpp"
#include "gui/plot/ticks.hpp"

namespace isokin::gui {

// -----------------------------------------------------------------------------
// [SECTION] Persistent state
// -----------------------------------------------------------------------------

struct AxisRange {
  double min = 0;
  double max = 1;
  double span() const { return max - min; }
};

struct PlotAxes {
  std::string x_name;  // "time"
  std::string x_unit;  // "s"
  std::string y_name;  // "torque"
  std::string y_unit;  // "N·m"
};

// Screen-space decimation of an x-y curve (torque against angle), kept between
// frames and redone only when the view or the data changes. A curve whose decimated
// path would still be long (thousands of overlaid strokes, one effort of millions of
// samples) is kept instead as the pixels it covers, one rectangle per run of covered
// pixels in a row: its cost per frame is bounded by the plot's size, not the data.
struct CoveredRun {
  float x0, x1, y;  // pixels from the data rectangle's top-left corner
};
struct CurveCache {
  const double* x_data = nullptr;
  std::size_t size = 0;
  AxisRange x, y;
  float width = 0, height = 0;
  std::vector<PlotPoint> points;  // samples kept (each an actual sample); empty when covered
  std::vector<CoveredRun> covered;  // the curve as covered pixels, when its path is too long
  bool bounds_valid = false;
  MinMax x_bounds, y_bounds;
};

struct PlotState {
  AxisRange x, y;
  bool fit_x = true;  // follow the data until the user zooms or pans that axis
  bool fit_y = true;
  std::vector<std::string> hidden;  // legend entries switched off by a click
  std::vector<CurveCache> curve_caches;  // one per curve() call, in call order
  std::vector<PlotPoint> scratch;        // reused reduction buffer
  ImVec2 screen_min{0, 0};               // where the plot was drawn last frame
  ImVec2 screen_max{0, 0};
  bool export_csv_requested = false;
  int export_png_countdown = 0;  // frames until the PNG is taken (after the menu has closed)
  bool is_hidden(const std::string& name) const;
};

// -----------------------------------------------------------------------------
// [SECTION] Plot
// -----------------------------------------------------------------------------

struct Bar {
  double x = 0;      // centre, in x-axis units (category index when categories are set)
  double value = 0;
  double width = 0.6;
  ImU32 color = 0;
  std::string text;  // printed above the bar ("0.52"); empty for none
  ImU32 outline = 0;  // a frame around the bar (a flag), 0 for none
};

// Where a plot put a text in the last frame, in screen pixels: the layout that tests
// read (`isokin gui --screenshot X.png --layout X.json`) to check nothing overlaps.
struct TextBox {
  std::string plot;  // the plot's id
  std::string role;  // "bar value", "line label", "band label", "title", "y title", "x title"
  std::string text;
  ImVec2 min, max;
};
// The boxes of the current frame; the app clears them when a frame begins.
std::vector<TextBox>& frame_text_boxes();

// The x extent of a band or line: the whole plot unless limited (to some bars).
struct XExtent {
  double min = -1e300;
  double max = 1e300;
};

class Plot {
 public:
  // size.x/size.y <= 0 take the available width/height.
  Plot(const char* id, PlotState& state, ImVec2 size, PlotAxes axes);
  Plot(const Plot&) = delete;
  Plot& operator=(const Plot&) = delete;

  // Names for integer x values (bar charts, progress by date).
  void x_categories(std::vector<std::string> names);
  void title(std::string text);
  // A y-limited horizontal band across the plot or `extent` (a cut-off zone).
  void band(double y_min, double y_max, ImU32 color, std::string label, XExtent extent = {});
  // A horizontal line; its label goes where it covers no bar, value or other label
  // (in the title line when no place in the plot is free).
  void hline(double y, ImU32 color, std::string label, XExtent extent = {});
  // Ticks at given x positions with given labels (dates), instead of nice numbers;
  // labels that would overlap the previous one are left out.
  void x_ticks(std::vector<Tick> ticks);
  // Integer x ticks only (repetitions).
  void x_integer_ticks() { x_integer_ = true; }
  // When fitting, y spans at least this much (noise must not look like a swing).
  void min_y_span(double span) { min_y_span_ = span; }
  // A series sorted by x (time); reduced per pixel column. pyramid, if given, summarises
  // y, and x_pyramid x (see reduce_to_columns).
  void line(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y,
            const MinMaxPyramid* pyramid = nullptr, const MinMaxPyramid* x_pyramid = nullptr);
  // An x-y curve in any order (torque against angle). Repeated names share one legend entry.
  void curve(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y);
  void markers(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y);
  void bars(std::string name, std::vector<Bar> bars);

  // Fits, handles input, draws, answers exports. Call exactly once.
  void end();

 private:
  enum class Kind { line, curve, markers };
  struct Item {
    Kind kind;
    std::string name;
    ImU32 color;
    std::span<const double> x, y;
    const MinMaxPyramid* pyramid = nullptr;
    std::size_t cache = 0;
    const MinMaxPyramid* x_pyramid = nullptr;  // curve: index into state.curve_caches
  };
  struct Band {
    double y_min, y_max;
    ImU32 color;
    std::string label;
    XExtent extent;
  };
  struct BarGroup {
    std::string name;
    std::vector<Bar> bars;
  };

  void fit_to_data(float height_px);
  void handle_input(ImVec2 data_min, ImVec2 data_max);
  void draw(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max);
  void draw_legend(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max);
  void draw_hover(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max);
  void export_csv() const;
  const CurveCache& curve_points(const Item& item, float width_px, float height_px);

  std::string id_;
  PlotState& state_;
  ImVec2 size_;
  PlotAxes axes_;
  std::string title_;
  std::vector<std::string> categories_;
  std::vector<Tick> custom_x_ticks_;
  bool x_integer_ = false;
  bool two_title_lines_ = false;  // the title on a line above the y title's
  double min_y_span_ = 0;
  std::vector<Item> items_;
  std::vector<Band> bands_;
  std::vector<Band> hlines_;
  std::vector<BarGroup> bar_groups_;
  bool ended_ = false;
};

}  // namespace isokin::gui
