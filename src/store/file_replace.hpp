// Making a file appear whole or not at all: write a temporary file beside the
// target, fsync it, rename it over the target, fsync the directory. The rewritten file
// keeps the old one's mode and owner, and a symlink keeps pointing at it (the file it
// names is replaced, not the link). Every command that writes a file goes through here.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

namespace isokin::store {

// Whether a TempFileBeside names the killed recordings it finds beside its target
// (working_files.hpp); `isokin recover`, which is about to use them, does not.
enum class KeptRecordings { report, quiet };

// A temporary path in the target's directory (same file system, so rename is atomic),
// removed on destruction unless commit() renamed it over the target.
class TempFileBeside {
 public:
  // `target` may be a symlink: the file it points to is the one replaced. Stale
  // temporary files of killed processes in that folder are removed (one line each on
  // stderr), except a killed recording's working file, which is kept and named.
  explicit TempFileBeside(const std::filesystem::path& target, KeptRecordings report_kept = KeptRecordings::report);
  ~TempFileBeside();
  TempFileBeside(const TempFileBeside&) = delete;
  TempFileBeside& operator=(const TempFileBeside&) = delete;

  const std::filesystem::path& path() const { return temp_; }
  void commit();  // keep mode/owner, fsync temp, rename over target, fsync directory
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Files replaced together (a report's figures, an export's set): each is written beside
// its target, and commit_all() renames them in only once every one is whole; those not
// committed are removed on destruction, so a failure leaves no half set.
class TempFileSet {
 public:
  // The temporary file to write what is meant for `target` into.
  const TempFileBeside& add(const std::filesystem::path& target);
  void commit_all();

 private:
  std::vector<std::unique_ptr<TempFileBeside>> files_;
};

void fsync_path(const std::filesystem::path& path);  // a file or a directory; throws StoreError

// Text output (CSV, JSON) written into `temp` by `write`; throws StoreError naming the
// target when the stream fails (disk full). The caller commits when everything is written.
void write_temp_text(const TempFileBeside& temp, const std::function<void(std::ostream&)>& write);

// The whole file or nothing: write_temp_text, then commit.
void write_file_atomically(const std::filesystem::path& target, const std::function<void(std::ostream&)>& write);

}  // namespace isokin::store
