// usb://VID:PID: the protocol state machine (ProtocolDevice, frame mode) over a USB
// byte link, as serial:// is over a serial port.
#include "device/transports/usb_device.hpp"

#include "device/transports/protocol_device.hpp"
#include "device/transports/usb_link.hpp"
#include "device/transports/usb_uri.hpp"

namespace isokin::device {

std::unique_ptr<Device> make_usb_device(std::string_view uri) {
  const UsbAddress address = parse_usb_uri(uri);
  return std::make_unique<ProtocolDevice>(make_usb_link(uri, address), protocol::StreamFormat::frame, std::string(uri));
}

}  // namespace isokin::device
