#include "device/transports/usb_connection.hpp"

#include <libusb.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "device/device.hpp"
#include "device/transports/usb_transfer_config.hpp"

namespace isokin::device {
namespace {

std::string error_text(int code) { return fmt::format("{} ({})", libusb_strerror(code), libusb_error_name(code)); }

std::string where(libusb_device* device) {
  return fmt::format("bus {} address {}", libusb_get_bus_number(device), libusb_get_device_address(device));
}

// How long closing waits for cancelled IN transfers to come back.
constexpr std::chrono::milliseconds kCancelWait{250};

// What to do about LIBUSB_ERROR_ACCESS.
constexpr std::string_view kUsbAccessHint =
    "install packaging/99-isokin.rules (see docs/usb.md), then unplug and replug the device";

// The serial number string (iSerialNumber): two GET_DESCRIPTOR requests of a fixed
// 255-byte length, the first language, then the string in it. Written out rather
// than libusb_get_string_descriptor_ascii so the requests on the bus do not depend
// on the libusb version (the umockdev tests replay them). Non-ASCII characters
// become '?', as libusb's own helper does.
std::optional<std::string> read_usb_serial(libusb_device_handle* handle, std::uint8_t index) {
  if (index == 0) return std::nullopt;
  unsigned char buffer[255] = {};
  int n = libusb_get_string_descriptor(handle, 0, 0, buffer, sizeof buffer);
  if (n < 4 || buffer[1] != LIBUSB_DT_STRING) return std::nullopt;
  const auto language = static_cast<std::uint16_t>(buffer[2] | (buffer[3] << 8));
  n = libusb_get_string_descriptor(handle, index, language, buffer, sizeof buffer);
  if (n < 2 || buffer[1] != LIBUSB_DT_STRING) return std::nullopt;
  const int length = std::min(n, static_cast<int>(buffer[0]));
  std::string text;
  for (int i = 2; i + 1 < length; i += 2) {
    const auto unit = static_cast<unsigned>(buffer[i] | (buffer[i + 1] << 8));
    text += unit < 0x80 ? static_cast<char>(unit) : '?';
  }
  return text;
}

}  // namespace

// --- UsbContext -------------------------------------------------------------

UsbContext::UsbContext() {
  if (const int r = libusb_init(&context_); r != 0) {
    throw DeviceError(fmt::format("cannot initialise libusb: {}", error_text(r)));
  }
}

UsbContext::~UsbContext() { libusb_exit(context_); }

void UsbContext::handle_events(std::chrono::microseconds timeout) {
  if (timeout.count() < 0) timeout = {};
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(timeout.count() / 1'000'000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>(timeout.count() % 1'000'000);
  // Errors here (EINTR, a vanished fd) surface as failed transfers or hot-plug events.
  libusb_handle_events_timeout_completed(context_, &tv, nullptr);
}

// --- UsbConnection ----------------------------------------------------------------

struct UsbConnection::InTransfer {
  UsbConnection* link = nullptr;
  libusb_transfer* transfer = nullptr;
  std::vector<std::uint8_t> buffer;
  bool in_flight = false;
};

UsbConnection::UsbConnection(UsbContext& context, std::string_view uri, const UsbAddress& address, BytesHandler on_bytes)
    : context_(context), uri_(uri), on_bytes_(std::move(on_bytes)) {
  try {
    open(address);
  } catch (...) {
    close();
    throw;
  }
}

UsbConnection::~UsbConnection() { close(); }

void UsbConnection::open(const UsbAddress& address) {
  const std::string id = to_string(address);

  // 1. The device: VID:PID, then the serial string if the URI names one.
  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(context_.get(), &list);
  if (count < 0) {
    throw DeviceError(fmt::format("{}: cannot list USB devices: {}", uri_, error_text(static_cast<int>(count))));
  }
  std::string refused;               // where opening was refused, for the message
  std::vector<std::string> serials;  // serials seen, when the URI asks for one
  for (ssize_t i = 0; i < count && !handle_; ++i) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(list[i], &descriptor) != 0) continue;
    if (descriptor.idVendor != address.vendor_id || descriptor.idProduct != address.product_id) continue;
    libusb_device_handle* candidate = nullptr;
    if (const int r = libusb_open(list[i], &candidate); r != 0) {
      refused += fmt::format("{}{}: {}", refused.empty() ? "" : "; ", where(list[i]), error_text(r));
      if (r == LIBUSB_ERROR_ACCESS) refused += fmt::format(" ({})", kUsbAccessHint);
      continue;
    }
    if (address.serial) {
      const std::string serial = read_usb_serial(candidate, descriptor.iSerialNumber).value_or("(unreadable)");
      if (serial != *address.serial) {
        serials.push_back(serial);
        libusb_close(candidate);
        continue;
      }
    }
    handle_ = candidate;
  }
  libusb_free_device_list(list, 1);
  if (!handle_) {
    if (!refused.empty()) throw DeviceError(fmt::format("{}: cannot open USB device {}: {}", uri_, id, refused));
    if (!serials.empty()) {
      std::string seen;
      for (const auto& s : serials) seen += (seen.empty() ? "" : ", ") + s;
      throw DeviceError(
          fmt::format("{}: no USB device {} has serial '{}' (connected: {})", uri_, id, *address.serial, seen));
    }
    throw DeviceError(fmt::format("{}: no USB device {} is connected (`isokin devices` lists what is)", uri_, id));
  }
  libusb_device* dev = libusb_get_device(handle_);

