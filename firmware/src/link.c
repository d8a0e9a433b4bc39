#include "link.h"

#include <avr/wdt.h>

#include "uart.h"

/* [0] and [1] are room for COBS's code bytes: the frame is encoded in place. */
static uint8_t buffer[2 + LINK_MAX_FRAME];
static wire_frame_t frame;
static uint16_t next_seq;

wire_frame_t *link_begin(uint8_t type) {
  wire_frame_begin(&frame, buffer + 2, LINK_MAX_FRAME, type, next_seq);
  return &frame;
}

uint8_t link_send(void) {
  const size_t n = wire_frame_end(&frame);
  if (n == 0) return 0;
  const uint16_t encoded = (uint16_t)wire_cobs_encode(buffer + 2, n, buffer);
  while (uart_tx_free() < encoded + 1u) wdt_reset();
  uart_tx_write(buffer, encoded);
  static const uint8_t delimiter = 0;
  uart_tx_write(&delimiter, 1);
  next_seq++;
  return 1;
}

void link_skip_seq(void) { next_seq++; }
