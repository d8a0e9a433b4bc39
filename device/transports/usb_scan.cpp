#include "device/transports/usb_scan.hpp"

#include <libusb.h>

#include <fmt/format.h>

#include "device/transports/usb_link.hpp"
#include "device/transports/usb_transfer_config.hpp"

namespace isokin::device {
namespace {

// The first vendor-class interface with a bulk IN/OUT pair, or -1.
int protocol_interface(libusb_device* device) {
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0) return -1;
  int found = -1;
  for (int i = 0; i < config->bNumInterfaces && found < 0; ++i) {
    if (config->interface[i].num_altsetting < 1) continue;
    const libusb_interface_descriptor& alt = config->interface[i].altsetting[0];
    if (alt.bInterfaceClass != usb::kVendorInterfaceClass) continue;
    bool in = false, out = false;
    for (int e = 0; e < alt.bNumEndpoints; ++e) {
      const libusb_endpoint_descriptor& ep = alt.endpoint[e];
      if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
      ((ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) ? in : out) = true;
    }
    if (in && out) found = alt.bInterfaceNumber;
  }
  libusb_free_config_descriptor(config);
  return found;
}

}  // namespace

std::vector<UsbCandidate> find_usb_candidates() {
  UsbContext context;
  std::vector<UsbCandidate> candidates;
  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(context.get(), &list);
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(list[i], &descriptor) != 0) continue;
    const int interface_number = protocol_interface(list[i]);
    if (interface_number < 0) continue;
    UsbCandidate c;
    c.vendor_id = descriptor.idVendor;
    c.product_id = descriptor.idProduct;
    c.bus = libusb_get_bus_number(list[i]);
    c.address = libusb_get_device_address(list[i]);
    c.interface_number = interface_number;
    if (descriptor.iSerialNumber != 0) {
      libusb_device_handle* handle = nullptr;
      if (const int r = libusb_open(list[i], &handle); r == 0) {
        c.serial = read_usb_serial(handle, descriptor.iSerialNumber).value_or("");
        if (c.serial.empty()) c.note = "serial number unreadable";
        libusb_close(handle);
      } else {
        c.note = r == LIBUSB_ERROR_ACCESS ? fmt::format("access denied: {}", kUsbAccessHint)
                                          : fmt::format("cannot open: {}", libusb_error_name(r));
      }
    }
    c.uri = fmt::format("usb://{:04x}:{:04x}?{}interface={}", c.vendor_id, c.product_id,
                        c.serial.empty() ? std::string() : fmt::format("serial={}&", c.serial), interface_number);
    candidates.push_back(std::move(c));
  }
  if (count >= 0) libusb_free_device_list(list, 1);  // allocated even when empty
  return candidates;
}

}  // namespace isokin::device
