// The recording service on an in-memory device and session: every exit path
// finishes the trial, a refused START opens none, faults and departures come back
// as outcomes, and the waits end.
#include <gtest/gtest.h>

#include <chrono>

#include "fake_device.hpp"
#include "recording/recording_service.hpp"
#include "recording/trial_id.hpp"

namespace isokin::recording {
namespace {

using testing::FakeDevice;
using testing::MemorySession;
using Clock = std::chrono::steady_clock;

struct Rig {
  FakeDevice* device = nullptr;
  std::unique_ptr<RecordingService> service;
  MemorySession session;

  Rig() {
    auto d = std::make_unique<FakeDevice>();
    device = d.get();
    service = std::make_unique<RecordingService>(std::move(d));
  }
  TrialOutcome record(double reconnect_timeout_s = 15, std::optional<double> duration_s = std::nullopt) {
    service->open();
    TrialPlan plan;
    plan.id = "01-left-con-con-60";
    plan.duration_s = duration_s;
    TrialControls controls;
    controls.reconnect_timeout_s = reconnect_timeout_s;
    return service->record(session, plan, controls);
  }
};

TEST(RecordingService, DeviceFinishes_TrialFinishedWithEverySampleAndCounts) {
  Rig rig;
  const TrialOutcome o = rig.record();
  ASSERT_TRUE(o.recorded);
  EXPECT_FALSE(o.failed());
  const auto& t = rig.session.trials.at("01-left-con-con-60");
  EXPECT_TRUE(t.finished);
  EXPECT_EQ(t.finishes, 1);
  EXPECT_EQ(t.samples.size(), 1000u);
  EXPECT_EQ(t.info.counts.samples, 1000u);
  EXPECT_EQ(rig.device->stops.load(), 1);
}

TEST(RecordingService, StartRefused_NoTrialOpenedAndFaultWordForWord) {
  Rig rig;
  rig.device->start_error = "velocity 700 deg/s is outside what the dynamometer can do";
  const TrialOutcome o = rig.record();
  EXPECT_FALSE(o.recorded);
  EXPECT_EQ(o.fault, rig.device->start_error);
  EXPECT_TRUE(rig.session.trials.empty());
  EXPECT_NE(headline(o, 15).find(rig.device->start_error), std::string::npos);
}

TEST(RecordingService, StopFails_TrialStillFinishedWithCounts) {
  Rig rig;
  rig.device->stop_error = "no STATUS within 500 ms of STOP";
  const TrialOutcome o = rig.record();
  ASSERT_TRUE(o.recorded);
  EXPECT_EQ(o.stop_problem, rig.device->stop_error);
  EXPECT_TRUE(o.failed());
  const auto& t = rig.session.trials.at("01-left-con-con-60");
  EXPECT_TRUE(t.finished);
  EXPECT_EQ(t.info.counts.samples, 1000u);
}

TEST(RecordingService, FaultMidTrial_ReportedAsFaultAndTrialFinished) {
  Rig rig;
  rig.device->after = FakeDevice::After::fail;
  const TrialOutcome o = rig.record();
  ASSERT_TRUE(o.recorded);
  EXPECT_EQ(o.fault, "load cell overload");
  EXPECT_EQ(headline(o, 15).rfind("device fault: load cell overload", 0), 0u) << headline(o, 15);
  const auto& t = rig.session.trials.at("01-left-con-con-60");
  EXPECT_TRUE(t.finished);
  EXPECT_EQ(t.samples.size(), 1000u);
  EXPECT_EQ(rig.device->stops.load(), 0) << "a failed device is not asked to STOP";
}

TEST(RecordingService, DeviceLeaves_TrialEndsWithinReconnectTimeout) {
  Rig rig;
  rig.device->after = FakeDevice::After::leave;
  const auto t0 = Clock::now();
  const TrialOutcome o = rig.record(0.5);
  const double took_s = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_TRUE(o.device_gone());
  EXPECT_TRUE(o.result->device_link_lost);
  EXPECT_LT(took_s, 3.0);
  EXPECT_TRUE(rig.session.trials.at("01-left-con-con-60").finished);
  EXPECT_EQ(rig.session.trials.at("01-left-con-con-60").samples.size(), 1000u);
  EXPECT_NE(headline(o, 0.5).find("device left at"), std::string::npos) << headline(o, 0.5);
}

TEST(RecordingService, SilentDeviceAndNoReconnectTimeout_DurationEndsItByWallClock) {
  Rig rig;
  rig.device->total = 100;  // 0.1 s of device time, then nothing
  rig.device->after = FakeDevice::After::silence;
  const auto t0 = Clock::now();
  const TrialOutcome o = rig.record(0, 0.5);
  const double took_s = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_TRUE(o.result);
  EXPECT_EQ(o.result->reason, device::StopReason::duration);
  EXPECT_GE(took_s, 0.5 + device::kWallClockSlackS - 0.05);
  EXPECT_LT(took_s, 0.5 + device::kWallClockSlackS + 1.5);
}

TEST(TrialId, TakenId_GetsASuffixNeverADuplicate) {
  ProtocolTrial t;
  t.velocity_ext_deg_s = t.velocity_flex_deg_s = 60;
  EXPECT_EQ(new_trial_id(3, t, {}), "03-left-con-con-60");
  EXPECT_EQ(new_trial_id(1, t, {"01-left-con-con-60"}), "01-left-con-con-60-2");
}

}  // namespace
}  // namespace isokin::recording
