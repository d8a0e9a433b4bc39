#include "store/writer_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/session_store.hpp"

namespace isokin::store {
std::filesystem::path lock_path_of(const std::filesystem::path& file) {
  const std::filesystem::path target = resolved_target(file);
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  return dir / ("." + target.filename().string() + ".lock");
}

namespace {

std::string holder_of(int fd) {
  char text[256] = {};
  const ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
  std::string line(text, got > 0 ? static_cast<std::size_t>(got) : 0);
  line = line.substr(0, line.find('\n'));
  // The lock file is written by isokin, but it is a file like any other: keep it printable.
  for (char& c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  const auto space = line.find(' ');
  if (line.empty()) return "another process";
  if (space == std::string::npos) return "process " + line;
  return fmt::format("process {} ({})", line.substr(0, space), line.substr(space + 1));
}

}  // namespace

std::filesystem::path resolved_target(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_symlink(file, ec)) {
    const auto real = std::filesystem::weakly_canonical(file, ec);
    if (!ec) return real;
  }
  return file;
}

WriterLock::WriterLock(const std::filesystem::path& file, const std::string& activity) : lock_path_(lock_path_of(file)) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0)
      throw StoreError(fmt::format("{}: cannot create the lock file {} ({})", file.string(), lock_path_.string(),
                                   std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const std::string holder = holder_of(fd_);
      ::close(fd_);
      fd_ = -1;
      throw StoreError(fmt::format("{}: is being written by {}; try again when it has finished", file.string(), holder));
    }
    // The previous holder may have removed the lock file between our open and flock:
    // then we hold a lock on a file nobody else will see. Start again.
    struct stat held {}, named {};
    if (::fstat(fd_, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      const std::string line = fmt::format("{} {}\n", ::getpid(), activity);
      if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, line.data(), line.size(), 0) < 0) {
        // Naming the holder is a courtesy; the lock holds without it.
      }
      return;
    }
    ::close(fd_);
    fd_ = -1;
  }
  throw StoreError(fmt::format("{}: cannot take the lock {} (it keeps changing)", file.string(), lock_path_.string()));
}

WriterLock::~WriterLock() {
  if (fd_ < 0) return;
  // Removed while still held, so a waiting writer re-checks and takes a fresh one.
  ::unlink(lock_path_.c_str());
  ::close(fd_);
}

std::optional<std::string> current_writer(const std::filesystem::path& file) {
  const auto path = lock_path_of(file);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> holder;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0)
    holder = holder_of(fd);
  else
    ::flock(fd, LOCK_UN);
  ::close(fd);
  return holder;
}

}  // namespace isokin::store
