#include "gui/live/protocol_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <system_error>

#include "model/error.hpp"

namespace isokin::gui {

std::string_view to_string(RunStep step) {
  switch (step) {
    case RunStep::position: return "position";
    case RunStep::ready: return "ready";
    case RunStep::recording: return "recording";
    case RunStep::finished: return "finished";
  }
  return "?";
}

std::string describe(const ProtocolTrial& t) {
  std::string speed;
  if (t.mode == TestMode::isometric) speed = "hold";
  else if (t.velocity_ext_deg_s == t.velocity_flex_deg_s) speed = fmt::format("{:g} deg/s", t.velocity_ext_deg_s);
  else speed = fmt::format("ext {:g} / flex {:g} deg/s", t.velocity_ext_deg_s, t.velocity_flex_deg_s);
  std::string rom;
  if (t.rom_min_deg && t.rom_max_deg) {
    rom = t.mode == TestMode::isometric ? fmt::format(" at {:g} deg", *t.rom_min_deg)
                                        : fmt::format(" · {:g}-{:g} deg", *t.rom_min_deg, *t.rom_max_deg);
  }
  return fmt::format("{} · {} · {} · {} repetitions{}", to_string(t.side), to_string(t.mode), speed, t.reps, rom);
}

std::vector<std::filesystem::path> protocol_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> folders{fs::path("samples") / "protocols"};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) folders.push_back(exe.parent_path().parent_path() / "share" / "isokin" / "samples" / "protocols");
  std::vector<fs::path> files;
  for (const auto& folder : folders) {
    std::vector<fs::path> here;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".toml") here.push_back(it->path());
    }
    std::sort(here.begin(), here.end());
    if (!here.empty()) return here;  // the first folder that has protocols
    ec.clear();
  }
  return files;
}

ProtocolRun::ProtocolRun(TestProtocol protocol, RunSubject subject)
    : protocol_(std::move(protocol)), subject_(std::move(subject)), weighed_(2, false) {
  if (protocol_.trials.empty()) throw InputError(protocol_.source + ": the protocol has no trial");
  std::error_code ec;
  if (std::filesystem::exists(subject_.file, ec)) {
    throw InputError(subject_.file.string() + ": exists already; a test run records into a new session file");
  }
  if (subject_.involved == InvolvedSide::unknown && protocol_.injured_side) {
    subject_.involved = *protocol_.injured_side == Side::left ? InvolvedSide::left : InvolvedSide::right;
  }
  trials_ = recording::plan_protocol(protocol_, {});
  recorded_.assign(trials_.size(), false);
  enter(0);
}

void ProtocolRun::enter(std::size_t index) {
  index_ = index;
  redoing_ = recorded_[index];
  step_ = positioned_ == trials_[index].trial.side ? RunStep::ready : RunStep::position;
}

std::size_t ProtocolRun::recorded_count() const {
  return static_cast<std::size_t>(std::count(recorded_.begin(), recorded_.end(), true));
}

bool ProtocolRun::weigh_limb() const { return !weighed_[current().trial.side == Side::left ? 0 : 1]; }

std::string ProtocolRun::prompt() const {
  const auto side = to_string(current().trial.side);
  std::string text = positioned_ ? fmt::format("Side changes: reposition the athlete for the {} leg (seat, "
                                               "axis on the knee, shin pad, straps).",
                                               side)
                                 : fmt::format("Position the athlete for the {} leg (seat, axis on the knee, "
                                               "shin pad, straps).",
                                               side);
  if (weigh_limb()) {
    text += fmt::format(" Then weigh the limb: the {} leg hangs relaxed while the machine weighs it "
                        "(gravity correction) at the start of the trial.",
                        side);
  }
  return text;
}

void ProtocolRun::confirm() {
  if (step_ != RunStep::position) return;
  positioned_ = current().trial.side;
  step_ = RunStep::ready;
}

std::optional<TestSetup> ProtocolRun::start(const LiveSnapshot& snap) {
  if (step_ != RunStep::ready) return std::nullopt;
  const auto& p = current();
  TestSetup setup;
  setup.subject_id = subject_.subject_id;
  setup.body_mass_kg = subject_.body_mass_kg;
  setup.side = p.trial.side;
  setup.mode = p.trial.mode;
  setup.velocity_ext_deg_s = p.trial.velocity_ext_deg_s;
  setup.velocity_flex_deg_s = p.trial.velocity_flex_deg_s;
  setup.reps = p.trial.reps;
  setup.reconnect_timeout_s = subject_.reconnect_timeout_s;
  setup.file = subject_.file;
  setup.plan = p.plan;
  setup.protocol = protocol_.name;
  setup.involved = subject_.involved;
  if (redoing_) setup.redo_trial = p.plan.id;
  step_ = RunStep::recording;
  recordings_at_start_ = snap.recordings;
  ended_at_start_ = snap.ended;
  return setup;
}

bool ProtocolRun::observe(const LiveSnapshot& snap, Clock::time_point now) {
  if (step_ != RunStep::recording) return false;
  if (snap.ended <= ended_at_start_) return false;  // the worker has not finished this one yet
  ended_at_start_ = snap.ended;
  const bool kept = snap.recordings > recordings_at_start_;
  recordings_at_start_ = snap.recordings;
  message_ = snap.message;
  if (kept) {
    recorded_[index_] = true;
    last_recorded_ = index_;
    weighed_[current().trial.side == Side::left ? 0 : 1] = true;
  }
  if (kept && !snap.last_failed) {
    rest_total_s_ = current().rest_s * subject_.rest_scale;
    rest_until_ = now + std::chrono::milliseconds(static_cast<long long>(std::lround(rest_total_s_ * 1000)));
    const auto next = std::find(recorded_.begin(), recorded_.end(), false);
    if (next == recorded_.end()) {
      step_ = RunStep::finished;
      rest_total_s_ = 0;
    } else {
      enter(static_cast<std::size_t>(next - recorded_.begin()));
    }
  } else {
    enter(index_);  // failed: the same trial again (replacing what was kept of it)
  }
  return kept;
}

bool ProtocolRun::can_redo() const {
  return last_recorded_.has_value() && step_ != RunStep::recording;
}

void ProtocolRun::redo() {
  if (!can_redo()) return;
  rest_total_s_ = 0;
  enter(*last_recorded_);
}

double ProtocolRun::rest_left_s(Clock::time_point now) const {
  if (rest_total_s_ <= 0 || step_ == RunStep::recording || step_ == RunStep::finished) return 0;
  return std::max(0.0, std::chrono::duration<double>(rest_until_ - now).count());
}

}  // namespace isokin::gui
