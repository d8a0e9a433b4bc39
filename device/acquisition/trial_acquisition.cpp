#include "device/acquisition/trial_acquisition.hpp"

#include "device/acquisition/reader_thread.hpp"
#include "device/acquisition/repetition_counter.hpp"
#include "device/acquisition/sample_timeline.hpp"

namespace isokin::device {

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::duration: return "duration reached";
    case StopReason::repetitions: return "repetitions done";
    case StopReason::device_finished: return "device finished";
    case StopReason::interrupted: return "interrupted";
  }
  return "interrupted";
}

AcquisitionResult acquire_trial(Device& device, store::TrialRecorder& recorder, const AcquisitionLimits& limits,
                                const AcquisitionOptions& options) {
  using Clock = std::chrono::steady_clock;
  ReaderThread reader(device, options.queue_capacity, options.read_timeout);
  SampleTimeline timeline(options.nominal_rate_hz);
  RepetitionCounter reps;
  AcquisitionResult result;

  SampleColumns block;         // appended to the file every append_interval
  std::vector<AcquiredSample> taken;
  taken.reserve(8192);
  auto last_append = Clock::now();
  auto last_flush = Clock::now();
  bool stopping = false;

  auto write_block = [&](bool flush_now) {
    if (!block.empty()) {
      recorder.append(block.span());
      if (options.live) {
        LiveStatus status;
        status.counts = device.counts();
        status.repetitions = reps.completed();
        status.measured_rate_hz = timeline.measured_rate_hz();
        status.nominal_rate_hz = options.nominal_rate_hz;
        status.queue_depth = reader.queue_depth();
        status.link_up = reader.link_up();
        options.live->publish(block.span(), status);
      }
      block.clear();
    }
    last_append = Clock::now();
    if (flush_now) {
      recorder.flush();
      last_flush = last_append;
    }
  };

  reader.start();
  while (!stopping) {
    taken.clear();
    reader.take(taken, 65536, std::chrono::milliseconds(10));
    for (const auto& a : taken) {
      const double time_s = timeline.place(a);
      if (limits.duration_s && time_s >= *limits.duration_s) {
        result.reason = StopReason::duration;
        stopping = true;
        break;
      }
      block.push_back(Sample{time_s, a.sample.torque_nm, a.sample.angle_deg, a.sample.velocity_deg_s}, a.host_time_s);
      ++result.samples;
      reps.add(a.sample.angle_deg);
      if (limits.repetitions > 0 && reps.completed() >= limits.repetitions) {
        result.reason = StopReason::repetitions;
        stopping = true;
        break;
      }
    }
    if (!stopping && limits.should_stop && limits.should_stop()) {
      result.reason = StopReason::interrupted;
      stopping = true;
    }
    if (!stopping && !reader.running() && reader.queue_depth() == 0) {
      result.device_error = reader.take_error();
      result.reason = StopReason::device_finished;
      stopping = true;
    }
    const auto now = Clock::now();
    if (stopping || now - last_append >= options.append_interval) {
      write_block(stopping || now - last_flush >= options.flush_interval);
    }
  }
  reader.stop();
  if (!result.device_error) result.device_error = reader.take_error();
  result.repetitions = reps.completed();
  result.counts = device.counts();
  result.counts.samples = result.samples;  // what reached the file (the duration may cut the last batch)
  result.gaps = timeline.gaps();
  result.measured_rate_hz = timeline.measured_rate_hz();
  result.host_rate_hz = timeline.host_rate_hz();
  result.queue_full_waits = reader.full_waits();
  return result;
}

}  // namespace isokin::device
