// The firmware's wire code (firmware/wire, plain C) against the host's codec
// (device/protocol): the same bytes out of both, each side decoding the other's.
// If either drifts from docs/protocol.md, these fail.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "device/protocol/cobs.hpp"
#include "device/protocol/crc16.hpp"
#include "device/protocol/device_calibration.hpp"
#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/messages.hpp"
#include "wire.h"

namespace {

using namespace isokin::device;
using namespace isokin::device::protocol;
using Bytes = std::vector<std::uint8_t>;

Bytes random_bytes(std::mt19937& rng, std::size_t n, int zero_percent) {
  Bytes out(n);
  std::uniform_int_distribution<int> byte(1, 255), pct(0, 99);
  for (auto& b : out) b = pct(rng) < zero_percent ? 0 : static_cast<std::uint8_t>(byte(rng));
  return out;
}

Bytes firmware_cobs(const Bytes& in) {
  Bytes out(WIRE_COBS_MAX(in.size()));
  out.resize(wire_cobs_encode(in.data(), in.size(), out.data()));
  return out;
}

struct Collect : StreamSink {
  std::vector<DeviceSample> samples;
  std::vector<DeviceHello> hellos;
  std::vector<DeviceStatus> statuses;
  void on_samples(std::span<const DeviceSample> s) override { samples.insert(samples.end(), s.begin(), s.end()); }
  void on_hello(const DeviceHello& h) override { hellos.push_back(h); }
  void on_status(const DeviceStatus& s) override { statuses.push_back(s); }
};

// The firmware's way to put a frame on the wire: build, encode in place, delimit.
Bytes firmware_wire_frame(std::uint8_t type, std::uint16_t seq, const Bytes& body) {
  std::vector<std::uint8_t> buffer(2 + 300);
  wire_frame_t f;
  wire_frame_begin(&f, buffer.data() + 2, 300, type, seq);
  wire_frame_put(&f, body.data(), body.size());
  const std::size_t n = wire_frame_end(&f);
  EXPECT_GT(n, 0u);
  const std::size_t encoded = wire_cobs_encode(buffer.data() + 2, n, buffer.data());
  Bytes out(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(encoded));
  out.push_back(0);
  return out;
}

TEST(FirmwareWire, Crc16_CheckValueAndEqualToHostOnRandomData) {
  const char* text = "123456789";
  EXPECT_EQ(wire_crc16(0xFFFF, reinterpret_cast<const std::uint8_t*>(text), 9), 0x29B1);
  std::mt19937 rng(1);
  for (std::size_t n = 0; n < 300; n += 7) {
    const auto data = random_bytes(rng, n, 10);
    EXPECT_EQ(wire_crc16(0xFFFF, data.data(), data.size()), crc16_ccitt_false(data)) << n;
    // Incremental in two parts, as the firmware may.
    const std::size_t half = n / 2;
    EXPECT_EQ(wire_crc16(wire_crc16(0xFFFF, data.data(), half), data.data() + half, n - half), crc16_ccitt_false(data));
  }
}

TEST(FirmwareWire, Cobs_EncodesExactlyAsTheHostAndDecodesTheHostsEncoding) {
  std::mt19937 rng(2);
  for (std::size_t n = 0; n <= 700; ++n) {
    const auto data = random_bytes(rng, n, n % 3 == 0 ? 0 : 5);  // every third: no zeros, long blocks
    Bytes host;
    cobs_encode(data, host);
    ASSERT_EQ(firmware_cobs(data), host) << n;
    Bytes back(n + 1);
    const std::size_t got = wire_cobs_decode(host.data(), host.size(), back.data(), back.size());
    ASSERT_EQ(got, n);
    back.resize(got);
    ASSERT_EQ(back, data);
  }
}

TEST(FirmwareWire, Cobs_InPlace_SameAsSeparateBuffers) {
  std::mt19937 rng(3);
  for (std::size_t n = 0; n <= 253; ++n) {
    const auto data = random_bytes(rng, n, n % 2 ? 0 : 20);
    Bytes buffer(n + 2);
    std::copy(data.begin(), data.end(), buffer.begin() + 1);
    const std::size_t len = wire_cobs_encode(buffer.data() + 1, n, buffer.data());
    ASSERT_EQ(Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(len)), firmware_cobs(data)) << n;
    // Decoding in place, as the firmware does with commands.
    const std::size_t dec = wire_cobs_decode(buffer.data(), len, buffer.data(), buffer.size());
    ASSERT_EQ(dec, n);
    ASSERT_TRUE(std::equal(data.begin(), data.end(), buffer.begin()));
  }
  // Two bytes ahead, as link.c encodes frames up to 300 bytes: safe to 507.
  for (std::size_t n = 0; n <= 507; ++n) {
    const auto data = random_bytes(rng, n, n % 2 ? 0 : 20);
    Bytes buffer(n + 2);
    std::copy(data.begin(), data.end(), buffer.begin() + 2);
    const std::size_t len = wire_cobs_encode(buffer.data() + 2, n, buffer.data());
    ASSERT_EQ(Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(len)), firmware_cobs(data)) << n;
  }
}

