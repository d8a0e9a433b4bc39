// Builds wire frames: header, body, CRC, COBS, delimiter.
//
// One encoder per sender: it numbers the frames it emits (seq +1 each, wrapping at
// 65535). The host uses it for commands; the device emulators for HELLO, SAMPLES
// and STATUS.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "device/device.hpp"
#include "device/protocol/frame.hpp"

namespace isokin::device::protocol {

// Appends one encoded frame (COBS + 0x00) to `out`. Throws std::length_error when the
// frame would exceed kMaxFrameBytes.
void encode_frame(std::uint8_t type, std::uint16_t seq, std::span<const std::uint8_t> body,
                  std::vector<std::uint8_t>& out);

// The decoded frame (before COBS): for tests and for fault injection that must
// corrupt a frame without touching its framing.
std::vector<std::uint8_t> build_frame(std::uint8_t type, std::uint16_t seq, std::span<const std::uint8_t> body);

// The SAMPLES body for `samples`, which must be evenly spaced by period_us from t0_us.
std::vector<std::uint8_t> samples_body(std::uint64_t t0_us, std::uint32_t period_us,
                                       std::span<const DeviceSample> samples);

class FrameEncoder {
 public:
  explicit FrameEncoder(std::uint16_t first_seq = 0) : next_seq_(first_seq) {}

  // Host to device.
  std::vector<std::uint8_t> hello_request();
  std::vector<std::uint8_t> start(const StartRequest& request);
  std::vector<std::uint8_t> stop();

  // Device to host.
  std::vector<std::uint8_t> hello(const DeviceHello& hello);
  std::vector<std::uint8_t> status(const DeviceStatus& status);
  std::vector<std::uint8_t> samples(std::uint64_t t0_us, std::uint32_t period_us,
                                    std::span<const DeviceSample> samples);

  // Any type and body (unknown types in tests, raw bodies).
  std::vector<std::uint8_t> frame(std::uint8_t type, std::span<const std::uint8_t> body);

  // The seq the next frame will carry (the host matches STATUS acked_seq with it).
  std::uint16_t next_seq() const { return next_seq_; }

 private:
  std::vector<std::uint8_t> text_frame(FrameType type, std::string_view text);
  std::uint16_t next_seq_;
};

}  // namespace isokin::device::protocol
