// The progress panel: with several sessions of one athlete open, the conventional H:Q
// (per side and velocity) and the limb symmetry index against the session date.
// Sessions are placed by their date (days apart, not equally spaced), and each axis
// spans at least a clinically meaningful range, so that measurement noise does not
// look like a swing.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {
namespace {

// The smallest span the y axes show: changes under about 0.05 in H:Q and 5 % in LSI
// are within a session's repeatability, so they must look small.
constexpr double kMinHqSpan = 0.2;
constexpr double kMinLsiSpan = 20.0;

// Days since 1970-01-01 of "YYYY-MM-DD", or nothing.
std::optional<double> day_number(const std::string& date) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(date.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) < 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<double>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

}  // namespace

void draw_progress_panel(std::span<const std::unique_ptr<ReviewSession>> sessions, const ReviewSession& current,
                         ProgressPanelState& state) {
  std::vector<const ReviewSession*> same;
  for (const auto& s : sessions)
    if (s->info.subject.id == current.info.subject.id) same.push_back(s.get());
  std::stable_sort(same.begin(), same.end(), [](auto* a, auto* b) { return a->info.date < b->info.date; });
  ImGui::Text("Subject %s: %zu session(s)", current.info.subject.id.c_str(), same.size());
  if (same.size() < 2) {
    ImGui::SameLine();
    ImGui::TextDisabled("(open more sessions of this athlete to see progress over dates)");
  }
  // x: days since the first session when every date reads, else the session's rank.
  std::vector<double> x(same.size());
  bool dated = !same.empty();
  for (std::size_t i = 0; i < same.size() && dated; ++i) {
    const auto day = day_number(same[i]->info.date);
    if (!day) dated = false;
    else x[i] = *day;
  }
  std::vector<Tick> ticks;
  for (std::size_t i = 0; i < same.size(); ++i) {
    if (dated) x[i] -= x.empty() ? 0 : day_number(same.front()->info.date).value_or(0);
    else x[i] = static_cast<double>(i);
    ticks.push_back({x[i], same[i]->info.date.empty() ? same[i]->name : same[i]->info.date});
  }
  const char* x_name = dated ? "session date" : "session (dates unreadable: in order)";
  const char* x_unit = dated ? "days apart" : "";

  // One series per (side, velocity) of conventional ratios; one per (muscle, contraction, velocity) of LSI.
  struct Series {
    std::vector<double> x, y;
    ImU32 color = 0;
  };
  std::map<std::string, Series> hq, lsi;
  std::map<std::string, int> speeds_per_side;
  for (std::size_t i = 0; i < same.size(); ++i) {
    for (const auto& r : same[i]->analysis.ratios) {
      if (r.kind != analysis::RatioKind::conventional || !std::isfinite(r.value)) continue;
      char key[64];
      std::snprintf(key, sizeof key, "%s %.0f deg/s", std::string(to_string(r.side)).c_str(), r.velocity_deg_s);
      auto& series = hq[key];
      if (series.x.empty()) {
        // The side's colour; a second speed of the same side is fainter.
        const int k = speeds_per_side[std::string(to_string(r.side))]++;
        const ImU32 alpha = k == 0 ? 255u : k == 1 ? 170u : 110u;
        series.color = (side_color(r.side) & 0x00FFFFFFu) | (alpha << 24);
      }
      series.x.push_back(x[i]);
      series.y.push_back(r.value);
    }
    for (const auto& b : same[i]->analysis.bilateral) {
      if (!std::isfinite(b.lsi_percent)) continue;
      char key[80];
      std::snprintf(key, sizeof key, "%s %s %.0f", std::string(to_string(b.muscle)).c_str(),
                    std::string(to_string(b.contraction)).substr(0, 3).c_str(), b.velocity_deg_s);
      lsi[key].x.push_back(x[i]);
      lsi[key].y.push_back(b.lsi_percent);
    }
  }
  const float h = ImGui::GetContentRegionAvail().y;
  {
    Plot plot("progress-hq", state.hq, {0, h * 0.5f}, {x_name, x_unit, "conventional H:Q", ""});
    plot.title("H:Q over time");
    plot.x_ticks(ticks);
    plot.min_y_span(kMinHqSpan);
    for (const auto& [name, series] : hq) {
      plot.curve(name, series.color, series.x, series.y);
      plot.markers(name, series.color, series.x, series.y);
    }
    plot.end();
  }
  Plot plot("progress-lsi", state.lsi, {0, 0}, {x_name, x_unit, "limb symmetry index", "%"});
  plot.title("LSI over time");
  plot.x_ticks(ticks);
  plot.min_y_span(kMinLsiSpan);
  const analysis::Cutoff* lsi_cutoff = nullptr;
  for (const auto* s : same)
    for (const auto& b : s->analysis.bilateral)
      if (b.lsi_cutoff && lsi_cutoff == nullptr) lsi_cutoff = &*b.lsi_cutoff;
  if (lsi_cutoff != nullptr) {
    char label[48];
    std::snprintf(label, sizeof label, "LSI below %.0f %%", lsi_cutoff->value);
    plot.band(0, lsi_cutoff->value, plot_style().band_bad, label);
  }
  std::size_t k = 0;
  for (const auto& [name, series] : lsi) {
    plot.curve(name, series_color(k), series.x, series.y);
    plot.markers(name, series_color(k++), series.x, series.y);
  }
  plot.end();
}

}  // namespace isokin::gui
