#include "gui/plot/plot_export.hpp"

#include <cctype>
#include <utility>

namespace isokin::gui {
namespace {
PngCaptureHandler g_handler;
std::filesystem::path g_directory = ".";
std::string g_status;
}  // namespace

void set_png_capture_handler(PngCaptureHandler handler) { g_handler = std::move(handler); }

void request_png_capture(ImVec2 min, ImVec2 max, const std::filesystem::path& file) {
  if (g_handler) g_handler(min, max, file);
  else set_export_status("PNG export needs the window's framebuffer; none is attached");
}

void set_export_directory(const std::filesystem::path& dir) { g_directory = dir; }

std::filesystem::path next_export_path(const std::string& name, const std::string& extension) {
  std::string safe;
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  for (int n = 1;; ++n) {
    auto p = g_directory / ("isokin-" + safe + "-" + std::to_string(n) + "." + extension);
    std::error_code ec;
    if (!std::filesystem::exists(p, ec)) return p;
  }
}

void set_export_status(std::string text) { g_status = std::move(text); }
const std::string& export_status() { return g_status; }

}  // namespace isokin::gui
