// One open USB connection to a protocol device: the libusb handle, the claimed
// vendor interface, its bulk endpoint pair, and the IN transfers kept in flight.
// UsbLink (usb_link.hpp) makes one per open() and drops it when the device leaves.
//
// Everything runs on the thread that calls UsbContext::handle_events (the reader
// thread): transfer callbacks deliver the IN bytes from inside it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "device/transports/usb_uri.hpp"

struct libusb_context;
struct libusb_device;
struct libusb_device_handle;
struct libusb_transfer;

namespace isokin::device {

// The libusb library instance of one UsbLink.
class UsbContext {
 public:
  UsbContext();
  ~UsbContext();
  UsbContext(const UsbContext&) = delete;
  UsbContext& operator=(const UsbContext&) = delete;

  libusb_context* get() const { return context_; }
  // Runs libusb's event handling for up to `timeout`: transfer and hot-plug
  // callbacks run in here, on the caller's thread.
  void handle_events(std::chrono::microseconds timeout);

 private:
  libusb_context* context_ = nullptr;
};

class UsbConnection {
 public:
  using BytesHandler = std::function<void(std::span<const std::uint8_t>)>;

  // Finds the device, opens it, claims its vendor interface and starts the IN
  // transfers. Throws DeviceError saying what failed (no such device, access
  // denied, interface busy, no vendor interface, no bulk endpoint pair).
  UsbConnection(UsbContext& context, std::string_view uri, const UsbAddress& address, BytesHandler on_bytes);
  // Cancels the IN transfers, releases the interface and closes the device.
  ~UsbConnection();
  UsbConnection(const UsbConnection&) = delete;
  UsbConnection& operator=(const UsbConnection&) = delete;

  // Sends one command frame on the bulk OUT endpoint. Throws DeviceError (and
  // marks the link lost) when the device does not take it.
  void send(std::span<const std::uint8_t> bytes);

  // A transfer failed (device gone, I/O error) or hot-plug said the device left.
  bool lost() const { return lost_; }
  void mark_lost() { lost_ = true; }
  libusb_device* device() const;
  // "bus 1 address 2, interface 0, endpoints 0x81/0x02"
  std::string description() const;

 private:
  struct InTransfer;
  void open(const UsbAddress& address);
  void close();
  // Returns the libusb error code (0 on success); a refusal marks the link lost.
  int submit(InTransfer& slot);
  static void on_in_transfer(libusb_transfer* transfer);

  UsbContext& context_;
  std::string uri_;
  BytesHandler on_bytes_;
  libusb_device_handle* handle_ = nullptr;
  int interface_number_ = -1;
  bool claimed_ = false;
  std::uint8_t endpoint_in_ = 0;
  std::uint8_t endpoint_out_ = 0;
  bool lost_ = false;
  bool closing_ = false;
  std::vector<std::unique_ptr<InTransfer>> transfers_;
};

}  // namespace isokin::device
