#include "recording/recording_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <exception>

#include "store/store_session_reader.hpp"

namespace isokin::recording {
namespace {

std::string error_text(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown device error";
  }
}

std::string local_clock(double unix_s) {
  const auto t = static_cast<std::time_t>(std::floor(unix_s));
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &tm);
  return text;
}

// The scope guard of a trial: whatever leaves record() (a return, STOP throwing, a
// sink error), the trial is finished with what is known by then.
class FinishOnExit {
 public:
  FinishOnExit(device::TrialSink& sink, const TrialInfo& info) : sink_(sink), info_(info) {}
  ~FinishOnExit() {
    if (done_) return;
    try {
      sink_.finish(info_);
    } catch (const std::exception&) {
      // Already leaving with an error; the flushed samples stay in the file.
    }
  }
  FinishOnExit(const FinishOnExit&) = delete;
  FinishOnExit& operator=(const FinishOnExit&) = delete;
  void finish() {
    done_ = true;
    sink_.finish(info_);
  }

 private:
  device::TrialSink& sink_;
  const TrialInfo& info_;
  bool done_ = false;
};

}  // namespace

std::string iso_local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s = text;
  if (s.size() > 5) s.insert(s.size() - 2, ":");  // +0000 -> +00:00 (ISO 8601 extended)
  return s;
}

std::string headline(const TrialOutcome& o, double reconnect_timeout_s) {
  const std::size_t samples = o.result ? o.result->samples : 0;
  if (!o.recorded) return fmt::format("device fault: {} (trial {} not recorded)", o.fault, o.trial_id);
  if (!o.fault.empty())
    return fmt::format("device fault: {} (trial {} kept: {} samples)", o.fault, o.trial_id, samples);
  if (o.device_gone()) {
    const auto& r = *o.result;
    return fmt::format("device {} at {}{}: nothing for {:g} s, trial {} ended with {} samples",
                       r.device_link_lost ? "left" : "went silent", local_clock(r.device_last_heard_s),
                       samples > 0 ? fmt::format(" (after {} samples)", samples) : std::string(" (before any sample)"),
                       reconnect_timeout_s, o.trial_id, samples);
  }
  std::string line = fmt::format("recorded {} samples, {} repetitions ({})", samples,
                                 o.result ? o.result->repetitions : 0,
                                 o.result ? device::to_string(o.result->reason) : std::string_view("?"));
  if (!o.stop_problem.empty()) line += fmt::format("; STOP failed: {}", o.stop_problem);
  return line;
}

std::unique_ptr<device::Device> make_device(std::string_view uri, device::DeviceOptions options) {
  if (!options.session_reader) options.session_reader = store::make_session_reader();
  return device::open_device(uri, options);
}

RecordingService::RecordingService(std::unique_ptr<device::Device> device) : device_(std::move(device)) {}

RecordingService::~RecordingService() { close(); }

const device::DeviceHello& RecordingService::open() {
  hello_ = device_->open();
  open_ = true;
  return hello_;
}

void RecordingService::close() {
  if (!device_ || !open_) return;
  open_ = false;
  try {
    device_->close();
  } catch (const std::exception&) {
    // Closing a link that already failed: its error was reported where it happened.
  }
}

TrialOutcome RecordingService::record(device::SessionSink& session, const TrialPlan& plan,
                                      const TrialControls& controls) {
  TrialOutcome out;
  out.trial_id = plan.id;
  const device::StartRequest& request = plan.request;

  TrialInfo& info = out.info;
  info.id = plan.id;
  info.side = request.side;
  info.mode = request.mode;
  info.velocity_ext_deg_s = request.velocity_ext_deg_s;
  info.velocity_flex_deg_s = request.velocity_flex_deg_s;
  info.sample_rate_hz = hello_.rate_hz;
  info.reps_requested = request.reps;
  if (request.rom_min_deg && request.rom_max_deg) {
    info.rom_min_deg = *request.rom_min_deg;
    info.rom_max_deg = *request.rom_max_deg;
  }
  info.gravity = plan.gravity ? plan.gravity : device_->weigh_limb();
  info.source = device_->uri();
  info.device_model = hello_.model;
  info.device_serial = hello_.serial;
  info.device_firmware = hello_.firmware;
  info.device_calibration = hello_.calibration;
  if (const auto recorded = device_->recorded_trial()) info.joint = recorded->joint;

  info.started_at = iso_local_now();
  try {
    device_->start(request);
  } catch (const device::DeviceError& e) {
    out.fault = e.what();  // refused: nothing was opened, the session has no such trial
    return out;
  }

  device::AcquisitionLimits limits;
  limits.duration_s = plan.duration_s;
  limits.repetitions = request.reps;
  limits.reconnect_timeout_s = controls.reconnect_timeout_s;
  limits.should_stop = controls.should_stop;
  device::AcquisitionOptions options;
  options.nominal_rate_hz = hello_.rate_hz;
  options.live = controls.live;

  bool device_stopped = false;
  try {
    // The reader starts right after START, so the device is read while the trial opens.
    device::TrialAcquisition acquisition(*device_, options);
    std::unique_ptr<device::TrialSink> sink = session.open_trial(info);
    out.recorded = true;
    FinishOnExit guard(*sink, info);
    if (controls.on_recording) controls.on_recording(info);
    out.result = acquisition.record(*sink, limits);  // the reader thread has ended when it returns
    const device::AcquisitionResult& r = *out.result;
    if (r.device_error) out.fault = error_text(r.device_error);
    // A device that failed or left has nothing to answer STOP with.
    if (out.fault.empty() && r.reason != device::StopReason::device_gone) {
      device_stopped = true;
      try {
        device_->stop();
      } catch (const std::exception& e) {
        out.stop_problem = e.what();
      }
    }
    device_stopped = true;
    info.counts = r.counts;
    info.gaps = r.gaps;
    info.measured_rate_hz = r.measured_rate_hz;
    guard.finish();
  } catch (...) {
    if (!device_stopped) {
      try {
        device_->stop();
      } catch (const std::exception&) {
        // The first error is the one to report.
      }
    }
    throw;
  }
  return out;
}

}  // namespace isokin::recording
