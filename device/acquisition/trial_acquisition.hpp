// Records one trial from an opened, started device into a TrialRecorder.
//
//   reader thread: device.read() -> AcquiredSample -> SpscRing (lock-free, bounded)
//   this thread:   ring -> SampleTimeline (device time, gaps) -> TrialRecorder.append,
//                  flush every flush_interval (<= 1 s), LiveFeed.publish (never blocks)
//
// It stops at the duration (device time), the repetitions counted from the angle, the
// device finishing, or when should_stop() says so (Ctrl-C) - whichever comes first.
// Memory stays bounded whatever the length: batches are reused, the queue and the
// live ring are fixed in size.
#pragma once

#include <chrono>
#include <exception>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "device/acquisition/live_feed.hpp"
#include "device/device.hpp"
#include "model/trial.hpp"
#include "store/session_store.hpp"

namespace isokin::device {

struct AcquisitionLimits {
  std::optional<double> duration_s;         // device time
  int repetitions = 0;                      // 0 = no limit
  std::function<bool()> should_stop;        // polled every loop; may be empty
};

struct AcquisitionOptions {
  std::size_t queue_capacity = 1u << 18;    // samples: 2.6 s at 100 kHz
  std::chrono::milliseconds read_timeout{20};
  std::chrono::milliseconds append_interval{100};
  std::chrono::milliseconds flush_interval{250};
  double nominal_rate_hz = 0;               // from HELLO; 0 = unknown
  LiveFeed* live = nullptr;                 // optional live view
};

enum class StopReason { duration, repetitions, device_finished, interrupted };

struct AcquisitionResult {
  StopReason reason = StopReason::interrupted;
  std::size_t samples = 0;
  int repetitions = 0;
  LinkCounts counts;
  std::vector<RecordingGap> gaps;
  double measured_rate_hz = 0;   // device clock
  double host_rate_hz = 0;       // host clock at receipt
  std::uint64_t queue_full_waits = 0;
  // The device failed mid-trial (STATUS error, a transport error): what came before is
  // in the recorder; the caller finishes the trial, then rethrows this.
  std::exception_ptr device_error;
};

AcquisitionResult acquire_trial(Device& device, store::TrialRecorder& recorder, const AcquisitionLimits& limits,
                                const AcquisitionOptions& options);

std::string_view to_string(StopReason reason);

}  // namespace isokin::device
