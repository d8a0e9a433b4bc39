// UsbDevice (unmodified libusb code) against an emulated device: umockdev replays
// a capture of a whole session written by make_usb_capture.py, whose truth file
// lists every sample the device sent in an intact frame.
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "device/transports/usb_device.hpp"
#include "umockdev_testbed.hpp"

namespace isokin::device {
namespace {

using namespace std::chrono_literals;
using test::UsbTestbed;

constexpr const char* kUri = "usb://1d50:6018";

std::vector<DeviceSample> read_truth(const std::filesystem::path& path) {
  std::vector<DeviceSample> truth;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string field[4];
    for (auto& f : field) std::getline(row, f, ',');
    DeviceSample s;
    s.t_us = std::stoull(field[0]);
    s.torque_nm = static_cast<float>(std::strtod(field[1].c_str(), nullptr));
    s.angle_deg = static_cast<float>(std::strtod(field[2].c_str(), nullptr));
    s.velocity_deg_s = static_cast<float>(std::strtod(field[3].c_str(), nullptr));
    truth.push_back(s);
  }
  return truth;
}

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// Reads until `count` samples arrived, a link loss, or `patience` passes.
ReadStatus read_samples(Device& device, std::vector<DeviceSample>& out, std::size_t count,
                        std::chrono::milliseconds patience = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    const ReadResult r = device.read(out, 100ms);
    if (r.status != ReadStatus::samples) return r.status;
  }
  return ReadStatus::samples;
}

void expect_same_samples(const std::vector<DeviceSample>& got, const std::vector<DeviceSample>& truth) {
  ASSERT_EQ(got.size(), truth.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const bool same = got[i].t_us == truth[i].t_us &&
                      std::bit_cast<std::uint32_t>(got[i].torque_nm) == std::bit_cast<std::uint32_t>(truth[i].torque_nm) &&
                      std::bit_cast<std::uint32_t>(got[i].angle_deg) == std::bit_cast<std::uint32_t>(truth[i].angle_deg) &&
                      std::bit_cast<std::uint32_t>(got[i].velocity_deg_s) ==
                          std::bit_cast<std::uint32_t>(truth[i].velocity_deg_s);
    if (!same && ++mismatches <= 5) {
      ADD_FAILURE() << "sample " << i << ": got t_us=" << got[i].t_us << " torque=" << got[i].torque_nm
                    << ", expected t_us=" << truth[i].t_us << " torque=" << truth[i].torque_nm;
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

class UsbDeviceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!capture_.empty()) std::filesystem::remove_all(capture_);
  }
  // Generated before the testbed exists: the generator must see the real /sys.
  std::filesystem::path capture(const std::string& scenario) { return capture_ = test::make_capture(scenario); }

  std::filesystem::path capture_;
};

TEST_F(UsbDeviceTest, Session_EverySampleArrivesAndTheCorruptFrameIsCounted) {
  const auto dir = capture("session");
  const auto expected = read_json(dir / "expected.json");
  const auto truth = read_truth(dir / "truth.csv");
  ASSERT_EQ(truth.size(), expected["samples"].get<std::size_t>());
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = open_device(kUri);  // through the URI factory, as isokin acquire does
  const DeviceHello hello = device->open();
  EXPECT_EQ(hello.model, expected["hello_model"]);
  EXPECT_EQ(hello.serial, expected["hello_serial"]);
  EXPECT_EQ(hello.firmware, expected["hello_firmware"]);
  EXPECT_EQ(hello.rate_hz, expected["hello_rate_hz"].get<double>());

  device->start(StartRequest{});  // con-con at 60 deg/s: the START bytes the capture expects
  std::vector<DeviceSample> got;
  EXPECT_EQ(read_samples(*device, got, truth.size()), ReadStatus::samples);
  device->stop();  // the capture answers STOP with STATUS idle only if the STOP frame is right
  device->close();

  expect_same_samples(got, truth);
  const LinkCounts c = device->counts();
  EXPECT_EQ(c.samples, truth.size());
  EXPECT_EQ(c.corrupt_frames, 1u);
  EXPECT_EQ(c.lost_frames, 0u);  // the corrupt frame's seq is not counted twice
  EXPECT_EQ(c.lost_samples, expected["lost_samples"].get<std::uint64_t>());
  EXPECT_EQ(c.reconnects, 0u);
  EXPECT_EQ(device->uri(), kUri);
}

