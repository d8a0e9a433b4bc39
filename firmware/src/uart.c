#include "uart.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#include "board.h"

#define TX_SIZE 320u
#define RX_SIZE 64u

static uint8_t tx_ring[TX_SIZE];
static volatile uint16_t tx_head; /* written by the main loop */
static volatile uint16_t tx_tail; /* written by the UDRE interrupt */
static uint8_t rx_ring[RX_SIZE];
static volatile uint8_t rx_head;
static volatile uint8_t rx_tail;
static volatile uint8_t rx_broken;

void uart_init(uint8_t half_speed) {
  /* U2X: baud = F_CPU / (8 (UBRR + 1)); 16 MHz gives exactly 1,000,000 (UBRR 1) and
   * 500,000 (UBRR 3). */
  UCSR0A = _BV(U2X0);
  UBRR0 = half_speed ? 3 : 1;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

uint16_t uart_tx_free(void) {
  uint16_t head, tail;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    head = tx_head;
    tail = tx_tail;
  }
  const uint16_t used = head >= tail ? head - tail : TX_SIZE - tail + head;
  return (uint16_t)(TX_SIZE - 1u - used);
}

uint8_t uart_tx_idle(void) { return uart_tx_free() == TX_SIZE - 1u && (UCSR0A & _BV(UDRE0)); }

void uart_tx_write(const uint8_t *bytes, uint16_t n) {
  uint16_t head = tx_head;
  while (n--) {
    tx_ring[head] = *bytes++;
    head = head + 1u == TX_SIZE ? 0 : head + 1u;
  }
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { tx_head = head; }
  UCSR0B |= _BV(UDRIE0);
}

ISR(USART_UDRE_vect) {
  uint16_t tail = tx_tail;
  if (tail == tx_head) {
    UCSR0B &= (uint8_t)~_BV(UDRIE0);
    return;
  }
  UDR0 = tx_ring[tail];
  tx_tail = tail + 1u == TX_SIZE ? 0 : tail + 1u;
}

ISR(USART_RX_vect) {
  const uint8_t errors = UCSR0A & (_BV(FE0) | _BV(DOR0));
  const uint8_t byte = UDR0;
  const uint8_t next = (uint8_t)((rx_head + 1u) % RX_SIZE);
  if (errors || next == rx_tail) {
    rx_broken = 1;
    return;
  }
  rx_ring[rx_head] = byte;
  rx_head = next;
}

uint8_t uart_rx_pending(void) { return rx_tail != rx_head || rx_broken; }

int16_t uart_rx_read(uint8_t *broken) {
  int16_t byte = -1;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    if (rx_broken) {
      *broken = 1;
      rx_broken = 0;
    }
    if (rx_tail != rx_head) {
      byte = rx_ring[rx_tail];
      rx_tail = (uint8_t)((rx_tail + 1u) % RX_SIZE);
    }
  }
  return byte;
}
