// Index of this file:
//   [SECTION] Helpers (coordinate mapping, number formatting)
//   [SECTION] Building (items added during the frame)
//   [SECTION] Fitting the view to the data
//   [SECTION] Input (zoom, pan, fit, context menu)
//   [SECTION] Drawing (grid, bands, series, bars, axes, legend, hover readout)
//   [SECTION] CSV export of the visible range
#include "gui/plot/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>

#include "gui/plot/plot_export.hpp"
#include "gui/plot/plot_style.hpp"
#include "gui/plot/ticks.hpp"

namespace isokin::gui {

PlotStyle& plot_style() {
  static PlotStyle style;
  return style;
}

std::vector<TextBox>& frame_text_boxes() {
  static std::vector<TextBox> boxes;
  return boxes;
}

bool PlotState::is_hidden(const std::string& name) const {
  return std::find(hidden.begin(), hidden.end(), name) != hidden.end();
}

// -----------------------------------------------------------------------------
// [SECTION] Helpers
// -----------------------------------------------------------------------------
namespace {

struct Mapping {
  AxisRange x, y;
  ImVec2 min, max;  // data rectangle on screen
  float sx(double v) const {
    const double p = min.x + (v - x.min) / x.span() * (max.x - min.x);
    return static_cast<float>(std::clamp(p, -1e6, 1e6));  // far outside: keep floats sane
  }
  float sy(double v) const {
    const double p = max.y - (v - y.min) / y.span() * (max.y - min.y);
    return static_cast<float>(std::clamp(p, -1e6, 1e6));
  }
  double dx(float px) const { return x.min + (px - min.x) / (max.x - min.x) * x.span(); }
  double dy(float py) const { return y.min + (max.y - py) / (max.y - min.y) * y.span(); }
};

std::string axis_title(const std::string& name, const std::string& unit) {
  return unit.empty() ? name : name + " (" + unit + ")";
}

std::string readout(double v, const AxisRange& r) { return format_tick(v, nice_step(r.span(), 10) / 10); }

void polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color, float thickness) {
  // Chunks keep each call well under the 16-bit index limit of one draw command.
  constexpr std::size_t kChunk = 6000;
  for (std::size_t start = 0; start + 1 < pts.size(); start += kChunk - 1) {
    const std::size_t n = std::min(kChunk, pts.size() - start);
    dl->AddPolyline(pts.data() + start, static_cast<int>(n), color, 0, thickness);
  }
}

bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) {
  return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y;
}

// Liang-Barsky: clips the segment to [0,w]x[0,h]; false when it misses the rectangle.
bool clip_segment(double& x0, double& y0, double& x1, double& y1, double w, double h) {
  double t0 = 0, t1 = 1;
  const double dx = x1 - x0, dy = y1 - y0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0, w - x0, y0, h - y0};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  const double ax = x0 + t0 * dx, ay = y0 + t0 * dy;
  x1 = x0 + t1 * dx;
  y1 = y0 + t1 * dy;
  x0 = ax;
  y0 = ay;
  return true;
}

void fix_degenerate(AxisRange& r) {
  if (!std::isfinite(r.min) || !std::isfinite(r.max)) r = {0, 1};
  if (r.max - r.min < 1e-12 * std::max(1.0, std::fabs(r.max))) {
    const double pad = std::max(1.0, std::fabs(r.max) * 0.1);
    r.min -= pad;
    r.max += pad;
  }
}

}  // namespace

// -----------------------------------------------------------------------------
// [SECTION] Building
// -----------------------------------------------------------------------------

Plot::Plot(const char* id, PlotState& state, ImVec2 size, PlotAxes axes)
    : id_(id), state_(state), size_(size), axes_(std::move(axes)) {}

void Plot::x_categories(std::vector<std::string> names) { categories_ = std::move(names); }
void Plot::title(std::string text) { title_ = std::move(text); }

void Plot::band(double y_min, double y_max, ImU32 color, std::string label, XExtent extent) {
  bands_.push_back({y_min, y_max, color, std::move(label), extent});
}

void Plot::hline(double y, ImU32 color, std::string label, XExtent extent) {
  hlines_.push_back({y, y, color, std::move(label), extent});
}

void Plot::x_ticks(std::vector<Tick> ticks) { custom_x_ticks_ = std::move(ticks); }

void Plot::line(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y,
                const MinMaxPyramid* pyramid, const MinMaxPyramid* x_pyramid) {
  const std::size_t n = std::min(x.size(), y.size());
  items_.push_back({Kind::line, std::move(name), color, x.first(n), y.first(n), pyramid, 0, x_pyramid});
}

