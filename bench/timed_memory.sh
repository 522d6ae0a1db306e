#!/usr/bin/env bash
# Peak memory of a timed run against its horizon at a fixed number of agents in flight:
# 1,000 customers at a one-server desk with a 4-second service, over 30 and 365 days.
# The calendar holds agents in flight, not horizon / window buckets (docs/performance.md).
#   bench/timed_memory.sh [JSIM]
set -euo pipefail
JSIM="${1:-$(dirname "$0")/../build/jsim}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
for days in 30 365; do
  for window in 1s 1h; do
    cat > "$dir/sparse.yaml" <<YAML
scenario: {name: sparse, seed: 3, population: 1000, horizon: ${days}d, window: $window}
stages: [s]
channels: [{id: phone, kind: assisted}]
touchpoints:
  - {id: desk, channel: phone, stage: s, servers: 1, service: {dist: exponential, mean: 4s}}
  - {id: buy, channel: phone, stage: s, kind: conversion, order_value: {dist: lognormal, mean: 40, sd: 10}}
transitions:
  - {from: desk, to: [{touchpoint: buy, weight: 1}]}
entry: [{touchpoint: desk, weight: 1}]
personas: [{id: caller, share: 1}]
YAML
    /usr/bin/time -f "%M %e" -o "$dir/time" "$JSIM" run "$dir/sparse.yaml" --threads 2 --quiet --out "$dir/out" >/dev/null
    read -r kb seconds < "$dir/time"
    printf '%4s days, window %-3s: peak RSS %6.1f MB, %5.2f s\n' "$days" "$window" "$(echo "$kb / 1024" | bc -l)" "$seconds"
  done
done
