/* Decoded frames: version u8 | type u8 | seq u16 LE | body | crc u16 LE. */
#include <string.h>

#include "wire.h"

void wire_frame_begin(wire_frame_t *f, uint8_t *buf, size_t cap, uint8_t type, uint16_t seq) {
  f->buf = buf;
  f->cap = cap;
  f->len = 0;
  f->overflow = 0;
  wire_frame_put_u8(f, WIRE_VERSION);
  wire_frame_put_u8(f, type);
  wire_frame_put_u16(f, seq);
}

void wire_frame_put(wire_frame_t *f, const void *bytes, size_t n) {
  /* Room is kept for the CRC, and a frame never exceeds the protocol's bound. */
  if (f->overflow || n > f->cap - f->len || f->cap - f->len - n < WIRE_CRC_BYTES ||
      f->len + n + WIRE_CRC_BYTES > WIRE_MAX_FRAME_BYTES) {
    f->overflow = 1;
    return;
  }
  memcpy(f->buf + f->len, bytes, n);
  f->len += n;
}

void wire_frame_put_u8(wire_frame_t *f, uint8_t v) { wire_frame_put(f, &v, 1); }

void wire_frame_put_u16(wire_frame_t *f, uint16_t v) {
  const uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
  wire_frame_put(f, b, 2);
}

void wire_frame_put_u32(wire_frame_t *f, uint32_t v) {
  const uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  wire_frame_put(f, b, 4);
}

void wire_frame_put_u64(wire_frame_t *f, uint64_t v) {
  wire_frame_put_u32(f, (uint32_t)v);
  wire_frame_put_u32(f, (uint32_t)(v >> 32));
}

void wire_frame_put_f32(wire_frame_t *f, float v) {
  /* IEEE 754 binary32 on both the AVR and the host: the bits go out as a u32. */
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  wire_frame_put_u32(f, bits);
}

void wire_frame_put_text(wire_frame_t *f, const char *text) { wire_frame_put(f, text, strlen(text)); }

size_t wire_frame_end(wire_frame_t *f) {
  if (f->overflow || f->cap - f->len < WIRE_CRC_BYTES) return 0;
  const uint16_t crc = wire_crc16(0xFFFF, f->buf, f->len);
  f->buf[f->len++] = (uint8_t)crc;
  f->buf[f->len++] = (uint8_t)(crc >> 8);
  return f->len;
}

void wire_samples_header(wire_frame_t *f, uint64_t t0_us, uint32_t period_us, uint16_t count) {
  wire_frame_put_u64(f, t0_us);
  wire_frame_put_u32(f, period_us);
  wire_frame_put_u16(f, count);
}

uint16_t wire_get_u16(const uint8_t *p) { return (uint16_t)(p[0] | ((uint16_t)p[1] << 8)); }

uint32_t wire_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

float wire_get_f32(const uint8_t *p) {
  const uint32_t bits = wire_get_u32(p);
  float v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

int wire_frame_check(const uint8_t *frame, size_t n, wire_parsed_t *out) {
  if (n < WIRE_MIN_FRAME_BYTES || n > WIRE_MAX_FRAME_BYTES) return 0;
  const uint16_t crc = wire_get_u16(frame + n - WIRE_CRC_BYTES);
  if (wire_crc16(0xFFFF, frame, n - WIRE_CRC_BYTES) != crc) return 0;
  if (frame[0] != WIRE_VERSION) return 0;
  out->type = frame[1];
  out->seq = wire_get_u16(frame + 2);
  out->body = frame + WIRE_HEADER_BYTES;
  out->body_len = n - WIRE_MIN_FRAME_BYTES;
  return 1;
}