TEST(FirmwareWire, CobsDecode_RefusesZeroCodePastEndAndOverflow) {
  Bytes out(8);
  const Bytes zero{0x02, 0x00};
  EXPECT_EQ(wire_cobs_decode(zero.data(), zero.size(), out.data(), out.size()), static_cast<std::size_t>(-1));
  const Bytes past{0x05, 0x11};
  EXPECT_EQ(wire_cobs_decode(past.data(), past.size(), out.data(), out.size()), static_cast<std::size_t>(-1));
  const Bytes long_run{0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(wire_cobs_decode(long_run.data(), long_run.size(), out.data(), out.size()), static_cast<std::size_t>(-1));
}

TEST(FirmwareWire, SamplesFrame_HostDecodesEverySampleAndTime) {
  // As streamer.c builds it: header with count 0, records, count patched at the end.
  std::vector<std::uint8_t> buffer(254);
  wire_frame_t f;
  wire_frame_begin(&f, buffer.data() + 1, 253, WIRE_SAMPLES, 65535);
  wire_samples_header(&f, 123456789012ull, 1000, 0);
  const std::vector<std::array<float, 3>> values{{12.5f, 90.0f, -60.0f}, {0.0f, -0.0f, 1e-30f}, {-300.25f, 0.5f, 499.9f}};
  for (const auto& v : values) {
    for (float x : v) wire_frame_put_f32(&f, x);
  }
  f.buf[WIRE_HEADER_BYTES + 12] = static_cast<std::uint8_t>(values.size());
  const std::size_t n = wire_frame_end(&f);
  ASSERT_EQ(n, 4 + 14 + 12 * values.size() + 2);
  const std::size_t encoded = wire_cobs_encode(buffer.data() + 1, n, buffer.data());
  Bytes wire(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(encoded));
  wire.push_back(0);

  FrameDecoder decoder;
  Collect sink;
  decoder.feed(Bytes{0}, sink);  // joined at a delimiter
  decoder.feed(wire, sink);
  ASSERT_EQ(sink.samples.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(sink.samples[i].t_us, 123456789012ull + 1000 * i);
    EXPECT_EQ(std::memcmp(&sink.samples[i].torque_nm, &values[i][0], 4), 0);
    EXPECT_EQ(std::memcmp(&sink.samples[i].angle_deg, &values[i][1], 4), 0);
    EXPECT_EQ(std::memcmp(&sink.samples[i].velocity_deg_s, &values[i][2], 4), 0);
  }
  EXPECT_EQ(decoder.counts().corrupt_frames, 0u);

  // And byte for byte what the host's encoder makes of the same samples.
  std::vector<DeviceSample> samples;
  for (std::size_t i = 0; i < values.size(); ++i) {
    samples.push_back({123456789012ull + 1000 * i, values[i][0], values[i][1], values[i][2]});
  }
  FrameEncoder host(65535);
  EXPECT_EQ(host.samples(123456789012ull, 1000, samples), wire);
}

TEST(FirmwareWire, ProtocolDocExample_SamplesSeq7_ByteExact) {
  // docs/protocol.md, "Example bytes": SAMPLES seq 7, t0 1 000 000, period 1000.
  const Bytes expected{0x04, 0x01, 0x02, 0x07, 0x04, 0x40, 0x42, 0x0F, 0x01, 0x01, 0x01, 0x01, 0x03, 0xE8, 0x03, 0x01,
                       0x02, 0x02, 0x01, 0x01, 0x03, 0x48, 0x41, 0x01, 0x03, 0xB4, 0x42, 0x01, 0x03, 0x70, 0xC2, 0x01,
                       0x07, 0x50, 0x41, 0x48, 0xE1, 0xB3, 0x42, 0x01, 0x05, 0x70, 0xC2, 0xA1, 0xB0, 0x00};
  std::vector<std::uint8_t> body(256);
  wire_frame_t f;
  wire_frame_begin(&f, body.data(), body.size(), 0, 0);  // only for its writers
  f.len = 0;
  wire_samples_header(&f, 1000000, 1000, 2);
  for (float x : {12.5f, 90.0f, -60.0f, 13.0f, 89.94f, -60.0f}) wire_frame_put_f32(&f, x);
  const Bytes samples_body(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(f.len));
  EXPECT_EQ(firmware_wire_frame(WIRE_SAMPLES, 7, samples_body), expected);
}

TEST(FirmwareWire, StatusAndHelloText_ParsedByTheHost) {
  const std::string status = R"({"state":"running","acked_seq":513})";
  const std::string hello =
      R"({"model":"isokin-bridge","serial":"LAB-7","firmware":"1.0.0","rate_hz":1000,"adc_bits":11,)"
      R"("calibration":{"torque_nm":[2.000000e+02,-5.000000e+02],"angle_deg":[1.000000e+00,0.000000e+00],)"
      R"("velocity_deg_s":[1.000000e+00,0.000000e+00],"stored":true}})";
  FrameDecoder decoder;
  Collect sink;
  decoder.feed(Bytes{0}, sink);
  decoder.feed(firmware_wire_frame(WIRE_STATUS, 1, Bytes(status.begin(), status.end())), sink);
  decoder.feed(firmware_wire_frame(WIRE_HELLO, 2, Bytes(hello.begin(), hello.end())), sink);
  ASSERT_EQ(sink.statuses.size(), 1u);
  EXPECT_EQ(sink.statuses[0].state, DeviceStatus::State::running);
  EXPECT_EQ(sink.statuses[0].acked_seq, 513);
  ASSERT_EQ(sink.hellos.size(), 1u);
  EXPECT_EQ(sink.hellos[0].model, "isokin-bridge");
  EXPECT_EQ(sink.hellos[0].rate_hz, 1000);
  EXPECT_NE(sink.hellos[0].calibration.find("\"torque_nm\":[200.0,-500.0]"), std::string::npos) << sink.hellos[0].calibration;
}

TEST(FirmwareWire, FrameCheck_AcceptsHostFramesRefusesDamage) {
  FrameEncoder host(41);
  const std::string json = R"({"mode":"isometric","velocity_deg_s":0,"rate_hz":2000})";
  const auto frame = build_frame(0x81, 41, Bytes(json.begin(), json.end()));
  wire_parsed_t parsed{};
  ASSERT_EQ(wire_frame_check(frame.data(), frame.size(), &parsed), 1);
  EXPECT_EQ(parsed.type, 0x81);
  EXPECT_EQ(parsed.seq, 41);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(parsed.body), parsed.body_len), json);
  for (std::size_t i = 0; i < frame.size(); ++i) {
    auto bad = frame;
    bad[i] ^= 0x04;
    EXPECT_EQ(wire_frame_check(bad.data(), bad.size(), &parsed), 0) << "byte " << i;
  }
  EXPECT_EQ(wire_frame_check(frame.data(), 5, &parsed), 0);
}

