#include "device/protocol/frame_decoder.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>

#include "device/protocol/messages.hpp"

namespace isokin::device::protocol {
namespace {

std::uint64_t read_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::uint32_t read_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

float read_f32(const std::uint8_t* p) { return std::bit_cast<float>(read_u32(p)); }

std::string_view as_text(std::span<const std::uint8_t> body) {
  return {reinterpret_cast<const char*>(body.data()), body.size()};
}

}  // namespace

void FrameDecoder::feed(std::span<const std::uint8_t> bytes, StreamSink& sink) {
  reader_.feed(bytes, [&](const RawFrame& frame) { on_frame(frame, sink); });
}

void FrameDecoder::resync() {
  reader_.resync();
  expected_seq_.reset();
}

LinkCounts FrameDecoder::counts() const {
  LinkCounts c;
  c.samples = samples_count_;
  c.corrupt_frames = reader_.corrupt_frames() + body_corrupt_;
  c.lost_frames = lost_frames_;
  c.lost_samples = lost_samples_;
  c.unknown_frames = unknown_frames_;
  return c;
}

void FrameDecoder::track_seq(const RawFrame& frame) {
  if (expected_seq_) {
    // Distance forward modulo 2^16: seq wraps from 65535 to 0.
    const auto missing = static_cast<std::uint16_t>(frame.seq - *expected_seq_);
    // A jump of more than half the range is a restarted device, not 30000 lost frames.
    if (missing != 0 && missing < 0x8000 && missing > frame.corrupt_before) {
      lost_frames_ += missing - frame.corrupt_before;
    }
  }
  expected_seq_ = static_cast<std::uint16_t>(frame.seq + 1);
}

void FrameDecoder::on_frame(const RawFrame& frame, StreamSink& sink) {
  // The CRC held, so seq is trustworthy even if the body turns out malformed.
  track_seq(frame);
  switch (static_cast<FrameType>(frame.type)) {
    case FrameType::hello:
      if (auto hello = parse_hello(as_text(frame.body))) {
        sink.on_hello(*hello);
        return;
      }
      break;
    case FrameType::status:
      if (auto status = parse_status(as_text(frame.body))) {
        sink.on_status(*status);
        return;
      }
      break;
    case FrameType::samples:
      if (on_samples_frame(frame, sink)) return;
      break;
    case FrameType::hello_request:
    case FrameType::start:
    case FrameType::stop:
    default:
      // Host-to-device types coming from a device, or a newer firmware's extension.
      ++unknown_frames_;
      return;
  }
  ++body_corrupt_;
}

bool FrameDecoder::on_samples_frame(const RawFrame& frame, StreamSink& sink) {
  const auto body = frame.body;
  if (body.size() < kSamplesHeaderBytes) return false;
  const std::uint64_t t0_us = read_u64(body.data());
  const std::uint32_t period_us = read_u32(body.data() + 8);
  const auto count = static_cast<std::size_t>(body[12] | (body[13] << 8));
  if (body.size() != kSamplesHeaderBytes + count * kSampleRecordBytes) return false;
  if (count > 0 && period_us == 0) return false;
  if (count > 0 && (count - 1) > (UINT64_MAX - t0_us) / period_us) return false;  // t would overflow

  if (count > 0 && last_t_us_ && t0_us > *last_t_us_ && last_period_us_ > 0) {
    const double period = last_period_us_;
    const double gap = static_cast<double>(t0_us - *last_t_us_);
    if (gap > 1.5 * period) {
      const auto lost = static_cast<std::uint64_t>(std::llround(gap / period - 1.0));
      lost_samples_ += lost;
      sink.on_gap(SampleGap{*last_t_us_, t0_us, lost});
    }
  }

  samples_.resize(count);
  const std::uint8_t* p = body.data() + kSamplesHeaderBytes;
  for (std::size_t i = 0; i < count; ++i, p += kSampleRecordBytes) {
    samples_[i].t_us = t0_us + i * period_us;
    samples_[i].torque_nm = read_f32(p);
    samples_[i].angle_deg = read_f32(p + 4);
    samples_[i].velocity_deg_s = read_f32(p + 8);
  }
  if (count == 0) return true;
  last_t_us_ = samples_.back().t_us;
  last_period_us_ = period_us;
  samples_count_ += count;
  sink.on_samples(samples_);
  return true;
}

}  // namespace isokin::device::protocol
