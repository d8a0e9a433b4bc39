#include "gui/live/device_list.hpp"

#include <algorithm>
#include <filesystem>

namespace isokin::gui {

std::vector<std::string> candidate_device_uris() {
  std::vector<std::string> uris{"sim://"};
  std::vector<std::string> ports;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/dev/serial/by-id", ec), end; !ec && it != end; it.increment(ec))
    ports.push_back(it->path().string());
  ec.clear();
  for (std::filesystem::directory_iterator it("/dev", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("ttyUSB") || name.starts_with("ttyACM")) ports.push_back(it->path().string());
  }
  std::sort(ports.begin(), ports.end());
  for (const auto& p : ports) uris.push_back("serial://" + p);
  return uris;
}

}  // namespace isokin::gui
