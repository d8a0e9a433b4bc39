#include "store/file_replace.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>

#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

std::atomic<unsigned> g_counter{0};
constexpr std::string_view kTempMark = ".tmp-";

// The pid in ".NAME.tmp-PID-N", or 0 when the name is not one of ours.
pid_t temp_owner(const std::string& name) {
  if (name.empty() || name.front() != '.') return 0;
  const auto mark = name.rfind(kTempMark);
  if (mark == std::string::npos) return 0;
  const char* first = name.data() + mark + kTempMark.size();
  const char* last = name.data() + name.size();
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end == last || *end != '-' || pid <= 0) return 0;
  for (const char* p = end + 1; p < last; ++p)
    if (*p < '0' || *p > '9') return 0;
  return static_cast<pid_t>(pid);
}

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> removed;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return removed;
  for (std::size_t seen = 0; it != std::filesystem::directory_iterator() && seen < 100'000; it.increment(ec), ++seen) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    const pid_t owner = temp_owner(name);
    if (owner == 0 || owner == ::getpid() || process_alive(owner)) continue;
    std::error_code remove_ec;
    if (it->is_regular_file(remove_ec) && std::filesystem::remove(it->path(), remove_ec)) removed.push_back(it->path());
  }
  return removed;
}

TempFileBeside::TempFileBeside(const std::filesystem::path& target) : target_(resolved_target(target)) {
  const auto dir = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  // A killed import or compaction leaves its temporary file: the next writer in this folder removes it.
  for (const auto& stale : remove_stale_temp_files(dir))
    std::fprintf(stderr, "isokin: removed %s, left behind by a process that was stopped\n", stale.c_str());
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

}  // namespace isokin::store
