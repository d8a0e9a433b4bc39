/* USART0 at 1,000,000 baud (or 500,000), 8N1, interrupt driven both ways.
 * Transmit: a ring the UDRE interrupt drains; the main loop is the only writer.
 * Receive: a small ring the RX interrupt fills; a byte that does not fit, or a
 * framing/overrun error, marks the receive stream broken until the next read. */
#ifndef ISOKIN_BRIDGE_UART_H
#define ISOKIN_BRIDGE_UART_H

#include <stdint.h>

void uart_init(uint8_t half_speed);
uint16_t uart_tx_free(void);
/* Queues n bytes; the caller made sure they fit (uart_tx_free). */
void uart_tx_write(const uint8_t *bytes, uint16_t n);
uint8_t uart_tx_idle(void);
uint8_t uart_rx_pending(void);
/* Returns a received byte, or -1 if none. *broken is set when bytes were lost before it. */
int16_t uart_rx_read(uint8_t *broken);

#endif
