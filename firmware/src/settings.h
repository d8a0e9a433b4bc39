/* What the bridge keeps in EEPROM: its serial number and the calibration of each
 * channel (physical = gain * volts at the ADC pin + offset), checked by CRC-16.
 * A blank or damaged EEPROM gives the factory default: identity (gain 1, offset 0,
 * so an uncalibrated bridge reports volts) and serial "unset". */
#ifndef ISOKIN_BRIDGE_SETTINGS_H
#define ISOKIN_BRIDGE_SETTINGS_H

#include <stdint.h>

#include "board.h"
#include "wire.h"

typedef struct {
  float gain[BRIDGE_CHANNELS];
  float offset[BRIDGE_CHANNELS];
  char serial[WIRE_SERIAL_MAX + 1];
  uint8_t stored; /* 1: read from EEPROM with a good checksum; 0: factory default */
} settings_t;

void settings_load(settings_t *s);
/* Writes s to EEPROM and reads it back; returns 1 when the read-back matches. */
uint8_t settings_save(settings_t *s);

#endif
