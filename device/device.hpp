// The device interface every transport implements (simulator, serial, USB, replay).
//
// A driver only turns its source into timestamped samples; buffering, recording and
// fan-out to live views belong to the acquisition pipeline (device/acquisition/).
// The reader thread of the pipeline owns a Device and calls it from that one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/test_mode.hpp"
#include "model/trial.hpp"

namespace isokin::device {

// The link failed or the device refused (STATUS error, wrong URI, port busy).
// The message is meant for the person running the test, word for word.
class DeviceError : public Error {
 public:
  using Error::Error;
};

// What a device says about itself (protocol HELLO; the simulator fills it in too).
struct DeviceHello {
  std::string model;
  std::string serial;
  std::string firmware;
  double rate_hz = 0;
  std::optional<double> max_velocity_deg_s;
  std::vector<std::string> joints;
  // HELLO's optional "calibration" object, kept as JSON text for the session file.
  std::string calibration;
};

// What the host asks a device to do (protocol START).
struct StartRequest {
  TestMode mode = TestMode::con_con;
  double velocity_ext_deg_s = 60;
  double velocity_flex_deg_s = 60;
  std::optional<double> rom_min_deg;
  std::optional<double> rom_max_deg;
  int reps = 0;  // 0 = until STOP
  // Which limb is in the machine. Not on the wire (the operator positions the
  // athlete); the simulator uses it for its left/right strength difference.
  Side side = Side::left;
};

// One sample as the device sent it, device clock in microseconds.
struct DeviceSample {
  std::uint64_t t_us = 0;
  float torque_nm = 0;
  float angle_deg = 0;
  float velocity_deg_s = 0;
};

enum class ReadStatus {
  samples,    // zero or more samples were appended (timeout elapsed or data arrived)
  finished,   // the device ended the test by itself (asked repetitions done, replay at its end)
  link_lost,  // the link dropped; the driver may reconnect on the next read()
};

struct ReadResult {
  ReadStatus status = ReadStatus::samples;
  double host_time_s = 0;  // host clock (Unix epoch seconds) when the bytes arrived
};

class Device {
 public:
  virtual ~Device() = default;

  // Opens the link and returns what the device says about itself.
  virtual DeviceHello open() = 0;
  virtual void start(const StartRequest& request) = 0;
  // Waits up to `timeout` for samples and appends what arrived to `out`.
  virtual ReadResult read(std::vector<DeviceSample>& out, std::chrono::milliseconds timeout) = 0;
  virtual void stop() = 0;
  virtual void close() = 0;

  // Link statistics since open() (corrupt/lost frames, lost samples, reconnects).
  virtual LinkCounts counts() const = 0;
  // The URI the device was opened from, for the trial's `source` attribute.
  virtual std::string uri() const = 0;

  // The limb-weight torque for gravity correction, where the device can weigh the
  // relaxed limb itself (the simulator can); nullopt where the host must be told.
  virtual std::optional<LimbGravity> weigh_limb() { return std::nullopt; }

  // The trial a replayed device plays back (side, mode, speeds, repetitions, limb
  // weight), so a replay is recorded as what it was; nullopt for live devices.
  virtual std::optional<TrialInfo> recorded_trial() const { return std::nullopt; }
};

class RecordedSessionReader;

struct DeviceOptions {
  // Simulator parameters from a protocol file's [simulator] table; a sim:// URI's
  // own query overrides them key by key.
  std::map<std::string, std::string> simulator_defaults;
  // How replay:// reads a session file (the store's reader, given by the caller, so
  // that device/ does not link the store). replay:// is refused without one.
  std::shared_ptr<RecordedSessionReader> session_reader;
};

// Opens a device from its URI: sim://?..., serial:///dev/ttyUSB0?..., usb://VID:PID?...,
// replay://FILE.h5?speed=1. Throws InputError for a URI it does not understand.
std::unique_ptr<Device> open_device(std::string_view uri, const DeviceOptions& options = {});

}  // namespace isokin::device
