// `isokin gui`: the window, the frame loop and the headless modes (screenshot, bench).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gui/app/theme.hpp"

namespace isokin::gui {

struct AppOptions {
  std::vector<std::filesystem::path> files;  // sessions to open for review
  std::string device_uri;                    // live device; empty = none chosen yet
  bool start = false;                        // start recording as soon as the device is connected
  std::filesystem::path record_file;         // where the live view records (default: chosen in the UI)
  std::filesystem::path screenshot;          // write the framebuffer here after `frames` frames, then exit
  std::filesystem::path layout;              // with screenshot: the plots' texts and where they are (JSON)
  int frames = 30;
  int width = 1280;
  int height = 800;
  int bench_frames = 0;                      // > 0: render that many frames, print frame-time statistics, exit
  std::string view;                          // first view shown: trial, hq, fatigue, bilateral, progress, live
  std::string person;  // Athletes tab: the person chosen at start (pseudonymous id)
  std::string protocol;  // Live tab: the test run's protocol file chosen at start
  Theme theme = Theme::dark;
  std::filesystem::path export_dir = ".";   // where plot PNG/CSV exports go
  std::function<bool()> interrupted;         // polled every frame (SIGINT/SIGTERM): close cleanly
};

// Runs until the window closes (or the headless run ends). Returns the exit code.
int run_app(const AppOptions& options);

}  // namespace isokin::gui
