// Dark and light themes: ImGui's colours, our plot colours, and DPI scaling.
#pragma once

#include <string_view>

namespace isokin::gui {

enum class Theme { dark, light };

Theme parse_theme(std::string_view text);  // "dark" or "light"; throws InputError otherwise
// Sets ImGui's style and plot_style() for the theme; sizes scaled by `scale` (DPI).
void apply_theme(Theme theme, float scale);

}  // namespace isokin::gui

namespace isokin::gui {
// DejaVu Sans (fonts-dejavu-core) at 15 px x scale, or ImGui's built-in font if absent.
void load_fonts(float scale);
}  // namespace isokin::gui
