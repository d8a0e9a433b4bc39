// The trial panel: torque against time (with each repetition's peak marked), angle and
// velocity against time on the same time axis, torque against angle with every
// repetition overlaid, and the repetitions table from the analysis.
//
// Index of this file:
//   [SECTION] Header line (trial facts)
//   [SECTION] Time plots
//   [SECTION] Torque-angle overlay and repetition table
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gui/plot/plot_style.hpp"
#include "gui/review/panels.hpp"

namespace isokin::gui {
namespace {

// A measure that does not apply (work in an isometric contraction) shows as "-", not "nan".
void number_cell(double value, const char* format) {
  if (std::isfinite(value))
    ImGui::Text(format, value);
  else
    ImGui::TextDisabled("-");
}

// -----------------------------------------------------------------------------
// [SECTION] Header line
// -----------------------------------------------------------------------------

void draw_header(const ReviewTrial& t) {
  const auto& info = t.trial.info;
  ImGui::Text("%s   %s %s   %s   %.0f/%.0f deg/s   %.0f Hz   %zu samples", info.id.c_str(),
              std::string(to_string(info.side)).c_str(), info.joint.c_str(), std::string(to_string(info.mode)).c_str(),
              info.velocity_ext_deg_s, info.velocity_flex_deg_s, info.sample_rate_hz, t.trial.samples.size());
  if (t.analysis != nullptr) {
    ImGui::SameLine();
    ImGui::TextDisabled("   repetitions %d of %d%s", t.analysis->reps_found, t.analysis->reps_requested,
                        t.analysis->gravity_corrected ? "   gravity-corrected" : "");
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Time plots
// -----------------------------------------------------------------------------

void draw_time_plots(const ReviewTrial& t, TrialPanelState& state, float torque_h, float channels_h) {
  const auto& s = t.trial.samples;
  {
    Plot plot("torque-time", state.torque_time, {0, torque_h}, {"time", "s", "torque", "N·m"});
    plot.line("torque", series_color(0), s.time_s, s.torque_nm, &t.torque, &t.time);
    if (!t.peak_time_s.empty()) plot.markers("peak of each effort", series_color(3), t.peak_time_s, t.peak_torque_nm);
    plot.end();
  }
  // The channel plot follows the torque plot's time axis.
  state.channels_time.x = state.torque_time.x;
  state.channels_time.fit_x = false;
  ImGui::Checkbox("angle", &state.show_angle);
  ImGui::SameLine();
  ImGui::Checkbox("velocity", &state.show_velocity);
  Plot plot("angle-velocity-time", state.channels_time, {0, channels_h - ImGui::GetFrameHeightWithSpacing()},
            {"time", "s", "angle, velocity", "deg, deg/s"});
  if (state.show_angle) plot.line("angle (deg)", series_color(1), s.time_s, s.angle_deg, &t.angle, &t.time);
  if (state.show_velocity) plot.line("velocity (deg/s)", series_color(2), s.time_s, s.velocity_deg_s, &t.velocity, &t.time);
  plot.end();
  // Zoom or pan in the channel plot moves the torque plot too.
  if (state.channels_time.x.min != state.torque_time.x.min || state.channels_time.x.max != state.torque_time.x.max) {
    state.torque_time.x = state.channels_time.x;
    state.torque_time.fit_x = false;
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Torque-angle overlay and repetition table
// -----------------------------------------------------------------------------

// Overlaying more repetitions than this only paints one thick band; a fatigue set
// of 30 still shows whole. However many efforts the analysis finds, the overlay holds
// at most kMaxOverlaidCurves curves (each with its cache), so a frame's cost stays bound.
constexpr std::size_t kMaxOverlaidReps = 30;
constexpr std::size_t kMaxOverlaidCurves = 2 * kMaxOverlaidReps;

void draw_torque_angle(const ReviewTrial& t, TrialPanelState& state, ImVec2 size) {
  const auto& s = t.trial.samples;
  Plot plot("torque-angle", state.torque_angle, size, {"angle", "deg", "torque", "N·m"});
  if (t.analysis != nullptr && !t.analysis->efforts.empty()) {
    std::size_t reps = 0;
    for (const auto& effort : t.analysis->efforts) reps = std::max(reps, effort.reps.size());
    // With few repetitions each gets its colour and legend entry; with many, the
    // colour says the muscle.
    const bool per_rep = reps <= 10;
    plot.title(reps <= kMaxOverlaidReps ? "every repetition overlaid"
                                        : "first " + std::to_string(kMaxOverlaidReps) + " of " +
                                              std::to_string(reps) + " repetitions overlaid");
    std::size_t curves = 0;
    for (std::size_t e = 0; e < t.analysis->efforts.size() && curves < kMaxOverlaidCurves; ++e) {
      const auto& effort = t.analysis->efforts[e];
      const std::string effort_name = std::string(to_string(effort.muscle)) + " " +
                                      std::string(to_string(effort.contraction));
      for (std::size_t r = 0; r < effort.reps.size() && r < kMaxOverlaidReps && curves < kMaxOverlaidCurves; ++r) {
        const auto& rep = effort.reps[r];
        const std::size_t b = std::min(rep.samples.begin, s.size()), end = std::min(rep.samples.end, s.size());
        if (end <= b) continue;
        ++curves;
        const std::size_t k = static_cast<std::size_t>(std::max(rep.repetition, 1) - 1);
        plot.curve(per_rep ? "rep " + std::to_string(rep.repetition) : effort_name,
                   per_rep ? series_color(k) : series_color(e), std::span<const double>(s.angle_deg).subspan(b, end - b),
                   std::span<const double>(s.torque_nm).subspan(b, end - b));
      }
    }
  } else {
    plot.title("no repetitions found: all samples");
    plot.curve("all samples", series_color(0), s.angle_deg, s.torque_nm);
  }
  plot.end();
}

void draw_rep_table(const ReviewTrial& t) {
  if (t.analysis == nullptr) {
    ImGui::TextDisabled("No analysis for this trial.");
    return;
  }
  // Columns as wide as their content (never truncated); a narrow window scrolls.
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("reps", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"rep", "effort", "peak N·m", "at deg", "work J", "power W", "window %"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  // Rows listed through a clipper: a long fatigue recording has thousands.
  std::vector<std::pair<const analysis::EffortAnalysis*, const analysis::RepetitionMetrics*>> rows;
  for (const auto& effort : t.analysis->efforts)
    for (const auto& rep : effort.reps) rows.emplace_back(&effort, &rep);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& effort = *rows[static_cast<std::size_t>(i)].first;
      const auto& rep = *rows[static_cast<std::size_t>(i)].second;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", rep.repetition);
      ImGui::TableNextColumn();
      ImGui::Text("%s %s %.0f", std::string(to_string(effort.muscle)).c_str(),
                  std::string(to_string(effort.contraction)).substr(0, 3).c_str(), effort.velocity_deg_s);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f%s", rep.peak_torque_nm, rep.cut_short ? " (short)" : "");
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", rep.angle_at_peak_deg);
      ImGui::TableNextColumn();
      number_cell(rep.work_j, "%.1f");
      ImGui::TableNextColumn();
      number_cell(rep.mean_power_w, "%.1f");
      ImGui::TableNextColumn();
      if (std::isfinite(rep.window_coverage_percent))
        ImGui::Text("%.0f%s", rep.window_coverage_percent, rep.velocity_overshoot ? " overshoot" : "");
      else
        ImGui::TextDisabled("-");
    }
  ImGui::EndTable();
}

}  // namespace

void draw_trial_panel(const ReviewTrial& t, TrialPanelState& state) {
  draw_header(t);
  const float h = ImGui::GetContentRegionAvail().y;
  draw_time_plots(t, state, h * 0.36f, h * 0.26f);
  const float w = ImGui::GetContentRegionAvail().x;
  const float bottom = ImGui::GetContentRegionAvail().y;
  draw_torque_angle(t, state, {w * 0.55f, bottom});
  ImGui::SameLine();
  ImGui::BeginChild("rep-table", {0, bottom});
  draw_rep_table(t);
  ImGui::EndChild();
}

}  // namespace isokin::gui
