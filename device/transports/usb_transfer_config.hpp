// How UsbDevice uses the bus. Shared with the tests: the umockdev capture they
// generate must submit IN URBs of exactly this size, this many at a time.
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
// The protocol: HELLO within 500 ms of HELLO_REQUEST; the request is sent twice.
inline constexpr std::chrono::milliseconds kHelloTimeout{500};
inline constexpr int kHelloAttempts = 2;
// STATUS after START or STOP.
inline constexpr std::chrono::milliseconds kStatusTimeout{1000};
// After a link loss, how often the bus is scanned again when no hot-plug event came.
inline constexpr std::chrono::milliseconds kRescanInterval{500};

}  // namespace isokin::device::usb
