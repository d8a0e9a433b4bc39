// The H:Q panel: conventional (Hcon/Qcon) and functional (Hecc/Qcon) ratios per side
// as bars against their cut-offs, the angle-specific H:Q curves, and the table with
// each ratio's cut-off, source and flag. Values come from analysis::compare_trials.
//
// Index of this file:
//   [SECTION] Bars with cut-off bands
//   [SECTION] Angle-specific curves
//   [SECTION] Table
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {
namespace {

using analysis::HqRatio;
using analysis::RatioKind;

std::string velocity_label(const HqRatio& r) {
  char text[64];
  if (r.kind == RatioKind::functional)
    std::snprintf(text, sizeof text, "%s %.0f/%.0f", std::string(to_string(r.side)).c_str(), r.hamstrings_velocity_deg_s,
                  r.quadriceps_velocity_deg_s);
  else
    std::snprintf(text, sizeof text, "%s %.0f", std::string(to_string(r.side)).c_str(), r.velocity_deg_s);
  return text;
}

double shown_value(const HqRatio& r, bool uncorrected) { return uncorrected ? r.value_uncorrected : r.value; }

// -----------------------------------------------------------------------------
// [SECTION] Bars with cut-off bands
// -----------------------------------------------------------------------------

// Bars keep their side's colour; a flagged bar gets a red frame and "!". A cut-off's
// line and its zone lie only under the bars it applies to (a run of neighbours with the
// same cut-off shares one line); bars without a cut-off get none.
void draw_ratio_bars(const ReviewSession& session, RatioKind kind, const char* id, const char* title, PlotState& state,
                     bool uncorrected, ImVec2 size) {
  struct Run {
    double value;
    bool flag_below;
    double x0, x1;
  };
  std::vector<std::string> names;
  std::vector<Bar> bars;
  std::vector<Run> runs;
  for (const auto& r : session.analysis.ratios) {
    if (r.kind != kind) continue;
    const double v = shown_value(r, uncorrected);
    const double x = static_cast<double>(names.size());
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%s", v, r.flag ? " !" : "");
    bars.push_back({x, std::isfinite(v) ? v : 0.0, 0.6, side_color(r.side), text, r.flag ? plot_style().flag : 0u});
    names.push_back(velocity_label(r));
    if (!r.cutoff) continue;
    const bool below = r.cutoff->comparison == analysis::Comparison::below;
    if (!runs.empty() && runs.back().x1 == x - 0.5 && runs.back().value == r.cutoff->value && runs.back().flag_below == below)
      runs.back().x1 = x + 0.5;
    else
      runs.push_back({r.cutoff->value, below, x - 0.5, x + 0.5});
  }
  Plot plot(id, state, size, {"side, velocity", "deg/s", "H:Q ratio", ""});
  plot.title(bars.empty() ? std::string(title) + ": none in this session" : title);
  plot.x_categories(names);
  std::vector<double> labelled;
  for (const auto& run : runs) {
    const XExtent extent{run.x0, run.x1};
    // The zone where a ratio is flagged: below the cut-off (or above it, for a ceiling).
    plot.band(run.flag_below ? 0.0 : run.value, run.flag_below ? run.value : 1e6, plot_style().band_bad, "", extent);
    char label[32] = "";
    if (std::find(labelled.begin(), labelled.end(), run.value) == labelled.end()) {
      std::snprintf(label, sizeof label, "cut-off %.2f", run.value);
      labelled.push_back(run.value);
    }
    plot.hline(run.value, plot_style().flag, label, extent);
  }
  plot.bars("", std::move(bars));  // no legend: the categories name the bars, a red frame marks a flag
  plot.end();
}

// -----------------------------------------------------------------------------
// [SECTION] Angle-specific curves
// -----------------------------------------------------------------------------

void draw_angle_specific(const ReviewSession& session, PlotState& state, bool uncorrected, ImVec2 size) {
  Plot plot("hq-angle", state, size, {"knee angle", "deg", "H:Q ratio", ""});
  plot.title("angle-specific H:Q");
  std::size_t k_left = 0, k_right = 0;
  double cutoff = NAN;
  for (const auto& r : session.analysis.ratios) {
    if (r.kind != RatioKind::angle_specific) continue;
    const auto& values = uncorrected && !r.values_uncorrected.empty() ? r.values_uncorrected : r.values;
    char name[64];
    std::snprintf(name, sizeof name, "%s %.0f deg/s", std::string(to_string(r.side)).c_str(), r.velocity_deg_s);
    // The side's colour; a second speed of the same side is fainter.
    const std::size_t same_side = r.side == Side::left ? k_left++ : k_right++;
    const ImU32 alpha = same_side == 0 ? 255u : same_side == 1 ? 170u : 110u;
    plot.curve(name, (side_color(r.side) & 0x00FFFFFFu) | (alpha << 24), r.angles_deg, values);
    if (r.cutoff) cutoff = r.cutoff->value;
  }
  if (std::isfinite(cutoff)) plot.hline(cutoff, plot_style().flag, "conventional cut-off");
  plot.end();
}

// -----------------------------------------------------------------------------
// [SECTION] Table
// -----------------------------------------------------------------------------

void draw_table(const ReviewSession& session, bool uncorrected) {
  // Fixed-fit columns with a horizontal scroll: the sources are long and must stay readable.
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("hq-table", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"side", "ratio", "deg/s", "H / Q N·m", "value", "cut-off", "source"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& r : session.analysis.ratios) {
    if (r.kind != RatioKind::conventional && r.kind != RatioKind::functional && r.kind != RatioKind::isometric) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(to_string(r.side)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(to_string(r.kind)).c_str());
    ImGui::TableNextColumn();
    if (r.kind == RatioKind::functional) ImGui::Text("%.0f / %.0f", r.hamstrings_velocity_deg_s, r.quadriceps_velocity_deg_s);
    else if (r.kind == RatioKind::isometric) ImGui::Text("0 (held %.0f deg)", r.angle_deg);
    else ImGui::Text("%.0f", r.velocity_deg_s);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f / %.1f", r.hamstrings_nm, r.quadriceps_nm);
    ImGui::TableNextColumn();
    const double v = shown_value(r, uncorrected);
    if (r.flag) ImGui::TextColored({1, 0.4f, 0.35f, 1}, "%.2f  FLAG", v);
    else ImGui::Text("%.2f", v);
    ImGui::TableNextColumn();
    if (r.cutoff) ImGui::Text("%s %.2f", r.cutoff->comparison == analysis::Comparison::below ? "<" : ">", r.cutoff->value);
    else ImGui::TextDisabled("none");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.cutoff ? r.cutoff->source.c_str() : "");
  }
  ImGui::EndTable();
}

}  // namespace

void draw_hq_panel(const ReviewSession& session, HqPanelState& state) {
  ImGui::Checkbox("uncorrected for gravity", &state.uncorrected);
  ImGui::SameLine();
  ImGui::TextDisabled("(uncorrected ratios rise with velocity: Aagaard 1995)");
  const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetContentRegionAvail().y;
  draw_ratio_bars(session, RatioKind::conventional, "hq-conventional", "conventional Hcon/Qcon", state.conventional,
                  state.uncorrected, {w * 0.5f - 4, h * 0.5f});
  ImGui::SameLine();
  draw_ratio_bars(session, RatioKind::functional, "hq-functional", "functional Hecc/Qcon", state.functional,
                  state.uncorrected, {0, h * 0.5f});
  draw_angle_specific(session, state.angle_specific, state.uncorrected, {w * 0.42f - 4, 0});
  ImGui::SameLine();
  ImGui::BeginChild("hq-table-region", {0, 0});
  draw_table(session, state.uncorrected);
  ImGui::EndChild();
}

}  // namespace isokin::gui
