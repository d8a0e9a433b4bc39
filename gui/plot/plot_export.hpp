// Export of a plot: its pixels as PNG, its visible range as CSV.
//
// A plot cannot read its own pixels while the frame is being built, so a PNG export
// is a request handed to the app, which reads that rectangle of the framebuffer after
// rendering the frame (app/screenshot.cpp). CSV export happens at once, from the
// samples the plot was given this frame.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <functional>
#include <string>

namespace isokin::gui {

using PngCaptureHandler = std::function<void(ImVec2 min, ImVec2 max, const std::filesystem::path& file)>;

void set_png_capture_handler(PngCaptureHandler handler);
void request_png_capture(ImVec2 min, ImVec2 max, const std::filesystem::path& file);

void set_export_directory(const std::filesystem::path& dir);
// A fresh file name in the export directory: isokin-<name>-<n>.<extension>.
std::filesystem::path next_export_path(const std::string& name, const std::string& extension);

// The last export's outcome ("wrote ...", or the error), for the status bar.
void set_export_status(std::string text);
const std::string& export_status();

}  // namespace isokin::gui
