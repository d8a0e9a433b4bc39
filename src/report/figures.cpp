#include "report/figures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/plot.hpp"
#include "report/wording.hpp"

namespace isokin::report {

namespace {

void empty_note(Canvas& canvas, const Rect& box, const std::string& title, const std::string& note) {
  canvas.text(box.x, box.y + 10, title, {9.5, true});
  canvas.stroke_rect({box.x + 42, box.y + 18, box.w - 50, box.h - 30}, palette::light_grey);
  canvas.text(box.x + box.w / 2, box.y + box.h / 2, note, {8.5, false, palette::grey, Align::center});
}

double signed_torque(Muscle muscle, double magnitude) { return muscle == Muscle::quadriceps ? magnitude : -magnitude; }

Color with_alpha(Color c, double a) {
  c.a = a;
  return c;
}

std::string effort_short(Muscle muscle, Contraction contraction) {
  return fmt::format("{} {}", muscle == Muscle::quadriceps ? "Quad" : "Ham",
                     contraction == Contraction::eccentric ? "ecc" : contraction == Contraction::isometric ? "iso" : "con");
}

}  // namespace

Color side_color(Side side) { return side == Side::left ? palette::left : palette::right; }

void draw_torque_angle(Canvas& canvas, const Rect& box, const Trial& trial, const analysis::TrialAnalysis& result) {
  const std::string title = fmt::format("{} knee, {} {}", side_label(result.side), mode_label(result.mode),
                                        format_velocity(result.velocity_deg_s));
  const SampleSpan samples = trial.samples.span();
  double angle_lo = INFINITY, angle_hi = -INFINITY, torque_lo = 0, torque_hi = 0;
  std::size_t rep_count = 0;
  for (const auto& effort : result.efforts) {
    for (const auto& rep : effort.reps) {
      ++rep_count;
      for (std::size_t i = rep.samples.begin; i < rep.samples.end && i < samples.size(); ++i) {
        if (!std::isfinite(samples.angle_deg[i]) || !std::isfinite(samples.torque_nm[i])) continue;
        angle_lo = std::min(angle_lo, samples.angle_deg[i]);
        angle_hi = std::max(angle_hi, samples.angle_deg[i]);
        torque_lo = std::min(torque_lo, samples.torque_nm[i]);
        torque_hi = std::max(torque_hi, samples.torque_nm[i]);
      }
    }
  }
  if (rep_count == 0 || !std::isfinite(angle_lo)) {
    empty_note(canvas, box, title, "No repetition found in this trial");
    return;
  }
  Axes axes(canvas, box, nice_range(angle_lo, angle_hi), nice_range(torque_lo, torque_hi), title,
            "Knee angle (degrees of flexion, 0 = straight)", "Torque (N·m)");
  axes.draw_frame();
  axes.horizontal_line(0, palette::grey, "", false);
  const Color rep_color = with_alpha(side_color(result.side), 0.45);
  for (const auto& effort : result.efforts) {
    for (const auto& rep : effort.reps) {
      const std::size_t end = std::min(rep.samples.end, samples.size());
      if (rep.samples.begin >= end) continue;
      axes.line_series(samples.angle_deg.subspan(rep.samples.begin, end - rep.samples.begin),
                       samples.torque_nm.subspan(rep.samples.begin, end - rep.samples.begin), rep_color, 0.7);
    }
    std::vector<double> mean(effort.curve_torque_nm.size());
    for (std::size_t i = 0; i < mean.size(); ++i) mean[i] = signed_torque(effort.muscle, effort.curve_torque_nm[i]);
    axes.line_series(effort.curve_angles_deg, mean, palette::ink, 1.4);
    // Name the effort next to its curve: quadriceps above zero, hamstrings below.
    const double label_y = effort.muscle == Muscle::quadriceps ? axes.frame().y + 9 : axes.frame().bottom() - 4;
    const double x = effort.muscle == Muscle::quadriceps ? axes.frame().x + 4 : axes.frame().right() - 4;
    canvas.text(x, label_y,
                fmt::format("{} {}, peak {} N·m", muscle_label(effort.muscle), contraction_label(effort.contraction),
                            format_value(effort.summary.peak_torque_nm, 0)),
                {7, false, palette::ink, effort.muscle == Muscle::quadriceps ? Align::left : Align::right});
  }
}

bool draw_hq_bars(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis) {
  const std::string title = "Hamstrings-to-quadriceps (H:Q) ratios";
  // One category per pairing, left and right side by side.
  struct Category {
    std::string label;
    const analysis::HqRatio* side[2] = {nullptr, nullptr};
    std::optional<analysis::Cutoff> cutoff;
  };
  std::vector<Category> categories;
  std::map<std::string, std::size_t> index;
  for (const auto& ratio : analysis.ratios) {
    if (ratio.kind != analysis::RatioKind::conventional && ratio.kind != analysis::RatioKind::functional) continue;
    const std::string label = ratio.kind == analysis::RatioKind::functional
                                  ? fmt::format("Functional\nHecc {} / Qcon {}",
                                                ratio.hamstrings_velocity_deg_s,
                                                format_velocity(ratio.quadriceps_velocity_deg_s))
                                  : fmt::format("Conventional\n{}", format_velocity(ratio.velocity_deg_s));
    auto [it, inserted] = index.try_emplace(label, categories.size());
    if (inserted) categories.push_back({label, {nullptr, nullptr}, std::nullopt});
    Category& category = categories[it->second];
    category.side[ratio.side == Side::left ? 0 : 1] = &ratio;
    if (ratio.cutoff) category.cutoff = ratio.cutoff;
  }
  if (categories.empty()) {
    empty_note(canvas, box, title, "No H:Q ratio: the session lacks a quadriceps and hamstrings pairing");
    return false;
  }
  double hi = 1.0;
  for (const auto& c : categories) {
    for (const auto* r : c.side) {
      if (r && std::isfinite(r->value)) hi = std::max(hi, r->value * 1.15);
    }
  }
  const Rect plot_box{box.x, box.y, box.w, box.h - 21};  // two-line labels, then the legend
  Axes axes(canvas, plot_box, {-0.5, static_cast<double>(categories.size()) - 0.5}, nice_range(0, hi), title, "",
            "H:Q ratio");
  axes.draw_frame(false);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const Category& c = categories[i];
    labels.push_back(c.label);
    std::vector<Bar> bars;
    for (int s = 0; s < 2; ++s) {
      const auto* r = c.side[s];
      const Side side = s == 0 ? Side::left : Side::right;
      Bar bar{r ? r->value : NAN, side_color(side), r ? format_value(r->value, 2) : ""};
      if (r && r->flag) bar.label += " !";
      bars.push_back(bar);
    }
    draw_bar_group(axes, static_cast<double>(i), bars);
    if (c.cutoff) {
      const double x0 = axes.px(static_cast<double>(i) - 0.42), x1 = axes.px(static_cast<double>(i) + 0.42);
      const double y = axes.py(c.cutoff->value);
      canvas.line(x0, y, x1, y, palette::cutoff, 1.3, true);
      // The value on a white patch at the line's left end, readable over the bars.
      const std::string label = fmt::format("{:.2f}", c.cutoff->value);
      const TextStyle style{6.5, true, palette::cutoff, Align::left};
      const double w = canvas.text_width(label, style);
      canvas.fill_rect({x0 - w - 4, y - 4.5, w + 3, 9}, {1, 1, 1});
      canvas.text(x0 - w - 2.5, y + 2.3, label, style);
    }
  }
  axes.category_labels(labels);
  draw_legend(canvas, axes.frame().x, box.bottom() - 2,
              {{"Left", palette::left, false, true},
               {"Right", palette::right, false, true},
               {"cut-off (a bar below it is flagged \"!\")", palette::cutoff, true, false}});
  return true;
}

