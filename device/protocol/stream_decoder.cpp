#include "device/protocol/stream_decoder.hpp"

#include <algorithm>

namespace isokin::device::protocol {
namespace {

bool is_text_byte(std::uint8_t b) { return (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t'; }

}  // namespace

void StreamDecoder::feed(std::span<const std::uint8_t> bytes, StreamSink& sink) {
  if (format_ != StreamFormat::automatic) {
    forward(bytes, sink);
    return;
  }
  while (!bytes.empty() && format_ == StreamFormat::automatic) {
    const std::uint8_t b = bytes.front();
    bytes = bytes.subspan(1);
    pending_[pending_size_++] = b;
    if (b == 0x00 || !is_text_byte(b)) {
      format_ = StreamFormat::frame;  // binary: a delimiter or a byte no line holds
    } else if (b == '\n' && pending_size_ > 1) {
      format_ = StreamFormat::line;   // a whole printable line
    } else if (pending_size_ == pending_.size()) {
      format_ = StreamFormat::line;   // 64 printable bytes without a newline yet
    }
  }
  if (format_ == StreamFormat::automatic) return;
  const std::span<const std::uint8_t> held(pending_.data(), pending_size_);
  pending_size_ = 0;
  forward(held, sink);
  forward(bytes, sink);
}

void StreamDecoder::forward(std::span<const std::uint8_t> bytes, StreamSink& sink) {
  if (bytes.empty()) return;
  if (format_ == StreamFormat::line) {
    lines_.feed(bytes, sink);
  } else {
    frames_.feed(bytes, sink);
  }
}

void StreamDecoder::resync() {
  frames_.resync();
  lines_.resync();
}

LinkCounts StreamDecoder::counts() const {
  return format_ == StreamFormat::line ? lines_.counts() : frames_.counts();
}

}  // namespace isokin::device::protocol
