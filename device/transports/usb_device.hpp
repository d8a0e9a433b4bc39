// usb://VID:PID[?serial=...&interface=N]: a device on a vendor-class USB interface,
// frame mode over one bulk OUT and one bulk IN endpoint (docs/protocol.md, section 4).
#pragma once

#include <memory>
#include <string_view>

#include "device/device.hpp"

namespace isokin::device {

// Throws InputError for a malformed URI; opening happens in Device::open().
std::unique_ptr<Device> make_usb_device(std::string_view uri);

}  // namespace isokin::device
