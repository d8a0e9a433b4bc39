/* The wire protocol's framing in plain C (docs/protocol.md, section 2): CRC-16/CCITT-FALSE,
 * COBS, and building and checking decoded frames.
 *
 * Shared by the bridge firmware (avr-gcc) and the host tests (gcc): tests/firmware/
 * wire_test.cpp checks every function here against the host's C++ codec
 * (device/protocol), so the firmware and isokin cannot drift apart.
 * No allocation, no I/O; every write is bounded by the caller's capacity. */
#ifndef ISOKIN_FIRMWARE_WIRE_H
#define ISOKIN_FIRMWARE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIRE_VERSION 1u
#define WIRE_HEADER_BYTES 4u /* version, type, seq u16 LE */
#define WIRE_CRC_BYTES 2u
#define WIRE_MIN_FRAME_BYTES (WIRE_HEADER_BYTES + WIRE_CRC_BYTES)
#define WIRE_MAX_FRAME_BYTES 4096u
#define WIRE_SAMPLES_HEADER_BYTES 14u /* t0_us u64, period_us u32, count u16 */
#define WIRE_SAMPLE_RECORD_BYTES 12u  /* three float32 */

/* Frame types (docs/protocol.md). */
enum {
  WIRE_HELLO = 0x01,
  WIRE_SAMPLES = 0x02,
  WIRE_STATUS = 0x03,
  WIRE_CALIBRATION = 0x04,
  WIRE_HELLO_REQUEST = 0x80,
  WIRE_START = 0x81,
  WIRE_STOP = 0x82,
  WIRE_CALIBRATION_REQUEST = 0x83,
  WIRE_CALIBRATION_WRITE = 0x84
};

/* CALIBRATION body: u8 channels (3), channels x (gain f32, offset f32), u8 serial
 * length (0..WIRE_SERIAL_MAX), the serial's bytes. */
#define WIRE_CAL_CHANNELS 3u
#define WIRE_SERIAL_MAX 16u
#define WIRE_CAL_BODY_MIN (1u + WIRE_CAL_CHANNELS * 8u + 1u)

/* CRC-16/CCITT-FALSE, incremental: start with crc = 0xFFFF. */
uint16_t wire_crc16(uint16_t crc, const uint8_t *bytes, size_t n);

/* Largest COBS encoding of n bytes (without the 0x00 delimiter). */
#define WIRE_COBS_MAX(n) ((n) + (n) / 254u + 1u)

/* Encodes n bytes into out (room for WIRE_COBS_MAX(n)); returns the encoded length.
 * In place is allowed with out == in - 1 for n <= 253, and out == in - 2 for n <= 507
 * (each byte is read before its slot is written: the output gains one byte per full
 * 254-byte block): the firmware encodes its frames that way and saves a buffer. */
size_t wire_cobs_encode(const uint8_t *in, size_t n, uint8_t *out);

/* Decodes the bytes between two delimiters into out (capacity cap). Returns the decoded
 * length, or (size_t)-1 if the input holds 0x00, a code points past the end, or the
 * result does not fit. In place (out == in) is allowed: output never overtakes input. */
size_t wire_cobs_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

/* A decoded frame being built in the caller's buffer. A put that does not fit sets
 * overflow; wire_frame_end then returns 0. */
typedef struct {
  uint8_t *buf;
  size_t cap;
  size_t len;
  uint8_t overflow;
} wire_frame_t;

void wire_frame_begin(wire_frame_t *f, uint8_t *buf, size_t cap, uint8_t type, uint16_t seq);
void wire_frame_put(wire_frame_t *f, const void *bytes, size_t n);
void wire_frame_put_u8(wire_frame_t *f, uint8_t v);
void wire_frame_put_u16(wire_frame_t *f, uint16_t v);
void wire_frame_put_u32(wire_frame_t *f, uint32_t v);
void wire_frame_put_u64(wire_frame_t *f, uint64_t v);
void wire_frame_put_f32(wire_frame_t *f, float v);
void wire_frame_put_text(wire_frame_t *f, const char *text);
/* Appends the CRC; returns the decoded frame's length (0 on overflow). */
size_t wire_frame_end(wire_frame_t *f);

/* SAMPLES: after wire_frame_begin(..., WIRE_SAMPLES, seq), the header; then `count`
 * records of wire_frame_put_f32 x 3. */
void wire_samples_header(wire_frame_t *f, uint64_t t0_us, uint32_t period_us, uint16_t count);

/* A checked decoded frame: length, CRC and version. body points into the frame. */
typedef struct {
  uint8_t type;
  uint16_t seq;
  const uint8_t *body;
  size_t body_len;
} wire_parsed_t;

/* Returns 1 and fills out when the decoded frame is whole and valid, 0 when corrupt. */
int wire_frame_check(const uint8_t *frame, size_t n, wire_parsed_t *out);

/* Little-endian readers for bodies. */
uint16_t wire_get_u16(const uint8_t *p);
uint32_t wire_get_u32(const uint8_t *p);
float wire_get_f32(const uint8_t *p);

#ifdef __cplusplus
}
#endif

#endif