void Plot::curve(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::size_t cache = 0;
  for (const auto& item : items_)
    if (item.kind == Kind::curve) ++cache;
  if (state_.curve_caches.size() <= cache) state_.curve_caches.resize(cache + 1);
  items_.push_back({Kind::curve, std::move(name), color, x.first(n), y.first(n), nullptr, cache});
}

void Plot::markers(std::string name, ImU32 color, std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  items_.push_back({Kind::markers, std::move(name), color, x.first(n), y.first(n), nullptr, 0});
}

void Plot::bars(std::string name, std::vector<Bar> bars) { bar_groups_.push_back({std::move(name), std::move(bars)}); }

// -----------------------------------------------------------------------------
// [SECTION] Fitting the view to the data
// -----------------------------------------------------------------------------

void Plot::fit_to_data(float height_px) {
  MinMax xb, yb;
  for (const auto& item : items_) {
    if (state_.is_hidden(item.name) || item.x.empty()) continue;
    if (item.kind == Kind::line) {
      xb.add(item.x.front());
      xb.add(item.x.back());
    } else if (item.kind == Kind::curve) {
      auto& cache = state_.curve_caches[item.cache];
      if (!cache.bounds_valid || cache.x_data != item.x.data() || cache.size != item.x.size()) {
        cache.x_bounds = {};
        cache.y_bounds = {};
        for (std::size_t i = 0; i < item.x.size(); ++i) {
          cache.x_bounds.add(item.x[i]);
          cache.y_bounds.add(item.y[i]);
        }
        cache.bounds_valid = true;
        cache.x_data = item.x.data();
        cache.size = item.x.size();
        cache.points.clear();
      }
      xb.add(cache.x_bounds);
    } else {
      for (double v : item.x) xb.add(v);
    }
  }
  for (const auto& group : bar_groups_)
    if (!state_.is_hidden(group.name))
      for (const auto& b : group.bars) {
        xb.add(b.x - b.width / 2);
        xb.add(b.x + b.width / 2);
      }
  if (!categories_.empty()) {
    xb.add(-0.5);
    xb.add(static_cast<double>(categories_.size()) - 0.5);
  }
  if (state_.fit_x && !xb.empty()) {
    // Markers and curves keep a margin so the end points are not cut in half; a
    // time series runs edge to edge.
    bool series = false;
    for (const auto& item : items_) series = series || item.kind == Kind::line;
    const double pad = series || !categories_.empty() ? 0.0 : (xb.max - xb.min) * 0.03;
    state_.x = {xb.min - pad, xb.max + pad};
    fix_degenerate(state_.x);
  }
  if (!state_.fit_y) return;

  // y follows what is visible along x (so zooming into a stretch of time rescales y).
  for (const auto& item : items_) {
    if (state_.is_hidden(item.name) || item.x.empty()) continue;
    if (item.kind == Kind::line) {
      const auto r = visible_range(item.x, state_.x.min, state_.x.max);
      if (item.pyramid != nullptr) {
        yb.add(item.pyramid->query(r.begin, r.end));
      } else {
        for (std::size_t i = r.begin; i < r.end; ++i) yb.add(item.y[i]);
      }
    } else if (item.kind == Kind::curve) {
      yb.add(state_.curve_caches[item.cache].y_bounds);
    } else {
      for (double v : item.y) yb.add(v);
    }
  }
  for (const auto& group : bar_groups_)
    if (!state_.is_hidden(group.name))
      for (const auto& b : group.bars) {
        yb.add(0.0);
        yb.add(b.value);
      }
  for (const auto& h : hlines_) yb.add(h.y_min);
  if (yb.empty()) return;
  const double pad = (yb.max - yb.min) * 0.06;
  // Bars carry their value printed above them: leave a line of room at the top.
  const double text_room = (yb.max - yb.min) * (ImGui::GetFontSize() * 1.6) / std::max(40.0f, height_px - ImGui::GetFontSize() * 3);
  const double top_pad = bar_groups_.empty() ? pad : std::max(pad, text_room);
  state_.y = {yb.min - pad, yb.max + top_pad};
  if (state_.y.span() < min_y_span_) {
    const double centre = (yb.min + yb.max) / 2;
    state_.y = {centre - min_y_span_ / 2, centre + min_y_span_ / 2};
  }
  fix_degenerate(state_.y);
}

// -----------------------------------------------------------------------------
// [SECTION] Input
// -----------------------------------------------------------------------------

