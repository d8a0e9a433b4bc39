// One writer per session file: an advisory lock (flock) on a lock file beside it.
//
// HDF5's own file lock is dropped once SWMR writing starts (readers must get in), and
// a finished recording is renamed over the target, so the lock cannot live on the
// session file itself: it lives on ".<name>.lock" in the same folder, which holds the
// writer's pid and what it is doing, so a refusal names the other process. The kernel
// drops the lock when the writer dies; a lock file left by a killed writer is free.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace isokin::store {

class WriterLock {
 public:
  // Takes the lock for `file` (resolved through symlinks) or throws StoreError
  // "FILE: is being written by process PID (ACTIVITY)". `activity` says what this
  // process does ("isokin recording", "isokin recover").
  WriterLock(const std::filesystem::path& file, const std::string& activity);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  std::filesystem::path lock_path_;
  int fd_ = -1;
};

// "process PID (ACTIVITY)" while another process holds the lock of `file`, else nullopt.
std::optional<std::string> current_writer(const std::filesystem::path& file);

// The lock file of `file`: ".<name>.lock" beside the file it names (symlinks followed).
std::filesystem::path lock_path_of(const std::filesystem::path& file);

// The file a path names once symlinks are followed (itself when it does not exist yet).
std::filesystem::path resolved_target(const std::filesystem::path& file);

}  // namespace isokin::store
