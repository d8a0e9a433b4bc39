/* The device-to-host messages other than SAMPLES: HELLO, STATUS, CALIBRATION. */
#ifndef ISOKIN_BRIDGE_REPLIES_H
#define ISOKIN_BRIDGE_REPLIES_H

#include <stdint.h>

#include "sampler.h"
#include "settings.h"

void send_hello(const settings_t *s, uint32_t rate_hz, const sample_plan_t *plan);
/* state ("idle", "running", "error") and message (may be 0) are in flash (PSTR);
 * acked < 0 leaves acked_seq out. */
void send_status(const char *state, const char *message, int32_t acked);
void send_calibration(const settings_t *s);

#endif
