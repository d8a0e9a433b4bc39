// A byte pipe to a device (a serial port; anything that carries the wire protocol's
// bytes). ProtocolDevice speaks the protocol over it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace isokin::device {

struct LinkRead {
  std::size_t bytes = 0;  // 0 on timeout
  bool lost = false;      // the device vanished (unplugged, emulator gone)
};

class ByteLink {
 public:
  virtual ~ByteLink() = default;
  // Opens (or re-opens after a loss). Throws DeviceError with a message for the person.
  virtual void open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Waits up to `timeout` for bytes.
  virtual LinkRead read_some(std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout) = 0;
  // Writes all of `bytes`; returns false if the link was lost meanwhile.
  virtual bool write(std::span<const std::uint8_t> bytes) = 0;
  // What the driver granted about latency (e.g. "low_latency set", "not a serial UART").
  virtual std::string latency_note() const { return {}; }
};

}  // namespace isokin::device
