#include "report/progress_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "report/figures.hpp"
#include "report/plot.hpp"
#include "report/table.hpp"
#include "report/wording.hpp"

namespace isokin::report {

namespace {
bool same_speed(double a, double b) { return std::abs(a - b) <= 0.5; }

// An LSI with the precision that shows its side of the cut-off (89.9, never "90").
std::string lsi_text(double lsi, const std::optional<analysis::Cutoff>& cutoff) {
  return format_value(lsi, analysis::decimals_showing_side(lsi, cutoff, 0));
}
}  // namespace

double days_from_iso_date(const std::string& date) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return analysis::kNaN;
  if (m < 1 || m > 12 || d < 1 || d > 31) return analysis::kNaN;
  // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<double>(era) * 146097.0 + doe - 719468.0;
}

std::optional<Side> keep_one_reference_side(std::vector<analysis::SessionAnalysis*>& sessions) {
  std::optional<Side> reference;
  for (const auto* s : sessions)
    if (!involved_limb(s->involved) && s->reference_side) {
      reference = s->reference_side;
      break;
    }
  if (!reference) return std::nullopt;
  for (auto* s : sessions) {
    if (involved_limb(s->involved)) continue;
    s->options.reference_side = reference;
    analysis::compare_trials(*s);
  }
  return reference;
}

std::string progress_involved_text(const std::vector<ProgressPoint>& points) {
  std::set<std::string> named;
  std::optional<Side> reference;
  bool not_given = false;
  InvolvedSide caveat_of = InvolvedSide::unknown;
  for (const auto& p : points) {
    if (const auto limb = involved_limb(p.involved)) {
      named.insert(std::string(to_string(*limb)));
    } else {
      not_given = true;
      caveat_of = p.involved;
      if (p.lsi_numerator) reference = p.lsi_numerator;
    }
  }
  std::string text;
  if (!named.empty()) {
    text = "involved side: ";
    for (const auto& n : named) text += (text.size() > 16 ? " and " : "") + n;
  }
  if (not_given) {
    if (!text.empty()) text += "; ";
    const Side r = reference.value_or(Side::left);
    text += fmt::format("{} in {}: LSI = {} / {} in every such session", analysis::involved_side_caveat(caveat_of),
                        named.empty() ? "every session" : "some sessions", to_string(r),
                        r == Side::left ? "right" : "left");
  }
  return text;
}

ProgressPoint progress_point(const std::string& file, const std::string& date,
                             const analysis::SessionAnalysis& analysis, double velocity_deg_s) {
  ProgressPoint p;
  p.file = file;
  p.date = date;
  p.subject_id = analysis.subject_id;
  p.involved = analysis.involved;
  p.days = days_from_iso_date(date);
  for (const auto& trial : analysis.trials) {
    for (const auto& effort : trial.efforts) {
      if (effort.contraction != Contraction::concentric || !same_speed(effort.velocity_deg_s, velocity_deg_s)) continue;
      const double peak = effort.summary.peak_torque_nm;
      double& slot = effort.muscle == Muscle::quadriceps
                         ? (trial.side == Side::left ? p.quadriceps_left_nm : p.quadriceps_right_nm)
                         : (trial.side == Side::left ? p.hamstrings_left_nm : p.hamstrings_right_nm);
      if (std::isfinite(peak) && !(slot >= peak)) slot = peak;  // the best set when a speed was tested twice
    }
  }
  for (const auto& r : analysis.ratios) {
    if (r.kind != analysis::RatioKind::conventional || !same_speed(r.velocity_deg_s, velocity_deg_s)) continue;
    (r.side == Side::left ? p.hq_left : p.hq_right) = r.value;
    if (r.cutoff) p.hq_cutoff = r.cutoff->value;
  }
  for (const auto& b : analysis.bilateral) {
    if (b.contraction != Contraction::concentric || !same_speed(b.velocity_deg_s, velocity_deg_s)) continue;
    (b.muscle == Muscle::quadriceps ? p.lsi_quadriceps_percent : p.lsi_hamstrings_percent) = b.lsi_percent;
    p.lsi_numerator = b.involved;
    if (b.lsi_cutoff) {
      p.lsi_cutoff_percent = b.lsi_cutoff->value;
      p.lsi_cutoff = b.lsi_cutoff;
    }
  }
  return p;
}

