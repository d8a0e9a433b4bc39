// Index of this file:
//   [SECTION] Commands (UI thread)
//   [SECTION] Worker thread: connect (HELLO)
//   [SECTION] Worker thread: record one trial through the recording service
#include "gui/live/live_session.hpp"

#include <cmath>

#include "recording/recording_service.hpp"
#include "recording/trial_id.hpp"
#include "store/session_file_sink.hpp"

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

namespace {

// Each recording adds a trial to the session file (made by the first one), through a
// working copy that replaces the file only once the trial is finished.
std::unique_ptr<device::SessionSink> open_session_file(const TestSetup& setup) {
  SessionInfo session;
  session.subject.id = setup.subject_id;
  session.subject.body_mass_kg = setup.body_mass_kg > 0 ? setup.body_mass_kg : std::nan("");
  session.date = recording::iso_local_now().substr(0, 10);
  session.protocol = setup.protocol;
  session.involved = setup.involved;
  if (!setup.redo_trial.empty()) {
    return std::make_unique<store::SessionFileSink>(setup.file, store::SessionFileMode::redo, session, setup.redo_trial);
  }
  std::error_code ec;
  const auto mode = std::filesystem::exists(setup.file, ec) ? store::SessionFileMode::append
                                                            : store::SessionFileMode::create;
  return std::make_unique<store::SessionFileSink>(setup.file, mode, session);
}

LiveSessionParts with_defaults(LiveSessionParts parts) {
  if (!parts.open_device) parts.open_device = [](const std::string& uri) { return recording::make_device(uri); };
  if (!parts.open_session) parts.open_session = open_session_file;
  return parts;
}

}  // namespace

// -----------------------------------------------------------------------------
// [SECTION] Commands
// -----------------------------------------------------------------------------

LiveSession::LiveSession() : LiveSession(LiveSessionParts{}) {}

LiveSession::LiveSession(LiveSessionParts parts) : parts_(with_defaults(std::move(parts))), worker_([this] { run(); }) {}

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
  service_.reset();  // closes the device
}

// -----------------------------------------------------------------------------
// [SECTION] Worker thread: connect
// -----------------------------------------------------------------------------

void LiveSession::do_connect(const std::string& uri) {
  try {
    service_.reset();
    auto service = std::make_unique<recording::RecordingService>(parts_.open_device(uri));
    const device::DeviceHello hello = service->open();
    service_ = std::move(service);
    std::lock_guard lock(mutex_);
    state_.hello = hello;
    state_.phase = LivePhase::connected;
    state_.message = "connected to " + uri;
  } catch (const std::exception& e) {
    service_.reset();
    std::lock_guard lock(mutex_);
    state_.hello.reset();
    state_.phase = LivePhase::error;
    state_.message = e.what();
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Worker thread: record one trial
// -----------------------------------------------------------------------------

void LiveSession::do_record(const TestSetup& setup) {
  if (!service_) {
    std::lock_guard lock(mutex_);
    state_.phase = LivePhase::error;
    state_.message = "connect to a device first";
    ++state_.ended;
    return;
  }
  try {
    std::unique_ptr<device::SessionSink> session = parts_.open_session(setup);
    ProtocolTrial trial;
    trial.side = setup.side;
    trial.mode = setup.mode;
    trial.velocity_ext_deg_s = setup.velocity_ext_deg_s;
    trial.velocity_flex_deg_s = setup.velocity_flex_deg_s;
    trial.reps = setup.reps;
    const auto taken = session->trial_ids();
    recording::TrialPlan plan;
    plan.id = recording::new_trial_id(taken.size() + 1, trial, taken);
    plan.request = to_start_request(trial);
    if (setup.plan) plan = *setup.plan;

    recording::TrialControls controls;
    controls.reconnect_timeout_s = setup.reconnect_timeout_s;
    controls.should_stop = [this] { return stop_requested_.load(); };
    controls.live = &feed_;
    controls.on_recording = [&](const TrialInfo& info) {
      set(LivePhase::recording, "recording " + info.id + " into " + setup.file.string());
    };
    const recording::TrialOutcome outcome = service_->record(*session, plan, controls);
    const bool kept = session->commit();

    std::lock_guard lock(mutex_);
    state_.last_result = outcome.result;
    state_.last_failed = outcome.failed();
    state_.phase = outcome.failed() ? LivePhase::error : LivePhase::connected;
    state_.message = recording::headline(outcome, setup.reconnect_timeout_s);
    if (kept) {
      state_.last_file = setup.file;
      ++state_.recordings;
      if (!outcome.failed()) state_.message += " into " + setup.file.string();
    }
    ++state_.ended;
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    state_.phase = LivePhase::error;
    state_.message = e.what();
    ++state_.ended;
  }
}

}  // namespace isokin::gui
