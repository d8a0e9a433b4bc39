/* The bridge firmware's own .elf running in simavr, with what the board is wired to:
 * analog inputs driven in millivolts (a waveform, one row per sampling burst, or a
 * held value), the UART's bytes in and out at line rate, and the EEPROM kept in a
 * file across simulated power cycles. Shared by bridge_sim (pty) and bridge_bench. */
#ifndef ISOKIN_TESTS_SIM_BOARD_H
#define ISOKIN_TESTS_SIM_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sim_avr.h>

#define SIM_CHANNELS 3
#define SIM_IN_QUEUE 8192

typedef void (*sim_output_fn)(uint8_t byte, void *context);

typedef struct {
  avr_t *avr;
  /* Analog inputs: waveform rows (mV) for bursts 0, 1, 2, ... (the last row holds). */
  uint32_t (*rows)[SIM_CHANNELS];
  size_t row_count;
  uint32_t hold_mv[SIM_CHANNELS];
  int holding;
  const char *hold_file;         /* "mv0,mv1,mv2": overrides the waveform while it exists */
  uint64_t hold_file_version[3]; /* inode, mtime (ns), size when last read: reread on change */
  /* Bursts, told apart by the gap between conversion starts (sampler.c). */
  uint64_t bursts;
  uint64_t last_conversion_cycle;
  uint64_t last_burst_cycle;
  uint64_t max_burst_jitter_cycles; /* vs the first burst spacing seen, for the bench */
  FILE *truth;                    /* burst,cycle,mv0,mv1,mv2 */
  /* UART. */
  sim_output_fn on_output;
  void *output_context;
  uint8_t in_queue[SIM_IN_QUEUE];
  size_t in_head, in_tail;
  uint64_t next_input_cycle;
  uint64_t corrupt_in_at;         /* 1-based index of a host byte to flip; 0: none */
  uint64_t in_count;
  /* STOP held back until a burst has just begun, so that it arrives while the ADC is
   * converting (the fault test "STOP during a burst"); each one is reported on stderr. */
  int stop_mid_burst;
  int in_frame_started;           /* a byte of the current host frame has been fed */
  uint64_t stop_waiting_since;    /* cycle a STOP began to wait; 0: none waiting */
  int stop_feeding;               /* a held STOP's bytes are going in */
  /* Cycles the core spent asleep (SLEEP_MODE_IDLE): the rest is the firmware's work. */
  uint64_t sleeping_cycles;
  const char *eeprom_path;
} sim_board_t;

/* Loads the ELF (exits with a message on failure); eeprom_path may be 0. */
void sim_board_open(sim_board_t *b, const char *elf_path, const char *eeprom_path);
/* Waveform file: one row per line, "mv0 mv1 mv2". Exits with a message on a bad file. */
void sim_board_load_waveform(sim_board_t *b, const char *path);
void sim_board_hold(sim_board_t *b, uint32_t mv0, uint32_t mv1, uint32_t mv2);
/* Queues bytes for the UART receiver (fed at line rate). Returns 0 if the queue is full. */
int sim_board_send(sim_board_t *b, const uint8_t *bytes, size_t n);
/* Runs until the simulated clock passes `cycle`; returns 0 if the core crashed or stopped. */
int sim_board_run_until(sim_board_t *b, uint64_t cycle);
/* A reset of the MCU (the EEPROM keeps its contents, as on the chip). */
void sim_board_reset(sim_board_t *b);
void sim_board_save_eeprom(sim_board_t *b);
uint64_t sim_board_cycle(const sim_board_t *b);

#endif
