// The dashboard's guided test run: the trials of one protocol in turn, as a small state
// machine the Live tab draws (live_view.cpp) and LiveSession records. It holds no
// window and no device, so a test drives it with a LiveSession on sim://.
//
//   position   before a side's first trial (weigh the limb) and when the side changes
//              (reposition): confirm() once the athlete is set up
//   ready      the trial's set-up is shown; start() gives what LiveSession records
//   recording  until the LiveSession's recording count moves (observe())
//   finished   every trial recorded into the one session file
//
// After each recording the rest of the protocol counts down (rest_left_s); it informs
// and never blocks. redo() records the last trial again, replacing it in the file.
// A recording that failed (device fault or loss) stays the current trial: recorded
// again it replaces what was kept of it.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gui/live/live_session.hpp"
#include "recording/protocol_plan.hpp"
#include "session_protocol/test_protocol.hpp"

namespace isokin::gui {

enum class RunStep { position, ready, recording, finished };

// Who is tested and where the session goes; the rest of the set-up is the protocol's.
struct RunSubject {
  std::string subject_id;
  double body_mass_kg = 0;
  InvolvedSide involved = InvolvedSide::unknown;  // else the protocol's injured_side
  std::filesystem::path file;                     // a new session file
  double rest_scale = 1;                          // recording::rest_scale of the device
  double reconnect_timeout_s = 15;
};

class ProtocolRun {
 public:
  using Clock = std::chrono::steady_clock;

  // Throws InputError when the session file exists already (a run makes a new one)
  // or the protocol has no trial.
  ProtocolRun(TestProtocol protocol, RunSubject subject);

  RunStep step() const { return step_; }
  const TestProtocol& protocol() const { return protocol_; }
  const std::vector<recording::PlannedTrial>& trials() const { return trials_; }
  std::size_t current_index() const { return index_; }       // the trial prepared or recorded
  const recording::PlannedTrial& current() const { return trials_[index_]; }
  std::size_t recorded_count() const;                        // trials in the file
  bool recorded(std::size_t index) const { return recorded_[index]; }

  // The position prompt: the side's first trial also weighs the limb.
  bool weigh_limb() const;
  std::string prompt() const;
  void confirm();  // position -> ready

  // ready -> recording: what LiveSession::start records (plan, file, redo). `snap` is
  // the LiveSession's state before the start, the baseline observe() compares with.
  std::optional<TestSetup> start(const LiveSnapshot& snap);
  // Follows the LiveSession: a recording finished moves to the next trial (or to the
  // position prompt, or finished). Returns true when a trial was kept in the file.
  bool observe(const LiveSnapshot& snap, Clock::time_point now = Clock::now());

  bool can_redo() const;
  void redo();  // the last recorded trial again, replacing it

  double rest_left_s(Clock::time_point now = Clock::now()) const;
  double rest_total_s() const { return rest_total_s_; }
  const std::string& message() const { return message_; }  // the last recording's headline
  const RunSubject& subject() const { return subject_; }

 private:
  void enter(std::size_t index);

  TestProtocol protocol_;
  RunSubject subject_;
  std::vector<recording::PlannedTrial> trials_;
  std::vector<bool> recorded_;
  std::vector<bool> weighed_;   // per side (left, right): the limb was weighed
  std::optional<Side> positioned_;
  RunStep step_ = RunStep::position;
  std::size_t index_ = 0;
  std::optional<std::size_t> last_recorded_;
  bool redoing_ = false;
  int recordings_at_start_ = 0;  // the LiveSession's counts when this trial started
  int ended_at_start_ = 0;
  Clock::time_point rest_until_{};
  double rest_total_s_ = 0;
  std::string message_;
};

std::string_view to_string(RunStep step);

// One line of a trial's set-up: "left · con-con · 60/60 deg/s · 5 repetitions · 10-90 deg".
std::string describe(const ProtocolTrial& trial);

// The protocol files (*.toml) the Live tab offers, sorted by name: samples/protocols
// under the working folder, then the installed samples beside the program
// (<prefix>/share/isokin/samples/protocols).
std::vector<std::filesystem::path> protocol_files();

}  // namespace isokin::gui
