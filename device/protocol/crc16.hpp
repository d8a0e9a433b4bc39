// CRC-16/CCITT-FALSE, the frame check of the wire protocol (docs/protocol.md):
// polynomial 0x1021, initial value 0xFFFF, no reflection, no final xor.
// Check value: crc16_ccitt_false("123456789") == 0x29B1.
#pragma once

#include <cstdint>
#include <span>

namespace isokin::device::protocol {

std::uint16_t crc16_ccitt_false(std::span<const std::uint8_t> bytes);

}  // namespace isokin::device::protocol