double default_progress_velocity(const std::vector<analysis::SessionAnalysis>& sessions) {
  double slowest = NAN;
  for (const auto& s : sessions) {
    for (const auto& t : s.trials) {
      for (const auto& e : t.efforts) {
        if (e.contraction != Contraction::concentric) continue;
        if (same_speed(e.velocity_deg_s, 60)) return 60;
        if (!(slowest <= e.velocity_deg_s)) slowest = e.velocity_deg_s;
      }
    }
  }
  return slowest;
}

std::string progress_table_text(const std::vector<ProgressPoint>& points, double velocity_deg_s) {
  std::string text = fmt::format("Subject {}: concentric peak torque (N·m), H:Q and LSI at {}; {}\n",
                                 points.empty() ? "" : points.front().subject_id, format_velocity(velocity_deg_s),
                                 progress_involved_text(points));
  text += fmt::format("{:<12} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>7}  {}\n", "date", "Q left", "Q right",
                      "H left", "H right", "HQ L", "HQ R", "LSI Q%", "LSI H%", "file");
  for (const auto& p : points) {
    text += fmt::format("{:<12} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>7}  {}\n", p.date,
                        format_value(p.quadriceps_left_nm, 0), format_value(p.quadriceps_right_nm, 0),
                        format_value(p.hamstrings_left_nm, 0), format_value(p.hamstrings_right_nm, 0),
                        format_value(p.hq_left, 2), format_value(p.hq_right, 2),
                        lsi_text(p.lsi_quadriceps_percent, p.lsi_cutoff), lsi_text(p.lsi_hamstrings_percent, p.lsi_cutoff),
                        p.file);
  }
  return text;
}

