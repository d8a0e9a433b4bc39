// USB-serial chips of the Arduino-class boards that run isokin-bridge (docs/hardware.md),
// by USB vendor:product id. A port on one of them may be a bridge: `isokin devices`
// probes it in frame mode at the bridge's 1,000,000 baud.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace isokin::device {

inline constexpr unsigned kBridgeBaud = 1'000'000;

struct UsbIds {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
};

// "Arduino Uno R3 (ATmega16U2)", or nullopt for a chip no bridge board uses.
std::optional<std::string_view> bridge_board_name(UsbIds ids);

// The USB ids of the device behind a tty (ttyACM0, ttyUSB0), read from sysfs under
// `sys_root` (/sys); nullopt when the tty is not on USB or sysfs says nothing.
std::optional<UsbIds> usb_ids_of_tty(const std::filesystem::path& sys_root, std::string_view tty_name);

}  // namespace isokin::device