bool draw_bilateral_bars(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis) {
  const std::string title = "Left against right: best peak torque";
  if (analysis.bilateral.empty()) {
    empty_note(canvas, box, title, "No left/right comparison: the session tests one side only");
    return false;
  }
  double hi = 1;
  for (const auto& b : analysis.bilateral) {
    if (std::isfinite(b.left_nm)) hi = std::max(hi, b.left_nm);
    if (std::isfinite(b.right_nm)) hi = std::max(hi, b.right_nm);
  }
  const Rect plot_box{box.x, box.y, box.w, box.h - 12};  // the legend goes under the category labels
  Axes axes(canvas, plot_box, {-0.5, static_cast<double>(analysis.bilateral.size()) - 0.5}, nice_range(0, hi * 1.2),
            title, "", "Peak torque (N·m)");
  axes.draw_frame(false);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < analysis.bilateral.size(); ++i) {
    const auto& b = analysis.bilateral[i];
    labels.push_back(fmt::format("{} {}", effort_short(b.muscle, b.contraction), format_velocity(b.velocity_deg_s)));
    draw_bar_group(axes, static_cast<double>(i),
                   {{b.left_nm, palette::left, format_value(b.left_nm, 0)},
                    {b.right_nm, palette::right, format_value(b.right_nm, 0)}});
    const double top = std::max(std::isfinite(b.left_nm) ? b.left_nm : 0, std::isfinite(b.right_nm) ? b.right_nm : 0);
    canvas.text(axes.px(static_cast<double>(i)), axes.py(top) - 12, fmt::format("LSI {} %", format_value(b.lsi_percent, 0)),
                {7, b.flag, b.flag ? palette::warn : palette::ok, Align::center});
  }
  axes.category_labels(labels);
  draw_legend(canvas, axes.frame().x, box.bottom() - 2,
              {{"Left", palette::left, false, true},
               {"Right", palette::right, false, true},
               {"LSI = limb symmetry index (involved / uninvolved); red = beyond its cut-off", palette::warn, false, true}});
  return true;
}

