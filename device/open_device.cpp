// The URI factory declared in device/device.hpp: one scheme, one transport.
#include <fmt/format.h>

#include "device/device.hpp"
#include "device/simulator/simulated_device.hpp"
#include "device/transports/replay_device.hpp"
#include "device/transports/serial_device.hpp"
#include "device/transports/usb_device.hpp"

namespace isokin::device {

std::unique_ptr<Device> open_device(std::string_view uri, const DeviceOptions& options) {
  if (uri.starts_with("sim://")) return make_simulated_device(uri, options.simulator_defaults);
  if (uri.starts_with("serial://")) return make_serial_device(uri);
  if (uri.starts_with("usb://")) return make_usb_device(uri);
  if (uri.starts_with("replay://")) return make_replay_device(uri, options.session_reader);
  throw InputError(fmt::format("device URI '{}': unknown scheme (use sim://, serial://, usb:// or replay://)", uri));
}

}  // namespace isokin::device
