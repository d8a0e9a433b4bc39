#!/usr/bin/env bash
# Remakes the sample session files in samples/sessions/ with the simulator:
#   samples/make_samples.sh [BIN_DIR]      (default: build/bin)
# Deterministic (fixed seeds and dates), so the files change only when the simulator
# or the file format does. Each file stays well under 1 MB.
#   hq-screen-P01.h5        H:Q screen (both sides; con 60 and 240 deg/s, ecc hamstrings 30 deg/s)
#   fatigue-P01.h5          30-repetition fatigue test at 180 deg/s
#   rehab-P02-week06.h5     ACL-rehab follow-up of one subject, three sessions weeks apart,
#   rehab-P02-week12.h5     the reconstructed (right) knee recovering, for `isokin progress`
#   rehab-P02-week24.h5
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/bin}
isokin="$bin/isokin"
out="$here/sessions"
protocols="$here/protocols"
mkdir -p "$out"

acquire() { # FILE PROTOCOL SUBJECT DATE SIM_QUERY
  "$isokin" acquire --device "sim://?speed=0&$5" --protocol "$protocols/$2" --out "$out/$1" \
    --subject "$3" --body-mass 74 --date "$4" --force --quiet
}

acquire hq-screen-P01.h5 hq-screen.toml P01 2026-09-14 "seed=11&hq=0.55"
acquire fatigue-P01.h5 fatigue-180.toml P01 2026-09-14 "seed=12&ham_fatigue=0.02"
# Rehab: the reconstructed right knee's deficit shrinks over the weeks (the URI's
# deficit overrides the protocol's simulated patient, whose injured side is the right).
acquire rehab-P02-week06.h5 acl-rehab.toml P02 2026-03-02 "seed=21&deficit=0.35"
acquire rehab-P02-week12.h5 acl-rehab.toml P02 2026-04-13 "seed=22&deficit=0.2"
acquire rehab-P02-week24.h5 acl-rehab.toml P02 2026-07-06 "seed=23&deficit=0.06"
ls -l "$out"
