// The address part of a `usb://VID:PID[?serial=...&interface=N]` device URI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace isokin::device {

struct UsbAddress {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::optional<std::string> serial;   // the device's iSerialNumber string, exactly
  std::optional<int> interface_number; // default: the first vendor-class (0xFF) interface
};

// Throws InputError naming the URI and what is wrong with it.
UsbAddress parse_usb_uri(std::string_view uri);

// "1d50:6018", the form lsusb prints and the URI takes.
std::string to_string(const UsbAddress& address);

}  // namespace isokin::device
