#include "device/calibration/calibration_link.hpp"

#include <fmt/format.h>

#include "device/protocol/messages.hpp"
#include "device/transports/device_uri.hpp"
#include "device/transports/serial_link.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds remaining(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? left : milliseconds(0);
}

}  // namespace

CalibrationLink::CalibrationLink(std::string_view uri) : uri_(uri), buffer_(16 * 1024) {
  const DeviceUri parsed = parse_device_uri(uri);
  if (parsed.scheme != "serial") {
    throw InputError(fmt::format("device URI '{}': calibration speaks to a serial device (serial:///dev/ttyACM0?baud=1000000)", uri));
  }
  require_known_keys(parsed, uri, {"baud", "format", "low_latency"});
  if (parsed.path.empty()) throw InputError(fmt::format("device URI '{}': no port path", uri));
  if (const auto it = parsed.query.find("format"); it != parsed.query.end() && it->second != "frame" && it->second != "auto") {
    throw InputError(fmt::format("device URI '{}': calibration needs frame mode (got format={})", uri, it->second));
  }
  SerialSettings settings;
  settings.path = parsed.path;
  settings.baud = static_cast<unsigned>(query_number(parsed, uri, "baud", 1'000'000, 50, 20'000'000));
  settings.low_latency = query_number(parsed, uri, "low_latency", 1, 0, 1) != 0;
  link_ = make_serial_link(settings);
}

CalibrationLink::~CalibrationLink() { link_->close(); }

void CalibrationLink::send(const std::vector<std::uint8_t>& frame) {
  if (!link_->write(frame)) throw DeviceError(uri_ + ": the device went away");
}

void CalibrationLink::pump(milliseconds timeout) {
  const LinkRead r = link_->read_some(buffer_, timeout);
  if (r.lost) throw DeviceError(uri_ + ": the device went away");
  if (r.bytes == 0) return;
  const std::span<const std::uint8_t> bytes(buffer_.data(), r.bytes);
  decoder_.feed(bytes, *this);
  reader_.feed(bytes, [this](const protocol::RawFrame& frame) {
    if (frame.type != static_cast<std::uint8_t>(protocol::FrameType::calibration)) return;
    calibration_ = protocol::parse_calibration(frame.body);
  });
}

void CalibrationLink::on_samples(std::span<const DeviceSample> samples) {
  if (!measuring_) return;
  for (const auto& s : samples) {
    if (!first_t_us_) first_t_us_ = s.t_us;
    last_t_us_ = s.t_us;
    sums_.mean[0] += s.torque_nm;
    sums_.mean[1] += s.angle_deg;
    sums_.mean[2] += s.velocity_deg_s;
    ++sums_.samples;
  }
}

DeviceHello CalibrationLink::open() {
  link_->open();
  const auto deadline = Clock::now() + milliseconds(2000);
  auto next_request = Clock::now();
  while (Clock::now() < deadline) {
    if (Clock::now() >= next_request) {
      send(encoder_.hello_request());
      next_request = Clock::now() + milliseconds(500);
    }
    pump(std::min(remaining(deadline), milliseconds(50)));
    if (hello_) return *hello_;
  }
  throw DeviceError(uri_ + ": no HELLO within 2 s of HELLO_REQUEST (wrong port or baud rate? the bridge runs at 1000000)");
}

protocol::DeviceStatus CalibrationLink::await_status(std::uint16_t seq, const char* command) {
  const auto deadline = Clock::now() + milliseconds(1500);
  while (Clock::now() < deadline) {
    pump(std::min(remaining(deadline), milliseconds(50)));
    if (status_ && status_->acked_seq == seq) {
      const auto status = *status_;
      status_.reset();
      if (status.state == protocol::DeviceStatus::State::error) {
        throw DeviceError(status.message.empty() ? fmt::format("the device refused {}", command) : status.message);
      }
      return status;
    }
  }
  throw DeviceError(fmt::format("{}: no STATUS within 1.5 s of {}", uri_, command));
}

protocol::DeviceCalibration CalibrationLink::read() {
  calibration_.reset();
  send(encoder_.frame(static_cast<std::uint8_t>(protocol::FrameType::calibration_request), {}));
  const auto deadline = Clock::now() + milliseconds(1000);
  while (Clock::now() < deadline && !calibration_) pump(std::min(remaining(deadline), milliseconds(50)));
  if (!calibration_) {
    throw DeviceError(uri_ + ": no CALIBRATION within 1 s of CALIBRATION_REQUEST (does this device keep a calibration?)");
  }
  return *calibration_;
}

protocol::DeviceCalibration CalibrationLink::write(const protocol::DeviceCalibration& calibration) {
  const auto body = protocol::calibration_body(calibration);
  calibration_.reset();
  const std::uint16_t seq = encoder_.next_seq();
  send(encoder_.frame(static_cast<std::uint8_t>(protocol::FrameType::calibration_write), body));
  await_status(seq, "CALIBRATION_WRITE");
  const auto deadline = Clock::now() + milliseconds(1000);
  while (Clock::now() < deadline && !calibration_) pump(std::min(remaining(deadline), milliseconds(50)));
  // The device answers with what it stored; without it, ask.
  return calibration_ ? *calibration_ : read();
}

ChannelMeans CalibrationLink::measure(double duration_s) {
  StartRequest request;
  request.mode = TestMode::isometric;  // the bridge samples whatever the dynamometer does
  request.velocity_ext_deg_s = request.velocity_flex_deg_s = 0;
  sums_ = {};
  first_t_us_.reset();
  measuring_ = true;
  const std::uint16_t start_seq = encoder_.next_seq();
  send(encoder_.start(request));
  await_status(start_seq, "START");
  const auto wall_limit = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(duration_s * 4 + 3));
  const auto want_us = static_cast<std::uint64_t>(duration_s * 1e6);
  while (!(first_t_us_ && last_t_us_ - *first_t_us_ >= want_us)) {
    if (Clock::now() > wall_limit) {
      measuring_ = false;
      throw DeviceError(fmt::format("{}: {} samples in {:g} s, fewer than {:g} s of device time", uri_, sums_.samples,
                                    duration_s * 4 + 3, duration_s));
    }
    pump(milliseconds(50));
  }
  measuring_ = false;
  const std::uint16_t stop_seq = encoder_.next_seq();
  send(encoder_.stop());
  await_status(stop_seq, "STOP");
  ChannelMeans means = sums_;
  for (auto& m : means.mean) m /= static_cast<double>(means.samples);
  return means;
}

}  // namespace isokin::device
