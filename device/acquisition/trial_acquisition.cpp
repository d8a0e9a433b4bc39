#include "device/acquisition/trial_acquisition.hpp"

#include "device/acquisition/reader_thread.hpp"
#include "device/acquisition/repetition_counter.hpp"
#include "device/acquisition/sample_timeline.hpp"

namespace isokin::device {
namespace {

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::duration: return "duration reached";
    case StopReason::repetitions: return "repetitions done";
    case StopReason::device_finished: return "device finished";
    case StopReason::device_gone: return "device gone";
    case StopReason::interrupted: return "interrupted";
  }
  return "interrupted";
}

TrialAcquisition::TrialAcquisition(Device& device, const AcquisitionOptions& options)
    : device_(device),
      options_(options),
      reader_(std::make_unique<ReaderThread>(device, options.queue_capacity, options.read_timeout)),
      started_(std::chrono::steady_clock::now()),
      started_host_s_(unix_now_s()) {
  reader_->start();
}

TrialAcquisition::~TrialAcquisition() { reader_->stop(); }

AcquisitionResult TrialAcquisition::record(TrialSink& sink, const AcquisitionLimits& limits) {
  using Clock = std::chrono::steady_clock;
  ReaderThread& reader = *reader_;
  SampleTimeline timeline(options_.nominal_rate_hz);
  RepetitionCounter reps;
  AcquisitionResult result;

  SampleColumns block;  // appended to the sink every append_interval
  std::vector<AcquiredSample> taken;
  taken.reserve(8192);
  auto last_append = Clock::now();
  auto last_flush = Clock::now();
  auto last_heard = started_;  // the last sample taken (START before the first)
  double last_heard_host_s = started_host_s_;
  bool stopping = false;
  const auto silence_limit = std::chrono::duration<double>(limits.reconnect_timeout_s);
  const std::optional<Clock::time_point> wall_end =
      limits.duration_s ? std::optional(started_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                                       *limits.duration_s + kWallClockSlackS)))
                        : std::nullopt;

  auto publish = [&](const SampleSpan& samples, Clock::time_point now) {
    if (!options_.live) return;
    LiveStatus status;
    status.counts = reader.counts();
    status.repetitions = reps.completed();
    status.measured_rate_hz = timeline.measured_rate_hz();
    status.nominal_rate_hz = options_.nominal_rate_hz;
    status.queue_depth = reader.queue_depth();
    status.link_up = reader.link_up();
    status.silent_s = std::chrono::duration<double>(now - last_heard).count();
    status.reconnect_timeout_s = limits.reconnect_timeout_s;
    options_.live->publish(samples, status);
  };

  auto write_block = [&](bool flush_now, Clock::time_point now) {
    if (!block.empty()) sink.append(block.span());
    publish(block.span(), now);  // also without samples: the countdown moves on
    block.clear();
    last_append = now;
    if (flush_now) {
      sink.flush();
      last_flush = now;
    }
  };

  while (!stopping) {
    taken.clear();
    reader.take(taken, 65536, std::chrono::milliseconds(10));
    const auto now = Clock::now();
    if (!taken.empty()) {
      last_heard = now;
      last_heard_host_s = taken.back().host_time_s;
    }
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
    if (!stopping && wall_end && now >= *wall_end) {
      result.reason = StopReason::duration;
      stopping = true;
    }
    if (!stopping && limits.reconnect_timeout_s > 0 && now - last_heard >= silence_limit) {
      result.reason = StopReason::device_gone;
      result.device_last_heard_s = last_heard_host_s;
      result.device_link_lost = !reader.link_up();
      stopping = true;
    }
    if (stopping || now - last_append >= options_.append_interval) {
      write_block(stopping || now - last_flush >= options_.flush_interval, now);
    }
  }
  reader.stop();
  if (!result.device_error) result.device_error = reader.take_error();
  result.repetitions = reps.completed();
  result.counts = device_.counts();        // the reader thread has ended: the device is ours again
  result.counts.samples = result.samples;  // what reached the sink (the duration may cut the last batch)
  result.gaps = timeline.gaps();
  result.measured_rate_hz = timeline.measured_rate_hz();
  result.host_rate_hz = timeline.host_rate_hz();
  result.queue_full_waits = reader.full_waits();
  return result;
}

AcquisitionResult acquire_trial(Device& device, TrialSink& sink, const AcquisitionLimits& limits,
                                const AcquisitionOptions& options) {
  TrialAcquisition acquisition(device, options);
  return acquisition.record(sink, limits);
}

}  // namespace isokin::device
