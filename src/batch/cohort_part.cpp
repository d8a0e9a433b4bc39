#include "batch/cohort_part.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <map>

#include "model/error.hpp"

namespace isokin::batch {
namespace {

constexpr std::string_view kPrefix = "# isokin batch part:";

bool is_hex16(std::string_view s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::size_t whole_number(std::string_view value, std::string_view key, std::string_view file) {
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size())
    throw InputError(fmt::format("{}: line 1: {}='{}' is not a whole number", file, key, value.substr(0, 40)));
  return n;
}

}  // namespace

std::string format_part_record(const PartRecord& r) {
  return fmt::format("{} shard={}/{} table={} cohort_files={} shard_files={} cohort={} settings={}", kPrefix,
                     r.shard.index, r.shard.count, r.table, r.cohort_files, r.shard_files, r.cohort, r.settings);
}

std::optional<PartRecord> parse_part_record(std::string_view line, std::string_view file) {
  if (line.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::map<std::string, std::string, std::less<>> fields;
  std::string_view rest = line.substr(kPrefix.size());
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest = rest.substr(start);
    const std::string_view token = rest.substr(0, rest.find(' '));
    rest = rest.substr(token.size());
    const std::size_t eq = token.find('=');
    if (eq == std::string_view::npos || eq == 0)
      throw InputError(fmt::format("{}: line 1: '{}' is not key=value", file, token.substr(0, 40)));
    fields[std::string(token.substr(0, eq))] = std::string(token.substr(eq + 1));
  }
  const auto get = [&](std::string_view key) -> const std::string& {
    const auto it = fields.find(key);
    if (it == fields.end()) throw InputError(fmt::format("{}: line 1: the part record has no {}=", file, key));
    return it->second;
  };
  PartRecord r;
  const std::string& shard = get("shard");
  const std::size_t slash = shard.find('/');
  if (slash == std::string::npos) throw InputError(fmt::format("{}: line 1: shard='{}' is not I/N", file, shard));
  r.shard.index = whole_number(std::string_view(shard).substr(0, slash), "shard", file);
  r.shard.count = whole_number(std::string_view(shard).substr(slash + 1), "shard", file);
  if (r.shard.count == 0 || r.shard.index == 0 || r.shard.index > r.shard.count)
    throw InputError(fmt::format("{}: line 1: shard={} is out of range (expected I/N with 1 <= I <= N)", file, shard));
  r.table = get("table");
  if (r.table != "efforts" && r.table != "ratios" && r.table != "bilateral")
    throw InputError(fmt::format("{}: line 1: table='{}' (expected efforts, ratios or bilateral)", file,
                                 r.table.substr(0, 40)));
  r.cohort_files = whole_number(get("cohort_files"), "cohort_files", file);
  r.shard_files = whole_number(get("shard_files"), "shard_files", file);
  if (r.shard_files > r.cohort_files)
    throw InputError(fmt::format("{}: line 1: shard_files={} is more than cohort_files={}", file, r.shard_files,
                                 r.cohort_files));
  r.cohort = get("cohort");
  r.settings = get("settings");
  for (const auto* hex : {&r.cohort, &r.settings})
    if (!is_hex16(*hex))
      throw InputError(fmt::format("{}: line 1: '{}' is not a fingerprint (16 hex digits)", file, hex->substr(0, 40)));
  return r;
}

std::string fingerprint(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string cohort_fingerprint(const std::vector<std::filesystem::path>& files) {
  std::string joined = std::to_string(files.size());
  for (const auto& f : files) {
    joined += '\0';
    joined += f.string();
  }
  return fingerprint(joined);
}

}  // namespace isokin::batch