void Plot::handle_input(ImVec2 data_min, ImVec2 data_max) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 m = io.MousePos;
  const bool in_data = m.x >= data_min.x && m.x <= data_max.x && m.y >= data_min.y && m.y <= data_max.y;
  Mapping map{state_.x, state_.y, data_min, data_max};

  if (hovered && in_data && io.MouseWheel != 0) {
    const double factor = std::pow(0.85, io.MouseWheel);
    const bool zoom_x = !io.KeyShift || io.KeyCtrl;
    const bool zoom_y = io.KeyShift || io.KeyCtrl;
    if (zoom_x) {
      const double cx = map.dx(m.x);
      state_.x = {cx - (cx - state_.x.min) * factor, cx + (state_.x.max - cx) * factor};
      state_.fit_x = false;
    }
    if (zoom_y) {
      const double cy = map.dy(m.y);
      state_.y = {cy - (cy - state_.y.min) * factor, cy + (state_.y.max - cy) * factor};
      state_.fit_y = false;
    }
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const double ddx = io.MouseDelta.x / (data_max.x - data_min.x) * state_.x.span();
    const double ddy = io.MouseDelta.y / (data_max.y - data_min.y) * state_.y.span();
    if (ddx != 0) {
      state_.x.min -= ddx;
      state_.x.max -= ddx;
      state_.fit_x = false;
    }
    if (ddy != 0) {
      state_.y.min += ddy;
      state_.y.max += ddy;
      state_.fit_y = false;
    }
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) state_.fit_x = state_.fit_y = true;

  const std::string popup = id_ + "##menu";
  if (ImGui::BeginPopupContextItem(popup.c_str())) {
    if (ImGui::MenuItem("Fit to data", "double-click")) state_.fit_x = state_.fit_y = true;
    if (ImGui::MenuItem("Export PNG")) state_.export_png_countdown = 2;
    if (ImGui::MenuItem("Export CSV (visible range)")) state_.export_csv_requested = true;
    ImGui::EndPopup();
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Drawing
// -----------------------------------------------------------------------------

const CurveCache& Plot::curve_points(const Item& item, float width_px, float height_px) {
  auto& c = state_.curve_caches[item.cache];
  const bool same = c.x_data == item.x.data() && c.size == item.x.size() && c.x.min == state_.x.min &&
                    c.x.max == state_.x.max && c.y.min == state_.y.min && c.y.max == state_.y.max &&
                    c.width == width_px && c.height == height_px && (!c.points.empty() || !c.covered.empty());
  if (same) return c;
  c.x_data = item.x.data();
  c.size = item.x.size();
  c.x = state_.x;
  c.y = state_.y;
  c.width = width_px;
  c.height = height_px;
  c.points.clear();
  c.covered.clear();
  // Keep a sample only when it moved at least a pixel from the last one kept: the
  // drawn curve stays within a pixel of the full one, whatever its length.
  const double kx = width_px / state_.x.span(), ky = height_px / state_.y.span();
  // Beyond this many points the path covers the plot many times over (its vertices
  // would cost more than the pixels they paint): the covered pixels are drawn instead.
  const std::size_t max_points = 8 * static_cast<std::size_t>(width_px + height_px) + 4096;
  double last_px = 0, last_py = 0;
  for (std::size_t i = 0; i < item.x.size(); ++i) {
    const double px = item.x[i] * kx, py = item.y[i] * ky;
    if (!std::isfinite(px) || !std::isfinite(py)) continue;
    if (c.points.empty() || std::fabs(px - last_px) >= 1.0 || std::fabs(py - last_py) >= 1.0 || i + 1 == item.x.size()) {
      c.points.push_back({item.x[i], item.y[i]});
      last_px = px;
      last_py = py;
      if (c.points.size() > max_points) break;
    }
  }
  if (c.points.size() <= max_points) return c;
  c.points.clear();
  c.points.shrink_to_fit();

  // Covered pixels: each segment between consecutive finite samples, clipped to the
  // plot, marks the pixels it passes through.
  const int w = std::max(1, static_cast<int>(width_px)), h = std::max(1, static_cast<int>(height_px));
  std::vector<std::uint8_t> bitmap(static_cast<std::size_t>(w) * h, 0);
  const auto to_px = [&](std::size_t i, double& px, double& py) {
    px = (item.x[i] - state_.x.min) * kx;
    py = (state_.y.max - item.y[i]) * ky;
    return std::isfinite(px) && std::isfinite(py);
  };
  bool have_last = false;
  double lx = 0, ly = 0;
  for (std::size_t i = 0; i < item.x.size(); ++i) {
    double px = 0, py = 0;
    if (!to_px(i, px, py)) {
      have_last = false;
      continue;
    }
    double x0 = have_last ? lx : px, y0 = have_last ? ly : py, x1 = px, y1 = py;
    lx = px;
    ly = py;
    have_last = true;
    if (!clip_segment(x0, y0, x1, y1, w - 1e-6, h - 1e-6)) continue;
    const int steps = static_cast<int>(std::ceil(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0))));
    for (int k = 0; k <= steps; ++k) {
      const double t = steps == 0 ? 0.0 : static_cast<double>(k) / steps;
      const int bx = static_cast<int>(x0 + (x1 - x0) * t), by = static_cast<int>(y0 + (y1 - y0) * t);
      bitmap[static_cast<std::size_t>(by) * w + bx] = 1;
    }
  }
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = bitmap.data() + static_cast<std::size_t>(y) * w;
    for (int x = 0; x < w;) {
      if (row[x] == 0) {
        ++x;
        continue;
      }
      int e = x;
      while (e < w && row[e] != 0) ++e;
      c.covered.push_back({static_cast<float>(x), static_cast<float>(e), static_cast<float>(y)});
      x = e;
    }
  }
  return c;
}

