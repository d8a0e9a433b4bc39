#include "device/protocol/cobs.hpp"

namespace isokin::device::protocol {

void cobs_encode(std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out) {
  std::size_t code_index = out.size();
  out.push_back(0);  // placeholder for the first code byte
  std::uint8_t code = 1;
  for (std::uint8_t b : data) {
    if (b == 0) {
      out[code_index] = code;
      code_index = out.size();
      out.push_back(0);
      code = 1;
      continue;
    }
    out.push_back(b);
    ++code;
    if (code == 0xFF) {  // a full block of 254 non-zero bytes: no implied zero follows
      out[code_index] = code;
      code_index = out.size();
      out.push_back(0);
      code = 1;
    }
  }
  out[code_index] = code;
}

std::optional<std::size_t> cobs_decode(std::span<const std::uint8_t> encoded, std::span<std::uint8_t> out) {
  std::size_t read = 0;
  std::size_t written = 0;
  while (read < encoded.size()) {
    const std::uint8_t code = encoded[read++];
    if (code == 0) return std::nullopt;
    const std::size_t run = code - 1u;
    if (run > encoded.size() - read) return std::nullopt;  // the code points past the frame
    if (run > out.size() - written) return std::nullopt;
    for (std::size_t i = 0; i < run; ++i) {
      const std::uint8_t b = encoded[read++];
      if (b == 0) return std::nullopt;
      out[written++] = b;
    }
    // A code below 0xFF implies a zero, except after the last block of the frame.
    if (code != 0xFF && read < encoded.size()) {
      if (written >= out.size()) return std::nullopt;
      out[written++] = 0;
    }
  }
  return written;
}

}  // namespace isokin::device::protocol
