// Making a file appear whole or not at all: write a temporary file beside the
// target, fsync it, rename it over the target, fsync the directory.
#pragma once

#include <filesystem>

namespace isokin::store {

// A temporary path in the target's directory (same file system, so rename is atomic),
// removed on destruction unless commit() renamed it over the target.
class TempFileBeside {
 public:
  explicit TempFileBeside(const std::filesystem::path& target);
  ~TempFileBeside();
  TempFileBeside(const TempFileBeside&) = delete;
  TempFileBeside& operator=(const TempFileBeside&) = delete;

  const std::filesystem::path& path() const { return temp_; }
  void commit();  // fsync temp, rename over target, fsync directory

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

void fsync_path(const std::filesystem::path& path);  // a file or a directory; throws StoreError

}  // namespace isokin::store