  // 2. The vendor-class interface and its bulk endpoint pair.
  libusb_config_descriptor* config = nullptr;
  if (const int r = libusb_get_active_config_descriptor(dev, &config); r != 0) {
    throw DeviceError(fmt::format("{}: cannot read the configuration of USB device {} at {}: {}", uri_, id,
                                  where(dev), error_text(r)));
  }
  std::string problem;
  for (int i = 0; i < config->bNumInterfaces && interface_number_ < 0; ++i) {
    if (config->interface[i].num_altsetting < 1) continue;
    const libusb_interface_descriptor& alt = config->interface[i].altsetting[0];
    if (address.interface_number && alt.bInterfaceNumber != *address.interface_number) continue;
    if (alt.bInterfaceClass != usb::kVendorInterfaceClass) {
      if (address.interface_number) {
        problem = fmt::format("interface {} has class 0x{:02x}, not vendor-specific (0xff)", alt.bInterfaceNumber,
                              alt.bInterfaceClass);
      }
      continue;
    }
    std::uint8_t in = 0, out = 0;
    for (int e = 0; e < alt.bNumEndpoints; ++e) {
      const libusb_endpoint_descriptor& ep = alt.endpoint[e];
      if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
      std::uint8_t& slot = (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) ? in : out;
      if (slot == 0) slot = ep.bEndpointAddress;
    }
    if (in == 0 || out == 0) {
      problem = fmt::format("interface {} lacks a bulk IN and a bulk OUT endpoint", alt.bInterfaceNumber);
      continue;
    }
    interface_number_ = alt.bInterfaceNumber;
    endpoint_in_ = in;
    endpoint_out_ = out;
  }
  libusb_free_config_descriptor(config);
  if (interface_number_ < 0) {
    if (problem.empty()) {
      problem = address.interface_number ? fmt::format("it has no interface {}", *address.interface_number)
                                         : std::string("it has no vendor-specific (class 0xff) interface");
    }
    throw DeviceError(fmt::format("{}: USB device {} at {} does not offer the isokin protocol: {}", uri_, id,
                                  where(dev), problem));
  }

  // 3. Claim it. A vendor interface normally has no kernel driver; detach one only
  // when the kernel says one is bound (the query is unsupported on some systems).
  if (libusb_kernel_driver_active(handle_, interface_number_) == 1) {
    libusb_detach_kernel_driver(handle_, interface_number_);
  }
  if (const int r = libusb_claim_interface(handle_, interface_number_); r != 0) {
    std::string why = error_text(r);
    if (r == LIBUSB_ERROR_BUSY) why = "the interface is busy: another program (or a kernel driver) has claimed it";
    if (r == LIBUSB_ERROR_ACCESS) why += fmt::format("; {}", kUsbAccessHint);
    throw DeviceError(fmt::format("{}: cannot claim interface {} of USB device {} at {}: {}", uri_,
                                  interface_number_, id, where(dev), why));
  }
  claimed_ = true;

