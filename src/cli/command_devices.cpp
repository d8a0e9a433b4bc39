// `isokin devices`: serial ports and vendor-class USB devices that may be dynamometers,
// with what each says in HELLO where it answers.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli/command.hpp"
#include "device/device.hpp"
#include "device/discovery/bridge_boards.hpp"
#include "device/discovery/device_discovery.hpp"

namespace isokin::cli {
namespace {

struct DevicesOptions {
  bool no_probe = false;
  std::string format = "auto";
};

// Opens the device and returns its HELLO as text, or why it did not answer.
std::string probe(const std::string& uri) {
  try {
    auto dev = device::open_device(uri);
    const auto hello = dev->open();
    dev->close();
    return fmt::format("HELLO: model {}, serial {}, firmware {}, {:g} Hz{}", hello.model, hello.serial, hello.firmware,
                       hello.rate_hz, hello.calibration.empty() ? std::string() : ", calibration " + hello.calibration);
  } catch (const std::exception& e) {
    return fmt::format("no answer ({})", e.what());
  }
}

void run_devices(const DevicesOptions& o) {
  const auto serial = device::list_serial_candidates();
  fmt::print("Serial ports ({}):\n", serial.size());
  if (serial.empty()) fmt::print("  none (/dev/serial/by-id, /dev/ttyUSB*, /dev/ttyACM*)\n");
  for (const auto& port : serial) {
    // A bridge board's chip: probe as the bridge speaks (frame mode at 1,000,000 baud).
    const std::string uri = port.bridge_board.empty()
                                ? fmt::format("serial://{}?format={}", port.path, o.format)
                                : fmt::format("serial://{}?baud={}&format=frame", port.path, device::kBridgeBaud);
    fmt::print("  {}{}{}\n", uri, port.target != port.path && !port.target.empty() ? "  -> " + port.target : "",
               port.bridge_board.empty() ? std::string() : "  (isokin-bridge board? " + port.bridge_board + ")");
    if (!o.no_probe) fmt::print("    {}\n", probe(uri));
    std::fflush(stdout);
  }
  const auto usb = device::list_usb_candidates();
  fmt::print("USB devices with a vendor-class interface ({}):\n", usb.size());
  if (usb.empty()) fmt::print("  none\n");
  for (const auto& dev : usb) {
    fmt::print("  {}  bus {} address {} interface {}{}\n", dev.uri(), dev.bus, dev.address, dev.interface_number,
               dev.product.empty() ? std::string("  (strings unreadable: without permission, see packaging/99-isokin.rules)")
                                   : fmt::format("  {} {}", dev.manufacturer, dev.product));
    if (!o.no_probe) fmt::print("    {}\n", probe(dev.uri()));
    std::fflush(stdout);
  }
}

void setup(CLI::App& isokin) {
  auto options = std::make_shared<DevicesOptions>();
  auto* cmd = isokin.add_subcommand("devices", "List serial ports and USB devices that may be dynamometers");
  cmd->add_flag("--no-probe", options->no_probe, "Do not open the devices to ask for their HELLO");
  cmd->add_option("--format", options->format, "Serial format to probe with: frame, line or auto")
      ->check(CLI::IsMember({"frame", "line", "auto"}));
  cmd->callback([options] { run_devices(*options); });
}

const CommandRegistration registration{"devices", &setup};

}  // namespace
}  // namespace isokin::cli
