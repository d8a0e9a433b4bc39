// Colours of the plots, set by the app's theme (dark or light) once per change.
#pragma once

#include <imgui.h>

#include <array>

#include "model/test_mode.hpp"

namespace isokin::gui {

struct PlotStyle {
  ImU32 background = IM_COL32(20, 22, 27, 255);
  ImU32 frame = IM_COL32(110, 110, 120, 255);
  ImU32 grid = IM_COL32(255, 255, 255, 28);
  ImU32 text = IM_COL32(220, 220, 225, 255);
  ImU32 legend_background = IM_COL32(30, 32, 38, 220);
  ImU32 crosshair = IM_COL32(255, 255, 255, 90);
  ImU32 band_bad = IM_COL32(220, 60, 60, 48);     // a zone below (or above) a cut-off
  ImU32 band_good = IM_COL32(60, 190, 90, 36);
  // Series colours in order of use: torque, angle, velocity, then repetitions.
  std::array<ImU32, 8> series{IM_COL32(66, 165, 245, 255), IM_COL32(255, 167, 38, 255), IM_COL32(102, 187, 106, 255),
                              IM_COL32(239, 83, 80, 255),  IM_COL32(171, 71, 188, 255), IM_COL32(38, 198, 218, 255),
                              IM_COL32(212, 225, 87, 255), IM_COL32(141, 110, 99, 255)};
  // One colour per limb in every view (bars, curves, progress); the PDF report uses the
  // light theme's pair, as it is printed on white.
  ImU32 side_left = IM_COL32(66, 165, 245, 255);   // blue
  ImU32 side_right = IM_COL32(38, 198, 218, 255);  // cyan
  ImU32 flag = IM_COL32(239, 83, 80, 255);         // a value beyond its cut-off; cut-off lines
  float line_thickness = 1.5f;
};

PlotStyle& plot_style();  // the current theme's; the app replaces it when the theme changes

inline ImU32 series_color(std::size_t i) { return plot_style().series[i % plot_style().series.size()]; }
inline ImU32 side_color(Side side) { return side == Side::left ? plot_style().side_left : plot_style().side_right; }

}  // namespace isokin::gui
