// A serial line's decoder: frame mode, line mode, or told apart by the first bytes.
//
// Auto-detection (docs/protocol.md): a frame stream holds 0x00 delimiters; a line
// stream is printable ASCII with newlines. The first kDetectBytes (or the first
// newline / 0x00, whichever comes first) decide, then the decoder is fixed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/line_decoder.hpp"

namespace isokin::device::protocol {

enum class StreamFormat { automatic, frame, line };

class StreamDecoder {
 public:
  static constexpr std::size_t kDetectBytes = 64;

  explicit StreamDecoder(StreamFormat format = StreamFormat::automatic) : format_(format) {}

  void feed(std::span<const std::uint8_t> bytes, StreamSink& sink);
  void resync();
  LinkCounts counts() const;
  // automatic until the first bytes decided it.
  StreamFormat format() const { return format_; }

 private:
  void forward(std::span<const std::uint8_t> bytes, StreamSink& sink);

  StreamFormat format_;
  std::array<std::uint8_t, kDetectBytes> pending_{};
  std::size_t pending_size_ = 0;
  FrameDecoder frames_;
  LineDecoder lines_;
};

}  // namespace isokin::device::protocol
