#include "sim_board.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <avr_adc.h>
#include <avr_eeprom.h>
#include <avr_uart.h>
#include <sim_elf.h>

#include "wire.h"

#define ADCSRA_ADDRESS 0x7A
#define EEPROM_BYTES 1024
/* The line rate of 1,000,000 baud: one byte every 10 bits = 160 cycles at 16 MHz. */
#define CYCLES_PER_INPUT_BYTE 160

static void die(const char *what, const char *detail) {
  fprintf(stderr, "bridge sim: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

/* simavr calls this when the core sleeps until its next event; simavr would usleep()
 * here to keep real time, we only count: simulated time is what the tests check. */
static sim_board_t *the_board;  /* simavr gives the callback no context; one board per process */
static void count_sleep(avr_t *avr, avr_cycle_count_t how_long) {
  (void)avr;
  the_board->sleeping_cycles += how_long + 1;  /* simavr then adds 1 + how_long cycles */
}

static void set_inputs(sim_board_t *b, const uint32_t mv[SIM_CHANNELS]) {
  for (int c = 0; c < SIM_CHANNELS; c++) {
    avr_raise_irq(avr_io_getirq(b->avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + c), mv[c]);
  }
}

/* Looked at before every burst (a stat, about a microsecond), so a value the test has
 * put in place (written beside and renamed) holds from the next burst on, however
 * slowly the simulation runs: the test then tells the host, and what the host measures
 * after that is the new value. */
static void check_hold_file(sim_board_t *b) {
  if (!b->hold_file) return;
  struct stat st;
  if (stat(b->hold_file, &st) != 0) {
    b->holding = 0;
    memset(b->hold_file_version, 0, sizeof b->hold_file_version);
    return;
  }
  const uint64_t version[3] = {(uint64_t)st.st_ino,
                               (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec,
                               (uint64_t)st.st_size};
  if (memcmp(version, b->hold_file_version, sizeof version) == 0) return;
  FILE *f = fopen(b->hold_file, "r");
  if (!f) {
    b->holding = 0;
    return;
  }
  memcpy(b->hold_file_version, version, sizeof version);
  unsigned a, c, d;
  if (fscanf(f, "%u,%u,%u", &a, &c, &d) == 3 && a <= 5000 && c <= 5000 && d <= 5000) {
    b->hold_mv[0] = a;
    b->hold_mv[1] = c;
    b->hold_mv[2] = d;
    b->holding = 1;
  }
  fclose(f);
}

/* A conversion starts (ADSC set). The first of a burst comes from the timer interrupt
 * long after the one before; within a burst each follows its predecessor's end. */
static void on_conversion_start(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  sim_board_t *b = param;
  const uint64_t now = b->avr->cycle;
  const unsigned prescaler = 1u << (b->avr->data[ADCSRA_ADDRESS] & 7u ? b->avr->data[ADCSRA_ADDRESS] & 7u : 1u);
  const uint64_t in_burst_gap = 2u * 13u * prescaler + 200u;
  const int first = b->bursts == 0 && b->last_conversion_cycle == 0;
  const int new_burst = first || now - b->last_conversion_cycle > in_burst_gap;
  b->last_conversion_cycle = now;
  if (!new_burst) return;
  check_hold_file(b);
  uint32_t mv[SIM_CHANNELS] = {2500, 2500, 2500};
  if (b->holding) {
    memcpy(mv, b->hold_mv, sizeof mv);
  } else if (b->row_count > 0) {
    const size_t row = b->bursts < b->row_count ? (size_t)b->bursts : b->row_count - 1;
    memcpy(mv, b->rows[row], sizeof mv);
  }
  set_inputs(b, mv);
  if (b->truth) {
    fprintf(b->truth, "%llu,%llu,%u,%u,%u\n", (unsigned long long)b->bursts, (unsigned long long)now, mv[0], mv[1],
            mv[2]);
  }
  b->last_burst_cycle = now;
  b->bursts++;
}

static void on_uart_output(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  sim_board_t *b = param;
  if (b->on_output) b->on_output((uint8_t)value, b->output_context);
}

static void attach(sim_board_t *b) {
  uint32_t flags = 0;  /* no stdio echo, no usleep when the firmware polls */
  avr_ioctl(b->avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  avr_irq_register_notify(avr_io_getirq(b->avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_output, b);
  avr_irq_register_notify(avr_io_getirq(b->avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_OUT_TRIGGER), on_conversion_start, b);
  the_board = b;
  b->avr->sleep = count_sleep;
}

void sim_board_open(sim_board_t *b, const char *elf_path, const char *eeprom_path) {
  static elf_firmware_t firmware;
  memset(&firmware, 0, sizeof firmware);
  if (elf_read_firmware(elf_path, &firmware) != 0) die("cannot read the firmware ELF", elf_path);
  b->avr = avr_make_mcu_by_name("atmega328p");
  if (!b->avr) die("simavr has no atmega328p", 0);
  avr_init(b->avr);
  avr_load_firmware(b->avr, &firmware);
  b->avr->frequency = 16000000;
  b->avr->avcc = b->avr->aref = b->avr->vcc = 5000;
  b->avr->log = LOG_ERROR;
  b->eeprom_path = eeprom_path;
  if (eeprom_path) {
    FILE *f = fopen(eeprom_path, "rb");
    if (f) {
      static uint8_t bytes[EEPROM_BYTES];
      const size_t n = fread(bytes, 1, sizeof bytes, f);
      fclose(f);
      if (n != sizeof bytes) die("EEPROM file is not 1024 bytes", eeprom_path);
      avr_eeprom_desc_t desc = {.ee = bytes, .offset = 0, .size = sizeof bytes};
      avr_ioctl(b->avr, AVR_IOCTL_EEPROM_SET, &desc);
    } else {
      /* A new chip: erased EEPROM reads 0xFF. */
      static uint8_t erased[EEPROM_BYTES];
      memset(erased, 0xFF, sizeof erased);
      avr_eeprom_desc_t desc = {.ee = erased, .offset = 0, .size = sizeof erased};
      avr_ioctl(b->avr, AVR_IOCTL_EEPROM_SET, &desc);
    }
  }
  attach(b);
  const uint32_t mid[SIM_CHANNELS] = {2500, 2500, 2500};
  set_inputs(b, mid);
}

void sim_board_load_waveform(sim_board_t *b, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) die("cannot open the waveform", path);
  size_t cap = 4096;
  b->rows = malloc(cap * sizeof *b->rows);
  unsigned a, c, d;
  int got;
  while ((got = fscanf(f, "%u %u %u", &a, &c, &d)) == 3) {
    if (a > 5000 || c > 5000 || d > 5000) die("waveform row outside 0..5000 mV", path);
    if (b->row_count == cap) {
      cap *= 2;
      b->rows = realloc(b->rows, cap * sizeof *b->rows);
    }
    b->rows[b->row_count][0] = a;
    b->rows[b->row_count][1] = c;
    b->rows[b->row_count][2] = d;
    b->row_count++;
  }
  if (got != EOF || b->row_count == 0) die("waveform: expected lines of three millivolt values", path);
  fclose(f);
}

void sim_board_hold(sim_board_t *b, uint32_t mv0, uint32_t mv1, uint32_t mv2) {
  b->hold_mv[0] = mv0;
  b->hold_mv[1] = mv1;
  b->hold_mv[2] = mv2;
  b->holding = 1;
}

int sim_board_send(sim_board_t *b, const uint8_t *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const size_t next = (b->in_head + 1) % SIM_IN_QUEUE;
    if (next == b->in_tail) return 0;
    b->in_queue[b->in_head] = bytes[i];
    b->in_head = next;
  }
  return 1;
}

/* 1 when the host frame at the head of the input queue is a whole, valid STOP. */
static int stop_is_next(const sim_board_t *b) {
  uint8_t run[64], frame[64];
  size_t n = 0;
  for (size_t i = b->in_tail; i != b->in_head; i = (i + 1) % SIM_IN_QUEUE) {
    if (b->in_queue[i] == 0) {
      const size_t len = wire_cobs_decode(run, n, frame, sizeof frame);
      wire_parsed_t f;
      return len != (size_t)-1 && wire_frame_check(frame, len, &f) && f.type == WIRE_STOP;
    }
    if (n == sizeof run) return 0;
    run[n++] = b->in_queue[i];
  }
  return 0;
}

/* Within a burst (sampler.c: 3 x 4 conversions of 13 ADC clocks at 250 kHz, 9984
 * cycles at 1000 Hz), STOP's 8 bytes are fed from 100 to 600 cycles after its start;
 * a device that samples nothing gets it after 3 ms. */
#define STOP_WINDOW_FIRST 100u
#define STOP_WINDOW_LAST 600u
static int stop_must_wait(sim_board_t *b) {
  if (!b->stop_mid_burst || b->in_frame_started || !stop_is_next(b)) return 0;
  const uint64_t now = b->avr->cycle;
  if (b->stop_waiting_since == 0) b->stop_waiting_since = now;
  const uint64_t into = now - b->last_burst_cycle;
  if (b->bursts > 0 && into >= STOP_WINDOW_FIRST && into <= STOP_WINDOW_LAST) {
    fprintf(stderr, "bridge_sim: STOP fed from cycle %llu, %llu cycles into burst %llu (started at cycle %llu)\n",
            (unsigned long long)now, (unsigned long long)into, (unsigned long long)(b->bursts - 1),
            (unsigned long long)b->last_burst_cycle);
    fflush(stderr);
    b->stop_waiting_since = 0;
    b->stop_feeding = 1;
    return 0;
  }
  if (now - b->stop_waiting_since > 3u * 16000u) {
    fprintf(stderr, "bridge_sim: STOP fed from cycle %llu, no burst in progress\n", (unsigned long long)now);
    fflush(stderr);
    b->stop_waiting_since = 0;
    return 0;
  }
  return 1;
}

static void feed_input(sim_board_t *b) {
  if (b->in_tail == b->in_head || b->avr->cycle < b->next_input_cycle) return;
  if (stop_must_wait(b)) return;
  uint8_t byte = b->in_queue[b->in_tail];
  b->in_tail = (b->in_tail + 1) % SIM_IN_QUEUE;
  b->in_frame_started = byte != 0;
  if (b->stop_feeding && byte == 0) {
    fprintf(stderr, "bridge_sim: STOP complete at cycle %llu\n", (unsigned long long)b->avr->cycle);
    fflush(stderr);
    b->stop_feeding = 0;
  }
  if (++b->in_count == b->corrupt_in_at) byte ^= 0x10;
  avr_raise_irq(avr_io_getirq(b->avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT), byte);
  b->next_input_cycle = b->avr->cycle + CYCLES_PER_INPUT_BYTE;
}

int sim_board_run_until(sim_board_t *b, uint64_t cycle) {
  while (b->avr->cycle < cycle) {
    feed_input(b);
    const int state = avr_run(b->avr);
    if (state == cpu_Done || state == cpu_Crashed) return 0;
  }
  return 1;
}

void sim_board_reset(sim_board_t *b) {
  avr_reset(b->avr);  /* the IRQ hooks and flags set in attach() survive a reset */
  b->in_head = b->in_tail = 0;
  b->in_frame_started = b->stop_feeding = 0;
  b->stop_waiting_since = 0;
}

void sim_board_save_eeprom(sim_board_t *b) {
  if (!b->eeprom_path) return;
  static uint8_t bytes[EEPROM_BYTES];
  avr_eeprom_desc_t desc = {.ee = bytes, .offset = 0, .size = sizeof bytes};
  /* simavr 1.6's EEPROM ioctl answers -1 when it did the copy (its "not handled" value
   * is never changed) and -2 for a bad argument: only -2 is a failure. */
  if (avr_ioctl(b->avr, AVR_IOCTL_EEPROM_GET, &desc) == -2) die("cannot read the EEPROM back", 0);
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", b->eeprom_path);
  FILE *f = fopen(tmp, "wb");
  if (!f || fwrite(bytes, 1, sizeof bytes, f) != sizeof bytes || fclose(f) != 0) die("cannot write", tmp);
  if (rename(tmp, b->eeprom_path) != 0) die("cannot rename", strerror(errno));
}

uint64_t sim_board_cycle(const sim_board_t *b) { return b->avr->cycle; }
