// RecordingService: the one path from a device to a session, for `isokin acquire` and
// the dashboard's live session alike.
//
//   open()    the device's link and HELLO
//   record()  one trial: START (refused: no trial is opened), the reader thread, open
//             the trial in the SessionSink, record until the plan or a fault ends it, STOP, finish. finish() runs on every exit
//             path, also when STOP fails or times out, so the trial is whole with its
//             counts and gaps; the device's error comes back in the outcome (fault),
//             word for word, the same for the command line and the dashboard.
//   close()
//
// The service owns the device; the caller owns the SessionSink (the store's session
// file, or memory in tests) and decides when to commit it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "device/acquisition/live_feed.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "device/acquisition/trial_sink.hpp"
#include "device/device.hpp"
#include "model/trial.hpp"

namespace isokin::recording {

// One trial to record: what to ask the device and how to label the result.
struct TrialPlan {
  std::string id;
  device::StartRequest request;
  std::optional<double> duration_s;     // device time (bounded by the wall clock too)
  std::optional<LimbGravity> gravity;   // the operator's; else the device weighs the limb where it can
};

// What else may end a trial, and who watches it.
struct TrialControls {
  double reconnect_timeout_s = 15;      // device gone or silent this long ends the trial; 0 = wait forever
  std::function<bool()> should_stop;    // Ctrl-C, the dashboard's Stop
  device::LiveFeed* live = nullptr;
  // Called once START was accepted and the trial opened (the dashboard shows "recording").
  std::function<void(const TrialInfo&)> on_recording;
};

struct TrialOutcome {
  std::string trial_id;
  bool recorded = false;                 // the trial is in the session (false: START refused, nothing written)
  std::optional<device::AcquisitionResult> result;
  TrialInfo info;                        // as finished (counts, gaps, measured rate)
  std::string fault;                     // the device's error word for word (at START or mid-trial); empty if none
  std::string stop_problem;              // STOP failed or timed out (the trial is whole nonetheless)

  bool device_gone() const { return result && result->reason == device::StopReason::device_gone; }
  // The trial ended by a failure the person must act on (exit 1 on the command line).
  bool failed() const { return !fault.empty() || device_gone() || !stop_problem.empty(); }
};

// One line for the person, the same on the command line and in the dashboard:
//   "device fault: load cell overload... (trial 01-... kept: 600 samples)"
//   "device left at 20:31:02 (trial time 3.420 s): gone 15 s, trial 01-... ended with 1710 samples"
//   "recorded 3000 samples, 5 repetitions (repetitions done)"
std::string headline(const TrialOutcome& outcome, double reconnect_timeout_s);

// Opens a device from its URI with the store's session reader for replay://.
std::unique_ptr<device::Device> make_device(std::string_view uri, device::DeviceOptions options = {});

class RecordingService {
 public:
  explicit RecordingService(std::unique_ptr<device::Device> device);
  ~RecordingService();  // closes the device
  RecordingService(const RecordingService&) = delete;
  RecordingService& operator=(const RecordingService&) = delete;

  const device::DeviceHello& open();  // throws DeviceError (message for the person)
  const device::DeviceHello& hello() const { return hello_; }
  device::Device& device() { return *device_; }

  // Records one trial into `session`. Device failures come back in the outcome; a
  // sink failure (disk full, a foreign file) throws after the trial was finished as
  // far as it can be and the device stopped.
  TrialOutcome record(device::SessionSink& session, const TrialPlan& plan, const TrialControls& controls);

  void close();

 private:
  std::unique_ptr<device::Device> device_;
  device::DeviceHello hello_;
  bool open_ = false;
};

// ISO 8601 local time with the offset as +hh:mm, for started_at.
std::string iso_local_now();

}  // namespace isokin::recording
