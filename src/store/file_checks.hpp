// Checks of a session file made before HDF5 opens it (docs/refused-input.md).
//
// HDF5 follows what a file says: a FIFO makes its open block for ever, and a SWMR
// reader of a file cut short retries its metadata reads for minutes. So the store
// looks at the bytes itself first: a regular file, an HDF5 superblock, and a file at
// least as long as the superblock says it is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace isokin::store {

struct SuperblockFacts {
  unsigned version = 0;
  std::uint64_t offset = 0;        // where the superblock starts (after a user block)
  std::uint64_t end_address = 0;   // end-of-file address the superblock records (absolute)
  bool open_for_write = false;     // version 3 status flags: a writer (or a killed one) has it
};

// Refuses (StoreError naming the file) anything that is not a regular file:
// missing, a directory, a FIFO, a device, a socket.
void require_regular_file(const std::filesystem::path& file);

// The superblock, read with plain file I/O (bounded: only the first MiB is searched);
// nullopt when there is no HDF5 signature where HDF5 looks for one.
std::optional<SuperblockFacts> read_superblock(const std::filesystem::path& file);

// Refuses a file shorter than its superblock's end-of-file address (a copy cut short).
void require_whole_file(const std::filesystem::path& file, const SuperblockFacts& superblock);

}  // namespace isokin::store
