#include "batch/slurm_array.hpp"

#include <fmt/format.h>

#include <charconv>

#include "model/error.hpp"

namespace isokin::batch {
namespace {

// A job array holds at most a few million tasks (Slurm's MaxArraySize is far lower).
constexpr std::size_t kMaxArrayValue = 100'000'000;

std::optional<std::size_t> read_number(const std::function<const char*(const char*)>& getenv, const char* name,
                                       bool required) {
  const char* text = getenv(name);
  if (!text) {
    if (!required) return std::nullopt;
    throw InputError(fmt::format("--shard auto: {} is not set (run it as a task of a Slurm job array, "
                                 "sbatch --array=0-7, or give --shard I/N)",
                                 name));
  }
  const std::string_view s(text);
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value > kMaxArrayValue)
    throw InputError(fmt::format("--shard auto: {}='{}' is not a whole number from 0 to {}", name,
                                 s.substr(0, 40), kMaxArrayValue));
  return value;
}

}  // namespace

ArrayShard shard_from_slurm(const std::function<const char*(const char*)>& getenv) {
  const std::size_t id = *read_number(getenv, "SLURM_ARRAY_TASK_ID", true);
  const std::size_t min = *read_number(getenv, "SLURM_ARRAY_TASK_MIN", true);
  const std::size_t count = *read_number(getenv, "SLURM_ARRAY_TASK_COUNT", true);
  const std::size_t step = read_number(getenv, "SLURM_ARRAY_TASK_STEP", false).value_or(1);
  if (count == 0) throw InputError("--shard auto: SLURM_ARRAY_TASK_COUNT=0 (expected at least 1)");
  if (step == 0) throw InputError("--shard auto: SLURM_ARRAY_TASK_STEP=0 (expected at least 1)");
  if (id < min)
    throw InputError(fmt::format("--shard auto: SLURM_ARRAY_TASK_ID={} is below SLURM_ARRAY_TASK_MIN={}", id, min));
  const std::size_t offset = id - min;
  if (offset % step != 0 || offset / step >= count)
    throw InputError(fmt::format(
        "--shard auto: SLURM_ARRAY_TASK_ID={} is not one of {} evenly spaced ids from {} (step {}); give the array "
        "as a range (sbatch --array=0-{}) or use --shard I/N",
        id, count, min, step, count - 1));
  ArrayShard result;
  result.shard = {offset / step + 1, count};
  result.task_id = id;
  return result;
}

std::string expand_array_pattern(std::string_view name, std::optional<std::size_t> task_number,
                                 std::string_view option) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '%') {
      out += name[i];
      continue;
    }
    const char next = i + 1 < name.size() ? name[i + 1] : '\0';
    if (next == '%') {
      out += '%';
    } else if (next == 'a') {
      if (!task_number)
        throw InputError(fmt::format("{} '{}': %a (the shard's number) needs --shard", option, name));
      out += std::to_string(*task_number);
    } else {
      throw InputError(fmt::format("{} '{}': '%{}' is not a pattern isokin knows (%a is the shard's number, "
                                   "%% a percent sign)",
                                   option, name, next == '\0' ? std::string() : std::string(1, next)));
    }
    ++i;
  }
  return out;
}

}  // namespace isokin::batch
