// Which USB devices could speak the isokin protocol: those with a vendor-class
// (0xFF) interface that has a bulk IN and a bulk OUT endpoint. For `isokin devices`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace isokin::device {

struct UsbCandidate {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  int bus = 0;
  int address = 0;
  int interface_number = 0;
  std::string serial;  // empty when the device has none or could not be opened
  std::string note;    // why the serial is missing, e.g. the access hint; empty if fine
  std::string uri;     // usb://VID:PID[?serial=...]&interface=N, ready for --device
};

// Lists the candidates on the bus (an empty list when there are none). Throws
// DeviceError only when libusb itself cannot start.
std::vector<UsbCandidate> find_usb_candidates();

}  // namespace isokin::device
