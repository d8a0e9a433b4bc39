/* isokin-bridge: an ATmega328P that samples a dynamometer's analog outputs (torque,
 * position, velocity) and speaks isokin's wire protocol in frame mode
 * (docs/protocol.md; wiring and use in docs/hardware.md).
 *
 * Interrupts sample (sampler.c) and move bytes (uart.c); this loop reads commands,
 * frames samples and answers, and sleeps when there is nothing to do. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "link.h"
#include "replies.h"
#include "sampler.h"
#include "settings.h"
#include "streamer.h"
#include "uart.h"
#include "wire.h"

/* Encoded commands are short (START is about 100 bytes); a longer run is corrupt. */
#define COMMAND_MAX 128u

static settings_t settings;
static sample_plan_t plan;
static uint32_t rate_hz = BRIDGE_DEFAULT_RATE_HZ;
static uint8_t running;

static uint8_t encoded[COMMAND_MAX];
static uint8_t encoded_len;
static uint8_t encoded_broken;

/* The watchdog survives a reset: turn it off before anything else (avr-libc's advice). */
void early_wdt_off(void) __attribute__((naked, used, section(".init3")));
void early_wdt_off(void) {
  MCUSR = 0;
  wdt_disable();
}

/* START's optional "rate_hz": a whole number. Returns 0 (keep the rate) when absent,
 * -1 when present but not a whole number. */
static int32_t start_rate(const uint8_t *body, size_t n) {
  static const char key[] = "\"rate_hz\"";
  const size_t key_len = sizeof key - 1;
  for (size_t i = 0; i + key_len <= n; i++) {
    if (memcmp(body + i, key, key_len) != 0) continue;
    size_t j = i + key_len;
    while (j < n && (body[j] == ' ' || body[j] == ':')) j++;
    int32_t v = 0;
    size_t digits = 0;
    while (j < n && body[j] >= '0' && body[j] <= '9' && digits < 7) v = v * 10 + (body[j++] - '0'), digits++;
    if (digits == 0 || (j < n && body[j] != ',' && body[j] != '}' && body[j] != ' ')) return -1;
    return v;
  }
  return 0;
}

static void on_start(const wire_parsed_t *f) {
  const int32_t asked = start_rate(f->body, f->body_len);
  const uint32_t wanted = asked > 0 ? (uint32_t)asked : rate_hz;
  if (running) {
    /* The host re-sends START after it reconnects: go on with the same clock and seq. */
    if (asked <= 0 || (uint32_t)asked == rate_hz) {
      send_status(PSTR("running"), 0, f->seq);
    } else {
      send_status(PSTR("error"), PSTR("the bridge is already recording at another rate: STOP first"), f->seq);
    }
    return;
  }
  sample_plan_t next;
  if (asked < 0 || !sampler_plan(wanted, &next)) {
    send_status(PSTR("error"),
                PSTR("rate_hz is not offered: the bridge samples at 50 to 2500 Hz, a whole number of microseconds "
                "apart (e.g. 500, 1000, 2000, 2500)"),
                f->seq);
    return;
  }
  rate_hz = wanted;
  plan = next;
  /* 10 ms of samples per frame, at most 19 (248 bytes: under LINK_MAX_FRAME). */
  uint32_t per_frame = rate_hz / 100u;
  if (per_frame < 1) per_frame = 1;
  if (per_frame > 19) per_frame = 19;
  streamer_start(&settings, &plan, (uint8_t)per_frame);
  send_status(PSTR("running"), 0, f->seq);
  running = 1;
  sampler_start(&plan, 1);
}

static void on_stop(const wire_parsed_t *f) {
  if (running) {
    sampler_stop();
    while (sampler_busy()) wdt_reset();  /* the burst in progress lands in the ring */
    while (sampler_pending()) streamer_pump();  /* every sample taken goes out before the answer */
    streamer_flush();
    running = 0;
  }
  send_status(PSTR("idle"), 0, f->seq);
}

static uint8_t finite_nonzero(float v) { return v == v && v != 0.0f && v < 3.4e38f && v > -3.4e38f; }
static uint8_t is_finite(float v) { return v == v && v < 3.4e38f && v > -3.4e38f; }

