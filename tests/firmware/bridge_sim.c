/* bridge_sim: the bridge firmware's .elf in simavr, its UART on a pseudo-terminal.
 *
 *   bridge_sim --elf isokin-bridge.elf [--eeprom FILE] [--waveform FILE] [--hold-file FILE]
 *              [--truth FILE] [--corrupt-out-at N] [--corrupt-in-at N] [--max-sim-s S]
 *              [--wire-log FILE] [--stop-mid-burst 1]
 *
 * Prints the pty's path on the first line of stdout, then runs until SIGTERM/SIGINT
 * (or --max-sim-s of simulated time), saving the EEPROM on the way out. SIGUSR1 resets
 * the MCU (EEPROM kept) and says so on stderr. Simulated time never runs ahead of the wall clock, so the
 * host sees the timing of a real board; when the machine is slower, it lags and the
 * tests, which check the device clock, still hold.
 *
 * The line: with a host holding the pty open, bytes the host has not read yet pause
 * the simulation (a real host reads 100 kB/s easily; a loaded test machine may not);
 * with no host (pty closed, POLLHUP), the bytes go nowhere, as from a USB-serial chip
 * whose port nobody opened, and those the departed host left unread are discarded, as
 * a serial port's last close does. --corrupt-out-at flips one bit of the Nth byte delivered
 * to the host (skipping 0x00 and 0x10, so exactly one frame is damaged);
 * --corrupt-in-at flips the Nth byte from the host. --stop-mid-burst 1 holds each STOP
 * from the host until a sampling burst has just begun (reported on stderr);
 * --wire-log writes one CSV line per frame the firmware sends (log_frame). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sim_board.h"
#include "wire.h"

#define OUT_QUEUE 65536

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reset_requested;

static void on_stop_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}
static void on_reset_signal(int sig) {
  (void)sig;
  reset_requested = 1;
}

typedef struct {
  uint8_t bytes[OUT_QUEUE];
  size_t head, tail;
  uint64_t delivered;
  uint64_t corrupt_at;
  int corrupted;
  int host_present;
  const char *slave_path;  /* the pty's host side */
  /* --wire-log: every frame the firmware sends, whether a host listens or not. */
  FILE *wire_log;
  sim_board_t *board;
  uint8_t run[8192];
  size_t run_len;
} out_queue_t;

/* One line per frame: cycle,seq,type,t0_us,count,state,acked_seq,v0,v1,v2 (SAMPLES:
 * t0_us, count and the values of its last sample; STATUS: state and acked_seq, -1 when
 * absent; a corrupt run: type -1). */
static void log_frame(out_queue_t *q) {
  static uint8_t frame[8192];
  const unsigned long long cycle = (unsigned long long)sim_board_cycle(q->board);
  const size_t n = wire_cobs_decode(q->run, q->run_len, frame, sizeof frame);
  wire_parsed_t f;
  if (n == (size_t)-1 || !wire_frame_check(frame, n, &f)) {
    fprintf(q->wire_log, "%llu,-1,-1,0,0,,-1,0,0,0\n", cycle);
    return;
  }
  unsigned long long t0 = 0;
  unsigned count = 0;
  float last[3] = {0, 0, 0};
  char state[16] = "";
  long acked = -1;
  if (f.type == WIRE_SAMPLES && f.body_len >= WIRE_SAMPLES_HEADER_BYTES) {
    t0 = wire_get_u32(f.body) | ((unsigned long long)wire_get_u32(f.body + 4) << 32);
    count = wire_get_u16(f.body + 12);
    if (count > 0 && f.body_len == WIRE_SAMPLES_HEADER_BYTES + (size_t)count * WIRE_SAMPLE_RECORD_BYTES) {
      const uint8_t *record = f.body + WIRE_SAMPLES_HEADER_BYTES + (size_t)(count - 1) * WIRE_SAMPLE_RECORD_BYTES;
      for (int c = 0; c < 3; c++) last[c] = wire_get_f32(record + 4 * c);
    }
  } else if (f.type == WIRE_STATUS) {
    char text[256];
    const size_t len = f.body_len < sizeof text - 1 ? f.body_len : sizeof text - 1;
    memcpy(text, f.body, len);
    text[len] = '\0';
    const char *at = strstr(text, "\"state\":\"");
    if (at) sscanf(at + 9, "%15[a-z]", state);
    at = strstr(text, "\"acked_seq\":");
    if (at) acked = strtol(at + 12, 0, 10);
  }
  fprintf(q->wire_log, "%llu,%u,%u,%llu,%u,%s,%ld,%.9g,%.9g,%.9g\n", cycle, f.seq, f.type, t0, count, state, acked,
          last[0], last[1], last[2]);
}

