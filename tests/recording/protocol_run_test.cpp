// The dashboard's guided test run (gui/live/protocol_run) driven without a window: a
// real LiveSession on the simulator (sim://?speed=0, so the protocol's rests scale to
// nothing) records samples/protocols/hq-screen.toml into a real session file, with the
// position prompts, a redo of the last trial, and the file read back by the store.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>
#include <unistd.h>

#include "gui/live/protocol_run.hpp"
#include "model/error.hpp"
#include "recording/protocol_plan.hpp"
#include "store/session_store.hpp"

namespace isokin::gui {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("isokin-protocol-run-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

TestProtocol hq_screen() { return load_test_protocol(fs::path(ISOKIN_SAMPLES_DIR) / "protocols" / "hq-screen.toml"); }

// Follows the LiveSession until the run leaves `recording` (at most 20 s).
void wait_recorded(LiveSession& live, ProtocolRun& run) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (run.step() == RunStep::recording && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    run.observe(live.snapshot());
  }
  ASSERT_NE(run.step(), RunStep::recording) << "the trial did not end in 20 s";
}

TEST(ProtocolRun, HqScreenOnSimulator_PromptsPerSideRedoReplacesAndFileHoldsEveryTrial) {
  TempDir dir;
  const fs::path file = dir.path / "run.h5";
  RunSubject subject;
  subject.subject_id = "run-athlete";
  subject.body_mass_kg = 80;
  subject.involved = InvolvedSide::right;
  subject.file = file;
  subject.rest_scale = recording::rest_scale("sim://?speed=0");
  EXPECT_EQ(subject.rest_scale, 0.0);
  ProtocolRun run(hq_screen(), subject);
  ASSERT_EQ(run.trials().size(), 6u);  // three trials, both sides

  LiveSession live;
  live.connect("sim://?speed=0");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (live.snapshot().phase == LivePhase::connecting && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(live.snapshot().phase, LivePhase::connected) << live.snapshot().message;

  std::vector<std::size_t> prompts;  // trials that asked to position the athlete first
  int weighings = 0;
  bool redone = false;
  while (run.step() != RunStep::finished) {
    if (run.step() == RunStep::position) {
      EXPECT_FALSE(run.start(live.snapshot())) << "a trial started before the athlete was positioned";
      prompts.push_back(run.current_index());
      weighings += run.weigh_limb();
      EXPECT_NE(run.prompt().find(std::string(to_string(run.current().trial.side))), std::string::npos) << run.prompt();
      run.confirm();
    }
    ASSERT_EQ(run.step(), RunStep::ready);
    const auto setup = run.start(live.snapshot());
    ASSERT_TRUE(setup);
    EXPECT_EQ(setup->file, file);
    EXPECT_EQ(setup->plan->id, run.current().plan.id);
    live.start(*setup);
    wait_recorded(live, run);
    ASSERT_FALSE(live.snapshot().last_failed) << live.snapshot().message;
    // Redo the first trial once: it is recorded again under its own id, replacing it.
    if (!redone && run.recorded_count() == 1) {
      ASSERT_TRUE(run.can_redo());
      run.redo();
      EXPECT_EQ(run.current_index(), 0u);
      EXPECT_EQ(run.step(), RunStep::ready);  // same side: no prompt
      const auto again = run.start(live.snapshot());
      ASSERT_TRUE(again);
      EXPECT_EQ(again->redo_trial, run.trials()[0].plan.id);
      live.start(*again);
      wait_recorded(live, run);
      EXPECT_EQ(run.current_index(), 1u);  // back to where the run was
      redone = true;
    }
  }
  EXPECT_EQ(prompts, (std::vector<std::size_t>{0, 3}));  // left first, then right
  EXPECT_EQ(weighings, 2);
  EXPECT_EQ(run.recorded_count(), 6u);
  EXPECT_EQ(live.snapshot().recordings, 7);  // six trials and the redo

  const Session session = store::read_session(file);
  EXPECT_EQ(session.info.subject.id, "run-athlete");
  EXPECT_EQ(session.info.protocol, "hq-screen");
  EXPECT_EQ(session.info.involved, InvolvedSide::right);
  std::set<std::string> ids, expected;
  for (const auto& t : session.trials) ids.insert(t.info.id);
  for (const auto& p : run.trials()) expected.insert(p.plan.id);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(session.trials.size(), 6u);
}

TEST(ProtocolRun, ExistingSessionFile_Refused) {
  TempDir dir;
  const fs::path file = dir.path / "old.h5";
  { std::ofstream(file) << "x"; }
  RunSubject subject;
  subject.file = file;
  EXPECT_THROW(ProtocolRun(hq_screen(), subject), InputError);
}

TEST(ProtocolRun, RestScale_FollowsTheSimulatorSpeedOnly) {
  EXPECT_EQ(recording::rest_scale("sim://?speed=20"), 0.05);
  EXPECT_EQ(recording::rest_scale("sim://"), 1.0);
  EXPECT_EQ(recording::rest_scale("serial:///dev/ttyUSB0?speed=20"), 1.0);
}

}  // namespace
}  // namespace isokin::gui
