#include "device/protocol/frame_reader.hpp"

#include <algorithm>

#include "device/protocol/cobs.hpp"
#include "device/protocol/crc16.hpp"

namespace isokin::device::protocol {

void FrameReader::resync() {
  encoded_size_ = 0;
  overflowed_ = false;
  synchronised_ = false;
}

void FrameReader::feed(std::span<const std::uint8_t> bytes, const FrameHandler& on_frame) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto rest = bytes.subspan(i);
    const auto zero = std::find(rest.begin(), rest.end(), std::uint8_t{0});
    const auto run = static_cast<std::size_t>(zero - rest.begin());
    // Copy what fits of this run; anything beyond the bound only marks the run corrupt.
    if (!overflowed_) {
      const std::size_t room = encoded_.size() - encoded_size_;
      if (run > room) {
        overflowed_ = true;
      } else {
        std::copy_n(rest.begin(), run, encoded_.begin() + static_cast<std::ptrdiff_t>(encoded_size_));
        encoded_size_ += run;
      }
    }
    i += run;
    if (zero == rest.end()) break;
    ++i;  // the delimiter
    end_of_frame(on_frame);
  }
}

void FrameReader::end_of_frame(const FrameHandler& on_frame) {
  const bool first = !synchronised_;
  synchronised_ = true;
  const std::size_t size = encoded_size_;
  const bool overflowed = overflowed_;
  encoded_size_ = 0;
  overflowed_ = false;
  if (size == 0 && !overflowed) return;  // back-to-back delimiters carry nothing

  // Bytes before the first delimiter may be the tail of a frame sent before we
  // joined: accepted if they check out, dropped without counting if not.
  auto corrupt = [&] {
    if (first) return;
    ++corrupt_frames_;
    ++corrupt_since_valid_;
  };
  if (overflowed) return corrupt();
  const auto decoded_size = cobs_decode(std::span(encoded_.data(), size), decoded_);
  if (!decoded_size || *decoded_size < kMinFrameBytes || *decoded_size > kMaxFrameBytes) return corrupt();
  const std::size_t n = *decoded_size;
  const std::span<const std::uint8_t> frame(decoded_.data(), n);
  const auto crc = static_cast<std::uint16_t>(frame[n - 2] | (frame[n - 1] << 8));
  if (crc16_ccitt_false(frame.first(n - kCrcBytes)) != crc) return corrupt();
  if (frame[0] != kProtocolVersion) return corrupt();

  RawFrame raw;
  raw.type = frame[1];
  raw.seq = static_cast<std::uint16_t>(frame[2] | (frame[3] << 8));
  raw.body = frame.subspan(kHeaderBytes, n - kMinFrameBytes);
  raw.corrupt_before = corrupt_since_valid_;
  corrupt_since_valid_ = 0;
  on_frame(raw);
}

}  // namespace isokin::device::protocol
