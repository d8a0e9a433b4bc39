// Frame layout and message types of the wire protocol, version 1 (docs/protocol.md).
//
// Decoded frame: version u8 | type u8 | seq u16 LE | body | crc u16 LE
// with crc = CRC-16/CCITT-FALSE over everything before it. On the wire each frame
// is COBS-encoded and followed by one 0x00.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace isokin::device::protocol {

inline constexpr std::uint8_t kProtocolVersion = 1;
inline constexpr std::size_t kHeaderBytes = 4;        // version, type, seq
inline constexpr std::size_t kCrcBytes = 2;
inline constexpr std::size_t kMinFrameBytes = kHeaderBytes + kCrcBytes;
inline constexpr std::size_t kMaxFrameBytes = 4096;   // decoded
// A run this long without a 0x00 is corrupt: it bounds the receiver's memory.
inline constexpr std::size_t kMaxEncodedRunBytes = 4200;

// SAMPLES body: t0_us u64 | period_us u32 | count u16 | count x (3 x float32)
inline constexpr std::size_t kSamplesHeaderBytes = 8 + 4 + 2;
inline constexpr std::size_t kSampleRecordBytes = 3 * 4;
inline constexpr std::size_t kMaxSamplesPerFrame =
    (kMaxFrameBytes - kMinFrameBytes - kSamplesHeaderBytes) / kSampleRecordBytes;  // 339

enum class FrameType : std::uint8_t {
  hello = 0x01,
  samples = 0x02,
  status = 0x03,
  calibration = 0x04,           // device_calibration.hpp
  hello_request = 0x80,
  start = 0x81,
  stop = 0x82,
  calibration_request = 0x83,
  calibration_write = 0x84,
};

// A frame whose COBS, length, version and CRC were checked; the body is not yet
// interpreted. `body` points into the decoder's buffer: valid during the callback only.
struct RawFrame {
  std::uint8_t type = 0;
  std::uint16_t seq = 0;
  std::span<const std::uint8_t> body;
  // Corrupt frames dropped since the previous valid one: the host subtracts them
  // from a seq jump so that a frame is counted either corrupt or lost, not both.
  std::uint64_t corrupt_before = 0;
};

// STATUS body.
struct DeviceStatus {
  enum class State { idle, running, error };
  State state = State::idle;
  std::string message;
  std::optional<std::uint16_t> acked_seq;
};

// Device time where a SAMPLES frame did not follow on from the previous one.
struct SampleGap {
  std::uint64_t last_t_us = 0;   // last sample received before the gap
  std::uint64_t next_t_us = 0;   // first sample after it
  std::uint64_t lost_samples = 0;
};

}  // namespace isokin::device::protocol
