// The review panels, one file each (trial_panel.cpp, hq_panel.cpp, fatigue_panel.cpp,
// bilateral_panel.cpp, progress_panel.cpp). Each draws into the remaining region of
// the current ImGui window and keeps its plots' state (zoom, hidden series) in its
// own state struct, which the review view holds per session.
#pragma once

#include <deque>
#include <memory>
#include <span>

#include "gui/plot/plot.hpp"
#include "gui/review/review_model.hpp"

namespace isokin::gui {

struct TrialPanelState {
  PlotState torque_time, channels_time, torque_angle;
  bool show_angle = true;
  bool show_velocity = true;
};
void draw_trial_panel(const ReviewTrial& trial, TrialPanelState& state);

struct HqPanelState {
  PlotState conventional, functional, angle_specific;
  bool uncorrected = false;  // show the ratios without gravity correction
};
void draw_hq_panel(const ReviewSession& session, HqPanelState& state);

struct FatiguePanelState {
  PlotState peaks, per_rep_ratio;
  std::deque<std::vector<double>> scratch;  // rep numbers, peaks and fits drawn this frame (deque: references stay valid as it grows)
};
void draw_fatigue_panel(const ReviewSession& session, const ReviewTrial* trial, FatiguePanelState& state);

struct BilateralPanelState {
  PlotState bars;
};
void draw_bilateral_panel(const ReviewSession& session, BilateralPanelState& state);

struct ProgressPanelState {
  PlotState hq, lsi;
};
void draw_progress_panel(std::span<const std::unique_ptr<ReviewSession>> sessions, const ReviewSession& current,
                         ProgressPanelState& state);

}  // namespace isokin::gui
