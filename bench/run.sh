#!/usr/bin/env bash
# Runs every benchmark executable (bench_*) in BIN_DIR and any harness scripts in bench/
# (bench/harness_*.sh BIN_DIR). Figures are recorded by hand in docs/benchmarks.md.
set -euo pipefail
bin=${1:?usage: bench/run.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for exe in "$bin"/bench_*; do
  [ -x "$exe" ] || continue
  echo "== $(basename "$exe")"
  "$exe" --benchmark_min_time=0.2 || status=1
done
for harness in "$here"/harness_*.sh; do
  [ -f "$harness" ] || continue
  echo "== $(basename "$harness")"
  bash "$harness" "$bin" || status=1
done
exit $status
