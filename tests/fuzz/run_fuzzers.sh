#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time; fails on any crash, leak or
# sanitizer report.   tests/fuzz/run_fuzzers.sh BIN_DIR [TOTAL_SECONDS]
# The time is shared between the targets (ISOKIN_FUZZ_SECONDS, default 20 s total);
# with ISOKIN_FUZZ_PER_TARGET=1 (./dev fuzz SECONDS) each target gets all of it.
# fuzz_session_reader's input goes through libhdf5 1.10.8, which has crashes and hangs
# of its own: it runs in libFuzzer's fork mode, going on past them, and then
# triage_artifacts.py replays what it found: a crash or hang whose first frame that is
# not libFuzzer's, a sanitizer's or the C/C++ runtime's is in isokin fails the run, one
# inside libhdf5 is listed (for docs/refused-input.md). Artifacts and the list are kept
# in ISOKIN_FUZZ_OUT (default build-fuzz/fuzz-out beside BIN_DIR for ./dev fuzz, a
# temporary folder otherwise).
set -euo pipefail
bin=${1:?usage: run_fuzzers.sh BIN_DIR [SECONDS]}
total=${2:-${ISOKIN_FUZZ_SECONDS:-20}}
here=$(cd "$(dirname "$0")" && pwd)
targets=("$bin"/fuzz_*)
[ -x "${targets[0]}" ] || { echo "run_fuzzers.sh: no fuzz_* executables in $bin" >&2; exit 1; }
per=$(( total / ${#targets[@]} ))
[ "${ISOKIN_FUZZ_PER_TARGET:-0}" = 1 ] && per=$total
[ "$per" -ge 1 ] || per=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work
if [ -n "${ISOKIN_FUZZ_OUT:-}" ]; then out=$ISOKIN_FUZZ_OUT
elif [ "${ISOKIN_FUZZ_PER_TARGET:-0}" = 1 ]; then out=$bin/../fuzz-out; fi
mkdir -p "$out"
export LSAN_OPTIONS=suppressions="$here/lsan.supp"
for t in "${targets[@]}"; do
  name=$(basename "$t")
  corpus="$work/$name"
  mkdir -p "$corpus"
  # Seeds: real traffic from the checked-in samples, when there are any for this target.
  if [ -d "$here/seeds/$name" ]; then cp "$here/seeds/$name"/* "$corpus"/ 2>/dev/null || true; fi
  max_len=9000
  extra=()
  seconds=$per
  artifacts="$out/artifacts-$name"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  if [ "$name" = fuzz_session_reader ]; then
    max_len=65536  # seeds are whole small session files
    # Mutations find crashes and hangs inside libhdf5 within seconds: fork mode goes on
    # past them, the triage below says whose each one is.
    extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    [ "$seconds" -ge 10 ] || seconds=10
    # Fork mode skips a seed that crashes without a word: the seeds (regression inputs
    # of fixed bugs among them) are first replayed one by one, where any failure counts.
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 "$t" -timeout=10 -rss_limit_mb=2048 "$corpus"/* \
      > "$out/$name-seeds.log" 2>&1 || { tail -40 "$out/$name-seeds.log"; echo "run_fuzzers.sh: $name failed on a seed" >&2; exit 1; }
  fi
  echo "fuzzing $name for ${seconds} s"
  # -timeout: an input that takes longer than 10 s is a hang, reported as a failure.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
    "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${extra[@]}" "$corpus" \
    > "$out/$name.log" 2>&1 || {
    # Fork mode exits with the last job's code (70 after a hang it went on past): its
    # verdict is the triage's, once it has run to the end.
    if [ ${#extra[@]} -eq 0 ] || ! grep -q "^INFO: exiting:" "$out/$name.log"; then
      tail -40 "$out/$name.log"; echo "run_fuzzers.sh: $name failed" >&2; exit 1
    fi; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|oom/timeout/crash" "$out/$name.log" | tail -2 | sed "s/^/  /"
  if [ "$name" = fuzz_session_reader ]; then
    /usr/bin/python3 "$here/triage_artifacts.py" "$t" "$artifacts" --allow-hdf5 --report "$out/$name-triage.txt" \
      | sed "s/^/  /" || { echo "run_fuzzers.sh: $name found a crash or hang in isokin's code (above; artifacts in $artifacts)" >&2; exit 1; }
  fi
done
echo "fuzzers: no crash, leak or sanitizer report in isokin's code"
