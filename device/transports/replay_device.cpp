#include "device/transports/replay_device.hpp"

#include <cmath>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "device/transports/device_uri.hpp"
#include "store/session_store.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;

class ReplayDevice final : public Device {
 public:
  ReplayDevice(std::string uri, std::filesystem::path file, std::string trial_id, double speed)
      : uri_(std::move(uri)), file_(std::move(file)), trial_id_(std::move(trial_id)), speed_(speed) {}

  DeviceHello open() override {
    if (trial_id_.empty()) {
      const auto trials = store::list_trials(file_);
      if (trials.empty()) throw DeviceError(fmt::format("{}: the session has no trial to replay", file_.string()));
      trial_id_ = trials.front().info.id;
    }
    trial_ = store::read_trial(file_, trial_id_);
    DeviceHello hello;
    hello.model = "replay";
    hello.serial = file_.filename().string();
    hello.firmware = trial_id_;
    hello.rate_hz = trial_.info.sample_rate_hz;
    hello.joints = {trial_.info.joint};
    return hello;
  }

  void start(const StartRequest&) override {
    next_ = 0;
    started_ = Clock::now();
  }

  ReadResult read(std::vector<DeviceSample>& out, std::chrono::milliseconds timeout) override {
    const auto& s = trial_.samples;
    ReadResult result;
    const auto deadline = Clock::now() + timeout;
    std::size_t end = s.size();
    if (speed_ > 0 && next_ < s.size()) {
      // Wait for the next sample's deadline if none is due yet.
      const auto due = started_ + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>((s.time_s[next_] - s.time_s[0]) / speed_));
      std::this_thread::sleep_until(std::min(due, deadline));
      const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count() * speed_;
      end = next_;
      while (end < s.size() && s.time_s[end] - s.time_s[0] <= elapsed) ++end;
    } else {
      end = std::min(s.size(), next_ + 4096);  // as fast as taken, in bounded batches
    }
    for (; next_ < end; ++next_) {
      out.push_back(DeviceSample{static_cast<std::uint64_t>(std::llround((s.time_s[next_] - s.time_s[0]) * 1e6)),
                                 static_cast<float>(s.torque_nm[next_]), static_cast<float>(s.angle_deg[next_]),
                                 static_cast<float>(s.velocity_deg_s[next_])});
    }
    counts_.samples = next_;
    result.host_time_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (next_ >= s.size()) result.status = ReadStatus::finished;
    return result;
  }

  void stop() override {}
  void close() override {}
  LinkCounts counts() const override { return counts_; }
  std::string uri() const override { return uri_; }
  std::optional<LimbGravity> weigh_limb() override { return trial_.info.gravity; }

 private:
  std::string uri_;
  std::filesystem::path file_;
  std::string trial_id_;
  double speed_;
  Trial trial_;
  std::size_t next_ = 0;
  Clock::time_point started_ = Clock::now();
  LinkCounts counts_;
};

}  // namespace

std::unique_ptr<Device> make_replay_device(std::string_view uri) {
  const DeviceUri parsed = parse_device_uri(uri);
  require_known_keys(parsed, uri, {"speed", "trial"});
  if (parsed.path.empty()) throw InputError(fmt::format("device URI '{}': no file (replay://FILE.h5)", uri));
  const double speed = query_number(parsed, uri, "speed", 1, 0, 1e6);
  const auto trial = parsed.query.count("trial") ? parsed.query.at("trial") : std::string();
  return std::make_unique<ReplayDevice>(std::string(uri), parsed.path, trial, speed);
}

}  // namespace isokin::device
