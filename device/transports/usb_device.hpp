// The USB transport: the protocol device (ProtocolDevice) on a vendor-class bulk endpoint pair
// (docs/usb.md), opened from `usb://VID:PID[?serial=...&interface=N]`.
#pragma once

#include <memory>
#include <string_view>

#include "device/device.hpp"

namespace isokin::device {

// Throws InputError for a malformed URI; the device itself is only touched by open().
std::unique_ptr<Device> make_usb_device(std::string_view uri);

}  // namespace isokin::device
