// The left-against-right panel: best peak torque per side for each muscle, contraction
// and velocity as paired bars, and the deficit and limb symmetry index (LSI) with
// their cut-offs and flags, from analysis::compare_trials.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {
namespace {

std::string comparison_name(const analysis::BilateralComparison& b) {
  char text[80];
  std::snprintf(text, sizeof text, "%s %s %.0f", std::string(to_string(b.muscle)).substr(0, 5).c_str(),
                std::string(to_string(b.contraction)).substr(0, 3).c_str(), b.velocity_deg_s);
  return text;
}

void draw_table(const ReviewSession& session) {
  // Columns as wide as their content (never truncated); a narrow window scrolls.
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("bilateral-table", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"muscle, contraction, deg/s", "left N·m", "right N·m", "deficit %", "LSI %", "involved", "cut-offs"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& b : session.analysis.bilateral) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(comparison_name(b).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", b.left_nm);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", b.right_nm);
    ImGui::TableNextColumn();
    if (b.deficit_flag) ImGui::TextColored({1, 0.4f, 0.35f, 1}, "%.1f  FLAG", b.deficit_percent);
    else ImGui::Text("%.1f", b.deficit_percent);
    ImGui::TableNextColumn();
    if (b.lsi_flag) ImGui::TextColored({1, 0.4f, 0.35f, 1}, "%.1f  FLAG", b.lsi_percent);
    else ImGui::Text("%.1f", b.lsi_percent);
    ImGui::TableNextColumn();
    ImGui::Text("%s%s", std::string(to_string(b.involved)).c_str(), b.involved_assumed ? " (weaker)" : "");
    ImGui::TableNextColumn();
    std::string cut;
    if (b.deficit_cutoff) cut += "deficit > " + std::to_string(static_cast<int>(b.deficit_cutoff->value)) + " %";
    if (b.lsi_cutoff) cut += (cut.empty() ? "" : "; ") + std::string("LSI < ") + std::to_string(static_cast<int>(b.lsi_cutoff->value)) + " %";
    ImGui::TextUnformatted(cut.c_str());
    if (ImGui::IsItemHovered() && (b.deficit_cutoff || b.lsi_cutoff))
      ImGui::SetTooltip("%s\n%s", b.deficit_cutoff ? b.deficit_cutoff->source.c_str() : "",
                        b.lsi_cutoff ? b.lsi_cutoff->source.c_str() : "");
  }
  ImGui::EndTable();
}

}  // namespace

void draw_bilateral_panel(const ReviewSession& session, BilateralPanelState& state) {
  if (session.analysis.bilateral.empty()) {
    ImGui::TextDisabled("This session has no pair of left and right trials to compare.");
    return;
  }
  std::vector<std::string> names;
  std::vector<Bar> left, right;
  for (const auto& b : session.analysis.bilateral) {
    const double x = static_cast<double>(names.size());
    char lt[32], rt[32];
    std::snprintf(lt, sizeof lt, "%.0f", b.left_nm);
    std::snprintf(rt, sizeof rt, "%.0f", b.right_nm);
    left.push_back({x - 0.18, std::isfinite(b.left_nm) ? b.left_nm : 0.0, 0.34, side_color(Side::left), lt});
    right.push_back({x + 0.18, std::isfinite(b.right_nm) ? b.right_nm : 0.0, 0.34, side_color(Side::right), rt});
    names.push_back(comparison_name(b) + (b.flag ? " !" : ""));
  }
  const float h = ImGui::GetContentRegionAvail().y;
  Plot plot("left-right", state.bars, {0, h * 0.6f}, {"muscle, contraction, velocity", "deg/s", "best peak torque", "N·m"});
  plot.title("left against right");
  plot.x_categories(std::move(names));
  plot.bars("left", std::move(left));
  plot.bars("right", std::move(right));
  plot.end();
  draw_table(session);
}

}  // namespace isokin::gui
