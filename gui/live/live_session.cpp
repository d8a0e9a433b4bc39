// Index of this file:
//   [SECTION] Commands (UI thread)
//   [SECTION] Worker thread: connect (HELLO, limb weight)
//   [SECTION] Worker thread: record one trial through the acquisition pipeline
#include "gui/live/live_session.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "store/session_store.hpp"

namespace isokin::gui {

std::string_view to_string(LivePhase phase) {
  switch (phase) {
    case LivePhase::disconnected: return "disconnected";
    case LivePhase::connecting: return "connecting";
    case LivePhase::connected: return "connected";
    case LivePhase::recording: return "recording";
    case LivePhase::error: return "error";
  }
  return "?";
}

// -----------------------------------------------------------------------------
// [SECTION] Commands
// -----------------------------------------------------------------------------

LiveSession::LiveSession() : worker_([this] { run(); }) {}

LiveSession::~LiveSession() {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back({Command::Kind::quit, {}, {}});
  }
  quitting_ = true;
  stop_requested_ = true;
  wake_.notify_all();
  worker_.join();
}

void LiveSession::connect(const std::string& uri) {
  {
    std::lock_guard lock(mutex_);
    state_.phase = LivePhase::connecting;  // at once, so a headless run waits for it
    state_.uri = uri;
    commands_.push_back({Command::Kind::connect, uri, {}});
  }
  wake_.notify_all();
}

void LiveSession::start(const TestSetup& setup) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back({Command::Kind::start, {}, setup});
  }
  stop_requested_ = false;
  wake_.notify_all();
}

void LiveSession::stop() { stop_requested_ = true; }

LiveSnapshot LiveSession::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void LiveSession::set(LivePhase phase, std::string message) {
  std::lock_guard lock(mutex_);
  state_.phase = phase;
  state_.message = std::move(message);
}

void LiveSession::run() {
  for (;;) {
    Command cmd;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return !commands_.empty(); });
      cmd = std::move(commands_.front());
      commands_.pop_front();
    }
    if (cmd.kind == Command::Kind::quit) break;
    if (cmd.kind == Command::Kind::connect) do_connect(cmd.uri);
    else do_record(cmd.setup);
  }
  if (device_) {
    try {
      device_->close();
    } catch (const std::exception&) {
      // closing on the way out: nothing left to tell anyone
    }
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Worker thread: connect
// -----------------------------------------------------------------------------

void LiveSession::do_connect(const std::string& uri) {
  try {
    if (device_) {
      device_->close();
      device_.reset();
    }
    auto dev = device::open_device(uri);
    auto hello = dev->open();
    device_ = std::move(dev);
    std::lock_guard lock(mutex_);
    state_.hello = hello;
    state_.phase = LivePhase::connected;
    state_.message = "connected to " + uri;
  } catch (const std::exception& e) {
    device_.reset();
    std::lock_guard lock(mutex_);
    state_.hello.reset();
    state_.phase = LivePhase::error;
    state_.message = e.what();
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Worker thread: record one trial
// -----------------------------------------------------------------------------

namespace {

std::string local_time_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s = text;
  if (s.size() > 5) s.insert(s.size() - 2, ":");  // +0000 -> +00:00 (ISO 8601 extended)
  return s;
}

std::string trial_id(const std::filesystem::path& file, const TestSetup& setup) {
  std::size_t existing = 0;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    try {
      existing = store::list_trials(file).size();
    } catch (const std::exception&) {
      existing = 0;  // the recorder will say what is wrong with the file
    }
  }
  char text[96];
  std::snprintf(text, sizeof text, "%02zu-%s-%s-%.0f", existing + 1, std::string(to_string(setup.side)).c_str(),
                std::string(to_string(setup.mode)).c_str(), setup.velocity_ext_deg_s);
  return text;
}

}  // namespace

void LiveSession::do_record(const TestSetup& setup) {
  if (!device_) {
    set(LivePhase::error, "connect to a device first");
    return;
  }
  try {
    device::DeviceHello hello;
    {
      std::lock_guard lock(mutex_);
      if (state_.hello) hello = *state_.hello;
    }
    SessionInfo session;
    session.subject.id = setup.subject_id;
    session.subject.body_mass_kg = setup.body_mass_kg > 0 ? setup.body_mass_kg : std::nan("");
    const std::string now = local_time_iso();
    session.date = now.substr(0, 10);
    TrialInfo info;
    info.id = trial_id(setup.file, setup);
    info.side = setup.side;
    info.mode = setup.mode;
    info.velocity_ext_deg_s = setup.velocity_ext_deg_s;
    info.velocity_flex_deg_s = setup.velocity_flex_deg_s;
    info.sample_rate_hz = hello.rate_hz;
    info.reps_requested = setup.reps;
    info.started_at = now;
    info.source = device_->uri();
    info.device_model = hello.model;
    info.device_serial = hello.serial;
    info.device_firmware = hello.firmware;
    info.gravity = device_->weigh_limb();

    store::TrialRecorder recorder(setup.file, session, info);
    device::StartRequest request;
    request.mode = setup.mode;
    request.velocity_ext_deg_s = setup.velocity_ext_deg_s;
    request.velocity_flex_deg_s = setup.velocity_flex_deg_s;
    request.reps = setup.reps;
    request.side = setup.side;
    device_->start(request);
    set(LivePhase::recording, "recording " + info.id + " into " + setup.file.string());

    device::AcquisitionLimits limits;
    limits.repetitions = setup.reps;
    limits.should_stop = [this] { return stop_requested_.load(); };
    device::AcquisitionOptions options;
    options.nominal_rate_hz = hello.rate_hz;
    options.live = &feed_;
    const auto result = device::acquire_trial(*device_, recorder, limits, options);
    device_->stop();

    TrialInfo final_info = info;
    final_info.counts = result.counts;
    final_info.gaps = result.gaps;
    final_info.measured_rate_hz = result.measured_rate_hz;
    recorder.finish(final_info);

    std::lock_guard lock(mutex_);
    state_.phase = LivePhase::connected;
    state_.last_result = result;
    state_.last_file = setup.file;
    ++state_.recordings;
    state_.message = "recorded " + std::to_string(result.samples) + " samples, " +
                     std::to_string(result.repetitions) + " repetitions (" +
                     std::string(device::to_string(result.reason)) + ") into " + setup.file.string();
  } catch (const std::exception& e) {
    try {
      device_->stop();
    } catch (const std::exception&) {
      // the device may be what failed; the first error is the one to show
    }
    set(LivePhase::error, e.what());
  }
}

}  // namespace isokin::gui
