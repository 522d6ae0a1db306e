#!/usr/bin/env bash
# Cost of recording journeys: `jsim run` with and without --journeys, wall time and peak memory.
#   bench/journey_export.sh [SCENARIO] [AGENTS] [EXTRA OPTIONS...]
# Defaults: scenarios/tiny_funnel.yaml, 2,000,000 agents (for a timed scenario: arrivals over the
# horizon, i.e. its load: --arrivals). Needs GNU time (/usr/bin/time) and a built build/jsim;
# writes under a temporary directory it removes. Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/tiny_funnel.yaml}"
agents="${2:-2000000}"
shift $(( $# > 2 ? 2 : $# ))
# A timed scenario's population is its load, set with --arrivals; --agents is for untimed ones.
population=--agents
if ./build/jsim validate "$scenario" | grep -q ', timed)$'; then population=--arrivals; fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
measure() {  # prints "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$tmp/time" ./build/jsim run "$scenario" "$population" "$agents" --quiet --out "$tmp/out" "$@" >/dev/null
  cat "$tmp/time"
}
read -r t0 m0 < <(measure)
read -r t1 m1 < <(measure --journeys "$@")
visits=$(( $(wc -l < "$tmp/out/events.csv") - 1 ))
sizes=$(du -m "$tmp/out/events.csv" "$tmp/out/results.h5" | awk '{printf "%s %s MB  ", $2, $1}' | sed "s|$tmp/out/||g")
echo "scenario $scenario, $agents agents, $visits visits recorded"
echo "without --journeys: ${t0} s, peak ${m0} KB"
echo "with    --journeys: ${t1} s, peak ${m1} KB   ($sizes)"
awk -v a="$t0" -v b="$t1" -v c="$m0" -v d="$m1" -v v="$visits" \
  'BEGIN { printf "ratio: time %.1fx, memory %.2fx; %.2f M visits/s written\n", b / a, d / c, v / b / 1e6 }'
