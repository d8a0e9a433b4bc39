/* bridge_bench: the firmware's cost per sample and its lossless rates, in simavr.
 *
 *   bridge_bench ELF RATE_HZ [SIM_MS]
 *
 * Plays the host inside the simulation (no pty, no wall clock): HELLO_REQUEST, START
 * {"rate_hz":RATE}, SIM_MS of simulated time (default 500), STOP. Every byte the
 * firmware sends is decoded with the wire code (checked against the host codec by
 * firmware_wire_tests). Prints one line:
 *   rate_hz=.. samples=.. expected=.. lost=.. corrupt=.. seq_gaps=.. busy_cycles_per_sample=..
 *   cpu_busy_percent=.. line_percent=.. sim_speed=..
 * and exits 0 when every sample of the run arrived, 1 when any was lost. Busy cycles
 * are the cycles the core did not sleep between START's answer and STOP. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim_board.h"
#include "wire.h"

typedef struct {
  uint8_t run[8192];
  size_t len;
  int synced;
  uint64_t samples, corrupt, seq_gaps, lost;
  uint64_t bytes;
  int have_seq, have_t;
  uint16_t next_seq;
  uint64_t next_t_us;
  uint32_t period_us;
  int running_acked, idle_acked;
} host_t;

static void on_frame(host_t *h, const uint8_t *frame, size_t n) {
  wire_parsed_t f;
  if (!wire_frame_check(frame, n, &f)) {
    h->corrupt++;
    return;
  }
  if (h->have_seq && f.seq != h->next_seq) h->seq_gaps += (uint16_t)(f.seq - h->next_seq);
  h->have_seq = 1;
  h->next_seq = (uint16_t)(f.seq + 1);
  if (f.type == WIRE_STATUS) {
    if (memmem(f.body, f.body_len, "\"running\"", 9)) h->running_acked = 1;
    if (h->running_acked && memmem(f.body, f.body_len, "\"idle\"", 6)) h->idle_acked = 1;
    if (memmem(f.body, f.body_len, "\"error\"", 7)) {
      fprintf(stderr, "bridge_bench: %.*s\n", (int)f.body_len, (const char *)f.body);
      exit(2);
    }
  }
  if (f.type != WIRE_SAMPLES || f.body_len < WIRE_SAMPLES_HEADER_BYTES) return;
  const uint64_t t0 = wire_get_u32(f.body) | ((uint64_t)wire_get_u32(f.body + 4) << 32);
  const uint32_t period = wire_get_u32(f.body + 8);
  const uint16_t count = wire_get_u16(f.body + 12);
  if (f.body_len != WIRE_SAMPLES_HEADER_BYTES + (size_t)count * WIRE_SAMPLE_RECORD_BYTES) {
    h->corrupt++;
    return;
  }
  if (h->have_t && t0 != h->next_t_us) h->lost += (t0 - h->next_t_us) / period;
  h->have_t = 1;
  h->period_us = period;
  h->next_t_us = t0 + (uint64_t)count * period;
  h->samples += count;
}

static void on_byte(uint8_t byte, void *context) {
  host_t *h = context;
  h->bytes++;
  if (byte != 0) {
    if (h->len < sizeof h->run) h->run[h->len++] = byte;
    return;
  }
  if (h->synced && h->len > 0) {
    static uint8_t decoded[8192];
    const size_t n = wire_cobs_decode(h->run, h->len, decoded, sizeof decoded);
    if (n == (size_t)-1) {
      h->corrupt++;
    } else {
      on_frame(h, decoded, n);
    }
  }
  h->synced = 1;
  h->len = 0;
}

static void send_frame(sim_board_t *b, uint8_t type, uint16_t seq, const char *body) {
  uint8_t frame[256], wire[260];
  wire_frame_t f;
  wire_frame_begin(&f, frame, sizeof frame, type, seq);
  wire_frame_put_text(&f, body);
  const size_t n = wire_frame_end(&f);
  const size_t len = wire_cobs_encode(frame, n, wire);
  wire[len] = 0;
  sim_board_send(b, wire, len + 1);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bridge_bench ELF RATE_HZ [SIM_MS]\n");
    return 2;
  }
  const unsigned rate = (unsigned)strtoul(argv[2], 0, 10);
  const double sim_ms = argc > 3 ? strtod(argv[3], 0) : 500;
  static sim_board_t board;
  static host_t host;
  FILE *result = fdopen(dup(STDOUT_FILENO), "w");
  dup2(STDERR_FILENO, STDOUT_FILENO);  /* simavr's own notes go to stderr; the result line to stdout */
  sim_board_open(&board, argv[1], 0);
  board.on_output = on_byte;
  board.output_context = &host;
  const double wall0 = now_s();
  uint64_t t = 16000 * 20;  /* 20 ms: the boot HELLO has gone out */
  sim_board_run_until(&board, t);
  host.synced = 1;
  char start[96];
  snprintf(start, sizeof start, "{\"mode\":\"isometric\",\"velocity_deg_s\":0,\"rate_hz\":%u}", rate);
  send_frame(&board, WIRE_START, 1, start);
  while (!host.running_acked && t < 16000ull * 200) sim_board_run_until(&board, t += 1600);
  if (!host.running_acked) {
    fprintf(stderr, "bridge_bench: no STATUS running after START\n");
    return 2;
  }
  const uint64_t busy0 = sim_board_cycle(&board) - board.sleeping_cycles;
  const uint64_t cycle0 = sim_board_cycle(&board);
  const uint64_t bytes0 = host.bytes;
  const uint64_t samples0 = host.samples;
  sim_board_run_until(&board, t += (uint64_t)(sim_ms * 16000));
  const uint64_t busy = sim_board_cycle(&board) - board.sleeping_cycles - busy0;
  const uint64_t span = sim_board_cycle(&board) - cycle0;
  const uint64_t line_bytes = host.bytes - bytes0;
  const uint64_t window_samples = host.samples - samples0;
  send_frame(&board, WIRE_STOP, 2, "");
  while (!host.idle_acked && t < cycle0 + span + 16000ull * 200) sim_board_run_until(&board, t += 1600);
  const double wall = now_s() - wall0;
  /* Samples taken in the window (give or take the frame in flight at either end). */
  const uint64_t expected = (uint64_t)(sim_ms * rate / 1000.0);
  const uint64_t slack = rate / 100 + 20;
  const uint64_t missing = window_samples + slack < expected ? expected - window_samples : 0;
  const uint64_t lost = host.lost + missing;
  const double per_sample = window_samples ? (double)busy / (double)window_samples : 0;
  fprintf(result, "rate_hz=%u samples=%llu expected~%llu lost=%llu corrupt=%llu seq_gaps=%llu busy_cycles_per_sample=%.0f "
         "cpu_busy_percent=%.1f line_percent=%.1f sim_speed=%.2f\n",
         rate, (unsigned long long)host.samples, (unsigned long long)expected, (unsigned long long)lost,
         (unsigned long long)host.corrupt, (unsigned long long)host.seq_gaps, per_sample, 100.0 * busy / span,
         100.0 * line_bytes * 160.0 / span, (sim_board_cycle(&board) / 16e6) / wall);
  fclose(result);
  return lost == 0 && host.corrupt == 0 && host.seq_gaps == 0 && host.idle_acked ? 0 : 1;
}