static void on_calibration_write(const wire_parsed_t *f) {
  if (running) {
    send_status(PSTR("error"), PSTR("the calibration cannot change during a recording: STOP first"), f->seq);
    return;
  }
  const uint8_t *p = f->body;
  if (f->body_len < WIRE_CAL_BODY_MIN || p[0] != BRIDGE_CHANNELS) {
    send_status(PSTR("error"), PSTR("CALIBRATION_WRITE: the body must hold 3 channels"), f->seq);
    return;
  }
  settings_t next = settings;
  for (uint8_t c = 0; c < BRIDGE_CHANNELS; c++) {
    next.gain[c] = wire_get_f32(p + 1 + 8u * c);
    next.offset[c] = wire_get_f32(p + 5 + 8u * c);
    if (!finite_nonzero(next.gain[c]) || !is_finite(next.offset[c])) {
      send_status(PSTR("error"), PSTR("CALIBRATION_WRITE: a gain is zero or not finite, or an offset not finite"), f->seq);
      return;
    }
  }
  const uint8_t serial_len = p[1 + 8u * BRIDGE_CHANNELS];
  if (serial_len > WIRE_SERIAL_MAX || f->body_len != WIRE_CAL_BODY_MIN + serial_len) {
    send_status(PSTR("error"), PSTR("CALIBRATION_WRITE: the serial is longer than 16 bytes or the body has the wrong size"), f->seq);
    return;
  }
  const uint8_t *serial = p + WIRE_CAL_BODY_MIN;
  for (uint8_t i = 0; i < serial_len; i++) {
    if (serial[i] < 0x21 || serial[i] > 0x7E || serial[i] == '"' || serial[i] == '\\') {
      send_status(PSTR("error"), PSTR("CALIBRATION_WRITE: the serial must be printable ASCII without spaces or quotes"), f->seq);
      return;
    }
  }
  if (serial_len > 0) {
    memcpy(next.serial, serial, serial_len);
    next.serial[serial_len] = '\0';
  }
  if (!settings_save(&next)) {
    settings_load(&settings);
    send_status(PSTR("error"), PSTR("EEPROM write failed: the read-back did not match"), f->seq);
    return;
  }
  settings = next;
  send_status(PSTR("idle"), 0, f->seq);
  send_calibration(&settings);
}

static void on_frame(const uint8_t *frame, size_t n) {
  wire_parsed_t f;
  if (!wire_frame_check(frame, n, &f)) return;  /* corrupt: the host asks again */
  /* Replies are built in the buffer the SAMPLES frame in progress occupies: that frame
   * goes out first, shorter (a reconnecting host asks HELLO and START mid-stream). */
  if (running) streamer_flush();
  switch (f.type) {
    case WIRE_HELLO_REQUEST: send_hello(&settings, rate_hz, &plan); break;
    case WIRE_START: on_start(&f); break;
    case WIRE_STOP: on_stop(&f); break;
    case WIRE_CALIBRATION_REQUEST: send_calibration(&settings); break;
    case WIRE_CALIBRATION_WRITE: on_calibration_write(&f); break;
    default: break;  /* a command this firmware does not know */
  }
}

/* Bytes from the host: COBS runs ended by 0x00. A run that overflows the buffer, or
 * that lost bytes in the UART, is dropped whole. */
static uint8_t read_commands(void) {
  uint8_t worked = 0;
  int16_t byte;
  uint8_t broken = 0;
  while ((byte = uart_rx_read(&broken)) >= 0) {
    worked = 1;
    if (broken) encoded_broken = 1, broken = 0;
    if (byte != 0) {
      if (encoded_len < COMMAND_MAX) {
        encoded[encoded_len++] = (uint8_t)byte;
      } else {
        encoded_broken = 1;
      }
      continue;
    }
    if (!encoded_broken && encoded_len > 0) {
      const size_t n = wire_cobs_decode(encoded, encoded_len, encoded, sizeof encoded);  /* in place */
      if (n != (size_t)-1) on_frame(encoded, n);
    }
    encoded_len = 0;
    encoded_broken = 0;
  }
  return worked;
}

int main(void) {
  DDRB &= (uint8_t)~_BV(BRIDGE_BAUD_PIN);
  PORTB |= _BV(BRIDGE_BAUD_PIN);  /* pull-up: open means 1,000,000 baud */
  settings_load(&settings);
  sampler_plan(rate_hz, &plan);
  /* Let the pull-up settle before reading the jumper. */
  for (volatile uint8_t i = 0; i < 100; i++) {
  }
  uart_init(!(PINB & _BV(BRIDGE_BAUD_PIN)));
  sampler_start(&plan, 0);
  wdt_enable(WDTO_1S);
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  /* Unasked: an Uno resets when the host opens its port, and the host is then
   * already waiting for this HELLO. */
  send_hello(&settings, rate_hz, &plan);
  for (;;) {
    wdt_reset();
    uint8_t worked = uart_rx_pending() ? read_commands() : 0;
    /* Most wakes are conversions within a burst: nothing to frame, so no call into the
     * streamer (its prologue alone costs 70 cycles, 12 times a sample at 1000 Hz). */
    if (running && sampler_pending()) worked |= streamer_pump();
    if (!worked) {
      cli();
      /* Sleep only if no interrupt brought work since the checks above; sei then
       * sleep runs the sleep before any pending interrupt, so none is missed. */
      if (!uart_rx_pending() && !(running && sampler_pending())) {
        sleep_enable();
        sei();
        sleep_cpu();
        sleep_disable();
      }
      sei();
    }
  }
}
