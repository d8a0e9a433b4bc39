// The progress panel: with several sessions of one athlete open, the conventional H:Q
// (per side and velocity) and the limb symmetry index against the session date.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {

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
  std::vector<std::string> dates;
  for (const auto* s : same) dates.push_back(s->info.date.empty() ? s->name : s->info.date);

  // One series per (side, velocity) of conventional ratios; one per (muscle, contraction, velocity) of LSI.
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> hq, lsi;
  for (std::size_t i = 0; i < same.size(); ++i) {
    for (const auto& r : same[i]->analysis.ratios) {
      if (r.kind != analysis::RatioKind::conventional || !std::isfinite(r.value)) continue;
      char key[64];
      std::snprintf(key, sizeof key, "%s %.0f deg/s", std::string(to_string(r.side)).c_str(), r.velocity_deg_s);
      hq[key].first.push_back(static_cast<double>(i));
      hq[key].second.push_back(r.value);
    }
    for (const auto& b : same[i]->analysis.bilateral) {
      if (!std::isfinite(b.lsi_percent)) continue;
      char key[80];
      std::snprintf(key, sizeof key, "%s %s %.0f", std::string(to_string(b.muscle)).c_str(),
                    std::string(to_string(b.contraction)).substr(0, 3).c_str(), b.velocity_deg_s);
      lsi[key].first.push_back(static_cast<double>(i));
      lsi[key].second.push_back(b.lsi_percent);
    }
  }
  const float h = ImGui::GetContentRegionAvail().y;
  {
    Plot plot("progress-hq", state.hq, {0, h * 0.5f}, {"session date", "", "conventional H:Q", ""});
    plot.title("H:Q over time");
    plot.x_categories(dates);
    std::size_t k = 0;
    for (const auto& [name, series] : hq) {
      plot.curve(name, series_color(k), series.first, series.second);
      plot.markers(name, series_color(k++), series.first, series.second);
    }
    plot.end();
  }
  Plot plot("progress-lsi", state.lsi, {0, 0}, {"session date", "", "limb symmetry index", "%"});
  plot.title("LSI over time");
  plot.x_categories(dates);
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
    plot.curve(name, series_color(k), series.first, series.second);
    plot.markers(name, series_color(k++), series.first, series.second);
  }
  plot.end();
}

}  // namespace isokin::gui
