// `isokin calibrate`: reads, measures and writes the per-channel calibration of a
// device that keeps one (isokin-bridge; docs/hardware.md, "Calibration"). Two known
// points per channel give gain and offset (physical = gain * raw + offset, raw being
// volts at the bridge's ADC input). Interactive by default; scriptable with --set,
// --points, --factory and --read, and the interactive prompts also read from a pipe.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "device/calibration/calibration_link.hpp"
#include "model/error.hpp"

namespace isokin::cli {
namespace {

using device::protocol::DeviceCalibration;

struct ChannelInfo {
  const char* option;   // torque, angle, velocity
  const char* name;     // torque_nm ...: as in SAMPLES and HELLO
  const char* unit;
  const char* hint;     // what a known point is, for the person at the machine
};

constexpr std::array<ChannelInfo, 3> kChannels{{
    {"torque", "torque_nm", "N·m",
     "a known mass hanging on the lever arm (N·m = kg x 9.81 x metres from the axis), or the dynamometer's own "
     "calibration check; 0 with the arm unloaded and level"},
    {"angle", "angle_deg", "deg", "the arm held at an angle measured with a goniometer (two angles far apart)"},
    {"velocity", "velocity_deg_s", "deg/s",
     "the arm at rest (0), then moving at a preset isokinetic speed (e.g. 60; extension is negative)"},
}};

// Smallest raw difference between the two points: below it, the ADC's quantisation
// (about 5 mV) would dominate the gain.
constexpr double kMinPointSpanV = 0.05;

struct CalibrateOptions {
  std::string device_uri;
  bool read_only = false;
  bool factory = false;
  std::string serial;
  std::vector<std::string> set;
  std::vector<std::string> points;
  std::vector<std::string> measure;
  double seconds = 1.0;
};

std::size_t channel_index(const std::string& name, const char* option) {
  for (std::size_t i = 0; i < kChannels.size(); ++i) {
    if (name == kChannels[i].option || name == kChannels[i].name) return i;
  }
  throw InputError(fmt::format("{} '{}': the channel must be torque, angle or velocity", option, name));
}

double parse_number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v)) {
    throw InputError(fmt::format("{}: '{}' is not a number", what, text));
  }
  return v;
}

// "CH=A,B" -> (channel, A, B) with A and B split at `sep`.
std::pair<std::size_t, std::string> split_channel(const std::string& arg, const char* option) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) throw InputError(fmt::format("{} '{}': expected CHANNEL=...", option, arg));
  return {channel_index(arg.substr(0, eq), option), arg.substr(eq + 1)};
}

device::protocol::ChannelCalibration two_points(const ChannelInfo& ch, double raw1, double value1, double raw2,
                                                double value2) {
  if (std::abs(raw2 - raw1) < kMinPointSpanV) {
    throw InputError(fmt::format("{}: the two points are {:.4f} V apart at the ADC input, less than {} V: choose "
                                 "known values further apart",
                                 ch.option, std::abs(raw2 - raw1), kMinPointSpanV));
  }
  const double gain = (value2 - value1) / (raw2 - raw1);
  return {static_cast<float>(gain), static_cast<float>(value1 - gain * raw1)};
}

void print_calibration(const DeviceCalibration& c, const char* title) {
  fmt::print("{} (serial {}):\n", title, c.serial.empty() ? "unchanged" : c.serial);
  for (std::size_t i = 0; i < kChannels.size(); ++i) {
    fmt::print("  {:<15} gain {:<14.9g} offset {:<14.9g} ({} = gain x volts at the ADC input + offset)\n",
               kChannels[i].name, c.channels[i].gain, c.channels[i].offset, kChannels[i].unit);
  }
  std::fflush(stdout);
}

// Raw reading (volts at the ADC input) of a channel: the device sends calibrated
// values, so the calibration in force is undone.
double raw_of(double calibrated, const device::protocol::ChannelCalibration& in_force) {
  return (calibrated - in_force.offset) / in_force.gain;
}

double ask_value(const ChannelInfo& ch, int point) {
  fmt::print("{} point {}: set {}, then type its value in {} and press Enter:\n", ch.option, point, ch.hint, ch.unit);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) throw InputError("calibrate: the input ended before every point was given");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return parse_number(line, fmt::format("{} point {}", ch.option, point));
}

