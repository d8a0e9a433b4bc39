// ReaderThread on an in-memory device: every sample once and in order, the device's
// end and error seen, link counts read from the snapshot (never the device).
#include <gtest/gtest.h>

#include "device/acquisition/reader_thread.hpp"
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

}  // namespace
}  // namespace isokin::device
