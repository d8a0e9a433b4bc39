#include "analysis_json/analysis_report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace isokin::analysis_json {
namespace {

using namespace isokin::analysis;

// A number with `decimals`, or "-" when not available.
std::string num(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

// A value judged against `cutoff`, with as many decimals as it takes to show on which
// side of the cut-off it falls (89.9 against 90, never "90").
std::string judged(double v, const std::optional<Cutoff>& cutoff, int decimals) {
  return num(v, decimals_showing_side(v, cutoff, decimals));
}

std::string velocity_text(double v) { return std::isfinite(v) ? fmt::format("{:.0f}", v) : "-"; }

std::string cutoff_text(const std::optional<Cutoff>& c, int decimals) {
  if (!c) return "-";
  return fmt::format("{} {}", c->comparison == Comparison::below ? "<" : ">", num(c->value, decimals));
}

std::string short_source(const std::string& source) {
  // "Croisier et al. 2008, Am J ..." -> "Croisier et al. 2008"
  const auto comma = source.find(',');
  return comma == std::string::npos ? source : source.substr(0, comma);
}

// The CV with the precision that shows its side of the CV cut-off (10.04 is not "10.0!").
std::string cv_text(const SessionAnalysis& a, const EffortAnalysis& e) {
  std::optional<Cutoff> row;
  if (std::isfinite(e.summary.cv_cutoff_percent))
    if (const Cutoff* c = find_cutoff(a.options.cutoffs, CutoffKind::cv, e.velocity_deg_s)) row = *c;
  return judged(e.summary.cv_percent, row, 1);
}

void strength_table(const SessionAnalysis& a, std::string& out) {
  out += "Strength (best repetition; mean and CV over the set; torques gravity-corrected where marked *)\n";
  out += fmt::format("{:<6} {:<11} {:<11} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8} {:>8} {:>7} {:>6}\n", "Side", "Muscle",
                     "Contraction", "deg/s", "Reps", "Peak N·m", "N·m/kg", "Angle°", "Mean N·m", "Work J", "Total J",
                     "CV %");
  for (const Side side : {Side::left, Side::right}) {
    for (const auto& t : a.trials) {
      if (t.side != side) continue;
      for (const auto& e : t.efforts) {
        const EffortSummary& s = e.summary;
        double angle = kNaN;
        for (const auto& r : e.reps)
          if (!r.cut_short && r.peak_torque_nm == s.peak_torque_nm) angle = r.angle_at_peak_deg;
        std::size_t used = 0;
        for (const auto& r : e.reps) used += r.cut_short ? 0 : 1;
        out += fmt::format("{:<6} {:<11} {:<11} {:>6} {:>6} {:>8}{} {:>7} {:>7} {:>8} {:>8} {:>7} {:>5}{}\n",
                           to_string(side), to_string(e.muscle), to_string(e.contraction),
                           velocity_text(e.velocity_deg_s), fmt::format("{}/{}", used, e.reps.size()),
                           num(s.peak_torque_nm, 1), t.gravity_corrected ? "*" : " ", num(s.peak_torque_per_kg, 2),
                           num(angle, 0), num(s.mean_peak_torque_nm, 1), num(s.best_work_j, 1),
                           num(s.total_work_j, 0), cv_text(a, e), s.cv_flag ? "!" : " ");
      }
    }
  }
  bool flagged = false;
  for (const auto& t : a.trials)
    for (const auto& e : t.efforts) flagged |= e.summary.cv_flag;
  if (flagged) out += "  ! CV above the cut-off: maximal effort doubtful (Luoto et al. 1996)\n";
  out += "\n";
}

void ratio_table(const SessionAnalysis& a, std::string& out) {
  bool any = false;
  for (const auto& r : a.ratios)
    any |= r.kind == RatioKind::conventional || r.kind == RatioKind::functional || r.kind == RatioKind::isometric;
  if (!any) {
    out += "H:Q ratios: none (needs hamstrings and quadriceps efforts on the same side)\n\n";
    return;
  }
  out += "H:Q ratios (peak torque hamstrings / quadriceps; each cut-off is compared with the value on its basis)\n";
  out += fmt::format("{:<6} {:<13} {:<16} {:>7} {:>9} {:>8}  {:<12} {:<22} {}\n", "Side", "Kind", "Velocities deg/s",
                     "H:Q", "uncorr.", "Cut-off", "Compared", "Source", "Flag");
  for (const auto& r : a.ratios) {
    if (r.kind != RatioKind::conventional && r.kind != RatioKind::functional && r.kind != RatioKind::isometric) continue;
    const std::string velocities =
        r.kind == RatioKind::conventional ? fmt::format("{}", velocity_text(r.velocity_deg_s))
        : r.kind == RatioKind::isometric  ? fmt::format("0 (held {} deg)", num(r.angle_deg, 0))
                                          : fmt::format("Hecc{}/Qcon{}", velocity_text(r.hamstrings_velocity_deg_s),
                                                        velocity_text(r.quadriceps_velocity_deg_s));
    // The value the cut-off was compared with is printed with the precision that
    // shows its side; the other value keeps two decimals.
    const bool on_uncorrected = r.cutoff && r.compared_uncorrected;
    const std::string value = on_uncorrected ? num(r.value, 2) : judged(r.value, r.cutoff, 2);
    const std::string uncorrected = on_uncorrected ? judged(r.value_uncorrected, r.cutoff, 2) : num(r.value_uncorrected, 2);
    const std::string compared =
        !r.cutoff ? "-" : (r.compared_uncorrected ? "uncorrected" : "corrected");
    out += fmt::format("{:<6} {:<13} {:<16} {:>6}{} {:>9} {:>8}  {:<12} {:<22} {}\n", to_string(r.side),
                       to_string(r.kind), velocities, value, r.gravity_corrected ? "*" : " ", uncorrected,
                       cutoff_text(r.cutoff, 2), compared, r.cutoff ? short_source(r.cutoff->source) : "-",
                       r.flag ? "LOW" : (r.cutoff ? "ok" : "-"));
  }
  for (const auto& r : a.ratios) {
    if (r.kind != RatioKind::per_repetition) continue;
    out += fmt::format("{:<6} per-repetition H:Q through trial {} at {} deg/s: first {} last {}, trend {} %/rep\n",
                       to_string(r.side), r.trial_id, velocity_text(r.velocity_deg_s), num(r.values.front(), 2),
                       num(r.values.back(), 2), num(r.trend.slope_percent_per_rep, 2));
  }
  out += "  * gravity-corrected; H:Q alone is not an independent injury predictor (Kellis et al. 2022)\n\n";
}

void bilateral_table(const SessionAnalysis& a, std::string& out) {
  if (a.bilateral.empty()) return;
  const auto caveat = involved_side_caveat(a.involved);
  if (caveat.empty())
    out += fmt::format("Left / right (involved side: {}; LSI = {} / {}, deficit = 100 - LSI)\n", to_string(a.involved),
                       to_string(a.involved), a.involved == InvolvedSide::left ? "right" : "left");
  else
    out += fmt::format("Left / right ({}: LSI = {} / other side for the whole session, deficit = 100 - LSI)\n",
                       caveat, a.reference_side ? to_string(*a.reference_side) : "left");
  out += fmt::format("{:<11} {:<11} {:>6} {:>9} {:>9} {:>9} {:>7}  {}\n", "Muscle", "Contraction", "deg/s", "Left N·m",
                     "Right N·m", "Deficit %", "LSI %", "Flag");
  for (const auto& b : a.bilateral) {
    std::string flag;
    if (b.deficit_flag) flag += fmt::format("deficit {} ", cutoff_text(b.deficit_cutoff, 0));
    if (b.lsi_flag) flag += fmt::format("LSI {}", cutoff_text(b.lsi_cutoff, 0));
    if (flag.empty()) flag = (b.deficit_cutoff || b.lsi_cutoff) ? "ok" : "-";
    out += fmt::format("{:<11} {:<11} {:>6} {:>9} {:>9} {:>9} {:>7}  {}\n", to_string(b.muscle),
                       to_string(b.contraction), velocity_text(b.velocity_deg_s), num(b.left_nm, 1),
                       num(b.right_nm, 1), judged(b.deficit_percent, b.deficit_cutoff, 1),
                       judged(b.lsi_percent, b.lsi_cutoff, 1), flag);
  }
  out += "\n";
}

void fatigue_table(const SessionAnalysis& a, std::string& out) {
  bool header = false;
  for (const auto& t : a.trials) {
    for (const auto& e : t.efforts) {
      const EffortSummary& s = e.summary;
      // Fatigue sets only: a 3-5 repetition strength set shows little and clutters the page.
      if (e.reps.size() < 6 || !std::isfinite(s.torque_fatigue.linear.slope)) continue;
      if (!header) {
        out += "Fatigue (sets of 6 or more repetitions; peak torque against repetition)\n";
        out += fmt::format("{:<6} {:<11} {:<11} {:>6} {:>5} {:>9} {:>5} {:>10} {:>13} {:>10}\n", "Side", "Muscle",
                           "Contraction", "deg/s", "Reps", "Slope%/rep", "r²", "Work fat.%", "Thorstensson%",
                           "Endurance%");
        header = true;
      }
      out += fmt::format("{:<6} {:<11} {:<11} {:>6} {:>5} {:>9} {:>5} {:>10} {:>13} {:>10}\n", to_string(t.side),
                         to_string(e.muscle), to_string(e.contraction), velocity_text(e.velocity_deg_s),
                         e.reps.size(), num(s.torque_fatigue.linear.slope_percent_per_rep, 2),
                         num(s.torque_fatigue.linear.r_squared, 2), num(s.work_fatigue_percent, 1),
                         num(s.thorstensson_fatigue_index_percent, 1), num(s.endurance_ratio_percent, 1));
    }
  }
  if (header) out += "\n";
}

void applied_rows(const SessionAnalysis& a, std::string& out) {
  const auto rows = applied_cutoffs(a);
  if (rows.empty()) {
    out += "Cut-offs applied: none (no value had a cut-off on its basis)\n\n";
    return;
  }
  out += "Cut-offs applied\n";
  for (const auto& c : rows) {
    const std::string velocity =
        c.kind == CutoffKind::functional
            ? fmt::format("Hecc {} / Qcon {} deg/s", velocity_text(c.hamstrings_velocity_deg_s),
                          velocity_text(c.quadriceps_velocity_deg_s))
            : (std::isnan(c.velocity_deg_s) ? std::string("any speed") : fmt::format("{} deg/s", velocity_text(c.velocity_deg_s)));
    out += fmt::format("  {} ({}, {} {:g}, {}, {} torques): {}; {}\n", c.id, to_string(c.kind), to_string(c.comparison),
                       c.value, velocity, to_string(c.basis), c.population, c.source);
  }
  out += "\n";
}

void messages(const SessionAnalysis& a, std::string& out) {
  std::string text;
  for (const auto& m : a.messages) text += fmt::format("  [{}] {}\n", to_string(m.severity), m.text);
  for (const auto& t : a.trials)
    for (const auto& m : t.messages)
      text += fmt::format("  [{}] trial {}: {}\n", to_string(m.severity), m.trial_id, m.text);
  if (!text.empty()) out += "Notes\n" + text;
}

}  // namespace

std::string format_report(const SessionAnalysis& a) {
  std::string out;
  const auto caveat = involved_side_caveat(a.involved);
  // The caveat is a whole phrase ("involved side not given"); a side is named after the label.
  out += fmt::format("Subject {}  body mass {} kg  trials {}  {}\n", a.subject_id.empty() ? "-" : a.subject_id,
                     num(a.body_mass_kg, 1), a.trials.size(),
                     caveat.empty() ? "involved side " + std::string(to_string(a.involved)) : std::string(caveat));
  out += fmt::format("Filter {}; gravity correction {}; isokinetic window ±{} % of the preset speed\n\n",
                     a.options.filter_hz > 0
                         ? fmt::format("{} Hz low-pass (Butterworth order {}, zero phase)", num(a.options.filter_hz, 1),
                                       a.options.filter_order)
                         : std::string("off"),
                     a.options.gravity_correction ? "on" : "off", num(a.options.window_tolerance_percent, 0));
  strength_table(a, out);
  ratio_table(a, out);
  bilateral_table(a, out);
  fatigue_table(a, out);
  applied_rows(a, out);
  messages(a, out);
  return out;
}

}  // namespace isokin::analysis_json