void run_calibrate(const CalibrateOptions& o) {
  device::CalibrationLink link(o.device_uri);
  const auto hello = link.open();
  fmt::print("device {}: model {}, serial {}, firmware {}, {:g} Hz\n", o.device_uri, hello.model, hello.serial,
             hello.firmware, hello.rate_hz);
  const DeviceCalibration in_force = link.read();
  print_calibration(in_force, "calibration in force");
  if (o.read_only) return;

  DeviceCalibration next = in_force;
  next.serial = o.serial;  // empty: the device keeps its serial
  if (o.factory) next.channels = {};
  for (const auto& arg : o.set) {
    const auto [c, rest] = split_channel(arg, "--set");
    const auto comma = rest.find(',');
    if (comma == std::string::npos) throw InputError(fmt::format("--set '{}': expected CHANNEL=GAIN,OFFSET", arg));
    next.channels[c] = {static_cast<float>(parse_number(rest.substr(0, comma), "--set " + arg)),
                        static_cast<float>(parse_number(rest.substr(comma + 1), "--set " + arg))};
  }
  for (const auto& arg : o.points) {
    const auto [c, rest] = split_channel(arg, "--points");
    const auto comma = rest.find(',');
    const auto colon1 = rest.find(':');
    const auto colon2 = comma == std::string::npos ? std::string::npos : rest.find(':', comma);
    if (comma == std::string::npos || colon1 == std::string::npos || colon1 > comma || colon2 == std::string::npos) {
      throw InputError(fmt::format("--points '{}': expected CHANNEL=VOLTS1:VALUE1,VOLTS2:VALUE2", arg));
    }
    const std::string what = "--points " + arg;
    next.channels[c] = two_points(kChannels[c], parse_number(rest.substr(0, colon1), what),
                                  parse_number(rest.substr(colon1 + 1, comma - colon1 - 1), what),
                                  parse_number(rest.substr(comma + 1, colon2 - comma - 1), what),
                                  parse_number(rest.substr(colon2 + 1), what));
  }
  for (const auto& name : o.measure) {
    const std::size_t c = channel_index(name, "--measure");
    const auto& ch = kChannels[c];
    std::array<double, 2> raw{}, value{};
    for (int p = 0; p < 2; ++p) {
      value[p] = ask_value(ch, p + 1);
      const auto means = link.measure(o.seconds);
      raw[p] = raw_of(means.mean[c], in_force.channels[c]);
      fmt::print("  {} = {:.9g} {}: {:.5f} V at the ADC input (mean of {} samples)\n", ch.option, value[p], ch.unit,
                 raw[p], means.samples);
      std::fflush(stdout);
    }
    next.channels[c] = two_points(ch, raw[0], value[0], raw[1], value[1]);
  }
  const DeviceCalibration stored = link.write(next);
  print_calibration(stored, "written to the device and read back");
  for (std::size_t i = 0; i < kChannels.size(); ++i) {
    if (stored.channels[i].gain != next.channels[i].gain || stored.channels[i].offset != next.channels[i].offset) {
      throw device::DeviceError(fmt::format("the device stored {} gain {} offset {}, not what was written", kChannels[i].name,
                                    stored.channels[i].gain, stored.channels[i].offset));
    }
  }
}

void setup(CLI::App& isokin) {
  auto o = std::make_shared<CalibrateOptions>();
  auto* cmd = isokin.add_subcommand("calibrate",
                                    "Read, measure and write the calibration of a device that keeps one (isokin-bridge)");
  cmd->add_option("--device", o->device_uri, "serial:///dev/ttyACM0?baud=1000000")->required();
  cmd->add_flag("--read", o->read_only, "Print the calibration in force and change nothing");
  cmd->add_flag("--factory", o->factory, "Start from the factory default (gain 1, offset 0: volts)");
  cmd->add_option("--serial", o->serial, "Also store this serial number (up to 16 printable characters)");
  cmd->add_option("--set", o->set, "CHANNEL=GAIN,OFFSET written as given (channel: torque, angle, velocity)");
  cmd->add_option("--points", o->points,
                  "CHANNEL=VOLTS1:VALUE1,VOLTS2:VALUE2: two known points already read at the ADC input");
  cmd->add_option("--measure", o->measure,
                  "CHANNEL to measure at two known points, asking for each value on standard input "
                  "(default: torque, angle and velocity when no other change is asked)");
  cmd->add_option("--seconds", o->seconds, "Measurement per point, seconds of device time")->check(CLI::Range(0.05, 60.0));
  cmd->callback([o] {
    if (!o->read_only && !o->factory && o->set.empty() && o->points.empty() && o->measure.empty() && o->serial.empty()) {
      o->measure = {"torque", "angle", "velocity"};
    }
    run_calibrate(*o);
  });
}

const CommandRegistration registration{"calibrate", &setup};

}  // namespace
}  // namespace isokin::cli
