// The Review tab: the list of open sessions and trials on the left, the panels
// (trial, H:Q, fatigue, left/right, progress) on the right.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gui/review/file_dialog.hpp"
#include "gui/review/panels.hpp"
#include "gui/review/review_model.hpp"

namespace isokin::gui {

class ReviewView {
 public:
  ReviewView();
  ~ReviewView();

  void open(const std::filesystem::path& file);            // loads in the background
  void add_session(std::unique_ptr<ReviewSession> session);  // already built (bench, tests)
  void draw();
  bool loading() const { return !pending_.empty(); }
  // Takes in the sessions whose background load has finished. Called every frame
  // whichever tab is shown, so a set recorded in the Live tab is ready for review.
  void poll_loads();
  void show_file_dialog();
  // trial, hq, fatigue, bilateral, progress
  void select_panel(const std::string& name);
  const std::vector<std::unique_ptr<ReviewSession>>& sessions() const { return sessions_; }

 private:
  struct SessionState {
    TrialPanelState trial;
    HqPanelState hq;
    FatiguePanelState fatigue;
    BilateralPanelState bilateral;
    ProgressPanelState progress;
  };
  void draw_sidebar();
  void draw_panels();

  std::vector<std::unique_ptr<ReviewSession>> sessions_;
  std::vector<std::unique_ptr<SessionState>> states_;  // one per session
  std::vector<PendingLoad> pending_;
  std::vector<std::string> errors_;
  std::size_t current_session_ = 0;
  std::size_t current_trial_ = 0;
  int requested_panel_ = -1;
  int request_frames_ = 0;
  FileDialog dialog_;
};

}  // namespace isokin::gui
