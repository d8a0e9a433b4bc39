// The acquisition pipeline's parts: the SPSC ring under two threads, the repetition
// counter, device-time placement with gaps, and the live feed.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <thread>

#include "device/acquisition/live_feed.hpp"
#include "device/acquisition/repetition_counter.hpp"
#include "device/acquisition/sample_timeline.hpp"
#include "device/acquisition/spsc_ring.hpp"

namespace isokin::device {
namespace {

TEST(SpscRing, TwoThreads_EveryItemOnceInOrder) {
  SpscRing<std::uint64_t> ring(1024);
  constexpr std::uint64_t kItems = 2'000'000;
  std::thread producer([&] {
    std::uint64_t next = 0;
    std::vector<std::uint64_t> batch;
    while (next < kItems) {
      batch.clear();
      for (std::uint64_t i = 0; i < 37 && next + i < kItems; ++i) batch.push_back(next + i);
      std::span<const std::uint64_t> rest(batch);
      while (!rest.empty()) rest = rest.subspan(ring.push(rest));
      next += batch.size();
    }
  });
  std::vector<std::uint64_t> out;
  std::uint64_t expected = 0;
  bool in_order = true;
  while (expected < kItems) {
    out.clear();
    ring.pop(out, 500);
    for (auto v : out) in_order = in_order && v == expected++;
  }
  producer.join();
  EXPECT_TRUE(in_order);
  EXPECT_EQ(ring.size(), 0u);
}

TEST(SpscRing, Full_PushTakesOnlyWhatFits) {
  SpscRing<int> ring(4);
  const std::vector<int> six{1, 2, 3, 4, 5, 6};
  EXPECT_EQ(ring.push(six), 4u);
  std::vector<int> out;
  EXPECT_EQ(ring.pop(out, 10), 4u);
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_THROW(SpscRing<int>(6), std::invalid_argument);
}

TEST(SpscRing, Indices_OnSeparateCacheLines) {
  // The producer's and consumer's indices must not share a cache line.
  EXPECT_GE(sizeof(SpscRing<int>), 3 * kCacheLineBytes);
  EXPECT_EQ(alignof(SpscRing<int>), kCacheLineBytes);
}

TEST(RepetitionCounter, FiveCyclesWithNoise_CountsFive) {
  RepetitionCounter counter;
  // Starts flexed at 90, extends to 10, flexes back: a cosine per repetition, plus
  // noise and a pause at each end.
  for (int rep = 0; rep < 5; ++rep) {
    for (int i = 0; i < 1000; ++i) {
      const double phase = 2 * std::numbers::pi * i / 1000.0;
      const double noise = ((i * 7919) % 13 - 6) * 0.1;
      counter.add(50 + 40 * std::cos(phase) + noise);
    }
    EXPECT_EQ(counter.completed(), rep + 1) << rep;
  }
  EXPECT_EQ(counter.completed(), 5);
}

TEST(RepetitionCounter, IsometricHold_CountsNone) {
  RepetitionCounter counter;
  for (int i = 0; i < 5000; ++i) counter.add(60 + ((i % 5) - 2) * 0.5);
  EXPECT_EQ(counter.completed(), 0);
}

TEST(SampleTimeline, DeviceClock_GivesTimesGapsAndRate) {
  SampleTimeline timeline(1000);
  std::vector<double> times;
  for (std::uint64_t i = 0; i < 100; ++i) times.push_back(timeline.place({{5'000'000 + i * 1000, 0, 0, 0}, 1.0, false}));
  // 20 samples missing, then on.
  for (std::uint64_t i = 120; i < 200; ++i) times.push_back(timeline.place({{5'000'000 + i * 1000, 0, 0, 0}, 2.0, false}));
  EXPECT_DOUBLE_EQ(times[0], 0.0);
  EXPECT_NEAR(times[99], 0.099, 1e-12);
  EXPECT_NEAR(times[100], 0.120, 1e-12);
  ASSERT_EQ(timeline.gaps().size(), 1u);
  EXPECT_EQ(timeline.gaps()[0].lost_samples, 20u);
  EXPECT_NEAR(timeline.gaps()[0].start_s, 0.099, 1e-12);
  EXPECT_NEAR(timeline.measured_rate_hz(), 1000.0, 1e-6);
}

TEST(SampleTimeline, SlowDeviceClock_RateMeasuredNotNominal) {
  SampleTimeline timeline(1000);
  for (std::uint64_t i = 0; i < 1000; ++i) timeline.place({{i * 1010, 0, 0, 0}, 0, false});
  EXPECT_NEAR(timeline.measured_rate_hz(), 1e6 / 1010.0, 1e-6);
}

TEST(SampleTimeline, ClockRestartAfterLinkLoss_TimeKeepsGrowing) {
  SampleTimeline timeline(100);
  double last = 0;
  for (std::uint64_t i = 0; i < 50; ++i) last = timeline.place({{1'000'000 + i * 10'000, 0, 0, 0}, 100.0 + i * 0.01, false});
  const double after = timeline.place({{0, 0, 0, 0}, 102.0, true});
  EXPECT_GT(after, last);
  EXPECT_NEAR(after - last, 102.0 - 100.49, 1e-9);
  ASSERT_EQ(timeline.gaps().size(), 1u);
}

TEST(LiveFeed, LatestSamples_OldestFirstAndBounded) {
  LiveFeed feed(100);
  SampleColumns block;
  for (int i = 0; i < 250; ++i) block.push_back(Sample{i * 0.001, double(i), 0, 0});
  feed.publish(block.span(), LiveStatus{});
  SampleColumns out;
  feed.copy_latest(out, 1000);
  ASSERT_EQ(out.size(), 100u);
  EXPECT_EQ(out.torque_nm.front(), 150);
  EXPECT_EQ(out.torque_nm.back(), 249);
  EXPECT_EQ(feed.total(), 250u);
}

}  // namespace
}  // namespace isokin::device
