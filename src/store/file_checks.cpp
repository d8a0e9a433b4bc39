#include "store/file_checks.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "store/session_store.hpp"

namespace isokin::store {
namespace {

constexpr std::array<unsigned char, 8> kSignature{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

std::uint64_t little_endian(const unsigned char* bytes, unsigned size) {
  std::uint64_t value = 0;
  for (unsigned i = size; i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

void require_regular_file(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw StoreError(fmt::format("{}: no such file", file.string()));
    throw StoreError(fmt::format("{}: cannot read ({})", file.string(), std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode))
    throw StoreError(fmt::format("{}: is {}, not a session file", file.string(), kind_of(st.st_mode)));
}

std::optional<SuperblockFacts> read_superblock(const std::filesystem::path& file) {
  // O_NONBLOCK: should the path have become a FIFO since it was checked, open does not wait.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw StoreError(fmt::format("{}: cannot open ({})", file.string(), std::strerror(errno)));
  struct stat st {};
  std::optional<SuperblockFacts> facts;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // HDF5 looks at 0, 512, 1024, 2048, ...: a user block shifts the superblock.
    for (std::uint64_t at = 0; at + 64 <= size && at <= (1u << 20) && !facts; at = at == 0 ? 512 : at * 2) {
      std::array<unsigned char, 96> b{};
      const ssize_t got = ::pread(fd, b.data(), b.size(), static_cast<off_t>(at));
      if (got < 48 || std::memcmp(b.data(), kSignature.data(), kSignature.size()) != 0) continue;
      SuperblockFacts f;
      f.offset = at;
      f.version = b[8];
      unsigned offsets = 0, eof_at = 0;
      if (f.version <= 1) {
        offsets = b[13];
        eof_at = (f.version == 0 ? 24 : 28) + 2 * offsets;  // base, free-space, end-of-file addresses
      } else if (f.version <= 3) {
        offsets = b[9];
        eof_at = 12 + 2 * offsets;  // base, extension, end-of-file addresses
        f.open_for_write = f.version == 3 && (b[11] & 0x05) != 0;
      } else {
        break;  // a version this isokin does not know: HDF5 will say so
      }
      if (offsets != 8 || eof_at + offsets > static_cast<unsigned>(got)) break;
      const std::uint64_t base_at = f.version <= 1 ? (f.version == 0 ? 24 : 28) : 12;
      const std::uint64_t base = little_endian(b.data() + base_at, offsets);
      const std::uint64_t eof = little_endian(b.data() + eof_at, offsets);
      f.end_address = base + eof;
      facts = f;
    }
  }
  ::close(fd);
  return facts;
}

void require_whole_file(const std::filesystem::path& file, const SuperblockFacts& superblock) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw StoreError(fmt::format("{}: cannot read its size ({})", file.string(), ec.message()));
  if (size < superblock.end_address)
    throw StoreError(fmt::format("{}: truncated: the file is {} bytes, its HDF5 superblock says {} (a copy cut short?)",
                                 file.string(), size, superblock.end_address));
}

}  // namespace isokin::store
