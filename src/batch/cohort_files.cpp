#include "batch/cohort_files.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "model/error.hpp"

namespace isokin::batch {

namespace fs = std::filesystem;

std::vector<fs::path> collect_session_files(const std::vector<fs::path>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    const auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) throw InputError(input.string() + ": no such file or folder");
    if (!fs::is_directory(status)) {
      files.push_back(input.lexically_normal());
      continue;
    }
    for (fs::recursive_directory_iterator it(input, fs::directory_options::follow_directory_symlink, ec), end;
         it != end && !ec; it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".h5") files.push_back(it->path().lexically_normal());
    }
    if (ec) throw InputError(input.string() + ": cannot list the folder: " + ec.message());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

Shard parse_shard(std::string_view text) {
  const auto fail = [&](const char* why) {
    return InputError("--shard '" + std::string(text) + "': " + why + " (expected I/N with 1 <= I <= N, e.g. 2/8)");
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw fail("no '/'");
  Shard shard;
  const auto parse = [&](std::string_view part, std::size_t& out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    if (ec != std::errc() || end != part.data() + part.size() || part.empty()) throw fail("not a whole number");
  };
  parse(text.substr(0, slash), shard.index);
  parse(text.substr(slash + 1), shard.count);
  if (shard.count == 0 || shard.index == 0 || shard.index > shard.count) throw fail("out of range");
  return shard;
}

std::vector<fs::path> select_shard(const std::vector<fs::path>& files, const Shard& shard) {
  std::vector<fs::path> picked;
  for (std::size_t i = shard.index - 1; i < files.size(); i += shard.count) picked.push_back(files[i]);
  return picked;
}

}  // namespace isokin::batch
