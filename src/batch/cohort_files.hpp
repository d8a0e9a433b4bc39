// Which files a batch analyses: the session files named on the command line and
// those found under the folders named there, in one sorted order, and the share of
// them that one shard of a cluster job array takes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

namespace isokin::batch {

// Files given directly are kept whatever their extension; folders are searched
// recursively for *.h5 files. The result is sorted by path (byte order) without
// duplicates, so every machine of a job array sees the same list. A missing path
// throws InputError.
std::vector<std::filesystem::path> collect_session_files(const std::vector<std::filesystem::path>& inputs);

struct Shard {
  std::size_t index = 1;  // 1-based, as Slurm's SLURM_ARRAY_TASK_ID and GNU parallel's {%} count
  std::size_t count = 1;
};

// Parses "I/N" with 1 <= I <= N; throws InputError naming the problem otherwise.
Shard parse_shard(std::string_view text);

// The files whose position in the sorted list, counted from 0, is index-1 modulo count.
// The shards 1/N .. N/N are disjoint and together hold every file.
std::vector<std::filesystem::path> select_shard(const std::vector<std::filesystem::path>& files, const Shard& shard);

}  // namespace isokin::batch
