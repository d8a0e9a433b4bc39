#include "device/protocol/device_calibration.hpp"

#include <bit>
#include <cmath>

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::device::protocol {
namespace {

constexpr std::size_t kFixedBytes = 1 + kCalibrationChannels * 8 + 1;

void put_f32(std::vector<std::uint8_t>& out, float v) {
  const auto bits = std::bit_cast<std::uint32_t>(v);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

float get_f32(const std::uint8_t* p) {
  const std::uint32_t bits = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                             (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
  return std::bit_cast<float>(bits);
}

bool serial_byte_ok(unsigned char c) { return c >= 0x21 && c <= 0x7E && c != '"' && c != '\\'; }

}  // namespace

std::vector<std::uint8_t> calibration_body(const DeviceCalibration& calibration) {
  static constexpr const char* kNames[] = {"torque", "angle", "velocity"};
  for (std::size_t c = 0; c < kCalibrationChannels; ++c) {
    const auto& ch = calibration.channels[c];
    if (!std::isfinite(ch.gain) || ch.gain == 0) {
      throw InputError(fmt::format("{} gain {}: must be finite and not 0", kNames[c], ch.gain));
    }
    if (!std::isfinite(ch.offset)) throw InputError(fmt::format("{} offset {}: must be finite", kNames[c], ch.offset));
  }
  if (calibration.serial.size() > kMaxSerialBytes) {
    throw InputError(fmt::format("serial '{}': at most {} characters", calibration.serial, kMaxSerialBytes));
  }
  for (const char c : calibration.serial) {
    if (!serial_byte_ok(static_cast<unsigned char>(c))) {
      throw InputError(fmt::format("serial '{}': printable ASCII only, without spaces, quotes or backslashes",
                                   calibration.serial));
    }
  }
  std::vector<std::uint8_t> body;
  body.reserve(kFixedBytes + calibration.serial.size());
  body.push_back(static_cast<std::uint8_t>(kCalibrationChannels));
  for (const auto& ch : calibration.channels) {
    put_f32(body, ch.gain);
    put_f32(body, ch.offset);
  }
  body.push_back(static_cast<std::uint8_t>(calibration.serial.size()));
  body.insert(body.end(), calibration.serial.begin(), calibration.serial.end());
  return body;
}

std::optional<DeviceCalibration> parse_calibration(std::span<const std::uint8_t> body) {
  if (body.size() < kFixedBytes || body[0] != kCalibrationChannels) return std::nullopt;
  const std::size_t serial_bytes = body[kFixedBytes - 1];
  if (serial_bytes > kMaxSerialBytes || body.size() != kFixedBytes + serial_bytes) return std::nullopt;
  DeviceCalibration out;
  for (std::size_t c = 0; c < kCalibrationChannels; ++c) {
    out.channels[c].gain = get_f32(body.data() + 1 + 8 * c);
    out.channels[c].offset = get_f32(body.data() + 5 + 8 * c);
    if (!std::isfinite(out.channels[c].gain) || !std::isfinite(out.channels[c].offset)) return std::nullopt;
  }
  for (std::size_t i = 0; i < serial_bytes; ++i) {
    const auto c = body[kFixedBytes + i];
    if (!serial_byte_ok(c)) return std::nullopt;
    out.serial.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace isokin::device::protocol
