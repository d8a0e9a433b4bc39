// How UsbLink uses the bus. Shared with the tests: the umockdev capture they
// generate must submit IN URBs of exactly this size, this many at a time.
// The protocol's own waits (HELLO, STATUS, reconnect retries) are ProtocolDevice's,
// the same for every transport.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace isokin::device::usb {

// The protocol's interface class (docs/usb.md): vendor-specific.
inline constexpr std::uint8_t kVendorInterfaceClass = 0xFF;

// One IN transfer: 32 high-speed packets (64 full-speed ones). A multiple of the
// packet size, so a transfer never ends in a babble error; large enough that 8 in
// flight absorb about 50 ms of a 2.4 MB/s stream (200,000 samples/s) while the
// reader thread is busy elsewhere.
inline constexpr std::size_t kInTransferBytes = 16384;
inline constexpr int kInTransfersInFlight = 8;

// An OUT command (one frame) must be taken by the device within this time.
inline constexpr std::chrono::milliseconds kOutTimeout{1000};

}  // namespace isokin::device::usb
