#include "device/discovery/bridge_boards.hpp"

#include <array>
#include <fstream>
#include <string>

namespace isokin::device {
namespace {

namespace fs = std::filesystem;

struct BridgeChip {
  UsbIds ids;
  std::string_view name;
};

// The same ids as packaging/60-isokin-bridge.rules (opt-in udev rule).
constexpr std::array<BridgeChip, 6> kChips{{
    {{0x2341, 0x0043}, "Arduino Uno R3 (ATmega16U2)"},
    {{0x2341, 0x0001}, "Arduino Uno (ATmega8U2)"},
    {{0x2341, 0x0243}, "Genuino Uno (ATmega16U2)"},
    {{0x2a03, 0x0043}, "Arduino Uno R3, arduino.org (ATmega16U2)"},
    {{0x1a86, 0x7523}, "CH340 (Uno and Nano clones)"},
    {{0x0403, 0x6001}, "FT232R (Arduino Nano v3, Duemilanove, and many adapters)"},
}};

std::optional<std::uint16_t> read_hex_id(const fs::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text) || text.size() != 4) return std::nullopt;
  std::uint16_t value = 0;
  for (const char c : text) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = static_cast<std::uint16_t>(value * 16 + digit);
  }
  return value;
}

}  // namespace

std::optional<std::string_view> bridge_board_name(UsbIds ids) {
  for (const auto& chip : kChips) {
    if (chip.ids.vendor_id == ids.vendor_id && chip.ids.product_id == ids.product_id) return chip.name;
  }
  return std::nullopt;
}

std::optional<UsbIds> usb_ids_of_tty(const fs::path& sys_root, std::string_view tty_name) {
  if (tty_name.empty() || tty_name.find('/') != std::string_view::npos || tty_name.starts_with(".")) return std::nullopt;
  std::error_code ec;
  fs::path dir = fs::canonical(sys_root / "class" / "tty" / std::string(tty_name) / "device", ec);
  if (ec) return std::nullopt;
  const fs::path root = fs::canonical(sys_root, ec);
  // The interface (ttyACM) or the usb-serial port (ttyUSB) sits below the USB device,
  // which holds idVendor and idProduct: walk up, never above sysfs.
  for (int depth = 0; depth < 8 && !ec && dir != root && dir.has_parent_path(); ++depth) {
    const auto vendor = read_hex_id(dir / "idVendor");
    const auto product = read_hex_id(dir / "idProduct");
    if (vendor && product) return UsbIds{*vendor, *product};
    dir = dir.parent_path();
  }
  return std::nullopt;
}

}  // namespace isokin::device