// One second of a 200,000 samples/s device, in transfers filled to the last byte.
// Not a timing test: the replay runs as fast as the host reads; it shows that the
// transfer ring loses nothing at volume (the figure printed is for docs/benchmarks.md).
TEST_F(UsbDeviceTest, Volume_200kSamplesInFullTransfers_NoneLost) {
  const auto dir = capture("volume");
  const auto truth = read_truth(dir / "truth.csv");
  ASSERT_EQ(truth.size(), 200'000u);
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device(kUri);
  device->open();
  device->start(StartRequest{});
  std::vector<DeviceSample> got;
  got.reserve(truth.size());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(read_samples(*device, got, truth.size(), 30s), ReadStatus::samples);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
  device->stop();
  device->close();

  expect_same_samples(got, truth);
  const LinkCounts c = device->counts();
  EXPECT_EQ(c.corrupt_frames, 0u);
  EXPECT_EQ(c.lost_frames, 0u);
  EXPECT_EQ(c.lost_samples, 0u);
  std::printf("USB replay: %zu samples in %.3f s = %.0f samples/s through UsbDevice under umockdev\n", got.size(),
              took.count(), static_cast<double>(got.size()) / took.count());
}

TEST_F(UsbDeviceTest, StartRefused_DeviceErrorCarriesTheDevicesMessageWordForWord) {
  const auto dir = capture("start-refused");
  const auto expected = read_json(dir / "expected.json");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device(kUri);
  device->open();
  try {
    device->start(StartRequest{});
    FAIL() << "START was refused by the device but start() returned";
  } catch (const DeviceError& e) {
    EXPECT_EQ(std::string(e.what()), expected["status_message"].get<std::string>());
  }
  device->close();
}

// Reads until something other than samples comes back (or `patience` passes).
ReadStatus read_to_end(Device& device, std::vector<DeviceSample>& out, std::chrono::milliseconds patience = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    const ReadResult r = device.read(out, 100ms);
    if (r.status != ReadStatus::samples) return r.status;
  }
  return ReadStatus::samples;
}

TEST_F(UsbDeviceTest, DeviceSaysIdle_ReadReportsFinishedAfterEverySample) {
  const auto dir = capture("device-finishes");
  const auto truth = read_truth(dir / "truth.csv");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device(kUri);
  device->open();
  device->start(StartRequest{});
  std::vector<DeviceSample> got;
  EXPECT_EQ(read_to_end(*device, got), ReadStatus::finished);
  device->stop();  // the device has stopped already: nothing is sent (the capture has no STOP)
  device->close();
  expect_same_samples(got, truth);
}

TEST_F(UsbDeviceTest, DeviceReportsErrorMidRun_SamplesFirstThenDeviceErrorWordForWord) {
  const auto dir = capture("device-fails");
  const auto expected = read_json(dir / "expected.json");
  const auto truth = read_truth(dir / "truth.csv");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device(kUri);
  device->open();
  device->start(StartRequest{});
  std::vector<DeviceSample> got;
  try {
    read_to_end(*device, got);
    FAIL() << "the device's STATUS error did not reach the caller";
  } catch (const DeviceError& e) {
    EXPECT_EQ(std::string(e.what()), expected["status_message"].get<std::string>());
  }
  device->close();
  expect_same_samples(got, truth);
}

