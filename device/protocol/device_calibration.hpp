// CALIBRATION and CALIBRATION_WRITE bodies (docs/protocol.md, "Calibration"): per
// channel, physical = gain * raw + offset, where raw is what the device measures
// before calibration (volts at the ADC input for isokin-bridge), plus the device's
// serial number. Used by `isokin calibrate`; the acquisition never needs them (the
// calibration in force also comes with HELLO).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace isokin::device::protocol {

struct ChannelCalibration {
  float gain = 1;
  float offset = 0;
};

// Channels in SAMPLES order: torque_nm, angle_deg, velocity_deg_s.
inline constexpr std::size_t kCalibrationChannels = 3;
inline constexpr std::size_t kMaxSerialBytes = 16;

struct DeviceCalibration {
  std::array<ChannelCalibration, kCalibrationChannels> channels{};
  // In CALIBRATION: the device's serial. In CALIBRATION_WRITE: a new serial, or
  // empty to keep the stored one.
  std::string serial;
};

// Throws InputError naming the value when a gain is 0 or not finite, an offset is not
// finite, or the serial is longer than 16 bytes, holds a space, a quote, a backslash
// or a byte outside printable ASCII.
std::vector<std::uint8_t> calibration_body(const DeviceCalibration& calibration);

// nullopt for a body that does not match (the frame is then corrupt).
std::optional<DeviceCalibration> parse_calibration(std::span<const std::uint8_t> body);

}  // namespace isokin::device::protocol
