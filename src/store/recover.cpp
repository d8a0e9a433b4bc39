// recover_session: a file left by a killed recorder becomes an ordinary compact file.
//
// Not h5clear: `h5clear -s` without --increment leaves a stale end-of-allocation
// that makes plain opens fail and SWMR reads hang (../shared/deps.md section 2).
// Instead the file is read as it is, with SWMR read access, and every sample that
// all channels hold is copied into a fresh file that replaces it.
#include <fmt/format.h>

#include "store/compact_copy.hpp"
#include "store/file_replace.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/working_files.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

std::filesystem::file_time_type modified(const std::filesystem::path& p) {
  std::error_code ec;
  const auto t = std::filesystem::last_write_time(p, ec);
  return ec ? std::filesystem::file_time_type::min() : t;
}

std::string listing(const std::vector<OrphanedRecording>& found) {
  std::string text;
  for (const auto& f : found)
    text += fmt::format("\n  {}  ({} samples, process {})", f.file.filename().string(), f.samples, f.owner);
  return text;
}

// The file to read: `from`, else the one working file of a killed recording that is
// newer than `file` (or stands in for a missing one), else `file` itself.
std::filesystem::path recovery_source(const std::filesystem::path& file,
                                      const std::optional<std::filesystem::path>& from) {
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  const bool target_exists = std::filesystem::exists(file, ec);
  if (from) {
    std::filesystem::path chosen = *from;
    if (!from->has_parent_path() && !std::filesystem::exists(chosen, ec)) chosen = dir / *from;
    if (!std::filesystem::is_regular_file(chosen, ec))
      throw InputError(fmt::format("{}: --from {}: no such file", file.string(), from->string()));
    return chosen;
  }
  std::vector<OrphanedRecording> found;
  for (auto& f : orphaned_recordings(file))
    if (!target_exists || modified(f.file) > modified(file)) found.push_back(std::move(f));
  if (found.size() == 1) return found.front().file;
  if (found.size() > 1)
    throw InputError(fmt::format("{}: {} recordings stopped by force left their working files beside it:{}\n"
                                 "name the one to recover with --from NAME",
                                 file.string(), found.size(), listing(found)));
  if (!target_exists)
    throw InputError(fmt::format("{}: no such file, and no working file of a stopped recording beside it "
                                 "(.{}.tmp-PID-N)", file.string(), file.filename().string()));
  return file;
}

}  // namespace

RecoveryReport recover_session(const std::filesystem::path& file, const std::optional<std::filesystem::path>& from) {
  RecoveryReport report;
  const std::filesystem::path target = resolved_target(file);
  // Refused, naming the other process, while a recorder still writes the file.
  const WriterLock lock(target, "isokin recover");
  report.source = recovery_source(target, from);
  // A working file of another live recorder is refused the same way (its own lock).
  std::optional<WriterLock> source_lock;
  if (report.source != target) source_lock.emplace(report.source, "isokin recover");
  TempFileBeside temp(target, KeptRecordings::quiet);
  {
    const OpenedSession source = open_session_for_read(report.source, KilledWriter::read);
    report.was_open_for_write = source.swmr;
    const CopyStats stats = copy_session(source, temp.path(), h5::Format::finished);
    report.trials = stats.trials;
    report.samples = stats.samples;
  }
  temp.commit();
  if (report.source != target) {
    // Its samples are in the target now; the working file and its lock file go.
    source_lock.reset();
    std::error_code ec;
    const std::filesystem::path lock_file = lock_path_of(report.source);
    std::filesystem::remove(report.source, ec);
    std::filesystem::remove(lock_file, ec);
  }
  return report;
}

}  // namespace isokin::store
