/* Frames out to the host: every frame is built in one buffer, COBS-encoded in place
 * and queued whole on the UART (waiting for room, which the UART frees at line rate:
 * sampling runs in interrupts and is never held up). */
#ifndef ISOKIN_BRIDGE_LINK_H
#define ISOKIN_BRIDGE_LINK_H

#include <stdint.h>

#include "wire.h"

/* Decoded frames are at most this long (a HELLO with a 16-character serial and the
 * calibration is about 280 bytes); in-place COBS two bytes ahead holds to 507 (wire.h). */
#define LINK_MAX_FRAME 300u

/* Starts a frame of `type` with the next seq. */
wire_frame_t *link_begin(uint8_t type);
/* Sends the frame begun last; returns 0 if it overflowed (nothing sent). */
uint8_t link_send(void);
/* Frames the host will never see: their seq numbers are skipped so that the host
 * counts them lost (docs/protocol.md, counting losses). */
void link_skip_seq(void);

#endif
