#include "store/file_replace.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>

#include "store/session_store.hpp"
#include "store/working_files.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

std::atomic<unsigned> g_counter{0};

}  // namespace

TempFileBeside::TempFileBeside(const std::filesystem::path& target, KeptRecordings report_kept) : target_(resolved_target(target)) {
  const auto dir = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  // A killed import or compaction leaves its temporary file: the next writer in this folder removes it.
  // A killed recording's working file holds samples found nowhere else: it is kept and named.
  const StaleTempFiles stale = clean_stale_temp_files(dir);
  for (const auto& removed : stale.removed)
    std::fprintf(stderr, "isokin: removed %s, left behind by a process that was stopped\n", removed.c_str());
  if (report_kept == KeptRecordings::report)
    for (const auto& kept : stale.kept) std::fprintf(stderr, "%s\n", kept_notice(kept).c_str());
  temp_ = dir / fmt::format(".{}.tmp-{}-{}", target_.filename().string(), ::getpid(), g_counter.fetch_add(1));
}

TempFileBeside::~TempFileBeside() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void TempFileBeside::commit() {
  // A rewritten file keeps its permissions and (when we may set it) its owner and group;
  // a symlink stays a symlink: target_ is the file it points to.
  struct stat old {};
  if (::stat(target_.c_str(), &old) == 0) {
    if (::chmod(temp_.c_str(), old.st_mode & 07777) != 0)
      throw StoreError(fmt::format("{}: cannot keep the file's permissions ({})", target_.string(), std::strerror(errno)));
    if ((old.st_uid != ::geteuid() || old.st_gid != ::getegid()) && ::chown(temp_.c_str(), old.st_uid, old.st_gid) != 0) {
      // Not root: keep at least the group when we belong to it; the owner becomes us.
      if (::chown(temp_.c_str(), static_cast<uid_t>(-1), old.st_gid) != 0) {
        // Neither is possible: the rewrite still happens, as the file's new owner.
      }
    }
  }
  fsync_path(temp_);
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw StoreError(fmt::format("{}: cannot replace the file ({})", target_.string(), ec.message()));
  committed_ = true;
  fsync_path(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

void write_temp_text(const TempFileBeside& temp, const std::function<void(std::ostream&)>& write) {
  std::ofstream out(temp.path(), std::ios::binary | std::ios::trunc);
  if (!out) throw StoreError(fmt::format("{}: cannot create a file in its folder ({})", temp.target().string(), std::strerror(errno)));
  write(out);
  out.flush();
  if (!out) throw StoreError(fmt::format("{}: cannot write (disk full?); the old file is kept", temp.target().string()));
}

void write_file_atomically(const std::filesystem::path& target, const std::function<void(std::ostream&)>& write) {
  TempFileBeside temp(target);
  write_temp_text(temp, write);
  temp.commit();
}

void fsync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw StoreError(fmt::format("{}: cannot open to sync ({})", path.string(), std::strerror(errno)));
  const int status = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (status != 0) throw StoreError(fmt::format("{}: cannot sync to disk ({})", path.string(), std::strerror(saved)));
}

const TempFileBeside& TempFileSet::add(const std::filesystem::path& target) {
  files_.push_back(std::make_unique<TempFileBeside>(target));
  return *files_.back();
}

void TempFileSet::commit_all() {
  for (auto& file : files_) file->commit();
}

}  // namespace isokin::store
