// UsbDevice: frame mode over bulk transfers, with hot-plug reconnection.
//
// The reader thread drives everything: read() runs libusb's event loop, IN
// transfer callbacks feed the FrameDecoder, and the decoder's events (HELLO,
// STATUS, samples) land in this object's queues. Commands go out as one OUT
// transfer per frame. When the device vanishes, read() reports link_lost once,
// then keeps looking for it (hot-plug arrival, or a rescan every
// kRescanInterval) and, once found, asks HELLO and START again.
#include "device/transports/usb_device.hpp"

#include <libusb.h>

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/stream_sink.hpp"
#include "device/transports/usb_link.hpp"
#include "device/transports/usb_transfer_config.hpp"
#include "device/transports/usb_uri.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;
using protocol::DeviceStatus;

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class UsbDevice final : public Device, private protocol::StreamSink {
 public:
  explicit UsbDevice(std::string_view uri) : uri_(uri), address_(parse_usb_uri(uri)) {}
  ~UsbDevice() override { close(); }

  DeviceHello open() override {
    close();
    context_ = std::make_unique<UsbContext>();
    register_hotplug();
    connect();
    return *hello_;
  }

  void start(const StartRequest& request) override {
    require_link("START");
    const DeviceStatus status = request_start(request);
    if (status.state == DeviceStatus::State::error) throw DeviceError(status_message(status));
    running_ = request;
  }

  ReadResult read(std::vector<DeviceSample>& out, std::chrono::milliseconds timeout) override {
    if (!context_) throw DeviceError(fmt::format("{}: read() before open()", uri_));
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      // Samples already decoded go out first, even when the link has just dropped or
      // the device has said it is done or failed: the next read() reports that.
      if (!pending_.empty()) {
        out.insert(out.end(), pending_.begin(), pending_.end());
        pending_.clear();
        return {ReadStatus::samples, last_bytes_s_};
      }
      if (check_unsolicited_status()) return {ReadStatus::finished, last_bytes_s_};
      if (!link_) {
        if (!try_reconnect(deadline)) return {ReadStatus::samples, unix_now_s()};
        continue;
      }
      if (link_->lost()) {
        drop_link();
        return {ReadStatus::link_lost, unix_now_s()};
      }
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return {ReadStatus::samples, unix_now_s()};
      context_->handle_events(std::chrono::duration_cast<std::chrono::microseconds>(
          std::min<Clock::duration>(left, std::chrono::milliseconds(50))));
    }
  }

  void stop() override {
    const bool was_running = running_.has_value();
    running_.reset();
    if (!was_running || !link_ || link_->lost()) return;
    const std::uint16_t seq = encoder_.next_seq();
    link_->send(encoder_.stop());
    const auto status = wait_status(seq, "STOP");
    if (status.state == DeviceStatus::State::error) throw DeviceError(status_message(status));
  }

  void close() override {
    drop_link();
    if (context_ && hotplug_registered_) libusb_hotplug_deregister_callback(context_->get(), hotplug_);
    hotplug_registered_ = false;
    context_.reset();
    running_.reset();
  }

  LinkCounts counts() const override {
    LinkCounts c = decoder_.counts();
    c.reconnects = reconnects_;
    return c;
  }

  std::string uri() const override { return uri_; }

 private:
  // --- StreamSink: called from inside the event loop ---------------------------
  void on_hello(const DeviceHello& hello) override { hello_ = hello; }
  void on_status(const DeviceStatus& status) override { statuses_.push_back(status); }
  void on_samples(std::span<const DeviceSample> samples) override {
    pending_.insert(pending_.end(), samples.begin(), samples.end());
  }

  void on_bytes(std::span<const std::uint8_t> bytes) {
    last_bytes_s_ = unix_now_s();
    decoder_.feed(bytes, *this);
  }

  // --- link set-up ---------------------------------------------------------------
  void connect() {
    hello_.reset();
    statuses_.clear();
    encoder_ = protocol::FrameEncoder{};  // a new link is a new conversation
    decoder_.resync();                    // counts and the device clock carry on
    link_ = std::make_unique<UsbLink>(*context_, uri_, address_,
                                      [this](std::span<const std::uint8_t> bytes) { on_bytes(bytes); });
    try {
      for (int attempt = 0; attempt < usb::kHelloAttempts && !hello_; ++attempt) {
        link_->send(encoder_.hello_request());
        pump_until([this] { return hello_.has_value(); }, usb::kHelloTimeout);
      }
      if (!hello_) {
        throw DeviceError(fmt::format("{}: the device at {} did not answer HELLO_REQUEST with HELLO within {} ms",
                                      uri_, link_->description(), usb::kHelloTimeout.count()));
      }
    } catch (...) {
      drop_link();
      throw;
    }
  }

  DeviceStatus request_start(const StartRequest& request) {
    const std::uint16_t seq = encoder_.next_seq();
    link_->send(encoder_.start(request));
    return wait_status(seq, "START");
  }

  // Looks for the device again until `deadline`; true once it is back and, if a
  // test was running, streaming again.
  bool try_reconnect(Clock::time_point deadline) {
    for (;;) {
      const auto now = Clock::now();
      if (device_arrived_ || now >= next_scan_) {
        device_arrived_ = false;
        next_scan_ = now + usb::kRescanInterval;
        std::optional<DeviceStatus> started;
        try {
          connect();
          if (running_) started = request_start(*running_);
        } catch (const DeviceError&) {
          drop_link();  // not back yet (or not ready): keep looking
          continue;
        }
        ++reconnects_;
        if (started && started->state == DeviceStatus::State::error) {
          // The device is back but refuses to go on: that is for the person to read.
          running_.reset();
          throw DeviceError(status_message(*started));
        }
        return true;
      }
      const auto until = std::min(deadline, next_scan_);
      if (Clock::now() >= deadline) return false;
      context_->handle_events(std::chrono::duration_cast<std::chrono::microseconds>(until - Clock::now()));
    }
  }

  void drop_link() {
    // Moved out first: hot-plug callbacks that run while it closes see no link.
    std::unique_ptr<UsbLink> dying = std::move(link_);
    dying.reset();
  }

  void require_link(const char* command) {
    if (!link_ || link_->lost()) {
      throw DeviceError(fmt::format("{}: cannot send {}: the device is not connected", uri_, command));
    }
  }

  // --- hot-plug --------------------------------------------------------------------
  void register_hotplug() {
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) return;
    const auto events =
        static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT);
    hotplug_registered_ =
        libusb_hotplug_register_callback(context_->get(), events, LIBUSB_HOTPLUG_NO_FLAGS, address_.vendor_id,
                                         address_.product_id, LIBUSB_HOTPLUG_MATCH_ANY, &UsbDevice::on_hotplug, this,
                                         &hotplug_) == LIBUSB_SUCCESS;
  }

  static int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device* device, libusb_hotplug_event event,
                                    void* user_data) {
    auto& self = *static_cast<UsbDevice*>(user_data);
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT) {
      if (self.link_ && self.link_->device() == device) self.link_->mark_lost();
    } else {
      self.device_arrived_ = true;
    }
    return 0;  // stay registered
  }

  // --- waiting for the device's answers ---------------------------------------------
  template <typename Done>
  void pump_until(Done done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done() && !link_->lost()) {
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return;
      context_->handle_events(std::chrono::duration_cast<std::chrono::microseconds>(
          std::min<Clock::duration>(left, std::chrono::milliseconds(50))));
    }
  }

  // The STATUS answering the command sent with `seq` (a STATUS without acked_seq
  // is taken as the answer too: the field is optional).
  DeviceStatus wait_status(std::uint16_t seq, const char* command) {
    std::optional<DeviceStatus> answer;
    auto find = [&] {
      for (auto it = statuses_.begin(); it != statuses_.end(); ++it) {
        if (!it->acked_seq || *it->acked_seq == seq) {
          answer = *it;
          statuses_.erase(statuses_.begin(), it + 1);  // older replies are stale
          return true;
        }
      }
      return false;
    };
    pump_until(find, usb::kStatusTimeout);
    if (!answer && !find()) {
      if (link_->lost()) throw DeviceError(fmt::format("{}: the device went away after {}", uri_, command));
      throw DeviceError(fmt::format("{}: no STATUS reply to {} within {} ms", uri_, command,
                                    usb::kStatusTimeout.count()));
    }
    return *answer;
  }

  // A STATUS nobody waited for: an error stops the run (message word for word),
  // `idle` means the device ended the test by itself.
  bool check_unsolicited_status() {
    bool finished = false;
    for (const auto& status : statuses_) {
      if (status.state == DeviceStatus::State::error) {
        const std::string message = status_message(status);
        statuses_.clear();
        running_.reset();
        throw DeviceError(message);
      }
      if (status.state == DeviceStatus::State::idle && !status.acked_seq && running_) {
        running_.reset();
        finished = true;
      }
    }
    statuses_.clear();
    return finished;
  }

  std::string status_message(const DeviceStatus& status) const {
    return status.message.empty() ? fmt::format("{}: the device reported an error without a message", uri_)
                                  : status.message;
  }

  std::string uri_;
  UsbAddress address_;
  std::unique_ptr<UsbContext> context_;
  std::unique_ptr<UsbLink> link_;
  libusb_hotplug_callback_handle hotplug_{};
  bool hotplug_registered_ = false;
  bool device_arrived_ = false;
  Clock::time_point next_scan_{};

  protocol::FrameDecoder decoder_;
  protocol::FrameEncoder encoder_;
  std::optional<DeviceHello> hello_;
  std::vector<DeviceStatus> statuses_;
  std::vector<DeviceSample> pending_;
  double last_bytes_s_ = 0;
  std::optional<StartRequest> running_;  // START accepted and not stopped: resent after a reconnect
  std::uint64_t reconnects_ = 0;
};

}  // namespace

std::unique_ptr<Device> make_usb_device(std::string_view uri) { return std::make_unique<UsbDevice>(uri); }

}  // namespace isokin::device
