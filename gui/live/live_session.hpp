// The live view's worker: owns the device on its own thread, so the interface never
// waits on it. The UI sends commands (connect, start, stop) and, once per frame, copies
// the state (phase, HELLO, last result) and the live samples (device::LiveFeed).
//
// Recording goes through the recording service (src/recording), the path `isokin
// acquire` takes: same START/STOP/finish, same trial ids, the device's fault shown
// word for word as a fault, the file replaced only by a whole new one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "device/acquisition/live_feed.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "device/acquisition/trial_sink.hpp"
#include "device/device.hpp"
#include "model/session.hpp"
#include "recording/recording_service.hpp"


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
  double reconnect_timeout_s = 15;  // a device gone or silent this long ends the set (0 = wait)
  std::filesystem::path file;   // session file to record into (appends a trial)
  // A protocol's trial (gui/live/protocol_run): its plan (id, START request) instead of
  // the fields above, and the session's protocol and involved side for a new file.
  std::optional<recording::TrialPlan> plan;
  std::string redo_trial;       // record this trial of the file again, replacing it
  std::string protocol;
  InvolvedSide involved = InvolvedSide::unknown;
};

struct LiveSnapshot {
  LivePhase phase = LivePhase::disconnected;
  std::string uri;
  std::optional<device::DeviceHello> hello;
  std::string message;                       // error text word for word, or what just happened
  std::optional<device::AcquisitionResult> last_result;
  bool last_failed = false;                  // the last recording ended by a device fault or loss
  std::filesystem::path last_file;           // the file the last recording went to
  int recordings = 0;                        // completed recordings so far
  int ended = 0;                             // start() commands done, kept or refused
};

// What a LiveSession records with; the defaults open real devices (recording::make_device)
// and session files (store::SessionFileSink, appending); tests give memory ones.
struct LiveSessionParts {
  std::function<std::unique_ptr<device::Device>(const std::string& uri)> open_device;
  std::function<std::unique_ptr<device::SessionSink>(const TestSetup& setup)> open_session;
};

class LiveSession {
 public:
  LiveSession();
  explicit LiveSession(LiveSessionParts parts);
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

  LiveSessionParts parts_;
  device::LiveFeed feed_{30'000};
  mutable std::mutex mutex_;  // guards state_ and commands_; never held during device I/O
  std::condition_variable wake_;
  std::deque<Command> commands_;
  LiveSnapshot state_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> quitting_{false};
  std::unique_ptr<recording::RecordingService> service_;  // worker thread only
  std::thread worker_;
};

std::string_view to_string(LivePhase phase);

}  // namespace isokin::gui
