#include "device/transports/replay_device.hpp"

#include <cmath>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "device/transports/device_uri.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;

class ReplayDevice final : public Device {
 public:
  ReplayDevice(std::string uri, std::filesystem::path file, std::string trial_id, double speed,
               std::shared_ptr<RecordedSessionReader> reader)
      : uri_(std::move(uri)), file_(std::move(file)), trial_id_(std::move(trial_id)), speed_(speed),
        reader_(std::move(reader)) {}

  DeviceHello open() override {
    if (trial_id_.empty()) {
      const auto ids = reader_->trial_ids(file_);
      if (ids.empty()) throw DeviceError(fmt::format("{}: the session has no trial to replay", file_.string()));
      trial_id_ = ids.front();
    }
    trial_ = reader_->read_trial(file_, trial_id_);
    check_times();
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
  std::optional<TrialInfo> recorded_trial() const override {
    if (trial_.info.id.empty()) return std::nullopt;
    TrialInfo info = trial_.info;
    info.counts = {};
    info.gaps.clear();
    return info;
  }

 private:
  // Device time is made from these times: each must be a finite number of seconds,
  // from 0 on, above the one before (a NaN would become a 9.2e12 s device time).
  void check_times() const {
    const auto& t = trial_.samples.time_s;
    for (std::size_t i = 0; i < t.size(); ++i) {
      const bool bad = !std::isfinite(t[i]) || (i > 0 && !(t[i] > t[i - 1])) || t[i] - t[0] > 1e7;
      if (bad) {
        throw DeviceError(fmt::format(
            "{}: trial '{}': sample {}: time {} s is {} (expected finite, increasing times): not replayable",
            file_.string(), trial_id_, i, t[i],
            !std::isfinite(t[i]) ? std::string("not a finite number")
            : t[i] > t[i - 1]    ? fmt::format("more than 10^7 s after the first sample's {} s", t[0])
                                 : fmt::format("not after the previous sample's {} s", t[i - 1])));
      }
    }
  }

  std::string uri_;
  std::filesystem::path file_;
  std::string trial_id_;
  double speed_;
  std::shared_ptr<RecordedSessionReader> reader_;
  Trial trial_;
  std::size_t next_ = 0;
  Clock::time_point started_ = Clock::now();
  LinkCounts counts_;
};

}  // namespace

std::unique_ptr<Device> make_replay_device(std::string_view uri, std::shared_ptr<RecordedSessionReader> reader) {
  const DeviceUri parsed = parse_device_uri(uri);
  require_known_keys(parsed, uri, {"speed", "trial"});
  if (parsed.path.empty()) throw InputError(fmt::format("device URI '{}': no file (replay://FILE.h5)", uri));
  const double speed = query_number(parsed, uri, "speed", 1, 0, 1e6);
  const auto trial = parsed.query.count("trial") ? parsed.query.at("trial") : std::string();
  if (!reader) throw InputError(fmt::format("device URI '{}': replay is not available here (no session reader)", uri));
  return std::make_unique<ReplayDevice>(std::string(uri), parsed.path, trial, speed, std::move(reader));
}

}  // namespace isokin::device
