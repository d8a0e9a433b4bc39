#!/usr/bin/env bash
# Screenshots of the dashboard's main views for docs/dashboard.md and the README,
# taken from the real program under Xvfb so they stay true to the code.
#   docs/make_screenshots.sh [BIN_DIR]     (default build/bin; needs xvfb-run)
# One simulated athlete (hamstrings weak on the right, tiring fast) does an H:Q screen
# on two dates and a fatigue test; then each view is rendered at 1366x768.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../build/bin}" && pwd)
isokin="$bin/isokin"
images="$here/images"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$images"
protocols="$here/../samples/protocols"

before='seed=3&hq=0.48&ham_fatigue=0.03&deficit_right=0.18'
after='seed=4&hq=0.56&ham_fatigue=0.02&deficit_right=0.06'
"$isokin" acquire --device "sim://?speed=0&$before" --protocol "$protocols/hq-screen.toml" --subject ATH-07 \
  --body-mass 78 --date 2026-09-01 --out "$work/ath07-2026-09-01.h5" --quiet >/dev/null
"$isokin" acquire --device "sim://?speed=0&$after" --protocol "$protocols/hq-screen.toml" --subject ATH-07 \
  --body-mass 78 --date 2026-11-20 --out "$work/ath07-2026-11-20.h5" --quiet >/dev/null
"$isokin" acquire --device "sim://?speed=0&$before" --protocol "$protocols/fatigue-180.toml" --subject ATH-07 \
  --body-mass 78 --date 2026-09-01 --out "$work/ath07-fatigue.h5" --quiet >/dev/null

shot() {  # NAME ARGS...
  local name=$1; shift
  xvfb-run -a "$isokin" gui "$@" --size 1366x768 --frames 12 --screenshot "$images/$name.png" >/dev/null
  echo "docs/images/$name.png"
}
shot review-trial "$work/ath07-2026-11-20.h5" --view trial
shot review-trial-light "$work/ath07-2026-11-20.h5" --view trial --theme light
shot review-hq "$work/ath07-2026-09-01.h5" --view hq
shot review-fatigue "$work/ath07-fatigue.h5" --view fatigue
shot review-bilateral "$work/ath07-2026-09-01.h5" --view bilateral
shot review-progress "$work/ath07-2026-11-20.h5" "$work/ath07-2026-09-01.h5" --view progress
# Live: the simulator in real time, recording for about five seconds of frames.
(cd "$work" && xvfb-run -a "$isokin" gui --device "sim://?$before" --start --out ATH-07-live.h5 --view live \
  --size 1366x768 --frames 300 --screenshot "$images/live.png" >/dev/null)
echo "docs/images/live.png"
# Athletes: the catalogue of docs/catalog.md with the athlete's record, sessions and progress.
catalog="sqlite:$work/clinic.sqlite"
"$isokin" catalog edit ATH-07 --catalog "$catalog" --name "Example Athlete" --birth-date 2001-05-14 --sex female \
  --sport football --position winger --dominant-leg right --injury "2026-06-10,right,ACL rupture,2026-06-24,hamstring tendon" \
  --body-mass 2026-09-01=78 >/dev/null
"$isokin" catalog edit ATH-12 --catalog "$catalog" --name "Second Athlete" --sport handball >/dev/null
"$isokin" catalog add "$work/ath07-2026-09-01.h5" --catalog "$catalog" >/dev/null
"$isokin" catalog add "$work/ath07-2026-11-20.h5" --catalog "$catalog" >/dev/null
shot athletes --view athletes --catalog "$catalog" --person ATH-07
# Live, test run: the H:Q screen chosen for ATH-07 (involved side from the injury record),
# begun on the simulator, at its first prompt (position the left leg, weigh the limb).
(cd "$work" && xvfb-run -a "$isokin" gui --device "sim://?$before" --protocol "$protocols/hq-screen.toml" --start \
  --out ATH-07-run.h5 --view live --catalog "$catalog" --person ATH-07 \
  --size 1366x768 --frames 30 --screenshot "$images/live-protocol-run.png" >/dev/null)
echo "docs/images/live-protocol-run.png"