void write_progress_plot(const std::filesystem::path& out, ImageFormat format, const std::vector<ProgressPoint>& points,
                         double velocity_deg_s, const std::string& program_version) {
  Canvas canvas(out, format);
  const double margin = 40, width = canvas.width() - 2 * margin;
  canvas.text(margin, margin + 16, "Rehabilitation progress", {17, true});
  canvas.text(margin, margin + 34,
              fmt::format("Subject: {}     Sessions: {}     Speed followed: {} (concentric; torques in N·m)",
                          points.empty() ? "" : points.front().subject_id, points.size(), format_velocity(velocity_deg_s)),
              {10});
  canvas.text(margin, margin + 48, "LSI = involved / uninvolved x 100. " + progress_involved_text(points), {9});
  std::vector<TableRow> rows;
  for (const auto& p : points) {
    // Each LSI flagged on its own value, printed with the precision that shows its side.
    const auto lsi_cell = [&](double lsi) -> TableCell {
      const bool low = p.lsi_cutoff && analysis::is_flagged(*p.lsi_cutoff, lsi);
      return {lsi_text(lsi, p.lsi_cutoff) + (low ? " !" : ""), low ? palette::warn : palette::ink, low};
    };
    rows.push_back({{p.date}, {format_value(p.quadriceps_left_nm, 0)}, {format_value(p.quadriceps_right_nm, 0)},
                    {format_value(p.hamstrings_left_nm, 0)}, {format_value(p.hamstrings_right_nm, 0)},
                    {format_value(p.hq_left, 2)}, {format_value(p.hq_right, 2)}, lsi_cell(p.lsi_quadriceps_percent),
                    lsi_cell(p.lsi_hamstrings_percent)});
  }
  const std::vector<TableColumn> columns{{"Date", 75},
                                         {"Quad L", 58, Align::right},
                                         {"Quad R", 58, Align::right},
                                         {"Ham L", 56, Align::right},
                                         {"Ham R", 56, Align::right},
                                         {"H:Q left", 52, Align::right},
                                         {"H:Q right", 54, Align::right},
                                         {"LSI Q %", 53, Align::right},
                                         {"LSI H %", width - 462, Align::right}};
  double y = margin + 58;
  y += draw_table(canvas, margin, y, columns, rows) + 16;

  // Sessions spaced by their test dates (days since the first); equally spaced only
  // when a date is missing or not YYYY-MM-DD.
  std::vector<double> xs;
  std::vector<std::string> labels;
  bool dated = !points.empty();
  for (const auto& p : points) dated = dated && std::isfinite(p.days);
  for (std::size_t i = 0; i < points.size(); ++i) {
    xs.push_back(dated ? points[i].days - points.front().days : static_cast<double>(i + 1));
    labels.push_back(points[i].date);
  }
  const double span = xs.empty() ? 1.0 : std::max(xs.back() - xs.front(), 1.0);
  const double pad = dated ? span * 0.06 + 0.5 : 0.5;
  const Range x{xs.empty() ? 0.0 : xs.front() - pad, xs.empty() ? 1.0 : xs.back() + pad};
  const auto column = [&](double ProgressPoint::*field) {
    std::vector<double> v;
    for (const auto& p : points) v.push_back(p.*field);
    return v;
  };
  const auto series_max = [](const std::vector<std::vector<double>>& all) {
    double m = 0;
    for (const auto& s : all)
      for (double v : s)
        if (std::isfinite(v)) m = std::max(m, v);
    return m;
  };
  const double panel_h = std::max(120.0, (canvas.height() - y - 40) / 3);
  const auto date_labels = [&](Axes& axes) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      canvas.text(axes.px(xs[i]), axes.frame().bottom() + 10, labels[i], {7, false, palette::ink, Align::center});
    }
  };
  const auto draw_series = [&](Axes& axes, const std::vector<double>& v, const Color& color, bool dashed) {
    axes.line_series(xs, v, color, 1.3, dashed);
    axes.markers(xs, v, color, 2.2);
  };
  {
    const auto ql = column(&ProgressPoint::quadriceps_left_nm), qr = column(&ProgressPoint::quadriceps_right_nm);
    const auto hl = column(&ProgressPoint::hamstrings_left_nm), hr = column(&ProgressPoint::hamstrings_right_nm);
    Axes axes(canvas, {margin, y, width, panel_h - 14}, x, nice_range(0, series_max({ql, qr, hl, hr}) * 1.1),
              "Peak torque per session", "", "Peak torque (N·m)");
    axes.draw_frame(false);
    draw_series(axes, ql, palette::left, false);
    draw_series(axes, qr, palette::right, false);
    draw_series(axes, hl, palette::left, true);
    draw_series(axes, hr, palette::right, true);
    date_labels(axes);
    draw_legend(canvas, margin + 42, y + panel_h - 12,
                {{"Quadriceps left", palette::left}, {"Quadriceps right", palette::right},
                 {"Hamstrings left", palette::left, true}, {"Hamstrings right", palette::right, true}});
    y += panel_h + 6;
  }
  {
    const auto l = column(&ProgressPoint::hq_left), r = column(&ProgressPoint::hq_right);
    Axes axes(canvas, {margin, y, width, panel_h - 14}, x, nice_range(0, std::max(1.0, series_max({l, r}) * 1.1)),
              "Conventional H:Q ratio per session", "", "H:Q ratio");
    axes.draw_frame(false);
    if (!points.empty()) axes.horizontal_line(points.front().hq_cutoff, palette::cutoff, "cut-off");
    draw_series(axes, l, palette::left, false);
    draw_series(axes, r, palette::right, false);
    date_labels(axes);
    draw_legend(canvas, margin + 42, y + panel_h - 12,
                {{"Left", palette::left}, {"Right", palette::right}, {"cut-off", palette::cutoff, true}});
    y += panel_h + 6;
  }
  {
    const auto q = column(&ProgressPoint::lsi_quadriceps_percent), h = column(&ProgressPoint::lsi_hamstrings_percent);
    Axes axes(canvas, {margin, y, width, panel_h - 14}, x, nice_range(0, std::max(110.0, series_max({q, h}) * 1.05)),
              "Limb symmetry index per session (involved / uninvolved)", "", "LSI (%)");
    axes.draw_frame(false);
    if (!points.empty()) axes.horizontal_line(points.front().lsi_cutoff_percent, palette::cutoff, "return-to-sport cut-off");
    draw_series(axes, q, palette::ink, false);
    draw_series(axes, h, palette::grey, true);
    date_labels(axes);
    draw_legend(canvas, margin + 42, y + panel_h - 12,
                {{"Quadriceps", palette::ink}, {"Hamstrings", palette::grey, true}, {"cut-off", palette::cutoff, true}});
  }
  canvas.text(margin, canvas.height() - 22, fmt::format("made by {}", program_version), {7, false, palette::grey});
  canvas.finish();
}

}  // namespace isokin::report
