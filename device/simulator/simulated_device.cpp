#include "device/simulator/simulated_device.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "device/simulator/athlete_model.hpp"
#include "device/simulator/simulator_params.hpp"
#include "device/simulator/simulator_random.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFastBurst = 8192;        // samples per read() at speed=0
constexpr std::uint64_t kSerialStream = 7;
constexpr std::uint64_t kWeighStream = 9;

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class SimulatedDevice final : public Device {
 public:
  SimulatedDevice(std::string uri, sim::SimulatorParams params) : uri_(std::move(uri)), params_(params) {}

  DeviceHello open() override {
    opened_ = true;
    DeviceHello hello;
    hello.model = "isokin-sim";
    hello.serial = fmt::format("SIM-{:08X}", sim::mix_seed(params_.seed, kSerialStream) & 0xFFFFFFFFu);
    hello.firmware = "1.0.0";
    hello.rate_hz = params_.rate_hz;
    hello.max_velocity_deg_s = 500;
    hello.joints = {"knee"};
    return hello;
  }

  void start(const StartRequest& request) override {
    if (!opened_) throw DeviceError(fmt::format("{}: start before open", uri_));
    // Each trial gets its own noise, still fixed by the seed and the trial's order.
    model_.emplace(params_, request, sim::trial_seed(params_.seed, trials_started_++));
    start_time_ = Clock::now();
    trial_base_us_ = next_device_us_;
  }

  ReadResult read(std::vector<DeviceSample>& out, std::chrono::milliseconds timeout) override {
    if (!model_) {
      // Nothing running: a real device is silent too.
      std::this_thread::sleep_for(timeout);
      return {ReadStatus::samples, unix_now_s()};
    }
    if (model_->done()) {
      model_.reset();
      return {ReadStatus::finished, unix_now_s()};
    }
    std::uint64_t due = due_count(Clock::now());
    if (due <= model_->index()) {
      const auto wake = std::min(deadline(model_->index()), Clock::now() + timeout);
      std::this_thread::sleep_until(wake);
      due = due_count(Clock::now());
    }
    if (model_->total_samples() != 0) due = std::min(due, model_->total_samples());
    while (model_->index() < due) {
      const sim::ModelSample s = model_->next();
      const auto t_us = trial_base_us_ + static_cast<std::uint64_t>(std::llround(s.time_s * 1e6));
      out.push_back({t_us, static_cast<float>(s.torque_nm), static_cast<float>(s.angle_deg),
                     static_cast<float>(s.velocity_deg_s)});
      next_device_us_ = t_us + static_cast<std::uint64_t>(std::llround(1e6 / params_.rate_hz));
      ++counts_.samples;
    }
    return {ReadStatus::samples, unix_now_s()};
  }

  void stop() override { model_.reset(); }
  void close() override {
    model_.reset();
    opened_ = false;
  }
  LinkCounts counts() const override { return counts_; }
  std::string uri() const override { return uri_; }

  std::optional<LimbGravity> weigh_limb() override {
    return sim::weigh_limb(params_, sim::mix_seed(params_.seed, kWeighStream));
  }

 private:
  // Sample i is due at start + i / (rate * speed): an absolute deadline from the start,
  // so rounding never accumulates.
  Clock::time_point deadline(std::uint64_t i) const {
    const double s = static_cast<double>(i) / (params_.rate_hz * params_.speed);
    return start_time_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }

  std::uint64_t due_count(Clock::time_point now) const {
    if (params_.speed == 0) return model_->index() + kFastBurst;
    const double elapsed = std::chrono::duration<double>(now - start_time_).count();
    return static_cast<std::uint64_t>(std::floor(elapsed * params_.speed * params_.rate_hz)) + 1;
  }

  std::string uri_;
  sim::SimulatorParams params_;
  bool opened_ = false;
  std::optional<sim::AthleteModel> model_;
  Clock::time_point start_time_{};
  std::uint64_t trial_base_us_ = 0;
  std::uint64_t next_device_us_ = 0;
  std::uint64_t trials_started_ = 0;
  LinkCounts counts_;
};

}  // namespace

std::unique_ptr<Device> make_simulated_device(std::string_view uri, const std::map<std::string, std::string>& defaults) {
  sim::parse_simulator_params(defaults, "simulator defaults");  // so their errors name their source
  std::map<std::string, std::string> values = defaults;
  for (auto& [key, value] : sim::parse_sim_uri_query(uri)) values[key] = value;
  return std::make_unique<SimulatedDevice>(std::string(uri), sim::parse_simulator_params(values, uri));
}

}  // namespace isokin::device
