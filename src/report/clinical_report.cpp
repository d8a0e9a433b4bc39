#include "report/clinical_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include "report/figures.hpp"
#include "report/plot.hpp"
#include "report/table.hpp"
#include "report/wording.hpp"

namespace isokin::report {

namespace {

constexpr double margin = 40;
constexpr double content_width = a4_width_pt - 2 * margin;
constexpr double page_bottom = a4_height_pt - 40;

// Lays out blocks down A4 pages, turning the page when a block does not fit.
class PageFlow {
 public:
  PageFlow(Canvas& canvas, const ReportOptions& options, const Session& session)
      : canvas_(canvas), options_(options), session_(session) {}

  Canvas& canvas() { return canvas_; }
  double y() const { return y_; }
  void advance(double height) { y_ += height; }
  int pages() const { return page_; }

  void ensure(double height) {
    if (y_ + height > page_bottom) new_page();
  }
  void new_page() {
    footer();
    canvas_.next_page();
    ++page_;
    y_ = margin;
  }
  void footer() {
    const TextStyle style{7, false, palette::grey};
    canvas_.text(margin, a4_height_pt - 22,
                 fmt::format("{} · subject {} · {} · made by {}", options_.source_file, session_.info.subject.id,
                             session_.info.date, options_.program_version),
                 style);
    canvas_.text(a4_width_pt - margin, a4_height_pt - 22, fmt::format("page {}", page_), {7, false, palette::grey, Align::right});
  }
  void heading(const std::string& text) {
    ensure(40);
    y_ += 14;
    canvas_.text(margin, y_, text, {11, true});
    y_ += 6;
  }

