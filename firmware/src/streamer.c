#include "streamer.h"

#include "link.h"

static float scale[BRIDGE_CHANNELS];  /* gain * volts per count of the sum */
static float offset[BRIDGE_CHANNELS];
static uint32_t period_us;
static uint8_t per_frame;
static wire_frame_t *frame;           /* 0: no frame open */
static uint32_t first_index;
static uint16_t count;

void streamer_start(const settings_t *s, const sample_plan_t *plan, uint8_t samples_per_frame) {
  const float volts_per_count = BRIDGE_VREF_V / (1024.0f * (float)plan->oversample);
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
    scale[c] = s->gain[c] * volts_per_count;
    offset[c] = s->offset[c];
  }
  period_us = plan->period_us;
  per_frame = samples_per_frame;
  frame = 0;
  count = 0;
}

void streamer_flush(void) {
  if (!frame) return;
  /* count sits at the end of the SAMPLES header: header 4 + t0 8 + period 4. */
  frame->buf[WIRE_HEADER_BYTES + 12] = (uint8_t)count;
  frame->buf[WIRE_HEADER_BYTES + 13] = (uint8_t)(count >> 8);
  link_send();
  frame = 0;
  count = 0;
}

uint8_t streamer_pump(void) {
  uint8_t worked = 0;
  raw_sample_t s;
  /* At most one frame's worth per call: the main loop must get back to the commands
   * (STOP) even when samples arrive as fast as they are framed. */
  for (uint8_t taken = 0; taken < per_frame && sampler_peek(&s); taken++) {
    worked = 1;
    if (frame && s.index != first_index + count) streamer_flush();  /* a break in device time */
    if (!frame) {
      if (sampler_take_dropped()) link_skip_seq();
      frame = link_begin(WIRE_SAMPLES);
      first_index = s.index;
      wire_samples_header(frame, (uint64_t)s.index * period_us, period_us, 0);
    }
    for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
      wire_frame_put_f32(frame, scale[c] * (float)s.sum[c] + offset[c]);
    }
    sampler_pop();
    if (++count == per_frame) streamer_flush();
  }
  return worked;
}
