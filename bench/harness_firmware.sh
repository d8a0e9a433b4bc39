#!/usr/bin/env bash
# The bridge firmware in simavr (tests/firmware/bridge_bench): busy cycles per sample and
# the highest rate sustained with no loss at 1,000,000 baud. Simulated time, so the
# figures do not depend on the machine's load (only the wall time does).
#   bash bench/harness_firmware.sh BIN_DIR
# Rates above the firmware's offered 2500 Hz run on a copy built with
# -DBRIDGE_MAX_RATE_HZ=4000 in a temporary folder.
set -euo pipefail
bin=${1:?usage: bench/harness_firmware.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
elf="$bin/../firmware/isokin-bridge.elf"
if [ ! -x "$bin/bridge_bench" ] || [ ! -f "$elf" ]; then
  echo "bridge_bench or $elf missing (gcc-avr / libsimavr-dev not installed?): skipped"
  exit 0
fi
for rate in 250 500 1000 2000 2500; do
  "$bin/bridge_bench" "$elf" "$rate" 1000 2>/dev/null || echo "rate $rate: samples lost"
done
wide=$(mktemp -d)
trap 'rm -rf "$wide"' EXIT
cmake -S "$here/../firmware" -B "$wide" -DBRIDGE_MAX_RATE_HZ=4000 >/dev/null
cmake --build "$wide" >/dev/null
for rate in 3125 4000; do
  "$bin/bridge_bench" "$wide/isokin-bridge.elf" "$rate" 1000 2>/dev/null || echo "rate $rate: samples lost"
done