  // 4. Keep IN transfers in flight from now on, so the device never waits for the host.
  for (int i = 0; i < usb::kInTransfersInFlight; ++i) {
    auto slot = std::make_unique<InTransfer>();
    slot->link = this;
    slot->buffer.resize(usb::kInTransferBytes);
    slot->transfer = libusb_alloc_transfer(0);
    if (!slot->transfer) throw DeviceError(fmt::format("{}: out of memory for USB transfers", uri_));
    transfers_.push_back(std::move(slot));
  }
  for (auto& slot : transfers_) {
    if (const int r = submit(*slot); r != 0) {
      throw DeviceError(fmt::format("{}: USB device {} at {} refused an IN transfer: {}", uri_, id, where(dev),
                                    error_text(r)));
    }
  }
}

void UsbConnection::close() {
  closing_ = true;
  bool waiting = false;
  for (auto& slot : transfers_) {
    if (slot->in_flight && libusb_cancel_transfer(slot->transfer) == 0) waiting = true;
  }
  // Cancelled transfers come back through the event loop; a vanished device may
  // never answer, so the wait is bounded and libusb_close drops what is left.
  const auto deadline = std::chrono::steady_clock::now() + kCancelWait;
  while (waiting && std::chrono::steady_clock::now() < deadline) {
    context_.handle_events(std::chrono::milliseconds(10));
    waiting = false;
    for (auto& slot : transfers_) waiting = waiting || slot->in_flight;
  }
  if (handle_) {
    if (claimed_) libusb_release_interface(handle_, interface_number_);
    libusb_close(handle_);
    handle_ = nullptr;
  }
  claimed_ = false;
  for (auto& slot : transfers_) libusb_free_transfer(slot->transfer);
  transfers_.clear();
}

int UsbConnection::submit(InTransfer& slot) {
  libusb_fill_bulk_transfer(slot.transfer, handle_, endpoint_in_, slot.buffer.data(),
                            static_cast<int>(slot.buffer.size()), &UsbConnection::on_in_transfer, &slot, 0);
  const int r = libusb_submit_transfer(slot.transfer);
  slot.in_flight = r == 0;
  if (r != 0) lost_ = true;
  return r;
}

void UsbConnection::on_in_transfer(libusb_transfer* transfer) {
  auto& slot = *static_cast<InTransfer*>(transfer->user_data);
  UsbConnection& link = *slot.link;
  slot.in_flight = false;
  switch (transfer->status) {
    case LIBUSB_TRANSFER_COMPLETED:
      if (transfer->actual_length > 0 && !link.closing_) {
        link.on_bytes_(std::span<const std::uint8_t>(slot.buffer.data(),
                                                     static_cast<std::size_t>(transfer->actual_length)));
      }
      break;
    case LIBUSB_TRANSFER_CANCELLED:
      return;
    case LIBUSB_TRANSFER_TIMED_OUT:
      break;  // no timeout is set; harmless if a backend reports one
    default:
      // NO_DEVICE (unplugged), ERROR, STALL, OVERFLOW: the link is no longer
      // trustworthy; the owner reconnects, which resets the device's endpoints.
      link.lost_ = true;
      return;
  }
  if (!link.closing_ && !link.lost_) link.submit(slot);
}

void UsbConnection::send(std::span<const std::uint8_t> bytes) {
  int transferred = 0;
  // libusb_bulk_transfer runs the event loop while it waits: IN completions are
  // delivered meanwhile, which is why every callback only appends to a buffer.
  const int r = libusb_bulk_transfer(handle_, endpoint_out_, const_cast<std::uint8_t*>(bytes.data()),
                                     static_cast<int>(bytes.size()), &transferred,
                                     static_cast<unsigned>(usb::kOutTimeout.count()));
  if (r != 0 || transferred != static_cast<int>(bytes.size())) {
    lost_ = true;
    throw DeviceError(fmt::format("{}: sending a command to the device failed: {} ({} of {} bytes sent)", uri_,
                                  r != 0 ? error_text(r) : std::string("short write"), transferred, bytes.size()));
  }
}

libusb_device* UsbConnection::device() const { return handle_ ? libusb_get_device(handle_) : nullptr; }

std::string UsbConnection::description() const {
  if (!handle_) return "closed";
  return fmt::format("{}, interface {}, endpoints 0x{:02x}/0x{:02x}", where(libusb_get_device(handle_)),
                     interface_number_, endpoint_in_, endpoint_out_);
}

}  // namespace isokin::device