 private:
  Canvas& canvas_;
  const ReportOptions& options_;
  const Session& session_;
  double y_ = margin;
  int page_ = 1;
};

const char* flag_mark = "!";

// "Involved side: Right", or the caveat every output carries when it is not given
// ("Involved side not given: LSI = Left / Right throughout").
std::string involved_header(const analysis::SessionAnalysis& analysis) {
  if (const auto limb = involved_limb(analysis.involved)) return "Involved side: " + side_label(*limb);
  std::string caveat(analysis::involved_side_caveat(analysis.involved));
  if (!caveat.empty()) caveat[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(caveat[0])));
  if (!analysis.reference_side) return caveat;
  return fmt::format("{}: LSI = {} / {} throughout", caveat, side_label(*analysis.reference_side),
                     analysis.reference_side == Side::left ? "Right" : "Left");
}

// A value judged against `cutoff`: printed with the precision that shows its side of
// the cut-off, red with "!" when flagged.
TableCell judged_cell(double value, const std::optional<analysis::Cutoff>& cutoff, bool flag, int decimals) {
  const std::string text = format_value(value, analysis::decimals_showing_side(value, cutoff, decimals));
  if (flag) return {text + " " + flag_mark, palette::warn, true};
  return {text};
}

void draw_title(PageFlow& flow, const Session& session, const analysis::SessionAnalysis& analysis,
                const std::string& person_name) {
  Canvas& c = flow.canvas();
  c.text(margin, flow.y() + 16, "Isokinetic knee strength report", {17, true});
  flow.advance(34);
  if (!person_name.empty()) {
    c.text(margin, flow.y(), "Name: " + person_name, {11, true});
    flow.advance(16);
  }
  const auto& info = session.info;
  const std::string mass = std::isfinite(info.subject.body_mass_kg) ? fmt::format("{:g} kg", info.subject.body_mass_kg)
                                                                      : "not recorded";
  c.text(margin, flow.y(),
         fmt::format("Subject: {}     Date: {}     Body mass: {}", info.subject.id, info.date.empty() ? "—" : info.date, mass),
         {10});
  flow.advance(14);
  c.text(margin, flow.y(),
         fmt::format("Protocol: {}     Tests: {}     {}", info.protocol.empty() ? "—" : info.protocol,
                     session.trials.size(), involved_header(analysis)),
         {10});
  flow.advance(14);
  bool any_gravity = false;
  for (const auto& t : analysis.trials) any_gravity = any_gravity || t.gravity_corrected;
  const std::string gravity = !analysis.options.gravity_correction ? "off (torques as measured)"
                              : any_gravity ? "on (the weight of the leg is removed from the torques)"
                                            : "asked for, but no limb weight was recorded";
  const std::string filter = analysis.options.filter_hz > 0 ? fmt::format("{:g} Hz low-pass", analysis.options.filter_hz)
                                                            : "none";
  c.text(margin, flow.y(), fmt::format("Gravity correction: {}     Filter: {}", gravity, filter), {8.5, false, palette::grey});
  flow.advance(6);
  if (!info.notes.empty()) {
    flow.advance(10);
    c.text(margin, flow.y(), "Notes: " + info.notes, {8.5, false, palette::grey});
  }
}

// Draws `rows` under `columns`, continuing on new pages as needed.
void flowing_table(PageFlow& flow, const std::vector<TableColumn>& columns, const std::vector<TableRow>& rows) {
  const TableStyle style;
  std::size_t next = 0;
  while (next < rows.size()) {
    flow.ensure(style.row_height_pt * 3);
    const auto fit = static_cast<std::size_t>((page_bottom - flow.y()) / style.row_height_pt) - 1;
    const std::size_t count = std::min(rows.size() - next, std::max<std::size_t>(fit, 1));
    const std::vector<TableRow> part(rows.begin() + static_cast<std::ptrdiff_t>(next),
                                     rows.begin() + static_cast<std::ptrdiff_t>(next + count));
    flow.advance(draw_table(flow.canvas(), margin, flow.y(), columns, part, style) + 4);
    next += count;
    if (next < rows.size()) flow.new_page();
  }
}


// The CV row the effort was judged against (the summary keeps its value only).
std::optional<analysis::Cutoff> cv_cutoff(const analysis::SessionAnalysis& analysis, const analysis::EffortAnalysis& e) {
  if (!std::isfinite(e.summary.cv_cutoff_percent)) return std::nullopt;
  if (const auto* c = analysis::find_cutoff(analysis.options.cutoffs, analysis::CutoffKind::cv, e.velocity_deg_s))
    return *c;
  return std::nullopt;
}

void key_measures(PageFlow& flow, const analysis::SessionAnalysis& analysis) {
  flow.heading("Key measures (best repetition of each set)");
  const std::vector<TableColumn> columns{
      {"Side", 34}, {"Muscle, contraction", 112}, {"Speed", 40, Align::right}, {"Peak N·m", 50, Align::right},
      {"N·m/kg", 40, Align::right}, {"Angle °", 40, Align::right}, {"Work J", 42, Align::right},
      {"Reps", 30, Align::right}, {"CV %", 36, Align::right}, {"Note", content_width - 424}};
  std::vector<TableRow> rows;
  for (const Side side : {Side::left, Side::right}) {
    for (const auto& trial : analysis.trials) {
      if (trial.side != side) continue;
      for (const auto& effort : trial.efforts) {
        const auto& s = effort.summary;
        double best_angle = NAN;
        for (const auto& rep : effort.reps) {
          if (rep.peak_torque_nm == s.peak_torque_nm) best_angle = rep.angle_at_peak_deg;
        }
        rows.push_back({{side_label(side), side == Side::left ? palette::left : palette::right, true},
                        {fmt::format("{} {}", muscle_label(effort.muscle), contraction_label(effort.contraction))},
                        {format_velocity(effort.velocity_deg_s)},
                        {format_value(s.peak_torque_nm, 0), palette::ink, true},
                        {format_value(s.peak_torque_per_kg, 2)},
                        {format_value(best_angle, 0)},
                        {format_value(s.total_work_j, 0)},
                        {fmt::format("{}", effort.reps.size())},
                        judged_cell(s.cv_percent, cv_cutoff(analysis, effort), s.cv_flag, 1),
                        {effort_reading(s), s.cv_flag ? palette::warn : palette::ink}});
      }
    }
  }
  if (rows.empty()) {
    flow.advance(12);
    flow.canvas().text(margin, flow.y(), "No set could be analysed.", {9});
    flow.advance(6);
    return;
  }
  flowing_table(flow, columns, rows);
}

void ratio_table(PageFlow& flow, const analysis::SessionAnalysis& analysis) {
  std::vector<TableRow> rows;
  for (const auto& r : analysis.ratios) {
    if (r.kind != analysis::RatioKind::conventional && r.kind != analysis::RatioKind::functional &&
        r.kind != analysis::RatioKind::isometric)
      continue;
    // The cut-off is compared with the value on its basis: that value carries the
    // flag and the precision; the other is shown beside it.
    const bool on_uncorrected = r.cutoff && r.compared_uncorrected;
    const TableCell corrected = on_uncorrected ? TableCell{format_value(r.value, 2)} : judged_cell(r.value, r.cutoff, r.flag, 2);
    const TableCell uncorrected =
        on_uncorrected ? judged_cell(r.value_uncorrected, r.cutoff, r.flag, 2) : TableCell{format_value(r.value_uncorrected, 2)};
    rows.push_back({{side_label(r.side), r.side == Side::left ? palette::left : palette::right, true},
                    {ratio_label(r)},
                    corrected,
                    uncorrected,
                    {!r.cutoff ? "—" : on_uncorrected ? "uncorr." : "corrected"},
                    {r.cutoff ? cutoff_label(r.cutoff, false) : "—"},
                    {ratio_reading(r), r.flag ? palette::warn : palette::ink}});
  }
  flow.heading("Hamstrings-to-quadriceps (H:Q) ratios");
  if (rows.empty()) {
    flow.advance(12);
    flow.canvas().text(margin, flow.y(), "None: the session has no quadriceps and hamstrings pair at one side.", {9});
    flow.advance(6);
    return;
  }
  flowing_table(flow, {{"Side", 32},
                       {"Ratio", 168},
                       {"Value", 40, Align::right},
                       {"Uncorr.", 42, Align::right},
                       {"Compared", 54},
                       {"Flag if", 52},
                       {"Reading", content_width - 388}},
                rows);
}

void bilateral_table(PageFlow& flow, const analysis::SessionAnalysis& analysis) {
  flow.heading(fmt::format("Left against right · {}", involved_header(analysis)));
  if (analysis.bilateral.empty()) {
    flow.advance(12);
    flow.canvas().text(margin, flow.y(), "None: only one side was tested.", {9});
    flow.advance(6);
    return;
  }
  std::vector<TableRow> rows;
  for (const auto& b : analysis.bilateral) {
    rows.push_back({{fmt::format("{} {}", muscle_label(b.muscle), contraction_label(b.contraction))},
                    {format_velocity(b.velocity_deg_s)},
                    {format_value(b.left_nm, 0)},
                    {format_value(b.right_nm, 0)},
                    judged_cell(b.deficit_percent, b.deficit_cutoff, b.deficit_flag, 1),
                    judged_cell(b.lsi_percent, b.lsi_cutoff, b.lsi_flag, 0),
                    {b.involved_assumed ? side_label(b.involved) + " (ref.)" : side_label(b.involved)},
                    {bilateral_reading(b), b.flag ? palette::warn : palette::ink}});
  }
  flowing_table(flow, {{"Muscle, contraction", 104},
                       {"Speed", 40, Align::right},
                       {"Left N·m", 46, Align::right},
                       {"Right N·m", 54, Align::right},
                       {"Deficit %", 50, Align::right},
                       {"LSI %", 40, Align::right},
                       {"Involved", 64},
                       {"Reading", content_width - 398}},
                rows);
}

void legend_block(PageFlow& flow, const analysis::SessionAnalysis& analysis) {
  flow.heading("How to read this report");
  std::vector<std::string> lines{
      "A red value with \"!\" is beyond its reference cut-off (the \"Flag if\" column); black values are within it.",
      "Peak torque: the strongest repetition of the set, in newton-metres (N·m); N·m/kg divides it by body mass.",
      "Angle °: knee flexion at which the peak occurred (0 = straight knee). Work: energy over the whole set, joules.",
      "CV %: how much the repetitions' peaks differ; a high CV suggests the person did not push fully every time.",
      "H:Q ratio: hamstrings peak torque divided by quadriceps peak torque. Conventional = both concentric at one speed;",
      "   functional = hamstrings braking (eccentric) over quadriceps pushing (concentric). Low values mean weak hamstrings.",
      "LSI % (limb symmetry index): involved side / uninvolved side x 100; deficit % = 100 - LSI (negative when the",
      "   involved side is the stronger). Below 90 % the legs are not yet symmetric enough to return to sport",
      "   (Cristiani et al. 2019). When the involved side is not given, one side is the reference (\"ref.\") throughout.",
      "Compared: the value each H:Q cut-off was compared with, the one on the basis the cut-off was established on",
      "   (gravity-corrected or uncorrected torques). \"—\" in Flag if: no cut-off applies, so no reading is given.",
      "Uncorr.: the ratio without removing the leg's weight. Cut-offs are guides for screening, not a diagnosis: no single",
      "   ratio predicts injury on its own (Kellis et al. 2022); read them with the clinical picture."};
  for (const auto& c : analysis::applied_cutoffs(analysis))
    lines.push_back(fmt::format("Cut-off applied: {} ({} {:g}, {} torques; {}): {}", c.id,
                                c.comparison == analysis::Comparison::below ? "below" : "over", c.value,
                                to_string(c.basis), c.population, c.source));
  const TextStyle style{7.8};
  for (const auto& line : lines) {
    for (const auto& part : wrap_text(flow.canvas(), line, content_width, style)) {
      flow.ensure(11);
      flow.advance(11);
      flow.canvas().text(margin, flow.y(), part, style);
    }
  }
  flow.advance(4);
}

void messages_block(PageFlow& flow, const analysis::SessionAnalysis& analysis) {
  std::vector<std::string> lines;
  std::set<std::string> seen;  // a message repeated for every repetition is shown once
  const auto add = [&](const analysis::Message& m) {
    if (m.severity == analysis::Severity::info) return;
    if (!seen.insert(m.trial_id + "|" + m.text).second) return;
    lines.push_back((m.trial_id.empty() ? "" : m.trial_id + ": ") + m.text);
  };
  for (const auto& m : analysis.messages) add(m);
  for (const auto& t : analysis.trials) {
    for (const auto& m : t.messages) add(m);
  }
  if (lines.empty()) return;
  flow.heading("Notes from the analysis");
  constexpr std::size_t max_lines = 14;
  const std::size_t shown = std::min(lines.size(), max_lines);
  const TextStyle style{7.8};
  for (std::size_t i = 0; i < shown; ++i) {
    for (const auto& part : wrap_text(flow.canvas(), "• " + lines[i], content_width, style)) {
      flow.ensure(11);
      flow.advance(11);
      flow.canvas().text(margin, flow.y(), part, style);
    }
  }
  if (lines.size() > shown) {
    flow.ensure(11);
    flow.advance(11);
    flow.canvas().text(margin, flow.y(),
                       fmt::format("… and {} more (`isokin analyze` lists them all).", lines.size() - shown),
                       {7.8, false, palette::grey});
  }
}

std::vector<TableColumn> fatigue_columns() {
  return {{"Set", content_width - 368},       {"Reps", 28, Align::right},        {"Slope %/rep", 56, Align::right},
          {"r²", 24, Align::right},            {"Work fat. %", 56, Align::right}, {"Thorst. %", 46, Align::right},
          {"Endur. %", 44, Align::right},      {"H:Q first → last", 66, Align::right},
          {"H:Q %/rep", 48, Align::right}};
}

// One row per plotted fatigue set: repetitions, the peak-torque slope and its r², work
// fatigue, Thorstensson index, endurance ratio, and the per-repetition H:Q of its trial.
std::vector<TableRow> fatigue_rows(const analysis::SessionAnalysis& analysis) {
  std::vector<TableRow> rows;
  for (const auto& series : fatigue_series(analysis)) {
    const auto& e = *series.effort;
    const auto& s = e.summary;
    std::string trial_id;
    for (const auto& t : analysis.trials)
      for (const auto& effort : t.efforts)
        if (&effort == series.effort) trial_id = t.id;
    std::string hq = "—", trend = "—";
    for (const auto& r : analysis.ratios) {
      if (r.kind != analysis::RatioKind::per_repetition || r.trial_id != trial_id || r.values.empty()) continue;
      hq = fmt::format("{} → {}", format_value(r.values.front(), 2), format_value(r.values.back(), 2));
      trend = format_value(r.trend.slope_percent_per_rep, 2);
    }
    rows.push_back({{series.label, side_color(series.side), true},
                    {fmt::format("{}", e.reps.size())},
                    {format_value(s.torque_fatigue.linear.slope_percent_per_rep, 2)},
                    {format_value(s.torque_fatigue.linear.r_squared, 2)},
                    {format_value(s.work_fatigue_percent, 1)},
                    {format_value(s.thorstensson_fatigue_index_percent, 1)},
                    {format_value(s.endurance_ratio_percent, 1)},
                    {hq},
                    {trend}});
  }
  return rows;
}

const Trial* find_trial(const Session& session, const std::string& id) {
  for (const auto& t : session.trials) {
    if (t.info.id == id) return &t;
  }
  return nullptr;
}

// The torque-angle grid: one row per test mode and speed, left side in the left
// column and right side in the right, so the two knees are read side by side.
using GridCell = std::pair<const Trial*, const analysis::TrialAnalysis*>;
using GridRow = std::array<GridCell, 2>;

std::vector<GridRow> torque_angle_rows(const Session& session, const analysis::SessionAnalysis& analysis) {
  std::vector<std::pair<std::pair<TestMode, double>, GridRow>> rows;
  for (const auto& result : analysis.trials) {
    const Trial* trial = find_trial(session, result.id);
    if (!trial) continue;
    const auto key = std::make_pair(result.mode, result.velocity_deg_s);
    const std::size_t column = result.side == Side::left ? 0 : 1;
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const auto& row) { return row.first == key && row.second[column].first == nullptr; });
    if (it == rows.end()) {
      rows.push_back({key, GridRow{}});
      it = rows.end() - 1;
    }
    it->second[column] = {trial, &result};
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<GridRow> grid;
  for (auto& row : rows) grid.push_back(row.second);
  return grid;
}