TEST(FirmwareWire, FrameBuilder_OverflowSendsNothing) {
  std::vector<std::uint8_t> buffer(16);
  wire_frame_t f;
  wire_frame_begin(&f, buffer.data(), buffer.size(), WIRE_STATUS, 0);
  wire_frame_put_text(&f, "0123456789");  // 4 + 10 + crc 2 = 16: fits exactly
  EXPECT_EQ(f.overflow, 0);
  wire_frame_put_u8(&f, 'x');
  EXPECT_EQ(f.overflow, 1);
  EXPECT_EQ(wire_frame_end(&f), 0u);
}

TEST(FirmwareWire, CalibrationBody_SameLayoutBothWays) {
  DeviceCalibration c;
  c.channels[0] = {200.0f, -500.0f};
  c.channels[1] = {20.5f, -50.25f};
  c.channels[2] = {-3.0e-3f, 1e6f};
  c.serial = "LAB-07";
  const auto body = calibration_body(c);
  // Read as the firmware reads CALIBRATION_WRITE (main.c).
  ASSERT_EQ(body.size(), WIRE_CAL_BODY_MIN + c.serial.size());
  EXPECT_EQ(body[0], WIRE_CAL_CHANNELS);
  for (std::size_t ch = 0; ch < 3; ++ch) {
    EXPECT_EQ(wire_get_f32(body.data() + 1 + 8 * ch), c.channels[ch].gain);
    EXPECT_EQ(wire_get_f32(body.data() + 5 + 8 * ch), c.channels[ch].offset);
  }
  // Built as the firmware builds CALIBRATION (replies.c), parsed by the host.
  std::vector<std::uint8_t> buffer(64);
  wire_frame_t f;
  wire_frame_begin(&f, buffer.data(), buffer.size(), WIRE_CALIBRATION, 0);
  f.len = 0;
  wire_frame_put_u8(&f, 3);
  for (const auto& ch : c.channels) {
    wire_frame_put_f32(&f, ch.gain);
    wire_frame_put_f32(&f, ch.offset);
  }
  wire_frame_put_u8(&f, static_cast<std::uint8_t>(c.serial.size()));
  wire_frame_put_text(&f, c.serial.c_str());
  const auto parsed = parse_calibration(std::span(buffer.data(), f.len));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->serial, "LAB-07");
  EXPECT_EQ(parsed->channels[2].gain, -3.0e-3f);
  // Damage the host refuses.
  auto short_body = body;
  short_body.pop_back();
  EXPECT_FALSE(parse_calibration(short_body));
  auto bad_serial = body;
  bad_serial.back() = ' ';
  EXPECT_FALSE(parse_calibration(bad_serial));
}

TEST(FirmwareWire, CalibrationBody_HostRefusesZeroGainAndLongSerial) {
  DeviceCalibration c;
  c.channels[1].gain = 0;
  EXPECT_THROW(calibration_body(c), isokin::InputError);
  c.channels[1].gain = 1;
  c.serial = "0123456789ABCDEFG";
  EXPECT_THROW(calibration_body(c), isokin::InputError);
}

}  // namespace
