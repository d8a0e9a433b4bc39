#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "device/protocol/line_decoder.hpp"

namespace isokin::device::protocol {
namespace {

struct Collector : StreamSink {
  std::vector<DeviceSample> samples;
  std::vector<DeviceHello> hellos;
  std::vector<SampleGap> gaps;
  void on_hello(const DeviceHello& h) override { hellos.push_back(h); }
  void on_samples(std::span<const DeviceSample> s) override { samples.insert(samples.end(), s.begin(), s.end()); }
  void on_gap(const SampleGap& g) override { gaps.push_back(g); }
};

void feed(LineDecoder& d, const std::string& text, StreamSink& sink) {
  d.feed({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, sink);
}

TEST(LineDecoder, SamplesAndMetadata_Parsed) {
  LineDecoder d;
  Collector c;
  feed(d, "# model=HX711 rig\r\n# serial=007\n# rate_hz=500\n# a comment\n0,-12.5,90,0\r\n2000,3e1,88.5,-60\n", c);
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_FLOAT_EQ(c.samples[0].torque_nm, -12.5f);
  EXPECT_FLOAT_EQ(c.samples[1].torque_nm, 30.0f);
  EXPECT_EQ(c.samples[1].t_us, 2000u);
  ASSERT_EQ(c.hellos.size(), 1u);
  EXPECT_EQ(c.hellos[0].model, "HX711 rig");
  EXPECT_EQ(c.hellos[0].serial, "007");
  EXPECT_EQ(c.hellos[0].rate_hz, 500);
}

TEST(LineDecoder, BadLines_CountedCorruptAndSkipped) {
  LineDecoder d;
  Collector c;
  feed(d, "0,1,2,3\nnot a line\n1000,1,2\n2000,1,2,3,4\n3000,x,2,3\n4000,nan,2,3\n5000,1,2,3\n500,1,2,3\n", c);
  EXPECT_EQ(c.samples.size(), 2u);             // 0 and 5000
  EXPECT_EQ(d.counts().corrupt_frames, 6u);    // text, 3 fields, 5 fields, x, nan, time going back
}

TEST(LineDecoder, OverlongLine_CorruptAndMemoryBounded) {
  LineDecoder d;
  Collector c;
  feed(d, std::string(100'000, '1') + "\n0,1,2,3\n", c);
  EXPECT_EQ(d.counts().corrupt_frames, 1u);
  EXPECT_EQ(c.samples.size(), 1u);
}

TEST(LineDecoder, SplitAcrossFeeds_SameResult) {
  LineDecoder d;
  Collector c;
  const std::string text = "0,1.25,2,3\n1000,4,5,6\n";
  for (char ch : text) feed(d, std::string(1, ch), c);
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_FLOAT_EQ(c.samples[0].torque_nm, 1.25f);
}

TEST(LineDecoder, TimeJumpWithKnownRate_CountsLostSamples) {
  LineDecoder d;
  Collector c;
  feed(d, "# rate_hz=1000\n0,0,0,0\n1000,0,0,0\n5000,0,0,0\n", c);
  EXPECT_EQ(d.counts().lost_samples, 3u);
  ASSERT_EQ(c.gaps.size(), 1u);
}

}  // namespace
}  // namespace isokin::device::protocol
