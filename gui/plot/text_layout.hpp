// The texts the plots placed in a frame (frame_text_boxes()), written as JSON so a
// test can check on the real program's layout that no label covers a value:
//   [{"plot": "hq-conventional", "role": "line label", "text": "cut-off 0.47",
//     "x0": 612.0, "y0": 201.5, "x1": 694.0, "y1": 218.5}, ...]
#pragma once

#include <filesystem>
#include <vector>

#include "gui/plot/plot.hpp"

namespace isokin::gui {

// Writes beside the target and renames; throws isokin::Error when it cannot.
void write_text_layout(const std::filesystem::path& file, const std::vector<TextBox>& boxes);

}  // namespace isokin::gui
