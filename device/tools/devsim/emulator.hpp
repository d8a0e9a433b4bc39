// The emulated device: the simulator's athlete model behind the wire protocol, paced
// by absolute deadlines on the steady clock, with faults injected on request.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/frame_reader.hpp"
#include "device/simulator/athlete_model.hpp"
#include "serial_endpoint.hpp"

namespace isokin::devsim {

enum class WireFormat { frame, line };

struct EmulatorOptions {
  WireFormat format = WireFormat::frame;
  device::sim::SimulatorParams params;  // rate_hz and speed pace the stream
  std::size_t samples_per_frame = 0;    // 0: about 100 frames per second of device time
  std::uint64_t count = 0;              // stop streaming after this many samples (0: until STOP)
  std::string truth_file;               // every sample generated, with what became of it
  double corrupt_rate = 0;              // probability that a SAMPLES frame is corrupted
  double drop_rate = 0;                 // probability that a SAMPLES frame is not sent
  std::uint64_t fault_seed = 1;
  std::optional<double> stall_at_s;     // device time of a stall
  double stall_ms = 0;
  std::optional<double> disconnect_at_s;  // device time of a disconnect
  double return_after_s = 1;
  double linger_s = 10;                 // after --count: wait this long for the host to stop or close
};

class Emulator {
 public:
  Emulator(SerialEndpoint& endpoint, EmulatorOptions options);
  // Serves until the count is reached and the host stopped or went away, or forever.
  void run();

 private:
  using Clock = std::chrono::steady_clock;

  void on_command(const device::protocol::RawFrame& frame);
  void start_stream(const device::StartRequest& request);
  void emit_due(Clock::time_point now);
  void emit_frame(std::uint64_t first_index, const std::vector<device::DeviceSample>& samples);
  void emit_lines(const std::vector<device::DeviceSample>& samples);
  void log_truth(const device::DeviceSample& s, const char* fate);
  void send_status(device::protocol::DeviceStatus::State state, std::string message, std::optional<std::uint16_t> acked);
  std::uint64_t t_us_of(std::uint64_t index) const;
  Clock::time_point due_of(std::uint64_t index) const;
  bool stalled(Clock::time_point now) const;

  SerialEndpoint& endpoint_;
  EmulatorOptions options_;
  device::protocol::FrameEncoder encoder_;
  device::protocol::FrameReader reader_;
  std::optional<device::sim::AthleteModel> model_;
  std::optional<device::StartRequest> request_;
  bool streaming_ = false;
  bool finished_ = false;
  bool stopped_by_host_ = false;
  bool online_ = true;
  bool disconnected_once_ = false;
  Clock::time_point stream_start_{};
  Clock::time_point close_at_{};
  Clock::time_point reconnect_at_{};
  Clock::time_point finished_at_{};
  std::uint64_t next_index_ = 0;      // next sample to generate
  std::uint64_t period_us_ = 1000;
  std::vector<device::sim::ModelSample> model_buffer_;
  std::vector<device::DeviceSample> frame_buffer_;
  std::mt19937_64 faults_;
  std::ofstream truth_;
  std::uint64_t trials_ = 0;
};

}  // namespace isokin::devsim