void torque_angle_grid(Canvas& canvas, const Rect& area, int rows_per_area, const std::vector<GridRow>& rows,
                       std::size_t first, std::size_t count) {
  const double cell_w = area.w / 2, cell_h = area.h / rows_per_area;
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t col = 0; col < 2; ++col) {
      const auto& [trial, result] = rows[first + r][col];
      if (!trial) continue;
      draw_torque_angle(canvas,
                        {area.x + static_cast<double>(col) * cell_w, area.y + static_cast<double>(r) * cell_h,
                         cell_w - 8, cell_h - 10},
                        *trial, *result);
    }
  }
}

ReportOutput write_pdf(const std::filesystem::path& out, const Session& session,
                       const analysis::SessionAnalysis& analysis, const ReportOptions& options) {
  Canvas canvas(out, ImageFormat::pdf);
  PageFlow flow(canvas, options, session);
  draw_title(flow, session, analysis, options.person_name);
  key_measures(flow, analysis);
  ratio_table(flow, analysis);
  bilateral_table(flow, analysis);
  legend_block(flow, analysis);
  messages_block(flow, analysis);

  const auto rows = torque_angle_rows(session, analysis);
  constexpr int rows_per_page = 3;
  for (std::size_t first = 0; first < rows.size(); first += rows_per_page) {
    flow.new_page();
    canvas.text(margin, margin + 6, "Torque against knee angle, repetitions overlaid", {12, true});
    draw_legend(canvas, margin, margin + 22,
                {{"each repetition, left (measured)", palette::left},
                 {"each repetition, right (measured)", palette::right},
                 {"mean curve of the analysis", palette::ink}});
    canvas.text(margin, margin + 34,
                "Extension torque (quadriceps) is drawn above zero, flexion torque (hamstrings) below.",
                {7.8, false, palette::grey});
    const std::size_t count = std::min<std::size_t>(rows_per_page, rows.size() - first);
    torque_angle_grid(canvas, {margin, margin + 44, content_width, page_bottom - margin - 44}, rows_per_page, rows,
                      first, count);
  }

  flow.new_page();
  canvas.text(margin, margin + 6, "Balance, symmetry and fatigue", {12, true});
  const auto fatigue = fatigue_rows(analysis);
  const TableStyle table_style{7, 12};
  // The fatigue table under the fatigue plot, on the same page: the figures share
  // what the table leaves.
  const double table_h = fatigue.empty() ? 0 : table_style.row_height_pt * static_cast<double>(fatigue.size() + 1) + 30;
  const double h = (page_bottom - margin - 30 - table_h) / 3;
  draw_hq_bars(canvas, {margin, margin + 24, content_width, h - 14}, analysis);
  draw_bilateral_bars(canvas, {margin, margin + 24 + h, content_width, h - 14}, analysis);
  draw_fatigue(canvas, {margin, margin + 24 + 2 * h, content_width, h - 14}, analysis);
  if (!fatigue.empty()) {
    const double ty = margin + 24 + 3 * h;
    canvas.text(margin, ty + 4, "Fatigue (the sets plotted above)", {9.5, true});
    draw_table(canvas, margin, ty + 10, fatigue_columns(), fatigue, table_style);
  }
  flow.footer();
  canvas.finish();
  return {{out}, flow.pages()};
}

