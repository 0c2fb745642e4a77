#!/usr/bin/env bash
# Measures phase 1: how often the tutorial's barrier hangs in the tutorial-race story, and how
# often barrier-lib passes the same story. Usage: launcher/scripts/tutorial-race-rate.sh [RUNS] [N]
# (default 10 runs of 4 participants each). Prints one line per run and a summary per barrier.
set -euo pipefail
runs="${1:-10}"
n="${2:-4}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for barrier in tutorial lib; do
  declare -A count=([PASS]=0 [FAIL]=0 [HUNG]=0 [BROKEN]=0)
  for ((i = 1; i <= runs; i++)); do
    line="$("$here/barrierlab" demo tutorial-race -n "$n" --barrier "$barrier" --headless 2>/dev/null | tail -1 || true)"
    outcome="$(awk '{print $2}' <<<"$line")"
    count[$outcome]=$(( ${count[$outcome]:-0} + 1 ))
    echo "$barrier run $i: $line"
  done
  echo "== --barrier $barrier, $n participants: HUNG ${count[HUNG]}/$runs, PASS ${count[PASS]}/$runs, FAIL ${count[FAIL]}/$runs"
  unset count
done
