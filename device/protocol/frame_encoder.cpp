#include "device/protocol/frame_encoder.hpp"

#include <bit>
#include <stdexcept>

#include "device/protocol/cobs.hpp"
#include "device/protocol/crc16.hpp"
#include "device/protocol/messages.hpp"

namespace isokin::device::protocol {
namespace {

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::vector<std::uint8_t> build_frame(std::uint8_t type, std::uint16_t seq, std::span<const std::uint8_t> body) {
  if (body.size() > kMaxFrameBytes - kMinFrameBytes) {
    throw std::length_error("frame body of " + std::to_string(body.size()) + " bytes exceeds the protocol's 4096-byte frame");
  }
  std::vector<std::uint8_t> frame;
  frame.reserve(body.size() + kMinFrameBytes);
  frame.push_back(kProtocolVersion);
  frame.push_back(type);
  put_u16(frame, seq);
  frame.insert(frame.end(), body.begin(), body.end());
  put_u16(frame, crc16_ccitt_false(frame));
  return frame;
}

void encode_frame(std::uint8_t type, std::uint16_t seq, std::span<const std::uint8_t> body,
                  std::vector<std::uint8_t>& out) {
  const auto frame = build_frame(type, seq, body);
  cobs_encode(frame, out);
  out.push_back(0);
}

std::vector<std::uint8_t> samples_body(std::uint64_t t0_us, std::uint32_t period_us,
                                       std::span<const DeviceSample> samples) {
  if (samples.size() > kMaxSamplesPerFrame) {
    throw std::length_error("a SAMPLES frame carries at most 339 samples");
  }
  std::vector<std::uint8_t> body;
  body.reserve(kSamplesHeaderBytes + samples.size() * kSampleRecordBytes);
  put_u64(body, t0_us);
  put_u32(body, period_us);
  put_u16(body, static_cast<std::uint16_t>(samples.size()));
  for (const auto& s : samples) {
    put_u32(body, std::bit_cast<std::uint32_t>(s.torque_nm));
    put_u32(body, std::bit_cast<std::uint32_t>(s.angle_deg));
    put_u32(body, std::bit_cast<std::uint32_t>(s.velocity_deg_s));
  }
  return body;
}

std::vector<std::uint8_t> FrameEncoder::frame(std::uint8_t type, std::span<const std::uint8_t> body) {
  std::vector<std::uint8_t> out;
  encode_frame(type, next_seq_, body, out);
  ++next_seq_;  // wraps at 65535 (unsigned arithmetic)
  return out;
}

std::vector<std::uint8_t> FrameEncoder::text_frame(FrameType type, std::string_view text) {
  return frame(static_cast<std::uint8_t>(type), bytes_of(text));
}

std::vector<std::uint8_t> FrameEncoder::hello_request() { return frame(static_cast<std::uint8_t>(FrameType::hello_request), {}); }
std::vector<std::uint8_t> FrameEncoder::start(const StartRequest& request) { return text_frame(FrameType::start, start_to_json(request)); }
std::vector<std::uint8_t> FrameEncoder::stop() { return frame(static_cast<std::uint8_t>(FrameType::stop), {}); }
std::vector<std::uint8_t> FrameEncoder::hello(const DeviceHello& h) { return text_frame(FrameType::hello, hello_to_json(h)); }
std::vector<std::uint8_t> FrameEncoder::status(const DeviceStatus& s) { return text_frame(FrameType::status, status_to_json(s)); }

std::vector<std::uint8_t> FrameEncoder::samples(std::uint64_t t0_us, std::uint32_t period_us,
                                                std::span<const DeviceSample> samples) {
  const auto body = samples_body(t0_us, period_us, samples);
  return frame(static_cast<std::uint8_t>(FrameType::samples), body);
}

}  // namespace isokin::device::protocol
