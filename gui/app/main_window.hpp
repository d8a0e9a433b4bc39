// The dashboard's one full-window layout: menu bar, Review and Live tabs, status bar.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "gui/app/theme.hpp"

namespace isokin::gui {

class ReviewView;
class LiveView;
class AthletesView;

struct MainWindowOptions {
  std::string device_uri;
  bool start = false;
  std::filesystem::path record_file;
  std::string view;
  std::string person;  // Athletes tab: the person chosen at start (pseudonymous id)
  std::string protocol;  // Live tab: the test run's protocol file
  Theme theme = Theme::dark;
  float scale = 1.0f;
};

class MainWindow {
 public:
  explicit MainWindow(const MainWindowOptions& options);
  ~MainWindow();
  MainWindow(const MainWindow&) = delete;
  MainWindow& operator=(const MainWindow&) = delete;

  void open(const std::filesystem::path& file);
  void draw();
  // Something is still loading or connecting (headless runs wait for it).
  bool busy() const;
  bool quit_requested() const { return quit_; }
  ReviewView& review() { return *review_; }

 private:
  void draw_menu_bar();
  void draw_status_bar(float height);

  std::unique_ptr<ReviewView> review_;
  std::unique_ptr<LiveView> live_;
  std::unique_ptr<AthletesView> athletes_;
  Theme theme_;
  float scale_;
  bool quit_ = false;
  bool show_live_first_ = false;
  bool show_athletes_first_ = false;
  std::string select_tab_;  // a tab to bring forward in the next frame
  std::string live_subject_;  // the Athletes person last handed to the Live tab
  int tab_request_frames_ = 2;  // select the requested tab during the first frames
};

}  // namespace isokin::gui
