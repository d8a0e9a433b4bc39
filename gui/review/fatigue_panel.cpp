// The fatigue panel, for the selected trial: peak torque against repetition for the
// hamstrings and quadriceps efforts with their linear and exponential fits (from
// the analysis), the H:Q ratio repetition by repetition, and the fatigue indices.
//
// Index of this file:
//   [SECTION] Peak torque curves and fits
//   [SECTION] Per-repetition H:Q
//   [SECTION] Indices table
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {
namespace {

std::string effort_name(const analysis::EffortAnalysis& e) {
  char text[80];
  std::snprintf(text, sizeof text, "%s %s %.0f", std::string(to_string(e.muscle)).c_str(),
                std::string(to_string(e.contraction)).c_str(), e.velocity_deg_s);
  return text;
}

std::vector<double>& scratch(FatiguePanelState& state, std::size_t& used) {
  if (state.scratch.size() <= used) state.scratch.resize(used + 1);
  auto& v = state.scratch[used++];
  v.clear();
  return v;
}

// -----------------------------------------------------------------------------
// [SECTION] Peak torque curves and fits
// -----------------------------------------------------------------------------

void draw_peaks(const analysis::TrialAnalysis& a, FatiguePanelState& state, ImVec2 size) {
  Plot plot("fatigue-peaks", state.peaks, size, {"repetition", "", "peak torque", "N·m"});
  plot.x_integer_ticks();
  plot.title("peak torque by repetition, with linear and exponential fits");
  std::size_t used = 0, k = 0;
  for (const auto& effort : a.efforts) {
    if (effort.reps.empty()) continue;
    const ImU32 color = effort.muscle == Muscle::quadriceps ? series_color(0 + 2 * (k / 2)) : series_color(1 + 2 * (k / 2));
    ++k;
    auto& reps = scratch(state, used);
    auto& peaks = scratch(state, used);
    for (const auto& r : effort.reps) {
      reps.push_back(r.repetition);
      peaks.push_back(r.peak_torque_nm);
    }
    const std::string name = effort_name(effort);
    plot.markers(name, color, reps, peaks);
    const auto& lin = effort.summary.torque_fatigue.linear;
    const auto& ex = effort.summary.torque_fatigue.exponential;
    auto& fit_x = scratch(state, used);
    auto& lin_y = scratch(state, used);
    auto& exp_y = scratch(state, used);
    for (double r = reps.front(); r <= reps.back() + 1e-9; r += 0.25) {
      fit_x.push_back(r);
      lin_y.push_back(lin.intercept + lin.slope * r);
      exp_y.push_back(ex.a * std::exp(-ex.k_per_rep * (r - 1)));
    }
    if (std::isfinite(lin.slope)) plot.curve(name + " linear", color, fit_x, lin_y);
    if (std::isfinite(ex.a)) plot.curve(name + " exponential", color & 0x90FFFFFFu, fit_x, exp_y);
  }
  plot.end();
}

// -----------------------------------------------------------------------------
// [SECTION] Per-repetition H:Q
// -----------------------------------------------------------------------------

void draw_ratio_by_rep(const ReviewSession& session, const analysis::TrialAnalysis& a, FatiguePanelState& state,
                       ImVec2 size) {
  Plot plot("fatigue-hq", state.per_rep_ratio, size, {"repetition", "", "H:Q ratio", ""});
  plot.x_integer_ticks();
  plot.title("H:Q repetition by repetition");
  std::size_t used = 100;  // after the peak plot's vectors
  for (const auto& r : session.analysis.ratios) {
    if (r.kind != analysis::RatioKind::per_repetition || r.trial_id != a.id) continue;
    auto& reps = scratch(state, used);
    for (std::size_t i = 0; i < r.values.size(); ++i) reps.push_back(static_cast<double>(i + 1));
    plot.markers("H:Q", series_color(4), reps, r.values);
    plot.curve("H:Q", series_color(4), reps, r.values);
    if (std::isfinite(r.trend.slope)) {
      auto& trend = scratch(state, used);
      for (double x : reps) trend.push_back(r.trend.intercept + r.trend.slope * x);
      plot.curve("trend", series_color(6), reps, trend);
    }
    if (r.cutoff) plot.hline(r.cutoff->value, plot_style().flag, "cut-off");
  }
  plot.end();
}

// -----------------------------------------------------------------------------
// [SECTION] Indices table
// -----------------------------------------------------------------------------

void draw_indices(const analysis::TrialAnalysis& a) {
  // Columns as wide as their content (never truncated).
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("fatigue-indices", 7, flags)) return;
  for (const char* h : {"effort", "slope %/rep", "r²", "exp half-life", "work fatigue %", "Thorstensson FI %",
                        "endurance ratio %"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& e : a.efforts) {
    const auto& s = e.summary;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(effort_name(e).c_str());
    for (double v : {s.torque_fatigue.linear.slope_percent_per_rep, s.torque_fatigue.linear.r_squared,
                     s.torque_fatigue.exponential.half_life_reps, s.work_fatigue_percent,
                     s.thorstensson_fatigue_index_percent, s.endurance_ratio_percent}) {
      ImGui::TableNextColumn();
      if (std::isfinite(v)) ImGui::Text("%.2f", v);
      else ImGui::TextDisabled("n/a");
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_fatigue_panel(const ReviewSession& session, const ReviewTrial* trial, FatiguePanelState& state) {
  if (trial == nullptr || trial->analysis == nullptr) {
    ImGui::TextDisabled("Select an analysed trial in the list.");
    return;
  }
  const auto& a = *trial->analysis;
  ImGui::Text("%s: %d repetitions", a.id.c_str(), a.reps_found);
  const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetContentRegionAvail().y;
  const float table_h = ImGui::GetFrameHeightWithSpacing() * (2.5f + a.efforts.size());
  draw_peaks(a, state, {w * 0.6f, h - table_h});
  ImGui::SameLine();
  draw_ratio_by_rep(session, a, state, {0, h - table_h});
  draw_indices(a);
}

}  // namespace isokin::gui
