// Consistent Overhead Byte Stuffing: the framing of the wire protocol.
//
// An encoded frame holds no 0x00 byte, so 0x00 can delimit frames and a receiver
// resynchronises at the next delimiter whatever garbage came before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace isokin::device::protocol {

// Appends the COBS encoding of `data` to `out` (without the 0x00 delimiter).
void cobs_encode(std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out);

// Largest encoding of `size` bytes: one code byte per 254 data bytes, plus one.
constexpr std::size_t cobs_max_encoded_size(std::size_t size) { return size + size / 254 + 1; }

// Decodes one encoded frame (the bytes between two delimiters) into `out`.
// Returns the decoded length, or nullopt when `encoded` holds a 0x00, a code byte
// points past its end, or the result would not fit in `out`. Never writes past `out`.
std::optional<std::size_t> cobs_decode(std::span<const std::uint8_t> encoded, std::span<std::uint8_t> out);

}  // namespace isokin::device::protocol
