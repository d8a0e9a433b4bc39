/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor).
 * On the AVR a 512-byte table in flash: the bitwise loop cost about 90 cycles per byte,
 * a seventh of the firmware's time per sample (docs/benchmarks.md). The host builds the
 * same table at compile time; tests/firmware/wire_test.cpp checks it against the host
 * codec, and every frame the simulated firmware sends is checked by the host decoder. */
#include "wire.h"

#ifdef __AVR__
#include <avr/pgmspace.h>
#define CRC_TABLE_ATTR PROGMEM
#define CRC_TABLE_READ(i) pgm_read_word(&crc_table[(i)])
#else
#define CRC_TABLE_ATTR
#define CRC_TABLE_READ(i) crc_table[(i)]
#endif

/* crc_table[b] = CRC of the byte b shifted through 8 rounds of the polynomial. */
#define R1(c) ((uint16_t)(((c) & 0x8000u) ? (((c) << 1) ^ 0x1021u) : ((c) << 1)))
#define R2(c) R1(R1(c))
#define R4(c) R2(R2(c))
#define R8(c) R4(R4(c))
#define T1(b) R8((uint16_t)((b) << 8))
#define T4(b) T1(b), T1((b) + 1), T1((b) + 2), T1((b) + 3)
#define T16(b) T4(b), T4((b) + 4), T4((b) + 8), T4((b) + 12)
#define T64(b) T16(b), T16((b) + 16), T16((b) + 32), T16((b) + 48)

static const uint16_t crc_table[256] CRC_TABLE_ATTR = {T64(0), T64(64), T64(128), T64(192)};

uint16_t wire_crc16(uint16_t crc, const uint8_t *bytes, size_t n) {
  while (n--) crc = (uint16_t)((crc << 8) ^ CRC_TABLE_READ((uint8_t)((crc >> 8) ^ *bytes++)));
  return crc;
}
