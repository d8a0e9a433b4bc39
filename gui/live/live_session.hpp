// The live view's worker: owns the device on its own thread, so the interface never
// waits on it. The UI sends commands (connect, start, stop) and, once per frame, copies
// the state (phase, HELLO, last result) and the live samples (device::LiveFeed).
//
// Recording goes through the acquisition pipeline (device::acquire_trial into a
// store::TrialRecorder), so the file is the one `isokin acquire` writes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "device/acquisition/live_feed.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "device/device.hpp"
#include "model/session.hpp"

namespace isokin::gui {

enum class LivePhase { disconnected, connecting, connected, recording, error };

struct TestSetup {
  std::string subject_id = "athlete-01";
  double body_mass_kg = 75;
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_ext_deg_s = 60;
  double velocity_flex_deg_s = 60;
  int reps = 5;                 // 0 = until Stop
  std::filesystem::path file;   // session file to record into (appends a trial)
};

struct LiveSnapshot {
  LivePhase phase = LivePhase::disconnected;
  std::string uri;
  std::optional<device::DeviceHello> hello;
  std::string message;                       // error text word for word, or what just happened
  std::optional<device::AcquisitionResult> last_result;
  std::filesystem::path last_file;           // the file the last recording went to
  int recordings = 0;                        // completed recordings so far
};

class LiveSession {
 public:
  LiveSession();
  ~LiveSession();  // stops a recording (keeping the file whole) and closes the device
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  void connect(const std::string& uri);
  void start(const TestSetup& setup);
  void stop();  // ends the recording in progress; the trial is finished and kept

  LiveSnapshot snapshot() const;
  const device::LiveFeed& feed() const { return feed_; }

 private:
  struct Command {
    enum class Kind { connect, start, quit } kind;
    std::string uri;
    TestSetup setup;
  };
  void run();
  void do_connect(const std::string& uri);
  void do_record(const TestSetup& setup);
  void set(LivePhase phase, std::string message);

  device::LiveFeed feed_{30'000};
  mutable std::mutex mutex_;  // guards state_ and commands_; never held during device I/O
  std::condition_variable wake_;
  std::deque<Command> commands_;
  LiveSnapshot state_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> quitting_{false};
  std::unique_ptr<device::Device> device_;  // worker thread only
  std::thread worker_;
};

std::string_view to_string(LivePhase phase);

}  // namespace isokin::gui
