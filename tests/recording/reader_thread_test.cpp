// ReaderThread on an in-memory device: every sample once and in order, the device's
// end and error seen, link counts read from the snapshot (never the device).
#include <gtest/gtest.h>

#include "device/acquisition/reader_thread.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "fake_device.hpp"

namespace isokin::device {
namespace {

using testing::FakeDevice;

std::vector<AcquiredSample> take_all(ReaderThread& reader) {
  std::vector<AcquiredSample> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((reader.running() || reader.queue_depth() > 0) && std::chrono::steady_clock::now() < deadline) {
    reader.take(out, 1000, std::chrono::milliseconds(10));
    (void)reader.counts();  // as a live view does, while the device is read
  }
  return out;
}

TEST(ReaderThread, DeviceFinishes_EverySampleOnceInOrderAndFinished) {
  FakeDevice dev;
  dev.total = 5000;
  dev.samples_per_read = 37;
  ReaderThread reader(dev, 64, std::chrono::milliseconds(5));  // a small queue: the reader must wait, not drop
  reader.start();
  const auto got = take_all(reader);
  reader.stop();
  ASSERT_EQ(got.size(), 5000u);
  for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i].sample.t_us, i * 1000) << i;
  EXPECT_TRUE(reader.device_finished());
  EXPECT_EQ(reader.take_error(), nullptr);
  EXPECT_EQ(reader.counts().samples, 5000u);
}

TEST(ReaderThread, DeviceFails_ErrorHandedOverAfterItsSamples) {
  FakeDevice dev;
  dev.total = 300;
  dev.after = FakeDevice::After::fail;
  ReaderThread reader(dev, 1024, std::chrono::milliseconds(5));
  reader.start();
  const auto got = take_all(reader);
  reader.stop();
  EXPECT_EQ(got.size(), 300u);
  EXPECT_FALSE(reader.device_finished());
  EXPECT_NE(reader.take_error(), nullptr);
}

TEST(ReaderThread, LinkLost_ReportedAsLinkDown) {
  FakeDevice dev;
  dev.total = 100;
  dev.after = FakeDevice::After::leave;
  ReaderThread reader(dev, 1024, std::chrono::milliseconds(5));
  reader.start();
  std::vector<AcquiredSample> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (reader.link_up() && std::chrono::steady_clock::now() < deadline) {
    reader.take(out, 1000, std::chrono::milliseconds(10));
  }
  reader.stop();
  EXPECT_FALSE(reader.link_up());
}

// A device that stalls (quiet, or its link dropped and back) and resumes well within
// the reconnect timeout: the trial goes on to the device's end, every sample sent is
// recorded at its device time, and the stall is one gap with the samples the device
// clock ran past. The reconnect timeout is far longer than the stall, so a loaded host
// cannot turn it into "device gone".
TEST(ReaderThread, StallThenResumeWithinReconnectTimeout_NoSampleLostAndGapCounted) {
  for (const bool drops_link : {false, true}) {
    SCOPED_TRACE(drops_link ? "link dropped during the stall" : "device quiet during the stall");
    FakeDevice dev;
    dev.total = 2000;
    dev.samples_per_read = 25;
    dev.stall_at = 800;
    dev.stall_for = std::chrono::milliseconds(300);
    dev.stall_skip = 250;
    dev.stall_drops_link = drops_link;
    testing::MemorySession session;
    TrialInfo info;
    info.id = "stall";
    const auto sink = session.open_trial(info);
    AcquisitionLimits limits;
    limits.reconnect_timeout_s = 30;
    AcquisitionOptions options;
    options.nominal_rate_hz = 1000;
    options.read_timeout = std::chrono::milliseconds(5);
    const AcquisitionResult r = acquire_trial(dev, *sink, limits, options);

    EXPECT_EQ(r.reason, StopReason::device_finished);
    EXPECT_EQ(r.device_error, nullptr);
    ASSERT_EQ(r.samples, 2000u);
    const auto& time_s = session.trials.at("stall").samples.time_s;
    ASSERT_EQ(time_s.size(), 2000u);
    for (std::size_t i = 0; i < time_s.size(); ++i) {
      const double expected = static_cast<double>(i < 800 ? i : i + 250) / 1000.0;
      ASSERT_NEAR(time_s[i], expected, 1e-9) << "sample " << i;
    }
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_NEAR(r.gaps[0].start_s, 0.799, 1e-9);
    EXPECT_NEAR(r.gaps[0].end_s, 1.050, 1e-9);
    EXPECT_EQ(r.gaps[0].lost_samples, 250u);
    EXPECT_EQ(r.counts.samples, 2000u);
  }
}

}  // namespace
}  // namespace isokin::device
