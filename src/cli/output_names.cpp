#include "cli/output_names.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

namespace isokin::cli {

CLI::Validator output_extension(std::initializer_list<const char*> extensions, bool allow_none) {
  std::vector<std::string> allowed(extensions.begin(), extensions.end());
  std::string list;
  for (std::size_t i = 0; i < allowed.size(); ++i)
    list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
  auto check = [allowed, list, allow_none](const std::string& name) -> std::string {
    std::string ext = std::filesystem::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext.empty() && allow_none) return {};
    if (std::find(allowed.begin(), allowed.end(), ext) != allowed.end()) return {};
    if (ext.empty()) return "'" + name + "' has no extension (expected " + list + ")";
    return "'" + name + "': unknown extension '" + ext + "' (expected " + list + ")";
  };
  return CLI::Validator(check, "FILE(" + list + ")", "output extension");
}

}  // namespace isokin::cli
