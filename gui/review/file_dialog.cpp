#include "gui/review/file_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace isokin::gui {

void FileDialog::open(const std::filesystem::path& start_dir) {
  list(start_dir);
  open_requested_ = true;
}

void FileDialog::list(const std::filesystem::path& dir) {
  std::error_code ec;
  dir_ = std::filesystem::weakly_canonical(dir, ec);
  if (ec) dir_ = dir;
  subdirs_.clear();
  files_.clear();
  error_.clear();
  for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (p.filename().string().starts_with(".")) continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec)) subdirs_.push_back(p);
    else if (p.extension() == ".h5" || p.extension() == ".hdf5") files_.push_back(p);
  }
  if (ec) error_ = dir_.string() + ": " + ec.message();
  std::sort(subdirs_.begin(), subdirs_.end());
  std::sort(files_.begin(), files_.end());
  path_text_ = dir_.string();
}

bool FileDialog::draw(std::filesystem::path& chosen) {
  if (open_requested_) {
    ImGui::OpenPopup("Open session");
    open_requested_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize({display.x * 0.6f, display.y * 0.7f}, ImGuiCond_Appearing);
  bool picked = false;
  if (!ImGui::BeginPopupModal("Open session")) return false;
  std::array<char, 1024> buffer{};
  std::strncpy(buffer.data(), path_text_.c_str(), buffer.size() - 1);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::InputText("##path", buffer.data(), buffer.size(), ImGuiInputTextFlags_EnterReturnsTrue)) {
    const std::filesystem::path p = buffer.data();
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      list(p);
    } else {
      chosen = p;
      picked = true;
    }
  } else {
    path_text_ = buffer.data();
  }
  ImGui::BeginChild("entries", {0, -ImGui::GetFrameHeightWithSpacing()}, true);
  if (ImGui::Selectable("[..]")) list(dir_.parent_path());
  std::filesystem::path next_dir;
  for (const auto& d : subdirs_)
    if (ImGui::Selectable(("[" + d.filename().string() + "]").c_str())) next_dir = d;
  for (const auto& f : files_)
    if (ImGui::Selectable(f.filename().string().c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
        ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      chosen = f;
      picked = true;
    } else if (ImGui::IsItemClicked()) {
      path_text_ = f.string();
    }
  if (!error_.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", error_.c_str());
  ImGui::EndChild();
  if (!next_dir.empty()) list(next_dir);
  if (ImGui::Button("Open")) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path_text_, ec)) {
      chosen = path_text_;
      picked = true;
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  if (picked) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return picked;
}

}  // namespace isokin::gui