// A label for a line at screen height y over [x0, x1]: the first place above or below
// the line, along it and then anywhere across the plot, that overlaps nothing taken.
// Returns false when there is none.
static bool place_label(ImVec2 size, float y, float x0, float x1, ImVec2 data_min, ImVec2 data_max,
                 const std::vector<std::pair<ImVec2, ImVec2>>& taken, ImVec2& where) {
  const auto free_at = [&](float x, float top) {
    const ImVec2 a{x, top}, b{x + size.x, top + size.y};
    if (a.x < data_min.x + 2 || b.x > data_max.x - 2 || a.y < data_min.y + 1 || b.y > data_max.y - 1) return false;
    for (const auto& [t0, t1] : taken)
      if (overlaps(a, b, t0, t1)) return false;
    where = a;
    return true;
  };
  const float step = std::max(4.0f, size.y);
  for (const float top : {y - size.y - 2, y + 3}) {
    for (float x = x0 + 4; x + size.x <= x1 - 4; x += step)
      if (free_at(x, top)) return true;
  }
  for (const float top : {y - size.y - 2, y + 3}) {
    for (float x = data_min.x + 4; x + size.x <= data_max.x - 4; x += step)
      if (free_at(x, top)) return true;
  }
  return false;
}

void Plot::draw(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max) {
  const PlotStyle& style = plot_style();
  const Mapping map{state_.x, state_.y, data_min, data_max};
  const float w = data_max.x - data_min.x, h = data_max.y - data_min.y;
  const float font = ImGui::GetFontSize();
  auto& boxes = frame_text_boxes();
  const auto text_at = [&](ImVec2 at, ImU32 color, const std::string& text, const char* role) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddText(at, color, text.c_str());
    boxes.push_back({id_, role, text, at, {at.x + ts.x, at.y + ts.y}});
  };
  // A band or line's x extent on screen, clipped to the plot.
  const auto extent_px = [&](const XExtent& e) {
    return std::pair<float, float>{std::max(data_min.x, map.sx(std::max(e.min, state_.x.min - state_.x.span()))),
                                   std::min(data_max.x, map.sx(std::min(e.max, state_.x.max + state_.x.span())))};
  };

  dl->AddRectFilled(data_min, data_max, style.background);
  dl->PushClipRect(data_min, data_max, true);
  for (const auto& b : bands_) {
    const float y0 = map.sy(std::max(b.y_min, state_.y.min - state_.y.span()));
    const float y1 = map.sy(std::min(b.y_max, state_.y.max + state_.y.span()));
    const auto [x0, x1] = extent_px(b.extent);
    if (x1 > x0) dl->AddRectFilled({x0, std::min(y0, y1)}, {x1, std::max(y0, y1)}, b.color);
  }
  // Grid.
  const int max_x_ticks = std::max(2, static_cast<int>(w / (font * 5.5f)));
  const int max_y_ticks = std::max(4, static_cast<int>(h / (font * 1.7f)));
  std::vector<Tick> xt;
  if (!custom_x_ticks_.empty()) {
    float last_right = -1e9f;
    for (const auto& t : custom_x_ticks_) {
      if (t.value < state_.x.min || t.value > state_.x.max) continue;
      const float half = ImGui::CalcTextSize(t.label.c_str()).x / 2;
      if (map.sx(t.value) - half < last_right + font * 0.5f) continue;  // would overlap the previous label
      last_right = map.sx(t.value) + half;
      xt.push_back(t);
    }
  } else if (categories_.empty()) {
    if (x_integer_ && nice_step(state_.x.span(), max_x_ticks) < 1) {
      for (double v = std::ceil(state_.x.min); v <= state_.x.max; v += 1) xt.push_back({v, format_tick(v, 1)});
    } else {
      xt = nice_ticks(state_.x.min, state_.x.max, max_x_ticks);
    }
  } else {
    for (std::size_t i = 0; i < categories_.size(); ++i)
      if (i >= state_.x.min && i <= state_.x.max) xt.push_back({static_cast<double>(i), categories_[i]});
  }
  const auto yt = nice_ticks(state_.y.min, state_.y.max, max_y_ticks);
  for (const auto& t : xt) dl->AddLine({map.sx(t.value), data_min.y}, {map.sx(t.value), data_max.y}, style.grid);
  for (const auto& t : yt) dl->AddLine({data_min.x, map.sy(t.value)}, {data_max.x, map.sy(t.value)}, style.grid);
  if (state_.y.min < 0 && state_.y.max > 0)
    dl->AddLine({data_min.x, map.sy(0)}, {data_max.x, map.sy(0)}, style.frame);

  // Bars; they and their values are what labels must not cover.
  std::vector<std::pair<ImVec2, ImVec2>> taken;
  for (const auto& group : bar_groups_) {
    if (state_.is_hidden(group.name)) continue;
    for (const auto& b : group.bars) {
      const ImVec2 p0{map.sx(b.x - b.width / 2), map.sy(std::max(0.0, b.value))};
      const ImVec2 p1{map.sx(b.x + b.width / 2), map.sy(std::min(0.0, b.value))};
      dl->AddRectFilled(p0, p1, b.color);
      if (b.outline != 0) dl->AddRect({p0.x - 1, p0.y - 1}, {p1.x + 1, p1.y + 1}, b.outline, 0, 0, 2.5f);
      taken.push_back({{p0.x - 2, p0.y - 2}, {p1.x + 2, p1.y}});
      if (!b.text.empty()) {
        const ImVec2 ts = ImGui::CalcTextSize(b.text.c_str());
        const ImVec2 at{(p0.x + p1.x - ts.x) / 2, p0.y - ts.y - 2};
        text_at(at, style.text, b.text, "bar value");
        taken.push_back({{at.x - 2, at.y - 1}, {at.x + ts.x + 2, at.y + ts.y + 1}});
      }
    }
  }
  // Series.
  std::vector<ImVec2> pts;
  for (const auto& item : items_) {
    if (state_.is_hidden(item.name)) continue;
    pts.clear();
    if (item.kind == Kind::line) {
      reduce_to_columns(item.x, item.y, item.pyramid, state_.x.min, state_.x.max, static_cast<int>(w), state_.scratch,
                        item.x_pyramid);
      pts.reserve(state_.scratch.size());
      for (const auto& p : state_.scratch)
        if (std::isfinite(p.y)) pts.push_back({map.sx(p.x), map.sy(p.y)});
      polyline(dl, pts, item.color, style.line_thickness);
    } else if (item.kind == Kind::curve) {
      const CurveCache& cache = curve_points(item, w, h);
      for (const auto& p : cache.points) pts.push_back({map.sx(p.x), map.sy(p.y)});
      polyline(dl, pts, item.color, style.line_thickness);
      for (const auto& run : cache.covered)
        dl->AddRectFilled({data_min.x + run.x0, data_min.y + run.y}, {data_min.x + run.x1, data_min.y + run.y + 1},
                          item.color);
    } else {
      // Only markers in view are drawn; many of them become squares (4 vertices, not 12+).
      // A marker landing on a cell (of the marker's radius) already covered would not
      // show: skip it, so thousands of markers cost what the visible ones do.
      const float r = font * 0.28f;
      const bool squares = item.x.size() > 400;
      const int cells_x = static_cast<int>(w / r) + 1, cells_y = static_cast<int>(h / r) + 1;
      std::vector<bool> covered(static_cast<std::size_t>(cells_x) * cells_y, false);
      for (std::size_t i = 0; i < item.x.size(); ++i) {
        if (!(item.x[i] >= state_.x.min && item.x[i] <= state_.x.max && item.y[i] >= state_.y.min &&
              item.y[i] <= state_.y.max))
          continue;
        const ImVec2 c{map.sx(item.x[i]), map.sy(item.y[i])};
        const int cx = std::clamp(static_cast<int>((c.x - data_min.x) / r), 0, cells_x - 1);
        const int cy = std::clamp(static_cast<int>((c.y - data_min.y) / r), 0, cells_y - 1);
        const std::size_t cell = static_cast<std::size_t>(cy) * cells_x + cx;
        if (covered[cell]) continue;
        covered[cell] = true;
        if (squares) dl->AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, item.color);
        else dl->AddCircleFilled(c, r, item.color, 12);
      }
    }
  }
  // Lines and their labels, then the bands' labels: each where it covers nothing.
  std::string title_extra;
  const auto label = [&](const Band& b, float y, ImU32 color, const char* role) {
    if (b.label.empty()) return;
    const auto [x0, x1] = extent_px(b.extent);
    const ImVec2 ts = ImGui::CalcTextSize(b.label.c_str());
    ImVec2 at;
    if (place_label(ts, y, x0, x1, data_min, data_max, taken, at)) {
      text_at(at, color, b.label, role);
      taken.push_back({{at.x - 2, at.y - 1}, {at.x + ts.x + 2, at.y + ts.y + 1}});
    } else {
      title_extra += (title_extra.empty() ? "" : ", ") + b.label;
    }
  };
  for (const auto& hl : hlines_) {
    const float y = map.sy(hl.y_min);
    const auto [x0, x1] = extent_px(hl.extent);
    if (x1 > x0) dl->AddLine({x0, y}, {x1, y}, hl.color, 1.5f);
  }
  for (const auto& hl : hlines_) label(hl, map.sy(hl.y_min), hl.color, "line label");
  for (const auto& b : bands_) label(b, map.sy(std::clamp(b.y_max, state_.y.min, state_.y.max)), style.text, "band label");
  dl->PopClipRect();

  // Frame, tick labels, axis titles.
  dl->AddRect(data_min, data_max, style.frame);
  for (const auto& t : xt) {
    const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    // Centred under its tick, but kept clear of the y labels' column (and the right edge).
    const float x = std::clamp(map.sx(t.value) - ts.x / 2, data_min.x, std::max(data_min.x, data_max.x + 6 - ts.x));
    text_at({x, data_max.y + 3}, style.text, t.label, "x tick");
  }
  for (const auto& t : yt) {
    const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    // Beside its tick, but below the y title's line.
    text_at({data_min.x - ts.x - 5, std::max(map.sy(t.value) - ts.y / 2, data_min.y - 3)}, style.text, t.label, "y tick");
  }
  const std::string xtitle = axis_title(axes_.x_name, axes_.x_unit);
  const ImVec2 xts = ImGui::CalcTextSize(xtitle.c_str());
  text_at({(data_min.x + data_max.x - xts.x) / 2, data_max.y + font + 6}, style.text, xtitle, "x title");
  // The y title sits just above the axis; the title is centred above the data, on a
  // line of its own when the two would meet (end() left room for it).
  const std::string ytitle = axis_title(axes_.y_name, axes_.y_unit);
  const float title_y = two_title_lines_ ? data_min.y - 2 * font - 8 : data_min.y - font - 4;
  text_at({data_min.x - ImGui::CalcTextSize("0000").x, data_min.y - font - 4}, style.text, ytitle, "y title");
  const std::string title = title_extra.empty() ? title_ : title_.empty() ? title_extra : title_ + "  (" + title_extra + ")";
  if (!title.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(title.c_str());
    text_at({(data_min.x + data_max.x - ts.x) / 2, title_y}, style.text, title, "title");
  }
}

