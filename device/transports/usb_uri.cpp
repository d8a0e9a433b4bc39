#include "device/transports/usb_uri.hpp"

#include <charconv>

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::device {
namespace {

constexpr std::string_view kScheme = "usb://";

std::uint16_t parse_id(std::string_view uri, std::string_view text, const char* what) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, 16);
  if (text.empty() || text.size() > 4 || ec != std::errc{} || ptr != end) {
    throw InputError(fmt::format("{}: {} '{}' is not a 4-digit hexadecimal number (e.g. usb://1d50:6018)", uri,
                                 what, text));
  }
  return static_cast<std::uint16_t>(value);
}

int parse_interface(std::string_view uri, std::string_view text) {
  int value = -1;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < 0 || value > 255) {
    throw InputError(fmt::format("{}: interface '{}' is not an interface number 0..255", uri, text));
  }
  return value;
}

}  // namespace

UsbAddress parse_usb_uri(std::string_view uri) {
  if (!uri.starts_with(kScheme)) throw InputError(fmt::format("{}: a USB device URI starts with usb://", uri));
  std::string_view rest = uri.substr(kScheme.size());
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) {
    throw InputError(fmt::format("{}: expected usb://VID:PID (hexadecimal, e.g. usb://1d50:6018)", uri));
  }
  UsbAddress address;
  address.vendor_id = parse_id(uri, rest.substr(0, colon), "vendor id");
  address.product_id = parse_id(uri, rest.substr(colon + 1), "product id");

  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    if (key == "serial" && !value.empty()) {
      address.serial = std::string(value);
    } else if (key == "interface") {
      address.interface_number = parse_interface(uri, value);
    } else {
      throw InputError(fmt::format("{}: unknown or empty option '{}' (usb:// takes serial=... and interface=N)",
                                   uri, item));
    }
  }
  return address;
}

std::string to_string(const UsbAddress& address) {
  return fmt::format("{:04x}:{:04x}", address.vendor_id, address.product_id);
}

}  // namespace isokin::device
