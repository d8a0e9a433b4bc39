/* Turns the sampler's raw sums into SAMPLES frames: counts -> volts -> calibration,
 * float32 records, one frame per `per_frame` samples or at any break in device time. */
#ifndef ISOKIN_BRIDGE_STREAMER_H
#define ISOKIN_BRIDGE_STREAMER_H

#include <stdint.h>

#include "sampler.h"
#include "settings.h"

void streamer_start(const settings_t *s, const sample_plan_t *plan, uint8_t per_frame);
/* Frames up to one frame of what the sampler holds; returns 1 if it did anything. */
uint8_t streamer_pump(void);
/* Sends the partial frame, if any. */
void streamer_flush(void);

#endif