static void on_output(uint8_t byte, void *context) {
  out_queue_t *q = context;
  if (q->wire_log) {
    if (byte == 0) {
      if (q->run_len > 0) log_frame(q);
      q->run_len = 0;
    } else if (q->run_len < sizeof q->run) {
      q->run[q->run_len++] = byte;
    }
  }
  if (!q->host_present) return;  /* nobody listening: lost on the line */
  const size_t next = (q->head + 1) % OUT_QUEUE;
  if (next == q->tail) return;   /* cannot happen: the simulation pauses first */
  q->bytes[q->head] = byte;
  q->head = next;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t queued(const out_queue_t *q) { return (q->head + OUT_QUEUE - q->tail) % OUT_QUEUE; }

/* Writes what the host will take; returns 0 when the host is gone. */
static int pump_pty(int master, out_queue_t *q, sim_board_t *b) {
  struct pollfd p = {.fd = master, .events = POLLIN | POLLOUT};
  if (poll(&p, 1, 0) < 0) return 1;
  const int was_present = q->host_present;
  q->host_present = !(p.revents & POLLHUP);
  if (!q->host_present) {
    q->tail = q->head;
    if (was_present) {
      /* What the departed host left unread goes too. A real serial port's last close
       * flushes its input (tty_port_close); a pty's host side keeps it, and the next
       * host would read frames from before its arrival, then a jump in device time.
       * (TCOFLUSH on the master does not reach the slave's buffer: flush the slave.) */
      const int slave = open(q->slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK);
      if (slave >= 0) {
        tcflush(slave, TCIFLUSH);
        close(slave);
      }
    }
    return 0;
  }
  if (p.revents & POLLIN) {
    uint8_t in[512];
    const ssize_t n = read(master, in, sizeof in);
    if (n > 0) sim_board_send(b, in, (size_t)n);
  }
  while (queued(q) > 0) {
    const size_t run = q->head >= q->tail ? q->head - q->tail : OUT_QUEUE - q->tail;
    uint8_t *first = q->bytes + q->tail;
    if (q->corrupt_at && !q->corrupted) {
      for (size_t i = 0; i < run; i++) {
        if (q->delivered + i + 1 >= q->corrupt_at && first[i] != 0x00 && first[i] != 0x10) {
          first[i] ^= 0x10;
          q->corrupted = 1;
          break;
        }
      }
    }
    const ssize_t n = write(master, first, run);
    if (n <= 0) break;  /* EAGAIN: the host has not read yet */
    q->tail = (q->tail + (size_t)n) % OUT_QUEUE;
    q->delivered += (uint64_t)n;
  }
  return 1;
}

int main(int argc, char **argv) {
  const char *elf = 0, *eeprom = 0, *waveform = 0, *hold_file = 0, *truth = 0, *wire_log = 0;
  int stop_mid_burst = 0;
  unsigned long long corrupt_out = 0, corrupt_in = 0;
  double max_sim_s = 3600;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--elf")) elf = argv[i + 1];
    else if (!strcmp(argv[i], "--eeprom")) eeprom = argv[i + 1];
    else if (!strcmp(argv[i], "--waveform")) waveform = argv[i + 1];
    else if (!strcmp(argv[i], "--hold-file")) hold_file = argv[i + 1];
    else if (!strcmp(argv[i], "--truth")) truth = argv[i + 1];
    else if (!strcmp(argv[i], "--corrupt-out-at")) corrupt_out = strtoull(argv[i + 1], 0, 10);
    else if (!strcmp(argv[i], "--corrupt-in-at")) corrupt_in = strtoull(argv[i + 1], 0, 10);
    else if (!strcmp(argv[i], "--max-sim-s")) max_sim_s = strtod(argv[i + 1], 0);
    else if (!strcmp(argv[i], "--wire-log")) wire_log = argv[i + 1];
    else if (!strcmp(argv[i], "--stop-mid-burst")) stop_mid_burst = atoi(argv[i + 1]);
    else {
      fprintf(stderr, "bridge_sim: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!elf) {
    fprintf(stderr, "usage: bridge_sim --elf FILE [--eeprom FILE] [--waveform FILE] ...\n");
    return 2;
  }

  /* simavr prints its own notes on stdout: they go to stderr, stdout carries the path. */
  FILE *path_out = fdopen(dup(STDOUT_FILENO), "w");
  dup2(STDERR_FILENO, STDOUT_FILENO);

  static sim_board_t board;
  static out_queue_t out;
  sim_board_open(&board, elf, eeprom);
  if (waveform) sim_board_load_waveform(&board, waveform);
  board.hold_file = hold_file;
  board.corrupt_in_at = corrupt_in;
  board.stop_mid_burst = stop_mid_burst;
  out.board = &board;
  if (wire_log) {
    out.wire_log = fopen(wire_log, "w");
    if (!out.wire_log) {
      perror(wire_log);
      return 2;
    }
  }
  out.corrupt_at = corrupt_out;
  if (truth) {
    board.truth = fopen(truth, "w");
    if (!board.truth) {
      perror(truth);
      return 2;
    }
  }
  board.on_output = on_output;
  board.output_context = &out;

  int master, slave;
  char name[256];
  if (openpty(&master, &slave, name, 0, 0) != 0) {
    perror("openpty");
    return 2;
  }
  struct termios raw;
  tcgetattr(slave, &raw);
  cfmakeraw(&raw);
  tcsetattr(slave, TCSANOW, &raw);
  close(slave);  /* the host opens it; until then the master sees POLLHUP */
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  out.slave_path = name;
  fprintf(path_out, "%s\n", name);
  fflush(path_out);

  signal(SIGTERM, on_stop_signal);
  signal(SIGINT, on_stop_signal);
  signal(SIGUSR1, on_reset_signal);

  const double start = now_s();
  const uint64_t step = 16000;  /* 1 ms of simulated time between looks at the pty */
  const uint64_t last_cycle = (uint64_t)(max_sim_s * 16e6);
  int status = 0;
  while (!stop_requested && sim_board_cycle(&board) < last_cycle) {
    if (reset_requested) {
      reset_requested = 0;
      sim_board_reset(&board);
      /* The test waits for this line: the reset is done, whatever the machine's speed. */
      fprintf(stderr, "bridge_sim: reset at cycle %llu\n", (unsigned long long)sim_board_cycle(&board));
      fflush(stderr);
    }
    pump_pty(master, &out, &board);
    if (board.truth) fflush(board.truth);  /* tests read it while the simulation runs */
    if (out.wire_log) fflush(out.wire_log);
    if (out.host_present && queued(&out) > 4096) {  /* the host is behind: wait for it */
      struct pollfd p = {.fd = master, .events = POLLOUT};
      poll(&p, 1, 5);
      continue;
    }
    const double ahead = (double)sim_board_cycle(&board) / 16e6 - (now_s() - start);
    if (ahead > 0.002) {
      struct pollfd p = {.fd = master, .events = POLLIN};
      poll(&p, 1, (int)(ahead * 1000));
      continue;
    }
    if (!sim_board_run_until(&board, sim_board_cycle(&board) + step)) {
      fprintf(stderr, "bridge_sim: the simulated MCU crashed at cycle %llu\n",
              (unsigned long long)sim_board_cycle(&board));
      status = 1;
      break;
    }
  }
  sim_board_save_eeprom(&board);
  if (board.truth) fclose(board.truth);
  if (out.wire_log) fclose(out.wire_log);
  fprintf(stderr, "bridge_sim: %.3f s simulated in %.3f s, %llu bursts\n", sim_board_cycle(&board) / 16e6,
          now_s() - start, (unsigned long long)board.bursts);
  return status;
}
