#include "report/plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace isokin::report {

namespace {
double nice_step(double span, int target) {
  const double raw = span / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string tick_label(double v, double step) {
  if (std::abs(v) < step * 1e-9) v = 0;  // no "-0" or "1e-17"
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", v, std::min(decimals, 6));
}
}  // namespace

Range nice_range(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi))) return {lo - 1, hi + 1};
  const double step = nice_step(hi - lo, target);
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double step = nice_step(hi - lo, target);
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push_back(v);
  return ticks;
}

Axes::Axes(Canvas& canvas, const Rect& box, Range x, Range y, std::string title, std::string x_label,
           std::string y_label)
    : canvas_(canvas),
      box_(box),
      x_(x),
      y_(y),
      title_(std::move(title)),
      x_label_(std::move(x_label)),
      y_label_(std::move(y_label)) {
  // Room for the title above, tick labels and the axis titles left and below.
  const double left = 42, top = title_.empty() ? 6 : 18, bottom = x_label_.empty() ? 16 : 30, right = 8;
  frame_ = {box.x + left, box.y + top, box.w - left - right, box.h - top - bottom};
}

double Axes::px(double x) const { return frame_.x + (x - x_.lo) / (x_.hi - x_.lo) * frame_.w; }
double Axes::py(double y) const { return frame_.bottom() - (y - y_.lo) / (y_.hi - y_.lo) * frame_.h; }

void Axes::draw_frame(bool x_ticks) {
  const TextStyle tick{7, false, palette::grey, Align::right};
  if (!title_.empty()) canvas_.text(box_.x, box_.y + 10, title_, {9.5, true});
  canvas_.fill_rect(frame_, palette::faint);
  const auto ys = nice_ticks(y_.lo, y_.hi, std::max(2, static_cast<int>(frame_.h / 30)));
  const double y_step = ys.size() > 1 ? ys[1] - ys[0] : 1;
  for (double v : ys) {
    canvas_.line(frame_.x, py(v), frame_.right(), py(v), palette::light_grey, 0.5);
    canvas_.text(frame_.x - 3, py(v) + 2.5, tick_label(v, y_step), tick);
  }
  if (x_ticks) {
    auto xs = nice_ticks(x_.lo, x_.hi, std::max(2, static_cast<int>(frame_.w / 45)));
    if (integer_x_) {
      // A whole-number step of at least 1 (2.5 becomes 3), ticks on whole numbers.
      const double raw = xs.size() > 1 ? xs[1] - xs[0] : 1;
      const double step = std::max(1.0, std::ceil(raw - 1e-9));
      xs.clear();
      for (double v = std::ceil(x_.lo - 1e-9); v <= x_.hi + 1e-9; v += step) xs.push_back(v);
    }
    const double x_step = xs.size() > 1 ? xs[1] - xs[0] : 1;
    for (double v : xs) {
      canvas_.line(px(v), frame_.y, px(v), frame_.bottom(), palette::light_grey, 0.5);
      canvas_.text(px(v), frame_.bottom() + 9, tick_label(v, x_step), {7, false, palette::grey, Align::center});
    }
  }
  canvas_.stroke_rect(frame_, palette::grey, 0.6);
  if (!x_label_.empty()) {
    canvas_.text(frame_.x + frame_.w / 2, box_.bottom() - 4, x_label_, {8, false, palette::ink, Align::center});
  }
  if (!y_label_.empty()) canvas_.vertical_text(box_.x + 8, frame_.y + frame_.h / 2, y_label_, {8});
}

void Axes::line_series(std::span<const double> x, std::span<const double> y, const Color& color, double width_pt,
                       bool dashed) {
  std::vector<double> page_x(x.size()), page_y(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) page_x[i] = px(x[i]);
  for (std::size_t i = 0; i < y.size(); ++i) page_y[i] = py(y[i]);
  canvas_.push_clip(frame_);
  canvas_.polyline(page_x, page_y, color, width_pt, dashed);
  canvas_.pop_clip();
}

void Axes::markers(std::span<const double> x, std::span<const double> y, const Color& color, double radius_pt) {
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) canvas_.fill_circle(px(x[i]), py(y[i]), radius_pt, color);
  }
}

void Axes::horizontal_line(double y, const Color& color, const std::string& label, bool dashed) {
  if (!std::isfinite(y) || y < y_.lo || y > y_.hi) return;
  canvas_.line(frame_.x, py(y), frame_.right(), py(y), color, 1.0, dashed);
  if (!label.empty()) canvas_.text(frame_.right() - 2, py(y) - 2.5, label, {7, false, color, Align::right});
}

void Axes::category_labels(const std::vector<std::string>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    // A label may hold one line break: two short lines fit under a narrow category.
    const auto br = labels[i].find('\n');
    const TextStyle style{7.5, false, palette::ink, Align::center};
    canvas_.text(px(static_cast<double>(i)), frame_.bottom() + 10, labels[i].substr(0, br), style);
    if (br != std::string::npos) {
      canvas_.text(px(static_cast<double>(i)), frame_.bottom() + 19, labels[i].substr(br + 1), style);
    }
  }
}

double draw_legend(Canvas& canvas, double x, double y, const std::vector<LegendEntry>& entries, double size_pt) {
  const double x0 = x;
  for (const auto& entry : entries) {
    if (entry.box) {
      canvas.fill_rect({x, y - size_pt * 0.75, size_pt * 0.9, size_pt * 0.9}, entry.color);
      x += size_pt * 1.3;
    } else {
      canvas.line(x, y - size_pt * 0.3, x + 14, y - size_pt * 0.3, entry.color, 1.4, entry.dashed);
      x += 18;
    }
    x += canvas.text(x, y, entry.label, {size_pt}) + 10;
  }
  return x - x0;
}

void draw_bar_group(Axes& axes, double category, const std::vector<Bar>& bars, double group_width) {
  if (bars.empty()) return;
  const double each = group_width / static_cast<double>(bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double x0 = category - group_width / 2 + each * static_cast<double>(i) + each * 0.08;
    const double x1 = x0 + each * 0.84;
    const Bar& bar = bars[i];
    if (!std::isfinite(bar.value)) continue;
    const double top = axes.py(bar.value), base = axes.py(0);
    axes.canvas().fill_rect({axes.px(x0), std::min(top, base), axes.px(x1) - axes.px(x0), std::abs(base - top)},
                            bar.color);
    if (!bar.label.empty()) {
      axes.canvas().text((axes.px(x0) + axes.px(x1)) / 2, top - 3, bar.label, {7, false, palette::ink, Align::center});
    }
  }
}

std::vector<std::string> wrap_text(Canvas& canvas, const std::string& text, double width_pt, const TextStyle& style) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t space = text.find(' ', i);
    std::string word = text.substr(i, space == std::string::npos ? std::string::npos : space - i);
    i = space == std::string::npos ? text.size() : space + 1;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (canvas.text_width(candidate, style) <= width_pt) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    // A word wider than the line is broken between code points.
    line.clear();
    for (std::size_t k = 0; k < word.size();) {
      std::size_t len = 1;
      const auto lead = static_cast<unsigned char>(word[k]);
      if (lead >= 0xF0) len = 4; else if (lead >= 0xE0) len = 3; else if (lead >= 0xC0) len = 2;
      const std::string piece = word.substr(k, len);
      if (!line.empty() && canvas.text_width(line + piece, style) > width_pt) {
        lines.push_back(line);
        line.clear();
      }
      line += piece;
      k += len;
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

}  // namespace isokin::report
