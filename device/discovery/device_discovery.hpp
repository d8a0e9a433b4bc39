// Finding devices to record from: serial ports that may carry the wire protocol, and
// USB devices with a vendor-specific (class 0xFF) interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace isokin::device {

struct SerialCandidate {
  std::string path;     // what to put in serial://PATH (by-id name when there is one)
  std::string target;   // the tty it resolves to, e.g. /dev/ttyUSB0
  std::string bridge_board;  // a board isokin-bridge runs on (bridge_boards.hpp); empty otherwise
};

struct UsbCandidate {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  int bus = 0;
  int address = 0;
  int interface_number = 0;       // the first vendor-class interface
  std::string manufacturer;       // string descriptors, when the device can be opened
  std::string product;
  std::string serial;
  std::string uri() const;        // usb://VID:PID[?serial=...]
};

// /dev/serial/by-id/* first (stable names), then /dev/ttyUSB* and /dev/ttyACM* not
// already listed through a by-id link.
std::vector<SerialCandidate> list_serial_candidates();

// Every USB device with an interface of class 0xFF (libusb). Empty when libusb cannot
// initialise (no USB on this machine).
std::vector<UsbCandidate> list_usb_candidates();

}  // namespace isokin::device
