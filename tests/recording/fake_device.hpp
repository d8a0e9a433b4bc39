// An in-memory device and session for tests of the recording path: no HDF5, no pty.
//
// FakeDevice streams `samples_per_read` samples per read() at 1 kHz device time, up to
// `total` samples, then does what `after` says: finish, fail (a STATUS error), leave
// (link lost for good) or fall silent. START and STOP can be made to fail. A stall
// can be set: at sample `stall_at` the device goes quiet (dropping its link first, if
// asked) for `stall_for`, then resumes, its clock `stall_skip` samples further on.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "device/acquisition/trial_sink.hpp"
#include "device/device.hpp"

namespace isokin::testing {

class FakeDevice final : public device::Device {
 public:
  enum class After { finish, fail, leave, silence };

  std::size_t total = 1000;
  std::size_t samples_per_read = 10;
  After after = After::finish;
  std::string start_error;   // START refused with this message
  std::string stop_error;    // STOP fails with this message
  std::string fault = "load cell overload";
  std::optional<std::size_t> stall_at;
  std::chrono::milliseconds stall_for{0};
  std::uint64_t stall_skip = 0;  // samples the device clock ran past while stalled, never sent
  bool stall_drops_link = false;
  std::atomic<int> starts{0};
  std::atomic<int> stops{0};

  device::DeviceHello open() override {
    device::DeviceHello hello;
    hello.model = "fake";
    hello.rate_hz = 1000;
    return hello;
  }
  void start(const device::StartRequest&) override {
    ++starts;
    if (!start_error.empty()) throw device::DeviceError(start_error);
    sent_ = 0;
  }
  device::ReadResult read(std::vector<device::DeviceSample>& out, std::chrono::milliseconds timeout) override {
    device::ReadResult r;
    r.host_time_s = 1.7e9;
    if (stall_at && sent_ == *stall_at && !stalled_) {
      stalled_ = true;
      stall_end_ = std::chrono::steady_clock::now() + stall_for;
      if (stall_drops_link) {
        r.status = device::ReadStatus::link_lost;
        return r;
      }
    }
    if (stalled_ && std::chrono::steady_clock::now() < stall_end_) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(timeout, stall_end_ - std::chrono::steady_clock::now()));
      return r;
    }
    if (sent_ < total) {
      const std::size_t end = stall_at && sent_ < *stall_at ? std::min(total, *stall_at) : total;
      for (std::size_t i = 0; i < samples_per_read && sent_ < end; ++i, ++sent_) {
        const std::uint64_t clock = sent_ + (stall_at && sent_ >= *stall_at ? stall_skip : 0);
        out.push_back({clock * 1000, static_cast<float>(sent_ % 100), 50.0f, 0.0f});
      }
      counts_.samples += out.size();  // written on the reader thread, read by counts()
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      return r;
    }
    switch (after) {
      case After::finish: r.status = device::ReadStatus::finished; return r;
      case After::fail: throw device::DeviceError(fault);
      case After::leave:
        std::this_thread::sleep_for(timeout);
        if (!left_) {
          left_ = true;
          r.status = device::ReadStatus::link_lost;
        }
        return r;
      case After::silence: std::this_thread::sleep_for(timeout); return r;
    }
    return r;
  }
  void stop() override {
    ++stops;
    if (!stop_error.empty()) throw device::DeviceError(stop_error);
  }
  void close() override {}
  LinkCounts counts() const override { return counts_; }
  std::string uri() const override { return "fake://"; }

 private:
  std::uint64_t sent_ = 0;
  bool left_ = false;
  bool stalled_ = false;
  std::chrono::steady_clock::time_point stall_end_{};
  LinkCounts counts_;
};

// Trials kept in memory, finished or not.
struct MemoryTrial {
  TrialInfo info;
  SampleColumns samples;
  bool finished = false;
  int finishes = 0;
};

class MemorySession final : public device::SessionSink {
 public:
  std::map<std::string, MemoryTrial> trials;
  bool committed = false;

  class Trial final : public device::TrialSink {
   public:
    explicit Trial(MemoryTrial& t) : t_(t) {}
    void append(const SampleSpan& s) override { t_.samples.append(s); }
    void flush() override {}
    void finish(const TrialInfo& info) override {
      t_.info = info;
      t_.finished = true;
      ++t_.finishes;
    }

   private:
    MemoryTrial& t_;
  };

  std::unique_ptr<device::TrialSink> open_trial(const TrialInfo& info) override {
    MemoryTrial& t = trials[info.id];
    t.info = info;
    return std::make_unique<Trial>(t);
  }
  std::vector<std::string> trial_ids() const override {
    std::vector<std::string> ids;
    for (const auto& [id, t] : trials) ids.push_back(id);
    return ids;
  }
  bool commit() override {
    committed = !trials.empty();
    return committed;
  }
};

}  // namespace isokin::testing
