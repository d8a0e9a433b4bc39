// A USB protocol device (vendor-class bulk endpoint pair, docs/usb.md) as a ByteLink:
// ProtocolDevice speaks the protocol over it exactly as over a serial port, so the
// two transports share one state machine (HELLO, START, STOP, STATUS, device
// finished, reconnects), its waits and its messages.
//
// IN transfers stay in flight while the link is open; their callbacks (run inside
// read_some(), on the reader thread) append to an inbox that read_some() hands out.
// The device leaving (hot-plug "left" event, or a transfer failing) is reported by
// read_some() once the bytes that came before it are handed out; open() then looks
// for it again (any bus address).
#pragma once

#include <memory>
#include <string_view>

#include "device/transports/byte_link.hpp"
#include "device/transports/usb_uri.hpp"

namespace isokin::device {

std::unique_ptr<ByteLink> make_usb_link(std::string_view uri, const UsbAddress& address);

}  // namespace isokin::device
