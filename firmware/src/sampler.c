#include "sampler.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#define RING_SIZE 48u   /* 48 ms at 1000 Hz: far longer than any frame takes to send */

static raw_sample_t ring[RING_SIZE];
static volatile uint8_t ring_head; /* ADC interrupt writes */
static volatile uint8_t ring_tail; /* main loop reads */
static volatile uint16_t dropped;

static volatile uint8_t running;
static volatile uint32_t period_count;
static volatile uint8_t conversions_left;
static uint8_t oversample;
static uint8_t channel;
static uint32_t burst_index;
static uint16_t sums[BRIDGE_CHANNELS];
static uint8_t adcsra_start;

/* AVcc reference with the external capacitor on AREF (REFS0). */
#define ADMUX_BASE _BV(REFS0)

uint8_t sampler_plan(uint32_t rate_hz, sample_plan_t *plan) {
  if (rate_hz < BRIDGE_MIN_RATE_HZ || rate_hz > BRIDGE_MAX_RATE_HZ || 1000000UL % rate_hz != 0) return 0;
  const uint32_t period_cycles = (F_CPU / 1000000UL) * (1000000UL / rate_hz);
  /* Most oversampling first, at the slowest ADC clock that fits: the datasheet gives
   * full 10-bit accuracy up to a 200 kHz ADC clock (125 kHz here), less above it.
   * A burst may take 3/4 of the period; the rest is left for the interrupts' own
   * time and the conversion in flight when the period is short. */
  static const uint8_t oversamples[] = {16, 4, 1};
  static const uint8_t bits[] = {12, 11, 10};
  for (uint8_t o = 0; o < sizeof oversamples; o++) {
    for (uint8_t ps = 7; ps >= 4; ps--) { /* ADC clock 125, 250, 500, 1000 kHz */
      if (ps < 6 && o < 2) break;          /* oversample only at <= 250 kHz */
      const uint32_t burst = (uint32_t)BRIDGE_CHANNELS * oversamples[o] * 13u * (1u << ps);
      if (burst * 4u <= period_cycles * 3u) {
        plan->period_us = 1000000UL / rate_hz;
        plan->oversample = oversamples[o];
        plan->adc_bits = (uint8_t)(bits[o] - (ps < 6 ? 1 : 0));
        plan->prescaler_bits = ps;
        return 1;
      }
    }
  }
  return 0;
}

void sampler_start(const sample_plan_t *plan, uint8_t sample) {
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    TCCR1B = 0;
    TCCR1A = 0;
    TCNT1 = 0;
    /* 2 MHz timer clock (prescaler 8): period_us * 2 counts per period, up to 32.7 ms. */
    OCR1A = (uint16_t)(plan->period_us * 2u - 1u);
    TIFR1 = _BV(OCF1A);
    TIMSK1 = _BV(OCIE1A);
    oversample = plan->oversample;
    adcsra_start = (uint8_t)(_BV(ADEN) | _BV(ADIE) | _BV(ADSC) | plan->prescaler_bits);
    ADCSRA = (uint8_t)(_BV(ADEN) | plan->prescaler_bits);
    ring_head = ring_tail = 0;
    dropped = 0;
    period_count = 0;
    conversions_left = 0;
    running = sample;
    TCCR1B = _BV(WGM12) | _BV(CS11);
  }
}

void sampler_stop(void) { running = 0; }

uint8_t sampler_busy(void) { return conversions_left != 0; }

ISR(TIMER1_COMPA_vect) {
  const uint32_t index = period_count++;
  if (!running || conversions_left) return;  /* a burst never outlasts its period (sampler_plan) */
  burst_index = index;
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) sums[c] = 0;
  channel = 0;
  conversions_left = (uint8_t)(BRIDGE_CHANNELS * oversample);
  ADMUX = ADMUX_BASE;
  ADCSRA = adcsra_start;
}

ISR(ADC_vect) {
  sums[channel] += ADC;
  if (--conversions_left) {
    channel = channel + 1u == BRIDGE_CHANNELS ? 0 : (uint8_t)(channel + 1u);
    ADMUX = (uint8_t)(ADMUX_BASE | channel);
    ADCSRA = adcsra_start;
    return;
  }
  const uint8_t next = (uint8_t)(ring_head + 1u == RING_SIZE ? 0 : ring_head + 1u);
  if (next == ring_tail) {
    dropped++;
    return;
  }
  raw_sample_t *s = &ring[ring_head];
  s->index = burst_index;
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) s->sum[c] = sums[c];
  ring_head = next;
}

uint8_t sampler_peek(raw_sample_t *out) {
  if (ring_tail == ring_head) return 0;
  *out = ring[ring_tail];
  return 1;
}

uint8_t sampler_pending(void) { return ring_tail != ring_head; }

void sampler_pop(void) { ring_tail = (uint8_t)(ring_tail + 1u == RING_SIZE ? 0 : ring_tail + 1u); }

uint16_t sampler_take_dropped(void) {
  uint16_t n;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    n = dropped;
    dropped = 0;
  }
  return n;
}