std::vector<FatigueSeries> fatigue_series(const analysis::SessionAnalysis& analysis) {
  std::size_t longest = 0;
  for (const auto& trial : analysis.trials) {
    for (const auto& effort : trial.efforts) longest = std::max(longest, effort.reps.size());
  }
  std::vector<FatigueSeries> series;
  if (longest < 3) return series;  // no fatigue curve from fewer than three repetitions
  // The longest sets; among several, the fastest (fatigue protocols run fast).
  double fastest = 0;
  for (const auto& trial : analysis.trials) {
    for (const auto& effort : trial.efforts) {
      if (effort.reps.size() == longest) fastest = std::max(fastest, effort.velocity_deg_s);
    }
  }
  for (const auto& trial : analysis.trials) {
    for (const auto& effort : trial.efforts) {
      if (effort.reps.size() != longest || std::abs(effort.velocity_deg_s - fastest) > 0.5) continue;
      series.push_back({fmt::format("{} {} {} {}", side_label(trial.side), muscle_label(effort.muscle),
                                    contraction_label(effort.contraction), format_velocity(effort.velocity_deg_s)),
                        trial.side, effort.muscle, &effort});
    }
  }
  return series;
}

bool draw_fatigue(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis) {
  const std::string title = "Fatigue: peak torque repetition by repetition";
  const auto series = fatigue_series(analysis);
  if (series.empty()) {
    empty_note(canvas, box, title, "No fatigue curve: no set of three or more repetitions");
    return false;
  }
  double hi = 1, reps = 1;
  for (const auto& s : series) {
    for (const auto& rep : s.effort->reps) {
      if (std::isfinite(rep.peak_torque_nm)) hi = std::max(hi, rep.peak_torque_nm);
      reps = std::max(reps, static_cast<double>(rep.repetition));
    }
  }
  // Two legend entries per line under the plot keep long labels inside the box.
  const double legend_rows = std::ceil(static_cast<double>(series.size()) / 2.0);
  const Rect plot_box{box.x, box.y, box.w, box.h - 10 * legend_rows};
  Axes axes(canvas, plot_box, nice_range(1, reps), nice_range(0, hi * 1.1), title, "Repetition",
            "Peak torque (N·m)");
  axes.integer_x_ticks();
  axes.draw_frame();
  std::vector<LegendEntry> legend;
  for (const auto& s : series) {
    std::vector<double> x, y, fit;
    for (const auto& rep : s.effort->reps) {
      x.push_back(rep.repetition);
      y.push_back(rep.peak_torque_nm);
      const auto& linear = s.effort->summary.torque_fatigue.linear;
      fit.push_back(linear.intercept + linear.slope * rep.repetition);
    }
    const Color color = s.muscle == Muscle::quadriceps ? side_color(s.side) : with_alpha(side_color(s.side), 0.55);
    axes.line_series(x, y, color, 1.0);
    axes.markers(x, y, color, s.muscle == Muscle::quadriceps ? 1.8 : 1.4);
    axes.line_series(x, fit, color, 0.9, true);
    legend.push_back({fmt::format("{} (slope {} %/rep)", s.label,
                                  format_value(s.effort->summary.torque_fatigue.linear.slope_percent_per_rep, 1)),
                      color, false, false});
  }
  for (std::size_t i = 0; i < legend.size(); i += 2) {
    std::vector<LegendEntry> row(legend.begin() + static_cast<std::ptrdiff_t>(i),
                                 legend.begin() + static_cast<std::ptrdiff_t>(std::min(i + 2, legend.size())));
    draw_legend(canvas, axes.frame().x, plot_box.bottom() + 8 + 10 * static_cast<double>(i / 2), row, 7);
  }
  return true;
}

}  // namespace isokin::report