void Plot::draw_legend(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max) {
  struct Entry {
    std::string name;
    ImU32 color;
  };
  std::vector<Entry> entries;
  const auto add = [&](const std::string& name, ImU32 color) {
    if (name.empty()) return;
    for (const auto& e : entries)
      if (e.name == name) return;
    entries.push_back({name, color});
  };
  for (const auto& item : items_) add(item.name, item.color);
  for (const auto& g : bar_groups_) add(g.name, g.bars.empty() ? 0 : g.bars.front().color);
  if (entries.empty()) return;
  const PlotStyle& style = plot_style();
  const float font = ImGui::GetFontSize();
  float width = 0;
  for (const auto& e : entries) width = std::max(width, ImGui::CalcTextSize(e.name.c_str()).x);
  const float row = font + 4;
  const ImVec2 p0{data_max.x - width - font * 2.2f, data_min.y + 6};
  const ImVec2 p1{data_max.x - 6, p0.y + row * entries.size() + 6};
  dl->AddRectFilled(p0, p1, style.legend_background, 3);
  const ImGuiIO& io = ImGui::GetIO();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const float y = p0.y + 3 + row * i;
    const bool hidden = state_.is_hidden(e.name);
    const ImVec2 sw0{p0.x + 6, y + font * 0.3f}, sw1{p0.x + 6 + font * 0.8f, y + font * 0.8f};
    if (hidden) dl->AddRect(sw0, sw1, e.color);
    else dl->AddRectFilled(sw0, sw1, e.color);
    dl->AddText({p0.x + font * 1.4f, y}, hidden ? style.frame : style.text, e.name.c_str());
    const bool over = io.MousePos.x >= p0.x && io.MousePos.x <= p1.x && io.MousePos.y >= y && io.MousePos.y < y + row;
    if (over && ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      auto it = std::find(state_.hidden.begin(), state_.hidden.end(), e.name);
      if (it == state_.hidden.end()) state_.hidden.push_back(e.name);
      else state_.hidden.erase(it);
    }
  }
}

