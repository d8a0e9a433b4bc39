// The device end of a serial link for the emulator: the master side of a pty it
// creates (the host opens the slave) or a real serial port. Non-blocking I/O.
//
// A pty can vanish and come back to emulate an unplugged adapter: close() drops the
// master (the host's reads end with EOF/EIO and the slave path disappears), reopen()
// makes a new pty and, with a link path, points the same link at it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace isokin::devsim {

class SerialEndpoint {
 public:
  // port empty: create a pty (and the symlink `link` to its slave, if given).
  SerialEndpoint(std::string port, std::string link);
  ~SerialEndpoint();
  SerialEndpoint(const SerialEndpoint&) = delete;
  SerialEndpoint& operator=(const SerialEndpoint&) = delete;

  void open();
  void close();
  bool is_open() const { return fd_ >= 0; }
  // What the host opens: the link if any, else the slave or the port path.
  std::string host_path() const;

  // True while no host has the pty slave open (POLLHUP on the master).
  bool host_absent();
  // Waits up to `timeout` for input or writability; reads what arrived into `in`.
  void poll(std::vector<std::uint8_t>& in, std::chrono::microseconds timeout);
  // Queues bytes and writes what the link takes now; the rest waits for the next poll.
  void write(std::span<const std::uint8_t> bytes);
  std::size_t pending_bytes() const { return out_.size() - out_start_; }
  // Drops queued output (a disconnect loses what was in flight).
  void drop_pending();

 private:
  void flush_some();

  std::string port_;
  std::string link_;
  std::string slave_path_;
  int fd_ = -1;
  std::vector<std::uint8_t> out_;
  std::size_t out_start_ = 0;
};

}  // namespace isokin::devsim
