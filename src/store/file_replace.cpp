#include "store/file_replace.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "store/session_store.hpp"

namespace isokin::store {
namespace {
std::atomic<unsigned> g_counter{0};
}

TempFileBeside::TempFileBeside(const std::filesystem::path& target) : target_(target) {
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  temp_ = dir / fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), g_counter.fetch_add(1));
}

TempFileBeside::~TempFileBeside() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void TempFileBeside::commit() {
  fsync_path(temp_);
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw StoreError(fmt::format("{}: cannot replace the file ({})", target_.string(), ec.message()));
  committed_ = true;
  fsync_path(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

void fsync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError(fmt::format("{}: cannot open to sync ({})", path.string(), std::strerror(errno)));
  const int status = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (status != 0) throw StoreError(fmt::format("{}: cannot sync to disk ({})", path.string(), std::strerror(saved)));
}

}  // namespace isokin::store