TEST_F(UsbDeviceTest, Unplugged_LinkLostThenReconnectsAndKeepsEverySample) {
  const auto dir = capture("reconnect");
  const auto expected = read_json(dir / "expected.json");
  const auto truth = read_truth(dir / "truth.csv");
  const auto before = expected["samples_before"].get<std::size_t>();
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "before.pcap");

  auto device = make_usb_device(kUri);
  device->open();
  device->start(StartRequest{});
  std::vector<DeviceSample> got;
  ASSERT_EQ(read_samples(*device, got, before), ReadStatus::samples);
  ASSERT_EQ(got.size(), before);

  bed.unplug();
  EXPECT_EQ(read_samples(*device, got, before + 1, 5s), ReadStatus::link_lost);
  // Still gone: reads wait and find nothing.
  EXPECT_EQ(device->read(got, 200ms).status, ReadStatus::samples);
  EXPECT_EQ(got.size(), before);

  bed.plug(dir / "dyno-replugged.umockdev", dir / "after.pcap");
  EXPECT_EQ(read_samples(*device, got, truth.size()), ReadStatus::samples);
  device->stop();
  device->close();

  expect_same_samples(got, truth);
  const LinkCounts c = device->counts();
  EXPECT_EQ(c.reconnects, 1u);
  EXPECT_EQ(c.corrupt_frames, 0u);
  EXPECT_EQ(c.lost_samples, expected["lost_samples"].get<std::uint64_t>());  // the device clock ran on while away
}

TEST_F(UsbDeviceTest, SerialInUri_DeviceWithThatSerialIsOpened) {
  const auto dir = capture("serial");
  const auto truth = read_truth(dir / "truth.csv");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device("usb://1d50:6018?serial=DYN-0042&interface=0");
  EXPECT_EQ(device->open().serial, "DYN-0042");
  device->start(StartRequest{});
  std::vector<DeviceSample> got;
  read_samples(*device, got, truth.size());
  device->stop();
  expect_same_samples(got, truth);
}

TEST_F(UsbDeviceTest, OtherSerialInUri_OpenNamesTheSerialsFound) {
  const auto dir = capture("serial");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");

  auto device = make_usb_device("usb://1d50:6018?serial=DYN-9999");
  try {
    device->open();
    FAIL() << "open() accepted a device with another serial";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("no USB device 1d50:6018 has serial 'DYN-9999' (connected: DYN-0042)"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(UsbDeviceTest, SilentDevice_OpenAsksFourTimesThenSaysNoHello) {
  const auto dir = capture("silent");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");
  auto device = make_usb_device(kUri);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    device->open();
    FAIL() << "open() returned without a HELLO";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("usb://1d50:6018: no HELLO within 2 s (HELLO_REQUEST sent 4 times, 500 ms apart)"),
              std::string::npos)
        << e.what();
  }
  // Four requests, each given the protocol's 500 ms (the serial transport's rule too).
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 2000ms);
}

TEST_F(UsbDeviceTest, NothingPlugged_OpenSaysNoSuchDevice) {
  UsbTestbed bed;
  auto device = make_usb_device(kUri);
  try {
    device->open();
    FAIL() << "open() found a device in an empty testbed";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("no USB device 1d50:6018 is connected"), std::string::npos) << e.what();
  }
}

TEST_F(UsbDeviceTest, OtherProduct_OpenSaysNoSuchDevice) {
  const auto dir = capture("session");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");
  auto device = make_usb_device("usb://1d50:6019");
  EXPECT_THROW(device->open(), DeviceError);
}

TEST_F(UsbDeviceTest, MissingInterface_OpenSaysWhichInterface) {
  const auto dir = capture("session");
  UsbTestbed bed;
  bed.plug(dir / "dyno.umockdev", dir / "session.pcap");
  auto device = make_usb_device("usb://1d50:6018?interface=3");
  try {
    device->open();
    FAIL() << "open() accepted an interface the device does not have";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("no interface 3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace isokin::device
