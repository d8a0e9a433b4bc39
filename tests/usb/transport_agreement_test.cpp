// The two transports under the one protocol state machine: the same device, the same
// bytes, over USB (libusb against umockdev, replaying make_usb_capture.py's capture)
// and over serial (a real pseudo-terminal on which pty_device plays the capture's
// conversation), recorded by the real acquisition (TrialAcquisition, reconnect
// timeout and all). Each scenario must end the same way, with the same counts and
// the same message, the device URI aside.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "device/acquisition/trial_acquisition.hpp"
#include "device/transports/serial_device.hpp"
#include "device/transports/usb_device.hpp"
#include "umockdev_testbed.hpp"

namespace isokin::device {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsbUri = "usb://1d50:6018";
constexpr double kReconnectTimeoutS = 1.0;

struct Step {
  bool from_host = false;
  std::vector<std::uint8_t> bytes;
};

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<Step> read_conversation(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<Step> steps;
  for (const auto& item : nlohmann::json::parse(in)) {
    if (item.contains("host")) steps.push_back({true, from_hex(item["host"].get<std::string>())});
    if (item.contains("device")) steps.push_back({false, from_hex(item["device"].get<std::string>())});
  }
  return steps;
}

// The device end of a pseudo-terminal, playing a conversation: each host frame must
// arrive byte for byte before the device's next bytes are written. leave() closes the
// master: the port is gone for good, as an unplugged adapter.
class PtyDevice {
 public:
  explicit PtyDevice(std::vector<Step> script) : script_(std::move(script)) {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) throw std::runtime_error("no pty");
    path_ = ::ptsname(master_);
    // Held until the end: the pty's number stays taken after leave(), so the host's
    // retries meet a hung-up port, never a pty another process was just given.
    hold_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    termios raw{};
    ::tcgetattr(master_, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(master_, TCSANOW, &raw);
    thread_ = std::thread([this] { play(); });
  }
  ~PtyDevice() {
    finish();
    if (hold_ >= 0) ::close(hold_);
  }
  const std::string& path() const { return path_; }
  void leave() { leave_ = true; }
  // Leaves, and returns what went wrong in the conversation (a host frame not as
  // captured), or nothing.
  std::string finish() {
    leave();
    if (thread_.joinable()) thread_.join();
    return failure_;
  }

 private:
  // Host bytes into `got`, for up to 20 ms.
  void read_host(std::vector<std::uint8_t>& got) {
    pollfd p{master_, POLLIN, 0};
    if (::poll(&p, 1, 20) > 0 && (p.revents & POLLIN)) {
      std::uint8_t buffer[4096];
      const ssize_t n = ::read(master_, buffer, sizeof buffer);
      if (n > 0) got.insert(got.end(), buffer, buffer + n);
    } else if (p.revents & (POLLHUP | POLLERR)) {
      std::this_thread::sleep_for(20ms);
    }
  }

  void play() {
    std::vector<std::uint8_t> got;
    const auto deadline = Clock::now() + 30s;
    for (const Step& step : script_) {
      if (step.from_host) {
        while (got.size() < step.bytes.size() && !leave_ && Clock::now() < deadline) read_host(got);
        if (got.size() < step.bytes.size()) break;  // the host never sent it (the test says why)
        if (!std::equal(step.bytes.begin(), step.bytes.end(), got.begin())) {
          failure_ = "the host sent a frame other than the captured one";
          break;
        }
        got.erase(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(step.bytes.size()));
      } else {
        std::size_t sent = 0;
        while (sent < step.bytes.size() && !leave_) {
          const ssize_t n = ::write(master_, step.bytes.data() + sent, step.bytes.size() - sent);
          if (n > 0) sent += static_cast<std::size_t>(n);
          else std::this_thread::sleep_for(1ms);
        }
      }
    }
    while (!leave_) read_host(got);  // on the line, silent, until it leaves
    ::close(master_);
  }

  std::vector<Step> script_;
  int master_ = -1;
  int hold_ = -1;
  std::string path_;
  std::atomic<bool> leave_{false};
  std::string failure_;
  std::thread thread_;
};

class CountingSink final : public TrialSink {
 public:
  void append(const SampleSpan& samples) override { count_ += samples.size(); }
  void flush() override {}
  void finish(const TrialInfo&) override {}
  std::size_t count() const { return count_; }

 private:
  std::size_t count_ = 0;
};

struct Outcome {
  StopReason reason = StopReason::interrupted;
  std::size_t samples = 0;
  bool link_lost = false;
  LinkCounts counts;
  std::string message;  // the device error, or stop()'s; the URI written as <uri>
};

std::string without_uri(std::string text, const std::string& uri) {
  for (auto at = text.find(uri); at != std::string::npos; at = text.find(uri)) text.replace(at, uri.size(), "<uri>");
  return text;
}

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  }
}

