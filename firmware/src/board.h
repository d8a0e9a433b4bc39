/* The board: an ATmega328P at 16 MHz (Arduino Uno / Nano), and what is wired where
 * (docs/hardware.md). */
#ifndef ISOKIN_BRIDGE_BOARD_H
#define ISOKIN_BRIDGE_BOARD_H

#ifndef F_CPU
#define F_CPU 16000000UL
#endif

#define BRIDGE_MODEL "isokin-bridge"
#define BRIDGE_FIRMWARE "1.0.0"

/* Analog inputs: ADC0 torque, ADC1 position (angle), ADC2 velocity. */
#define BRIDGE_CHANNELS 3u

/* AVcc is the ADC reference: 5.000 V nominal; the calibration absorbs its error. */
#define BRIDGE_VREF_V 5.0f

/* D8 (PB0) tied to GND at power-up selects 500,000 baud instead of 1,000,000. */
#define BRIDGE_BAUD_PIN PB0

/* Sample rates offered: whole microseconds per sample, in this range. */
#define BRIDGE_DEFAULT_RATE_HZ 1000u
#define BRIDGE_MIN_RATE_HZ 50u
/* 3125 Hz is the lossless limit measured in simavr (docs/benchmarks.md): 2500 keeps a
 * margin. The benchmark raises it (cmake -DBRIDGE_MAX_RATE_HZ=4000) to find the limit. */
#ifndef BRIDGE_MAX_RATE_HZ
#define BRIDGE_MAX_RATE_HZ 2500u
#endif

#endif
