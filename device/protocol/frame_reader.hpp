// Bytes in, checked frames out: COBS, length, version and CRC (no body parsing).
//
// Used by both ends: the host's FrameDecoder and the device emulator's command
// reader. Memory is bounded: at most kMaxEncodedRunBytes are held; a longer run
// without a 0x00 is counted corrupt once and skipped up to the next 0x00.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "device/protocol/frame.hpp"

namespace isokin::device::protocol {

class FrameReader {
 public:
  using FrameHandler = std::function<void(const RawFrame&)>;

  // Calls on_frame for every complete, valid frame in `bytes`, in order.
  void feed(std::span<const std::uint8_t> bytes, const FrameHandler& on_frame);

  // Forgets a partial frame and waits for a delimiter again (after a reconnect).
  void resync();

  std::uint64_t corrupt_frames() const { return corrupt_frames_; }

 private:
  void end_of_frame(const FrameHandler& on_frame);

  std::array<std::uint8_t, kMaxEncodedRunBytes> encoded_{};
  std::array<std::uint8_t, kMaxFrameBytes> decoded_{};
  std::size_t encoded_size_ = 0;
  bool overflowed_ = false;     // the current run passed kMaxEncodedRunBytes
  bool synchronised_ = false;   // a 0x00 has been seen since open / resync
  std::uint64_t corrupt_frames_ = 0;
  std::uint64_t corrupt_since_valid_ = 0;
};

}  // namespace isokin::device::protocol