void Plot::draw_hover(ImDrawList* dl, ImVec2 data_min, ImVec2 data_max) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  if (!ImGui::IsItemHovered() || ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
  if (m.x < data_min.x || m.x > data_max.x || m.y < data_min.y || m.y > data_max.y) return;
  const Mapping map{state_.x, state_.y, data_min, data_max};
  const PlotStyle& style = plot_style();

  const Item* best_item = nullptr;
  double best_x = 0, best_y = 0, best_d = 1e300;
  const auto consider = [&](const Item* item, double x, double y) {
    const double ddx = map.sx(x) - m.x, ddy = map.sy(y) - m.y;
    const double d = ddx * ddx + ddy * ddy;
    if (d < best_d) {
      best_d = d;
      best_item = item;
      best_x = x;
      best_y = y;
    }
  };
  const double mx = map.dx(m.x);
  const double px = state_.x.span() / (data_max.x - data_min.x);
  for (const auto& item : items_) {
    if (state_.is_hidden(item.name) || item.x.empty()) continue;
    if (item.kind == Kind::line) {
      // The samples within one pixel column of the cursor, nearest in y among them.
      auto lo = std::lower_bound(item.x.begin(), item.x.end(), mx - px);
      auto hi = std::upper_bound(lo, item.x.end(), mx + px);
      const auto first = static_cast<std::size_t>(lo - item.x.begin());
      const auto last = static_cast<std::size_t>(hi - item.x.begin());
      const std::size_t i = nearest_index(item.x, mx);
      consider(&item, item.x[i], item.y[i]);
      if (last - first > 256 && item.pyramid != nullptr) {
        // Thousands of samples under the cursor: what can be told apart there are the
        // extremes of that stretch, at the cursor's time.
        const MinMax mm = item.pyramid->query(first, last);
        if (!mm.empty()) {
          consider(&item, mx, mm.min);
          consider(&item, mx, mm.max);
        }
      } else {
        for (std::size_t j = first; j < last && j < first + 20000; ++j) consider(&item, item.x[j], item.y[j]);
      }
    } else if (item.kind == Kind::curve) {
      for (const auto& p : state_.curve_caches[item.cache].points) consider(&item, p.x, p.y);
    } else {
      for (std::size_t i = 0; i < item.x.size(); ++i) consider(&item, item.x[i], item.y[i]);
    }
  }
  const float font = ImGui::GetFontSize();
  if (best_item != nullptr && best_d < font * font * 9 * 4) {
    const ImVec2 p{map.sx(best_x), map.sy(best_y)};
    dl->AddLine({p.x, data_min.y}, {p.x, data_max.y}, style.crosshair);
    dl->AddCircle(p, font * 0.35f, best_item->color, 16, 2.0f);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(best_item->name.c_str());
    ImGui::Text("%s: %s %s", axes_.x_name.c_str(), readout(best_x, state_.x).c_str(), axes_.x_unit.c_str());
    // An axis shared by series of different units ("deg, deg/s") leaves the unit to the
    // series' name.
    if (axes_.y_unit.find(',') != std::string::npos) ImGui::Text("value: %s", readout(best_y, state_.y).c_str());
    else ImGui::Text("%s: %s %s", axes_.y_name.c_str(), readout(best_y, state_.y).c_str(), axes_.y_unit.c_str());
    ImGui::EndTooltip();
    return;
  }
  for (const auto& group : bar_groups_)
    for (const auto& b : group.bars)
      if (mx >= b.x - b.width / 2 && mx <= b.x + b.width / 2) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(group.name.c_str());
        const long cat = std::lround(b.x);
        if (cat >= 0 && static_cast<std::size_t>(cat) < categories_.size())
          ImGui::TextUnformatted(categories_[static_cast<std::size_t>(cat)].c_str());
        ImGui::Text("%s: %s %s", axes_.y_name.c_str(), readout(b.value, state_.y).c_str(), axes_.y_unit.c_str());
        ImGui::EndTooltip();
        return;
      }
}

