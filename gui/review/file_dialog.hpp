// The program's own file dialog: directories and .h5 files of one folder, a path box.
// (No portable native dialog comes with GLFW, and this one also works under Xvfb.)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace isokin::gui {

class FileDialog {
 public:
  void open(const std::filesystem::path& start_dir);
  // Draws the dialog when open; returns true once, with `chosen` set, when a file is picked.
  bool draw(std::filesystem::path& chosen);

 private:
  void list(const std::filesystem::path& dir);

  bool open_requested_ = false;
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> subdirs_, files_;
  std::string path_text_;
  std::string error_;
};

}  // namespace isokin::gui
