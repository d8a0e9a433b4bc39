// Records one trial from an opened, started device into a TrialSink.
//
//   reader thread: device.read() -> AcquiredSample -> SpscRing (lock-free, bounded)
//   this thread:   ring -> SampleTimeline (device time, gaps) -> TrialSink.append,
//                  flush every flush_interval (<= 1 s), LiveFeed.publish (never blocks)
//
// The reader thread starts when a TrialAcquisition is made (right after START, so the
// device is read while the sink is being opened); record() then moves the samples to
// the sink. It stops at the first of: the duration (device time, bounded by the wall
// clock too), the repetitions counted from the angle, the device finishing, the
// device gone or silent for the reconnect timeout, or should_stop() (Ctrl-C, Stop).
// Memory stays bounded whatever the length: batches are reused, the queue and the
// live ring are fixed in size.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "device/acquisition/live_feed.hpp"
#include "device/acquisition/trial_sink.hpp"
#include "device/device.hpp"
#include "model/trial.hpp"

namespace isokin::device {

class ReaderThread;

struct AcquisitionLimits {
  std::optional<double> duration_s;         // device time; the wall clock ends it too, kWallClockSlackS later
  int repetitions = 0;                      // 0 = no limit
  // A device gone (link lost) or silent (no sample) this long ends the trial with what
  // was recorded; 0 = wait for it forever (an operator will plug it back).
  double reconnect_timeout_s = 15;
  std::function<bool()> should_stop;        // polled every loop; may be empty
};

// How much longer than --duration the wall clock may run before it ends the trial
// (a device clock running slow, or stopped while its link stays up).
inline constexpr double kWallClockSlackS = 1.0;

struct AcquisitionOptions {
  std::size_t queue_capacity = 1u << 18;    // samples: 2.6 s at 100 kHz
  std::chrono::milliseconds read_timeout{20};
  std::chrono::milliseconds append_interval{100};
  std::chrono::milliseconds flush_interval{250};
  double nominal_rate_hz = 0;               // from HELLO; 0 = unknown
  LiveFeed* live = nullptr;                 // optional live view
};

enum class StopReason { duration, repetitions, device_finished, device_gone, interrupted };

struct AcquisitionResult {
  StopReason reason = StopReason::interrupted;
  std::size_t samples = 0;
  int repetitions = 0;
  LinkCounts counts;
  std::vector<RecordingGap> gaps;
  double measured_rate_hz = 0;   // device clock
  double host_rate_hz = 0;       // host clock at receipt
  std::uint64_t queue_full_waits = 0;
  // device_gone: host clock (Unix s) of the last thing heard from the device (the
  // last sample, or START if none came), and whether its link had dropped.
  double device_last_heard_s = 0;
  bool device_link_lost = false;
  // The device failed mid-trial (STATUS error, a transport error): what came before is
  // in the sink; the caller finishes the trial, then reports this.
  std::exception_ptr device_error;
};

class TrialAcquisition {
 public:
  // Starts reading `device` at once (it must be started). The device belongs to the
  // reader thread until record() returns or this is destroyed.
  TrialAcquisition(Device& device, const AcquisitionOptions& options);
  ~TrialAcquisition();  // stops and joins the reader thread
  TrialAcquisition(const TrialAcquisition&) = delete;
  TrialAcquisition& operator=(const TrialAcquisition&) = delete;

  AcquisitionResult record(TrialSink& sink, const AcquisitionLimits& limits);

 private:
  Device& device_;
  AcquisitionOptions options_;
  std::unique_ptr<ReaderThread> reader_;
  std::chrono::steady_clock::time_point started_;
  double started_host_s_ = 0;
};

// TrialAcquisition and record() in one call.
AcquisitionResult acquire_trial(Device& device, TrialSink& sink, const AcquisitionLimits& limits,
                                const AcquisitionOptions& options);

std::string_view to_string(StopReason reason);

}  // namespace isokin::device