enum class Ending { leaves, fails, stop_unanswered };

// Records one trial as `isokin acquire` does (recording_service.cpp): START, the
// acquisition until it stops, then STOP unless the device failed or left. `leave`
// makes the device vanish once it has delivered `sent` samples.
Outcome record(Device& device, Ending ending, std::size_t sent, const std::function<void()>& leave) {
  device.open();
  device.start(StartRequest{});
  CountingSink sink;
  AcquisitionLimits limits;
  limits.reconnect_timeout_s = kReconnectTimeoutS;
  bool gone = false;
  limits.should_stop = [&] {
    if (sink.count() < sent) return false;
    if (ending == Ending::leaves && !gone) {
      leave();
      gone = true;
    }
    return ending == Ending::stop_unanswered;  // the operator stops once everything came
  };
  AcquisitionOptions options;
  options.nominal_rate_hz = 1000;
  const AcquisitionResult r = acquire_trial(device, sink, limits, options);
  Outcome out;
  out.reason = r.reason;
  out.samples = r.samples;
  out.link_lost = r.device_link_lost;
  out.counts = r.counts;
  if (r.device_error) out.message = message_of(r.device_error);
  if (!r.device_error && r.reason != StopReason::device_gone) {
    try {
      device.stop();
    } catch (const DeviceError& e) {
      out.message = e.what();
    }
  }
  device.close();
  out.message = without_uri(out.message, device.uri());
  return out;
}

std::size_t truth_rows(const std::filesystem::path& dir) {
  std::ifstream in(dir / "truth.csv");
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

class TransportAgreement : public ::testing::TestWithParam<std::pair<const char*, Ending>> {
 protected:
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_P(TransportAgreement, SameScenario_SameOutcomeAndMessageOverSerialAndUsb) {
  const auto [scenario, ending] = GetParam();
  dir_ = test::make_capture(scenario);  // before the testbed: the generator sees the real /sys
  const std::size_t sent = truth_rows(dir_);
  ASSERT_GT(sent, 100u);

  Outcome serial;
  {
    PtyDevice pty(read_conversation(dir_ / "conversation.json"));
    auto device = make_serial_device("serial://" + pty.path() + "?format=frame");
    serial = record(*device, ending, sent, [&] { pty.leave(); });
    EXPECT_EQ(pty.finish(), "");
  }
  Outcome usb;
  {
    test::UsbTestbed bed;
    bed.plug(dir_ / "dyno.umockdev", dir_ / "session.pcap");
    auto device = make_usb_device(kUsbUri);
    usb = record(*device, ending, sent, [&] { bed.unplug(); });
  }

  // What each scenario must give, on both transports.
  for (const Outcome* o : {&serial, &usb}) {
    const char* transport = o == &serial ? "serial" : "usb";
    EXPECT_EQ(o->samples, sent) << transport;
    switch (ending) {
      case Ending::leaves:
        EXPECT_EQ(o->reason, StopReason::device_gone) << transport;
        EXPECT_TRUE(o->link_lost) << transport;
        EXPECT_EQ(o->message, "") << transport;
        break;
      case Ending::fails:
        EXPECT_EQ(o->reason, StopReason::device_finished) << transport;
        EXPECT_EQ(o->message, "torque sensor overload: test stopped") << transport;
        break;
      case Ending::stop_unanswered:
        EXPECT_EQ(o->reason, StopReason::interrupted) << transport;
        EXPECT_EQ(o->message, "<uri>: no STATUS within 2 s of STOP (is the device still running?)") << transport;
        break;
    }
  }
  // And the same as each other.
  EXPECT_EQ(serial.reason, usb.reason);
  EXPECT_EQ(serial.samples, usb.samples);
  EXPECT_EQ(serial.link_lost, usb.link_lost);
  EXPECT_EQ(serial.message, usb.message);
  EXPECT_EQ(serial.counts.corrupt_frames, usb.counts.corrupt_frames);
  EXPECT_EQ(serial.counts.lost_frames, usb.counts.lost_frames);
  EXPECT_EQ(serial.counts.lost_samples, usb.counts.lost_samples);
  EXPECT_EQ(serial.counts.reconnects, usb.counts.reconnects);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, TransportAgreement,
                         ::testing::Values(std::pair{"device-leaves", Ending::leaves},
                                           std::pair{"device-fails", Ending::fails},
                                           std::pair{"stop-unanswered", Ending::stop_unanswered}),
                         [](const auto& info) {
                           switch (info.param.second) {
                             case Ending::leaves: return std::string("DeviceSendsThenLeaves");
                             case Ending::fails: return std::string("DeviceErrorMidTrial");
                             case Ending::stop_unanswered: return std::string("StopUnanswered");
                           }
                           return std::string("Unknown");
                         });

}  // namespace
}  // namespace isokin::device
