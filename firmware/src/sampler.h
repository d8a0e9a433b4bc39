/* Timer-triggered sampling of the analog channels.
 *
 * Timer1 (CTC, 2 MHz) interrupts once per sample period; the interrupt counts the
 * period (the device clock: sample k is at k * period_us) and starts a burst of
 * conversions: channels round robin, `oversample` conversions each, each started by
 * the ADC interrupt of the one before. The burst's sums go into a ring of samples
 * that the main loop frames; a full ring drops the sample (the host sees the jump
 * in device time as lost samples) and never waits. The ADC is not auto-triggered
 * by the timer in hardware because simavr, where CI runs this very binary, does not
 * model that trigger; starting the burst in the timer interrupt costs a few
 * microseconds of jitter within the period and nothing in the timestamps, which
 * come from the period count. */
#ifndef ISOKIN_BRIDGE_SAMPLER_H
#define ISOKIN_BRIDGE_SAMPLER_H

#include <stdint.h>

#include "board.h"

typedef struct {
  uint32_t index;                  /* periods since START */
  uint16_t sum[BRIDGE_CHANNELS];   /* oversample conversions of 10 bits each */
} raw_sample_t;

typedef struct {
  uint32_t period_us;
  uint8_t oversample;   /* conversions per channel per sample: 16, 4 or 1 */
  uint8_t adc_bits;     /* 12, 11 or 10: effective resolution that oversampling gives */
  uint8_t prescaler_bits; /* ADPS: ADC clock = F_CPU >> prescaler_bits */
} sample_plan_t;

/* The oversampling and ADC clock for a rate, or 0 when no plan fits the period. */
uint8_t sampler_plan(uint32_t rate_hz, sample_plan_t *plan);
/* Restarts the timer at the plan's period; sample = 0 only ticks (the main loop
 * wakes every period and feeds the watchdog), sample = 1 samples too. */
void sampler_start(const sample_plan_t *plan, uint8_t sample);
/* No new burst starts; a burst in progress completes into the ring. The timer goes on. */
void sampler_stop(void);
uint8_t sampler_busy(void);
/* Oldest sample not yet taken; 0 when the ring is empty. */
uint8_t sampler_peek(raw_sample_t *out);
void sampler_pop(void);
uint8_t sampler_pending(void);
/* Samples dropped because the ring was full, since the last call. */
uint16_t sampler_take_dropped(void);

#endif
