// A serial link to a protocol device for `isokin calibrate`: HELLO, the calibration
// pair (CALIBRATION_REQUEST / CALIBRATION_WRITE), and short measurements (START,
// samples for a given device time, STOP). Separate from ProtocolDevice, which the
// acquisition owns: calibration is a conversation, not a stream.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "device/device.hpp"
#include "device/protocol/device_calibration.hpp"
#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/frame_reader.hpp"
#include "device/transports/byte_link.hpp"

namespace isokin::device {

// Mean of each channel over a measurement, as the device sent it (calibrated units).
struct ChannelMeans {
  std::array<double, protocol::kCalibrationChannels> mean{};
  std::uint64_t samples = 0;
};

class CalibrationLink final : private protocol::StreamSink {
 public:
  // serial:///dev/ttyACM0?baud=1000000 (frame mode). Throws InputError for another scheme.
  explicit CalibrationLink(std::string_view uri);
  ~CalibrationLink() override;

  // Opens the port and waits for HELLO (asking every 500 ms, up to 2 s); DeviceError otherwise.
  DeviceHello open();
  // The calibration in force; DeviceError when no CALIBRATION comes within 1 s (a device
  // without the calibration messages ignores the request).
  protocol::DeviceCalibration read();
  // Writes and returns what the device stored (it answers STATUS, then CALIBRATION).
  // DeviceError carries the device's own message when it refuses.
  protocol::DeviceCalibration write(const protocol::DeviceCalibration& calibration);
  // Records `duration_s` of device time and averages each channel.
  ChannelMeans measure(double duration_s);

 private:
  void on_hello(const DeviceHello& hello) override { hello_ = hello; }
  void on_status(const protocol::DeviceStatus& status) override { status_ = status; }
  void on_samples(std::span<const DeviceSample> samples) override;

  void send(const std::vector<std::uint8_t>& frame);
  void pump(std::chrono::milliseconds timeout);
  // Waits for the STATUS that acknowledges `seq`; throws on error or timeout.
  protocol::DeviceStatus await_status(std::uint16_t seq, const char* command);

  std::string uri_;
  std::unique_ptr<ByteLink> link_;
  protocol::FrameEncoder encoder_;
  protocol::FrameDecoder decoder_;        // HELLO, STATUS, SAMPLES
  protocol::FrameReader reader_;          // CALIBRATION (the decoder skips unknown types)
  std::vector<std::uint8_t> buffer_;
  std::optional<DeviceHello> hello_;
  std::optional<protocol::DeviceStatus> status_;
  std::optional<protocol::DeviceCalibration> calibration_;
  bool measuring_ = false;
  std::optional<std::uint64_t> first_t_us_;
  std::uint64_t last_t_us_ = 0;
  ChannelMeans sums_;
};

}  // namespace isokin::device
