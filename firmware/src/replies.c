#include "replies.h"

#include <avr/pgmspace.h>
#include <stdlib.h>

#include "link.h"

static const char kTorque[] PROGMEM = "torque_nm";
static const char kAngle[] PROGMEM = "angle_deg";
static const char kVelocity[] PROGMEM = "velocity_deg_s";
static const char *const kChannelNames[BRIDGE_CHANNELS] = {kTorque, kAngle, kVelocity};

/* Text lives in flash: the 2 KiB of RAM hold the buffers. */
static void put_text_P(wire_frame_t *f, const char *text) {
  char c;
  while ((c = (char)pgm_read_byte(text++)) != '\0') wire_frame_put_u8(f, (uint8_t)c);
}

static void put_u32_text(wire_frame_t *f, uint32_t v) {
  char text[11];
  ultoa(v, text, 10);
  wire_frame_put_text(f, text);
}

static void put_float_text(wire_frame_t *f, float v) {
  char text[16];
  dtostre(v, text, 6, 0); /* 7 significant digits: informative; CALIBRATION has the exact float32 */
  wire_frame_put_text(f, text);
}

void send_hello(const settings_t *s, uint32_t rate_hz, const sample_plan_t *plan) {
  wire_frame_t *f = link_begin(WIRE_HELLO);
  put_text_P(f, PSTR("{\"model\":\"" BRIDGE_MODEL "\",\"serial\":\""));
  wire_frame_put_text(f, s->serial);
  put_text_P(f, PSTR("\",\"firmware\":\"" BRIDGE_FIRMWARE "\",\"rate_hz\":"));
  put_u32_text(f, rate_hz);
  put_text_P(f, PSTR(",\"adc_bits\":"));
  put_u32_text(f, plan->adc_bits);
  put_text_P(f, PSTR(",\"calibration\":{"));
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
    put_text_P(f, c ? PSTR(",\"") : PSTR("\""));
    put_text_P(f, kChannelNames[c]);
    put_text_P(f, PSTR("\":["));
    put_float_text(f, s->gain[c]);
    put_text_P(f, PSTR(","));
    put_float_text(f, s->offset[c]);
    put_text_P(f, PSTR("]"));
  }
  put_text_P(f, s->stored ? PSTR(",\"stored\":true}}") : PSTR(",\"stored\":false}}"));
  link_send();
}

void send_status(const char *state, const char *message, int32_t acked) {
  wire_frame_t *f = link_begin(WIRE_STATUS);
  put_text_P(f, PSTR("{\"state\":\""));
  put_text_P(f, state);
  put_text_P(f, PSTR("\""));
  if (message) {
    put_text_P(f, PSTR(",\"message\":\""));
    put_text_P(f, message);
    put_text_P(f, PSTR("\""));
  }
  if (acked >= 0) {
    put_text_P(f, PSTR(",\"acked_seq\":"));
    put_u32_text(f, (uint32_t)acked);
  }
  put_text_P(f, PSTR("}"));
  link_send();
}

void send_calibration(const settings_t *s) {
  wire_frame_t *f = link_begin(WIRE_CALIBRATION);
  wire_frame_put_u8(f, BRIDGE_CHANNELS);
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
    wire_frame_put_f32(f, s->gain[c]);
    wire_frame_put_f32(f, s->offset[c]);
  }
  uint8_t n = 0;
  while (s->serial[n]) n++;
  wire_frame_put_u8(f, n);
  wire_frame_put(f, s->serial, n);
  link_send();
}
