#include "store/working_files.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "store/hdf5_schema.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

constexpr std::string_view kTempMark = ".tmp-";
constexpr std::size_t kMaxDirectoryEntries = 100'000;

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

// The samples a session file holds as its writer last flushed them; 0 when it is no
// readable session (a half-written copy, a CSV, a PDF).
std::uint64_t flushed_samples(const std::filesystem::path& file) {
  try {
    const OpenedSession session = open_session_for_read(file, KilledWriter::read);
    if (!h5::has_link(session.file.get(), schema::kTrials, session.where)) return 0;
    const h5::Where trials_where = session.where.child(schema::kTrials);
    h5::Id trials = h5::open_group(session.file.get(), schema::kTrials, session.where);
    std::uint64_t total = 0;
    for (const auto& id : h5::link_names(trials.get(), trials_where)) {
      const h5::Where where = trials_where.child(id);
      h5::Id group = h5::open_group(trials.get(), id, trials_where);
      total += trial_sample_count(group.get(), open_trial_datasets(group.get(), where), where).samples;
    }
    return total;
  } catch (const Error&) {
    return 0;
  }
}

// A stale temporary whose target is itself a temporary (the compaction copy of a
// working file) is a copy: its source is kept, so it is not a recording of its own.
bool is_recording_candidate(const std::string& name) {
  const auto target = temp_file_target(name);
  return target && temp_file_owner(*target) == 0;
}

}  // namespace

pid_t temp_file_owner(const std::string& name) {
  if (name.empty() || name.front() != '.') return 0;
  const auto mark = name.rfind(kTempMark);
  if (mark == std::string::npos) return 0;
  const char* first = name.data() + mark + kTempMark.size();
  const char* last = name.data() + name.size();
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end == last || *end != '-' || pid <= 0 || end + 1 == last) return 0;
  for (const char* p = end + 1; p < last; ++p)
    if (*p < '0' || *p > '9') return 0;
  return static_cast<pid_t>(pid);
}

std::optional<std::string> temp_file_target(const std::string& name) {
  if (temp_file_owner(name) == 0) return std::nullopt;
  const std::string target = name.substr(1, name.rfind(kTempMark) - 1);
  if (target.empty()) return std::nullopt;
  return target;
}

StaleTempFiles clean_stale_temp_files(const std::filesystem::path& dir) {
  StaleTempFiles result;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return result;
  for (std::size_t seen = 0; it != std::filesystem::directory_iterator() && seen < kMaxDirectoryEntries;
       it.increment(ec), ++seen) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    const pid_t owner = temp_file_owner(name);
    if (owner == 0 || owner == ::getpid() || process_alive(owner)) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    if (is_recording_candidate(name)) {
      if (const std::uint64_t samples = flushed_samples(it->path()); samples > 0) {
        result.kept.push_back({it->path(), owner, samples});
        continue;
      }
    }
    std::error_code remove_ec;
    if (std::filesystem::remove(it->path(), remove_ec)) result.removed.push_back(it->path());
  }
  return result;
}

std::vector<OrphanedRecording> orphaned_recordings(const std::filesystem::path& target) {
  const std::filesystem::path real = resolved_target(target);
  const auto dir = real.has_parent_path() ? real.parent_path() : std::filesystem::path(".");
  const std::string name = real.filename().string();
  std::vector<OrphanedRecording> found;
  for (auto& kept : clean_stale_temp_files(dir).kept) {
    if (temp_file_target(kept.file.filename().string()) == name) found.push_back(std::move(kept));
  }
  auto mtime = [](const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::last_write_time(p, ec);
  };
  std::sort(found.begin(), found.end(),
            [&](const OrphanedRecording& a, const OrphanedRecording& b) { return mtime(a.file) < mtime(b.file); });
  return found;
}

std::string kept_notice(const OrphanedRecording& kept) {
  const auto target = temp_file_target(kept.file.filename().string()).value_or("the session file");
  const auto dir = kept.file.has_parent_path() ? kept.file.parent_path() : std::filesystem::path(".");
  return fmt::format("isokin: kept {}: the working file of a recording stopped by force (process {}), {} samples "
                     "recorded; `isokin recover {}` makes it the session file",
                     kept.file.string(), kept.owner, kept.samples, (dir / target).string());
}

}  // namespace isokin::store
