#include "device/transports/serial_device.hpp"

#include <fmt/format.h>

#include "device/transports/device_uri.hpp"
#include "device/transports/protocol_device.hpp"
#include "device/transports/serial_link.hpp"

namespace isokin::device {

std::unique_ptr<Device> make_serial_device(std::string_view uri) {
  const DeviceUri parsed = parse_device_uri(uri);
  require_known_keys(parsed, uri, {"baud", "format", "low_latency"});
  if (parsed.path.empty()) throw InputError(fmt::format("device URI '{}': no port path (serial:///dev/ttyUSB0)", uri));
  SerialSettings settings;
  settings.path = parsed.path;
  settings.baud = static_cast<unsigned>(query_number(parsed, uri, "baud", 921600, 50, 20'000'000));
  settings.low_latency = query_number(parsed, uri, "low_latency", 1, 0, 1) != 0;
  protocol::StreamFormat format = protocol::StreamFormat::automatic;
  if (const auto it = parsed.query.find("format"); it != parsed.query.end()) {
    if (it->second == "frame") {
      format = protocol::StreamFormat::frame;
    } else if (it->second == "line") {
      format = protocol::StreamFormat::line;
    } else if (it->second != "auto") {
      throw InputError(fmt::format("device URI '{}': format must be frame, line or auto (got '{}')", uri, it->second));
    }
  }
  return std::make_unique<ProtocolDevice>(make_serial_link(settings), format, std::string(uri));
}

}  // namespace isokin::device
