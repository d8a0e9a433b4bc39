// The dashboard's LiveSession on an in-memory device and session (no HDF5, no pty, no
// GUI): it records through the recording service, and a device fault mid-trial is a
// fault, never "device finished".
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_device.hpp"
#include "gui/live/live_session.hpp"

namespace isokin::gui {
namespace {

using testing::FakeDevice;
using testing::MemorySession;

// Hands the LiveSession a view of one MemorySession the test keeps.
class SharedSession final : public device::SessionSink {
 public:
  explicit SharedSession(std::shared_ptr<MemorySession> s) : s_(std::move(s)) {}
  std::unique_ptr<device::TrialSink> open_trial(const TrialInfo& info) override { return s_->open_trial(info); }
  std::vector<std::string> trial_ids() const override { return s_->trial_ids(); }
  bool commit() override { return s_->commit(); }

 private:
  std::shared_ptr<MemorySession> s_;
};

struct Rig {
  std::shared_ptr<MemorySession> memory = std::make_shared<MemorySession>();
  std::function<void(FakeDevice&)> configure;
  std::unique_ptr<LiveSession> live;

  void make() {
    LiveSessionParts parts;
    parts.open_device = [this](const std::string&) {
      auto d = std::make_unique<FakeDevice>();
      if (configure) configure(*d);
      return d;
    };
    parts.open_session = [this](const TestSetup&) { return std::make_unique<SharedSession>(memory); };
    live = std::make_unique<LiveSession>(std::move(parts));
  }

  // Waits until `done` holds for the snapshot (at most 10 s).
  LiveSnapshot wait(const std::function<bool(const LiveSnapshot&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    LiveSnapshot s = live->snapshot();
    while (!done(s) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      (void)live->feed().status();  // a viewer reads the feed while the worker records
      s = live->snapshot();
    }
    return s;
  }

  LiveSnapshot record() {
    live->connect("fake://");
    wait([](const LiveSnapshot& s) { return s.phase != LivePhase::connecting; });
    TestSetup setup;
    setup.reps = 0;
    live->start(setup);
    return wait([](const LiveSnapshot& s) { return s.recordings > 0 || (s.phase == LivePhase::error && s.last_result); });
  }
};

TEST(LiveSession, DeviceFinishes_TrialRecordedWithTheAcquireId) {
  Rig rig;
  rig.make();
  const LiveSnapshot s = rig.record();
  EXPECT_EQ(s.phase, LivePhase::connected) << s.message;
  EXPECT_EQ(s.recordings, 1);
  ASSERT_EQ(rig.memory->trials.count("01-left-con-con-60"), 1u);
  EXPECT_EQ(rig.memory->trials.at("01-left-con-con-60").samples.size(), 1000u);
  EXPECT_TRUE(rig.memory->committed);
}

TEST(LiveSession, DeviceFaultMidTrial_ShownAsFaultWithTheDevicesWords) {
  Rig rig;
  rig.configure = [](FakeDevice& d) {
    d.after = FakeDevice::After::fail;
    d.fault = "load cell overload: torque above 500 N*m, test stopped";
  };
  rig.make();
  const LiveSnapshot done = rig.record();
  EXPECT_EQ(done.phase, LivePhase::error);
  EXPECT_TRUE(done.last_failed);
  EXPECT_NE(done.message.find("device fault: load cell overload: torque above 500 N*m, test stopped"),
            std::string::npos)
      << done.message;
  EXPECT_EQ(done.message.find("device finished"), std::string::npos) << done.message;
  EXPECT_TRUE(rig.memory->trials.at("01-left-con-con-60").finished);
}

TEST(LiveSession, StartRefused_ErrorAndNoTrial) {
  Rig rig;
  rig.configure = [](FakeDevice& d) { d.start_error = "velocity 700 deg/s is not possible"; };
  rig.make();
  rig.live->connect("fake://");
  rig.wait([](const LiveSnapshot& s) { return s.phase != LivePhase::connecting; });
  rig.live->start(TestSetup{});
  const LiveSnapshot s = rig.wait([](const LiveSnapshot& s) { return s.phase == LivePhase::error; });
  EXPECT_EQ(s.phase, LivePhase::error);
  EXPECT_NE(s.message.find("velocity 700 deg/s is not possible"), std::string::npos) << s.message;
  EXPECT_TRUE(rig.memory->trials.empty());
  EXPECT_EQ(s.recordings, 0);
}

}  // namespace
}  // namespace isokin::gui
