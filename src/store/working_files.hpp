// The hidden files writers leave beside their target (".NAME.tmp-PID-N", made by
// TempFileBeside): which process owns one, which are stale (their process is gone), and
// which of those are a killed recording's working file, whose samples exist nowhere else.
//
// A stale temporary of a killed import, export or compaction is a half-written copy:
// removing it loses nothing. A stale working file of `isokin acquire` (SIGKILL, power
// cut) holds every flushed sample of the session: it is never removed, only reported,
// and `isokin recover TARGET` turns it into TARGET.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace isokin::store {

// The pid in ".NAME.tmp-PID-N", or 0 when the name is not one of ours.
pid_t temp_file_owner(const std::string& name);

// NAME of ".NAME.tmp-PID-N" (the file it was to replace), or nullopt.
std::optional<std::string> temp_file_target(const std::string& name);

struct OrphanedRecording {
  std::filesystem::path file;     // ".NAME.tmp-PID-N"
  pid_t owner = 0;                // the process that wrote it, gone
  std::uint64_t samples = 0;      // flushed samples it holds (> 0)
};

struct StaleTempFiles {
  std::vector<std::filesystem::path> removed;   // copies of killed writers: nothing lost
  std::vector<OrphanedRecording> kept;          // killed recordings: samples found nowhere else
};

// Looks at the temporary files in `dir` whose process is gone: removes those that hold
// no recorded samples, keeps (and returns) those that do.
StaleTempFiles clean_stale_temp_files(const std::filesystem::path& dir);

// The working files of killed recordings beside `target` (".TARGET.tmp-PID-N" holding
// samples, their process gone), oldest first.
std::vector<OrphanedRecording> orphaned_recordings(const std::filesystem::path& target);

// One line for the person: what was kept and how to turn it into the session file.
std::string kept_notice(const OrphanedRecording& kept);

}  // namespace isokin::store
