#include "gui/app/theme.hpp"

#include <imgui.h>

#include <string>

#include "gui/plot/plot_style.hpp"
#include "model/error.hpp"

namespace isokin::gui {

Theme parse_theme(std::string_view text) {
  if (text == "dark") return Theme::dark;
  if (text == "light") return Theme::light;
  throw InputError("--theme: '" + std::string(text) + "' is not a theme (dark or light)");
}

void apply_theme(Theme theme, float scale) {
  ImGuiStyle style;
  PlotStyle plot;
  if (theme == Theme::dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
    plot.background = IM_COL32(255, 255, 255, 255);
    plot.frame = IM_COL32(120, 120, 130, 255);
    plot.grid = IM_COL32(0, 0, 0, 30);
    plot.text = IM_COL32(30, 30, 35, 255);
    plot.legend_background = IM_COL32(245, 245, 248, 230);
    plot.crosshair = IM_COL32(0, 0, 0, 90);
    plot.band_bad = IM_COL32(220, 50, 50, 40);
    plot.band_good = IM_COL32(40, 160, 70, 34);
    plot.series = {IM_COL32(21, 101, 192, 255), IM_COL32(239, 108, 0, 255), IM_COL32(46, 125, 50, 255),
                   IM_COL32(198, 40, 40, 255),  IM_COL32(106, 27, 154, 255), IM_COL32(0, 131, 143, 255),
                   IM_COL32(158, 157, 36, 255), IM_COL32(93, 64, 55, 255)};
    plot.side_left = IM_COL32(21, 101, 192, 255);
    plot.side_right = IM_COL32(0, 131, 143, 255);
    plot.flag = IM_COL32(198, 40, 40, 255);
  }
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.ScaleAllSizes(scale);
  plot.line_thickness = 1.5f * scale;
  ImGui::GetStyle() = style;
  plot_style() = plot;
}

}  // namespace isokin::gui

#include <filesystem>

namespace isokin::gui {

void load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && io.Fonts->AddFontFromFileTTF(path, 15.0f * scale) != nullptr) return;
  ImFontConfig config;
  config.SizePixels = 13.0f * scale;
  io.Fonts->AddFontDefault(&config);
}

}  // namespace isokin::gui
