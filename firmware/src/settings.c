#include "settings.h"

#include <avr/eeprom.h>
#include <avr/wdt.h>
#include <string.h>

/* EEPROM layout at address 0, little-endian as the AVR stores it. */
typedef struct {
  uint8_t magic[2]; /* "IB" */
  uint8_t layout;   /* 1 */
  float gain[BRIDGE_CHANNELS];
  float offset[BRIDGE_CHANNELS];
  char serial[WIRE_SERIAL_MAX + 1];
  uint16_t crc;     /* CRC-16/CCITT-FALSE of everything before it */
} eeprom_image_t;

#define IMAGE_ADDRESS ((void *)0)

static void set_defaults(settings_t *s) {
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
    s->gain[c] = 1.0f;
    s->offset[c] = 0.0f;
  }
  strcpy(s->serial, "unset");
  s->stored = 0;
}

void settings_load(settings_t *s) {
  eeprom_image_t image;
  eeprom_read_block(&image, IMAGE_ADDRESS, sizeof image);
  const uint16_t crc = wire_crc16(0xFFFF, (const uint8_t *)&image, sizeof image - sizeof image.crc);
  if (image.magic[0] != 'I' || image.magic[1] != 'B' || image.layout != 1 || crc != image.crc ||
      image.serial[WIRE_SERIAL_MAX] != '\0') {
    set_defaults(s);
    return;
  }
  memcpy(s->gain, image.gain, sizeof s->gain);
  memcpy(s->offset, image.offset, sizeof s->offset);
  memcpy(s->serial, image.serial, sizeof s->serial);
  s->stored = 1;
}

uint8_t settings_save(settings_t *s) {
  eeprom_image_t image;
  memset(&image, 0, sizeof image);
  image.magic[0] = 'I';
  image.magic[1] = 'B';
  image.layout = 1;
  memcpy(image.gain, s->gain, sizeof image.gain);
  memcpy(image.offset, s->offset, sizeof image.offset);
  memcpy(image.serial, s->serial, sizeof image.serial);
  image.crc = wire_crc16(0xFFFF, (const uint8_t *)&image, sizeof image - sizeof image.crc);
  /* About 3.4 ms per changed byte: the watchdog must not fire meanwhile. */
  uint8_t *dst = (uint8_t *)IMAGE_ADDRESS;
  const uint8_t *src = (const uint8_t *)&image;
  for (uint8_t i = 0; i < sizeof image; i++) {
    eeprom_update_byte(dst + i, src[i]);
    wdt_reset();
  }
  settings_t check;
  settings_load(&check);
  if (!check.stored || memcmp(check.gain, s->gain, sizeof check.gain) != 0 ||
      memcmp(check.offset, s->offset, sizeof check.offset) != 0 || strcmp(check.serial, s->serial) != 0) {
    return 0;
  }
  s->stored = 1;
  return 1;
}
