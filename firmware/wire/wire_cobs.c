/* Consistent Overhead Byte Stuffing: an encoded frame holds no 0x00, so 0x00 delimits
 * frames and a receiver resynchronises at the next one. */
#include "wire.h"

size_t wire_cobs_encode(const uint8_t *in, size_t n, uint8_t *out) {
  size_t code_at = 0;
  size_t len = 1;
  uint8_t code = 1;
  for (size_t i = 0; i < n; i++) {
    if (in[i] == 0) {
      out[code_at] = code;
      code_at = len++;
      code = 1;
      continue;
    }
    out[len++] = in[i];
    if (++code == 0xFF) { /* 254 non-zero bytes: a full block, no implied zero */
      out[code_at] = code;
      code_at = len++;
      code = 1;
    }
  }
  out[code_at] = code;
  return len;
}

size_t wire_cobs_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
  size_t read = 0;
  size_t written = 0;
  while (read < n) {
    const uint8_t code = in[read++];
    if (code == 0) return (size_t)-1;
    const size_t run = (size_t)code - 1u;
    if (run > n - read || run > cap - written) return (size_t)-1;
    for (size_t i = 0; i < run; i++) {
      const uint8_t b = in[read++];
      if (b == 0) return (size_t)-1;
      out[written++] = b;
    }
    /* A code below 0xFF implies a zero, except after the frame's last block. */
    if (code != 0xFF && read < n) {
      if (written >= cap) return (size_t)-1;
      out[written++] = 0;
    }
  }
  return written;
}
