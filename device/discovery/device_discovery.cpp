#include "device/discovery/device_discovery.hpp"

#include "device/discovery/bridge_boards.hpp"

#include <libusb.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

namespace isokin::device {
namespace {

namespace fs = std::filesystem;

std::string string_descriptor(libusb_device_handle* handle, std::uint8_t index) {
  if (!handle || index == 0) return {};
  unsigned char buffer[256] = {};
  const int n = libusb_get_string_descriptor_ascii(handle, index, buffer, sizeof buffer);
  return n > 0 ? std::string(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(n)) : std::string();
}

int vendor_interface(libusb_device* dev) {
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(dev, &config) != 0 &&
      libusb_get_config_descriptor(dev, 0, &config) != 0) {
    return -1;
  }
  int found = -1;
  for (int i = 0; i < config->bNumInterfaces && found < 0; ++i) {
    const auto& itf = config->interface[i];
    for (int a = 0; a < itf.num_altsetting; ++a) {
      if (itf.altsetting[a].bInterfaceClass == LIBUSB_CLASS_VENDOR_SPEC) {
        found = itf.altsetting[a].bInterfaceNumber;
        break;
      }
    }
  }
  libusb_free_config_descriptor(config);
  return found;
}

}  // namespace

std::string UsbCandidate::uri() const {
  std::string uri = fmt::format("usb://{:04x}:{:04x}", vendor_id, product_id);
  if (!serial.empty()) uri += "?serial=" + serial;
  return uri;
}

std::vector<SerialCandidate> list_serial_candidates() {
  std::vector<SerialCandidate> out;
  std::set<std::string> seen;
  std::error_code ec;
  if (fs::is_directory("/dev/serial/by-id", ec)) {
    for (const auto& entry : fs::directory_iterator("/dev/serial/by-id", ec)) {
      const auto target = fs::canonical(entry.path(), ec);
      out.push_back({entry.path().string(), ec ? std::string() : target.string(), {}});
      if (!ec) seen.insert(target.string());
    }
  }
  std::vector<SerialCandidate> plain;
  for (const auto& entry : fs::directory_iterator("/dev", ec)) {
    const std::string name = entry.path().filename().string();
    if ((name.starts_with("ttyUSB") || name.starts_with("ttyACM")) && !seen.count(entry.path().string())) {
      plain.push_back({entry.path().string(), entry.path().string(), {}});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::sort(plain.begin(), plain.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  out.insert(out.end(), plain.begin(), plain.end());
  for (auto& c : out) {
    const auto tty = fs::path(c.target.empty() ? c.path : c.target).filename().string();
    if (const auto ids = usb_ids_of_tty("/sys", tty)) {
      if (const auto board = bridge_board_name(*ids)) c.bridge_board = *board;
    }
  }
  return out;
}

std::vector<UsbCandidate> list_usb_candidates() {
  std::vector<UsbCandidate> out;
  libusb_context* context = nullptr;
  if (libusb_init(&context) != 0) return out;
  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(context, &list);
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device* dev = list[i];
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(dev, &desc) != 0) continue;
    const int itf = vendor_interface(dev);
    if (itf < 0) continue;
    UsbCandidate c;
    c.vendor_id = desc.idVendor;
    c.product_id = desc.idProduct;
    c.bus = libusb_get_bus_number(dev);
    c.address = libusb_get_device_address(dev);
    c.interface_number = itf;
    libusb_device_handle* handle = nullptr;
    if (libusb_open(dev, &handle) == 0) {  // fails without permission: see packaging/99-isokin.rules
      c.manufacturer = string_descriptor(handle, desc.iManufacturer);
      c.product = string_descriptor(handle, desc.iProduct);
      c.serial = string_descriptor(handle, desc.iSerialNumber);
      libusb_close(handle);
    }
    out.push_back(c);
  }
  if (count >= 0) libusb_free_device_list(list, 1);
  libusb_exit(context);
  return out;
}

}  // namespace isokin::device
