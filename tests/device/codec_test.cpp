// The frame codec against independent truth: published COBS vectors, the CRC's
// catalogue check value, and frames built byte by byte in the tests.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "device/protocol/cobs.hpp"
#include "device/protocol/crc16.hpp"
#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/messages.hpp"
#include "device/protocol/stream_decoder.hpp"

namespace isokin::device::protocol {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes cobs(const Bytes& in) {
  Bytes out;
  cobs_encode(in, out);
  return out;
}

struct Collector : StreamSink {
  std::vector<DeviceSample> samples;
  std::vector<DeviceHello> hellos;
  std::vector<DeviceStatus> statuses;
  std::vector<SampleGap> gaps;
  void on_hello(const DeviceHello& h) override { hellos.push_back(h); }
  void on_status(const DeviceStatus& s) override { statuses.push_back(s); }
  void on_samples(std::span<const DeviceSample> s) override { samples.insert(samples.end(), s.begin(), s.end()); }
  void on_gap(const SampleGap& g) override { gaps.push_back(g); }
};

std::vector<DeviceSample> ramp(std::uint64_t t0, std::uint32_t period, std::size_t n) {
  std::vector<DeviceSample> v;
  for (std::size_t i = 0; i < n; ++i) {
    v.push_back({t0 + i * period, static_cast<float>(i) * 0.5f, 90.0f - static_cast<float>(i), -60.0f});
  }
  return v;
}

Bytes samples_frame(std::uint16_t seq, std::uint64_t t0, std::uint32_t period, std::size_t n) {
  Bytes out;
  const auto s = ramp(t0, period, n);
  encode_frame(static_cast<std::uint8_t>(FrameType::samples), seq, samples_body(t0, period, s), out);
  return out;
}

TEST(Crc16, CheckValue_123456789_Is29B1) {
  const std::string text = "123456789";
  EXPECT_EQ(crc16_ccitt_false({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}), 0x29B1);
}

TEST(Crc16, EmptyInput_IsInitialValue) { EXPECT_EQ(crc16_ccitt_false({}), 0xFFFF); }

// Vectors from Cheshire & Baker's COBS paper / the Wikipedia COBS article.
TEST(Cobs, PublishedVectors_EncodeExactly) {
  EXPECT_EQ(cobs({0x00}), (Bytes{0x01, 0x01}));
  EXPECT_EQ(cobs({0x00, 0x00}), (Bytes{0x01, 0x01, 0x01}));
  EXPECT_EQ(cobs({0x00, 0x11, 0x00}), (Bytes{0x01, 0x02, 0x11, 0x01}));
  EXPECT_EQ(cobs({0x11, 0x22, 0x00, 0x33}), (Bytes{0x03, 0x11, 0x22, 0x02, 0x33}));
  EXPECT_EQ(cobs({0x11, 0x22, 0x33, 0x44}), (Bytes{0x05, 0x11, 0x22, 0x33, 0x44}));
  EXPECT_EQ(cobs({0x11, 0x00, 0x00, 0x00}), (Bytes{0x02, 0x11, 0x01, 0x01, 0x01}));
  Bytes run254(254);
  for (std::size_t i = 0; i < run254.size(); ++i) run254[i] = static_cast<std::uint8_t>(i + 1);
  Bytes expected{0xFF};
  expected.insert(expected.end(), run254.begin(), run254.end());
  expected.push_back(0x01);
  EXPECT_EQ(cobs(run254), expected);
  Bytes with_zero{0x00};
  with_zero.insert(with_zero.end(), run254.begin(), run254.end());
  Bytes expected2{0x01, 0xFF};
  expected2.insert(expected2.end(), run254.begin(), run254.end());
  expected2.push_back(0x01);
  EXPECT_EQ(cobs(with_zero), expected2);
}

TEST(Cobs, RoundTrip_AllLengthsUpTo600_Identical) {
  for (std::size_t n = 0; n <= 600; ++n) {
    Bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>((i * 37 + n) % 7 == 0 ? 0 : i * 13 + 1);
    const Bytes enc = cobs(data);
    EXPECT_EQ(std::count(enc.begin(), enc.end(), 0), 0);
    EXPECT_LE(enc.size(), cobs_max_encoded_size(n));
    Bytes dec(n + 10);
    const auto size = cobs_decode(enc, dec);
    ASSERT_TRUE(size.has_value()) << n;
    dec.resize(*size);
    EXPECT_EQ(dec, data) << n;
  }
}

TEST(Cobs, Decode_CodePastEnd_Refused) {
  Bytes out(16);
  EXPECT_FALSE(cobs_decode(Bytes{0x05, 0x11, 0x22}, out).has_value());
  EXPECT_FALSE(cobs_decode(Bytes{0x02, 0x00}, out).has_value());
}

TEST(Cobs, Decode_OutputTooSmall_RefusedWithoutOverflow) {
  Bytes out(2);
  EXPECT_FALSE(cobs_decode(Bytes{0x05, 0x11, 0x22, 0x33, 0x44}, out).has_value());
}

TEST(FrameEncoder, HelloRequest_IsByteExact) {
  // version 1, type 0x80, seq 0, no body: 01 80 00 00 + CRC over those four bytes.
  const Bytes raw{0x01, 0x80, 0x00, 0x00};
  const std::uint16_t crc = crc16_ccitt_false(raw);
  Bytes frame = raw;
  frame.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  frame.push_back(static_cast<std::uint8_t>(crc >> 8));
  Bytes expected = cobs(frame);
  expected.push_back(0);
  FrameEncoder encoder;
  EXPECT_EQ(encoder.hello_request(), expected);
  EXPECT_EQ(encoder.next_seq(), 1);
}

TEST(FrameDecoder, SamplesFrame_DecodesEverySampleAndTime) {
  FrameDecoder d;
  Collector c;
  const Bytes f = samples_frame(0, 1'000'000, 500, 339);  // the largest SAMPLES frame
  d.feed(f, c);
  ASSERT_EQ(c.samples.size(), 339u);
  EXPECT_EQ(c.samples[0].t_us, 1'000'000u);
  EXPECT_EQ(c.samples[338].t_us, 1'000'000u + 338 * 500);
  EXPECT_FLOAT_EQ(c.samples[10].torque_nm, 5.0f);
  EXPECT_FLOAT_EQ(c.samples[10].angle_deg, 80.0f);
  EXPECT_EQ(d.counts().samples, 339u);
  EXPECT_EQ(d.counts().corrupt_frames, 0u);
}

TEST(FrameDecoder, ByteAtATime_SameAsWhole) {
  Bytes stream;
  for (std::uint16_t seq = 0; seq < 20; ++seq) {
    const auto f = samples_frame(seq, seq * 10'000ull, 1000, 10);
    stream.insert(stream.end(), f.begin(), f.end());
  }
  FrameDecoder d;
  Collector c;
  for (std::uint8_t b : stream) d.feed(std::span(&b, 1), c);
  EXPECT_EQ(c.samples.size(), 200u);
  EXPECT_EQ(d.counts().lost_frames, 0u);
  EXPECT_EQ(d.counts().lost_samples, 0u);
}

TEST(FrameDecoder, SeqWrapsAt65535_NoLostFrames) {
  FrameDecoder d;
  Collector c;
  std::uint64_t t = 0;
  for (std::uint32_t k = 0; k < 4; ++k) {
    const auto seq = static_cast<std::uint16_t>(65534 + k);  // 65534, 65535, 0, 1
    d.feed(samples_frame(seq, t, 1000, 5), c);
    t += 5000;
  }
  EXPECT_EQ(c.samples.size(), 20u);
  EXPECT_EQ(d.counts().lost_frames, 0u);
}

TEST(FrameDecoder, SeqJumpAcrossWrap_CountsMissingFrames) {
  FrameDecoder d;
  Collector c;
  d.feed(samples_frame(65533, 0, 1000, 5), c);
  d.feed(samples_frame(2, 5 * 5000, 1000, 5), c);  // 65534, 65535, 0, 1 missing
  EXPECT_EQ(d.counts().lost_frames, 4u);
  EXPECT_EQ(d.counts().lost_samples, 20u);
  ASSERT_EQ(c.gaps.size(), 1u);
  EXPECT_EQ(c.gaps[0].last_t_us, 4000u);
  EXPECT_EQ(c.gaps[0].next_t_us, 25000u);
}

TEST(FrameDecoder, CorruptCrc_CountedCorruptNotLostAndNeighboursKept) {
  FrameDecoder d;
  Collector c;
  Bytes stream;
  for (std::uint16_t seq = 0; seq < 3; ++seq) {
    Bytes raw = build_frame(static_cast<std::uint8_t>(FrameType::samples), seq,
                            samples_body(seq * 4000ull, 1000, ramp(seq * 4000ull, 1000, 4)));
    if (seq == 1) raw[20] ^= 0x10;  // a flipped bit in the body
    cobs_encode(raw, stream);
    stream.push_back(0);
  }
  d.feed(stream, c);
  EXPECT_EQ(c.samples.size(), 8u);
  EXPECT_EQ(d.counts().corrupt_frames, 1u);
  EXPECT_EQ(d.counts().lost_frames, 0u);  // the missing seq is the corrupt frame, counted once
  EXPECT_EQ(d.counts().lost_samples, 4u);
}

TEST(FrameDecoder, WrongVersionAndShortFrames_Corrupt) {
  FrameDecoder d;
  Collector c;
  Bytes stream{0x00};  // synchronise
  Bytes raw = build_frame(static_cast<std::uint8_t>(FrameType::status), 0, {});
  raw[0] = 2;
  const std::uint16_t crc = crc16_ccitt_false(std::span(raw).first(raw.size() - 2));
  raw[raw.size() - 2] = static_cast<std::uint8_t>(crc & 0xFF);
  raw[raw.size() - 1] = static_cast<std::uint8_t>(crc >> 8);
  cobs_encode(raw, stream);
  stream.push_back(0);
  cobs_encode(Bytes{0x01, 0x02, 0x03}, stream);  // 3 bytes: shorter than 6
  stream.push_back(0);
  d.feed(stream, c);
  EXPECT_EQ(d.counts().corrupt_frames, 2u);
}

TEST(FrameDecoder, BodyNotMatchingType_Corrupt) {
  FrameDecoder d;
  Collector c;
  Bytes stream{0x00};
  const std::string not_json = "{model:";
  encode_frame(static_cast<std::uint8_t>(FrameType::hello), 0,
               {reinterpret_cast<const std::uint8_t*>(not_json.data()), not_json.size()}, stream);
  Bytes body = samples_body(0, 1000, ramp(0, 1000, 3));
  body.pop_back();  // count says 3 records, 35 bytes of them
  encode_frame(static_cast<std::uint8_t>(FrameType::samples), 1, body, stream);
  d.feed(stream, c);
  EXPECT_EQ(d.counts().corrupt_frames, 2u);
  EXPECT_TRUE(c.samples.empty());
  EXPECT_TRUE(c.hellos.empty());
}

TEST(FrameDecoder, UnknownType_SkippedAndCounted) {
  FrameDecoder d;
  Collector c;
  FrameEncoder e;
  Bytes stream = e.frame(0x42, Bytes{1, 2, 3});
  const auto s = e.samples(0, 1000, ramp(0, 1000, 2));
  stream.insert(stream.end(), s.begin(), s.end());
  d.feed(stream, c);
  EXPECT_EQ(d.counts().unknown_frames, 1u);
  EXPECT_EQ(d.counts().corrupt_frames, 0u);
  EXPECT_EQ(c.samples.size(), 2u);
}

TEST(FrameDecoder, OversizeRun_DiscardedToNextDelimiterThenResumes) {
  FrameDecoder d;
  Collector c;
  Bytes stream{0x00};
  stream.insert(stream.end(), 10'000, 0x7A);  // no delimiter for 10 kB
  stream.push_back(0x00);
  const auto f = samples_frame(0, 0, 1000, 3);
  stream.insert(stream.end(), f.begin(), f.end());
  d.feed(stream, c);
  EXPECT_EQ(d.counts().corrupt_frames, 1u);
  EXPECT_EQ(c.samples.size(), 3u);
}

TEST(FrameDecoder, FrameOver4096Decoded_Corrupt) {
  // 4097 decoded bytes with a correct CRC: refused by size alone.
  Bytes raw(4097 - 2, 0x55);
  raw[0] = 1;
  raw[1] = static_cast<std::uint8_t>(FrameType::status);
  const std::uint16_t crc = crc16_ccitt_false(raw);
  raw.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  raw.push_back(static_cast<std::uint8_t>(crc >> 8));
  Bytes stream{0x00};
  cobs_encode(raw, stream);
  stream.push_back(0);
  FrameDecoder d;
  Collector c;
  d.feed(stream, c);
  EXPECT_EQ(d.counts().corrupt_frames, 1u);
}

TEST(FrameDecoder, Memory_BoundedWhateverArrives) {
  // The decoder's footprint is fixed at construction: no member grows with input.
  FrameDecoder d;
  Collector c;
  Bytes junk(1 << 20);
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<std::uint8_t>(i * 2654435761u >> 24) | 1u;
  const std::uint8_t zero = 0;
  d.feed(std::span(&zero, 1), c);
  d.feed(junk, c);
  d.feed(std::span(&zero, 1), c);
  d.feed(samples_frame(0, 0, 1000, 339), c);  // the largest frame: the sample buffer reaches its bound
  EXPECT_EQ(c.samples.size(), 339u);
  EXPECT_LE(sizeof(FrameDecoder), 4200u + 4096u + 256u);
  EXPECT_EQ(d.counts().corrupt_frames, 1u);  // the 1 MiB run, once
}

TEST(FrameDecoder, JoinMidStream_TailBeforeFirstDelimiterDroppedUncounted) {
  const auto f1 = samples_frame(7, 0, 1000, 5);
  const auto f2 = samples_frame(8, 5000, 1000, 5);
  Bytes stream(f1.begin() + 9, f1.end());  // the tail of a frame sent before we listened
  stream.insert(stream.end(), f2.begin(), f2.end());
  FrameDecoder d;
  Collector c;
  d.feed(stream, c);
  EXPECT_EQ(c.samples.size(), 5u);
  EXPECT_EQ(c.samples[0].t_us, 5000u);
  EXPECT_EQ(d.counts().corrupt_frames, 0u);
  EXPECT_EQ(d.counts().lost_frames, 0u);
}

TEST(FrameDecoder, HelloAndStatus_ParsedFromJson) {
  FrameEncoder e;
  DeviceHello h;
  h.model = "Dyno-2";
  h.serial = "SN42";
  h.firmware = "3.1";
  h.rate_hz = 2000;
  h.joints = {"knee", "ankle"};
  DeviceStatus s;
  s.state = DeviceStatus::State::error;
  s.message = "velocity 900 deg/s is above the machine's 500 deg/s";
  s.acked_seq = 4;
  Bytes stream = e.hello(h);
  const auto sf = e.status(s);
  stream.insert(stream.end(), sf.begin(), sf.end());
  FrameDecoder d;
  Collector c;
  d.feed(stream, c);
  ASSERT_EQ(c.hellos.size(), 1u);
  EXPECT_EQ(c.hellos[0].model, "Dyno-2");
  EXPECT_EQ(c.hellos[0].rate_hz, 2000);
  EXPECT_EQ(c.hellos[0].joints, (std::vector<std::string>{"knee", "ankle"}));
  ASSERT_EQ(c.statuses.size(), 1u);
  EXPECT_EQ(c.statuses[0].message, s.message);
  EXPECT_EQ(c.statuses[0].acked_seq, 4);
}

TEST(Messages, StartRoundTrip_SplitVelocities) {
  StartRequest r;
  r.mode = TestMode::con_ecc;
  r.velocity_ext_deg_s = 60;
  r.velocity_flex_deg_s = 30;
  r.rom_min_deg = 10;
  r.rom_max_deg = 90;
  r.reps = 5;
  const auto back = parse_start(start_to_json(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->mode, TestMode::con_ecc);
  EXPECT_EQ(back->velocity_ext_deg_s, 60);
  EXPECT_EQ(back->velocity_flex_deg_s, 30);
  EXPECT_EQ(back->rom_max_deg, 90);
  EXPECT_EQ(back->reps, 5);
}

TEST(Messages, HelloMissingRate_Refused) {
  EXPECT_FALSE(parse_hello(R"({"model":"a","serial":"b","firmware":"c"})"));
  EXPECT_FALSE(parse_status(R"({"state":"exploded"})"));
  EXPECT_FALSE(parse_start(R"({"mode":"con-con"})"));
}

TEST(StreamDecoder, Auto_FrameStreamDetected) {
  FrameEncoder e;
  const auto f = e.samples(0, 1000, ramp(0, 1000, 4));
  StreamDecoder d;
  Collector c;
  d.feed(f, c);
  EXPECT_EQ(d.format(), StreamFormat::frame);
  EXPECT_EQ(c.samples.size(), 4u);
}

TEST(StreamDecoder, Auto_LineStreamDetected) {
  const std::string text = "# model=board\n# rate_hz=100\n0,1.5,90,0\n10000,2.5,89,-100\n";
  StreamDecoder d;
  Collector c;
  d.feed({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, c);
  EXPECT_EQ(d.format(), StreamFormat::line);
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_EQ(c.samples[1].t_us, 10000u);
  ASSERT_EQ(c.hellos.size(), 1u);
  EXPECT_EQ(c.hellos[0].model, "board");
}

}  // namespace
}  // namespace isokin::device::protocol

namespace isokin::device::protocol {
namespace {

// docs/protocol.md, "Example bytes": the document and the encoder must agree.
Bytes hex(const char* text) {
  Bytes out;
  for (const char* p = text; *p;) {
    if (*p == ' ' || *p == '\n') {
      ++p;
      continue;
    }
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(p, 2), nullptr, 16)));
    p += 2;
  }
  return out;
}

TEST(ProtocolDoc, ExampleFrames_MatchTheEncoder) {
  FrameEncoder e;
  EXPECT_EQ(e.hello_request(), hex("03 01 80 01 03 2E C9 00"));
  FrameEncoder e3(3);
  EXPECT_EQ(e3.stop(), hex("04 01 82 03 03 1D F2 00"));
  FrameEncoder e7(7);
  const std::vector<DeviceSample> two{{1'000'000, 12.5f, 90.0f, -60.0f}, {1'001'000, 13.0f, 89.94f, -60.0f}};
  EXPECT_EQ(build_frame(0x02, 7, samples_body(1'000'000, 1000, two)),
            hex("01 02 07 00 40 42 0F 00 00 00 00 00 E8 03 00 00 02 00 00 00 48 41 00 00 B4 42 00 00 70 C2 "
                "00 00 50 41 48 E1 B3 42 00 00 70 C2 A1 B0"));
  EXPECT_EQ(e7.samples(1'000'000, 1000, two),
            hex("04 01 02 07 04 40 42 0F 01 01 01 01 03 E8 03 01 02 02 01 01 03 48 41 01 "
                "03 B4 42 01 03 70 C2 01 07 50 41 48 E1 B3 42 01 05 70 C2 A1 B0 00"));
}

}  // namespace
}  // namespace isokin::device::protocol
