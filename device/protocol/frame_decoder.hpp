// Host side of frame mode: bytes from a device in, HELLO / STATUS / samples out.
//
//   FrameDecoder decoder;
//   decoder.feed(bytes_from_transfer, sink);   // any split of the stream, any size
//   LinkCounts c = decoder.counts();
//
// Transport-independent (serial, USB bulk IN, a file); frames may span feed() calls
// and one call may hold many frames. Counts: corrupt frames (COBS, size, CRC,
// version, or a body that does not match its type), lost frames (seq jumps, not
// counting frames already counted corrupt), lost samples (SAMPLES t0_us more than
// 1.5 periods after the previous frame's last sample: round(gap/period - 1)),
// unknown frame types (skipped). Memory is bounded (see FrameReader).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "device/protocol/frame_reader.hpp"
#include "device/protocol/stream_sink.hpp"
#include "model/trial.hpp"

namespace isokin::device::protocol {

class FrameDecoder {
 public:
  void feed(std::span<const std::uint8_t> bytes, StreamSink& sink);

  // After a reconnect: drop any partial frame, wait for a delimiter, and accept
  // the device's seq afresh (it may have restarted). Counts and the last sample
  // time are kept, so a gap across the reconnect is still measured.
  void resync();

  // samples, corrupt_frames, lost_frames, lost_samples, unknown_frames (reconnects: 0,
  // the transport counts those).
  LinkCounts counts() const;

 private:
  void on_frame(const RawFrame& frame, StreamSink& sink);
  bool on_samples_frame(const RawFrame& frame, StreamSink& sink);
  void track_seq(const RawFrame& frame);

  FrameReader reader_;
  std::vector<DeviceSample> samples_;  // reused: no allocation per frame after the first
  std::optional<std::uint16_t> expected_seq_;
  std::optional<std::uint64_t> last_t_us_;
  std::uint32_t last_period_us_ = 0;
  std::uint64_t samples_count_ = 0;
  std::uint64_t body_corrupt_ = 0;
  std::uint64_t lost_frames_ = 0;
  std::uint64_t lost_samples_ = 0;
  std::uint64_t unknown_frames_ = 0;
};

}  // namespace isokin::device::protocol