ReportOutput write_figures(const std::filesystem::path& out, const Session& session,
                           const analysis::SessionAnalysis& analysis, const ReportOptions& options) {
  ReportOutput output;
  const auto name = [&](const char* figure) {
    auto path = out;
    path.replace_filename(out.stem().string() + "-" + figure + std::string(extension(options.format)));
    return path;
  };
  const auto rows = torque_angle_rows(session, analysis);
  if (!rows.empty()) {
    const int n = static_cast<int>(rows.size());
    const auto path = name("torque-angle");
    Canvas canvas(options.draw_path ? options.draw_path(path) : path, options.format, 600, 200.0 * n + 10);
    torque_angle_grid(canvas, {8, 8, 592, 200.0 * n}, n, rows, 0, rows.size());
    canvas.finish();
    output.files.push_back(path);
  }
  using Figure = bool (*)(Canvas&, const Rect&, const analysis::SessionAnalysis&);
  const std::pair<const char*, Figure> figures[] = {
      {"hq-ratios", &draw_hq_bars}, {"left-right", &draw_bilateral_bars}, {"fatigue", &draw_fatigue}};
  for (const auto& [figure, draw] : figures) {
    // Draw into a scratch-free dry check first: a figure with nothing to show is not written.
    const bool has_content = figure == std::string("hq-ratios")    ? [&] {
      for (const auto& r : analysis.ratios) {
        if (r.kind == analysis::RatioKind::conventional || r.kind == analysis::RatioKind::functional) return true;
      }
      return false;
    }()
                             : figure == std::string("left-right") ? !analysis.bilateral.empty()
                                                                   : !fatigue_series(analysis).empty();
    if (!has_content) continue;
    const auto path = name(figure);
    Canvas canvas(options.draw_path ? options.draw_path(path) : path, options.format, 600, 260);
    draw(canvas, {8, 8, 584, 244}, analysis);
    canvas.finish();
    output.files.push_back(path);
  }
  return output;
}

}  // namespace

ReportOutput write_clinical_report(const std::filesystem::path& out, const Session& session,
                                   const analysis::SessionAnalysis& analysis, const ReportOptions& options) {
  if (options.format == ImageFormat::pdf) return write_pdf(out, session, analysis, options);
  return write_figures(out, session, analysis, options);
}

}  // namespace isokin::report
