// serial:///dev/ttyUSB0?baud=921600&format=frame|line|auto&low_latency=1
#pragma once

#include <memory>
#include <string_view>

#include "device/device.hpp"

namespace isokin::device {

// Throws InputError for a malformed URI; the port is opened by Device::open().
std::unique_ptr<Device> make_serial_device(std::string_view uri);

}  // namespace isokin::device