void Plot::end() {
  if (ended_) return;
  ended_ = true;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size{size_.x > 0 ? size_.x : std::max(avail.x, 120.0f), size_.y > 0 ? size_.y : std::max(avail.y, 90.0f)};
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float font = ImGui::GetFontSize();

  fit_to_data(size.y);
  const auto yt = nice_ticks(state_.y.min, state_.y.max, 8);
  float label_w = ImGui::CalcTextSize("0000").x;
  for (const auto& t : yt) label_w = std::max(label_w, ImGui::CalcTextSize(t.label.c_str()).x);
  // Title and y title on one line when they do not meet, else the title above.
  const std::string ytitle = axis_title(axes_.y_name, axes_.y_unit);
  const float y_title_right = label_w + 10 - ImGui::CalcTextSize("0000").x + ImGui::CalcTextSize(ytitle.c_str()).x;
  const float data_w = size.x - 8 - (label_w + 10);
  const float title_left = label_w + 10 + (data_w - ImGui::CalcTextSize(title_.c_str()).x) / 2;
  two_title_lines_ = !title_.empty() && title_left < y_title_right + font;
  const ImVec2 data_min{origin.x + label_w + 10, origin.y + (two_title_lines_ ? 2 * font + 12 : font + 8)};
  const ImVec2 data_max{origin.x + size.x - 8, origin.y + size.y - font * 2 - 12};

  ImGui::InvisibleButton(id_.c_str(), size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  if (data_max.x - data_min.x < 20 || data_max.y - data_min.y < 20) return;
  handle_input(data_min, data_max);
  state_.screen_min = origin;
  state_.screen_max = {origin.x + size.x, origin.y + size.y};

  // The PNG is taken the frame after the menu closed, without the hover readout.
  const bool capturing = state_.export_png_countdown == 1;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw(dl, data_min, data_max);
  draw_legend(dl, data_min, data_max);
  if (!capturing) draw_hover(dl, data_min, data_max);

  if (state_.export_csv_requested) {
    state_.export_csv_requested = false;
    export_csv();
  }
  if (state_.export_png_countdown > 0 && --state_.export_png_countdown == 0)
    request_png_capture(state_.screen_min, state_.screen_max, next_export_path(id_, "png"));
}

// -----------------------------------------------------------------------------
// [SECTION] CSV export of the visible range
// -----------------------------------------------------------------------------

void Plot::export_csv() const {
  const auto file = next_export_path(id_, "csv");
  std::ofstream out(file);
  if (!out) {
    set_export_status("cannot write " + file.string());
    return;
  }
  out.precision(10);
  out << "series," << axis_title(axes_.x_name, axes_.x_unit) << ',' << axis_title(axes_.y_name, axes_.y_unit) << '\n';
  const auto inside = [&](double x, double y) {
    return x >= state_.x.min && x <= state_.x.max && y >= state_.y.min && y <= state_.y.max;
  };
  std::size_t rows = 0;
  for (const auto& item : items_) {
    if (state_.is_hidden(item.name)) continue;
    if (item.kind == Kind::line) {
      auto lo = std::lower_bound(item.x.begin(), item.x.end(), state_.x.min);
      auto hi = std::upper_bound(lo, item.x.end(), state_.x.max);
      for (auto it = lo; it != hi; ++it, ++rows)
        out << item.name << ',' << *it << ',' << item.y[static_cast<std::size_t>(it - item.x.begin())] << '\n';
    } else {
      for (std::size_t i = 0; i < item.x.size(); ++i)
        if (inside(item.x[i], item.y[i])) {
          out << item.name << ',' << item.x[i] << ',' << item.y[i] << '\n';
          ++rows;
        }
    }
  }
  for (const auto& group : bar_groups_)
    for (const auto& b : group.bars) {
      const long cat = std::lround(b.x);
      const bool named = cat >= 0 && static_cast<std::size_t>(cat) < categories_.size();
      out << group.name << ',' << (named ? categories_[static_cast<std::size_t>(cat)] : std::to_string(b.x)) << ','
          << b.value << '\n';
      ++rows;
    }
  out.close();
  set_export_status(out ? "wrote " + std::to_string(rows) + " rows to " + file.string() : "cannot write " + file.string());
}

}  // namespace isokin::gui
