// Reading the framebuffer into a PNG (after rendering, before the buffer swap).
#pragma once

#include <filesystem>

namespace isokin::gui {

// Writes the rectangle (x, y, width, height) of the back buffer, in framebuffer
// pixels with y measured from the top, to `file`. Throws isokin::Error on failure.
void write_framebuffer_png(const std::filesystem::path& file, int x, int y, int width, int height,
                           int framebuffer_height);

}  // namespace isokin::gui
