#include "cli/input_files.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <map>

namespace isokin::cli {

std::vector<std::string> distinct_inputs(const std::vector<std::string>& files) {
  // A file's identity is its device and inode (any spelling, any link); a path that
  // does not exist is keyed by its normal form and left to the reader to refuse.
  std::map<std::string, std::string> seen;  // identity -> first spelling
  std::vector<std::string> kept;
  for (const auto& file : files) {
    std::string key;
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
      key = fmt::format("inode {}:{}", static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino));
    } else {
      std::error_code ec;
      key = "path " + std::filesystem::weakly_canonical(file, ec).string();
      if (ec) key = "path " + std::filesystem::path(file).lexically_normal().string();
    }
    const auto [it, added] = seen.emplace(key, file);
    if (added) {
      kept.push_back(file);
    } else {
      fmt::print(stderr, "isokin: {}: the same file as {}, read once\n", file, it->second);
    }
  }
  return kept;
}

}  // namespace isokin::cli
