// A serial port (RS-232, USB CDC-ACM, FTDI, or a pseudo-terminal) through Boost.Asio.
//
// Reads are asynchronous (async_read_some) on a private io_context driven with
// run_for() inside read_some(), so the reader thread that owns the Device does all
// the I/O and nothing runs behind its back. Set-up that a pty or a driver refuses
// (a baud rate, ASYNC_LOW_LATENCY) is logged and not fatal.
#pragma once

#include <memory>
#include <string>

#include "device/transports/byte_link.hpp"

namespace isokin::device {

struct SerialSettings {
  std::string path;        // /dev/ttyUSB0, /dev/serial/by-id/..., a pty
  unsigned baud = 921600;
  bool low_latency = true; // ask the driver (TIOCSSERIAL ASYNC_LOW_LATENCY; FTDI latency_timer)
};

std::unique_ptr<ByteLink> make_serial_link(const SerialSettings& settings);

}  // namespace isokin::device
