#include "device/transports/usb_link.hpp"

#include <libusb.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "device/device.hpp"
#include "device/transports/usb_connection.hpp"
#include "device/transports/usb_transfer_config.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;

// How long one round of libusb's event loop may block inside read_some().
constexpr std::chrono::milliseconds kEventSlice{50};

class UsbLink final : public ByteLink {
 public:
  UsbLink(std::string_view uri, const UsbAddress& address) : uri_(uri), address_(address) {}

  ~UsbLink() override {
    close();
    if (context_ && hotplug_registered_) libusb_hotplug_deregister_callback(context_->get(), hotplug_);
  }

  void open() override {
    close();
    if (!context_) {
      context_ = std::make_unique<UsbContext>();
      register_hotplug();
    }
    connection_ = std::make_unique<UsbConnection>(*context_, uri_, address_,
                                                  [this](std::span<const std::uint8_t> bytes) { receive(bytes); });
  }

  void close() override {
    // Moved out first: callbacks that run while it closes see no connection.
    std::unique_ptr<UsbConnection> dying = std::move(connection_);
    dying.reset();
    inbox_.clear();
    inbox_start_ = 0;
  }

  bool is_open() const override { return connection_ && !connection_->lost(); }

  LinkRead read_some(std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout) override {
    if (!connection_) return {0, true};
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      // Bytes that arrived go out first, even when the device has just left.
      if (inbox_start_ < inbox_.size()) return {take(buffer), false};
      if (connection_->lost()) {
        close();
        return {0, true};
      }
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return {0, false};
      context_->handle_events(
          std::chrono::duration_cast<std::chrono::microseconds>(std::min<Clock::duration>(left, kEventSlice)));
    }
  }

  bool write(std::span<const std::uint8_t> bytes) override {
    if (!is_open()) return false;
    try {
      connection_->send(bytes);  // runs the event loop meanwhile: IN bytes land in the inbox
      return true;
    } catch (const DeviceError&) {
      return false;  // the connection is marked lost; read_some() reports it
    }
  }

  std::string latency_note() const override {
    return fmt::format("USB bulk, {} IN transfers of {} bytes in flight", usb::kInTransfersInFlight,
                       usb::kInTransferBytes);
  }

 private:
  void receive(std::span<const std::uint8_t> bytes) {
    if (inbox_start_ == inbox_.size()) {
      inbox_.clear();
      inbox_start_ = 0;
    }
    inbox_.insert(inbox_.end(), bytes.begin(), bytes.end());
  }

  std::size_t take(std::span<std::uint8_t> buffer) {
    const std::size_t n = std::min(buffer.size(), inbox_.size() - inbox_start_);
    std::memcpy(buffer.data(), inbox_.data() + inbox_start_, n);
    inbox_start_ += n;
    return n;
  }

  void register_hotplug() {
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) return;
    hotplug_registered_ =
        libusb_hotplug_register_callback(context_->get(), LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, LIBUSB_HOTPLUG_NO_FLAGS,
                                         address_.vendor_id, address_.product_id, LIBUSB_HOTPLUG_MATCH_ANY,
                                         &UsbLink::on_hotplug, this, &hotplug_) == LIBUSB_SUCCESS;
  }

  // Runs inside handle_events: the device that left may be ours. (Arrivals need no
  // callback: ProtocolDevice retries open() until the device is back.)
  static int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device* device, libusb_hotplug_event, void* user_data) {
    auto& self = *static_cast<UsbLink*>(user_data);
    if (self.connection_ && self.connection_->device() == device) self.connection_->mark_lost();
    return 0;  // stay registered
  }

  std::string uri_;
  UsbAddress address_;
  std::unique_ptr<UsbContext> context_;
  std::unique_ptr<UsbConnection> connection_;
  libusb_hotplug_callback_handle hotplug_{};
  bool hotplug_registered_ = false;
  std::vector<std::uint8_t> inbox_;  // IN bytes not yet handed out, from inbox_start_
  std::size_t inbox_start_ = 0;
};

}  // namespace

std::unique_ptr<ByteLink> make_usb_link(std::string_view uri, const UsbAddress& address) {
  return std::make_unique<UsbLink>(uri, address);
}

}  // namespace isokin::device
