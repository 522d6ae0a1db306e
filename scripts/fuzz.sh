#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang-14, build-fuzz/) and runs each for
# SECONDS_PER_TARGET (default 60) over its seed corpus; exits non-zero if any target crashes.
# New inputs go to build-fuzz/corpus/TARGET (tests/fuzz/corpus stays the checked-in seeds and
# crash regressions); a crash is saved under build-fuzz/artifacts/TARGET/ and each run's log,
# with libFuzzer's final stats (executions), is build-fuzz/logs/TARGET.log.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (targets: scenario setting event_log path_file)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets="${*:-scenario setting event_log path_file}"
scripts/install_packages.sh clang-14 libfuzzer-14-dev
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DJSIM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' $targets)

failed=""
for t in $targets; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t" build-fuzz/logs
  echo "fuzz: $t for ${seconds} s"
  # -timeout: an input taking over 10 s counts as a finding (a hang), as does over 2 GB.
  if ! "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t/" \
      "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"build-fuzz/logs/$t.log" 2>&1; then
    failed="$failed $t"
    tail -n 60 "build-fuzz/logs/$t.log"
  fi
  grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "build-fuzz/logs/$t.log" || true
done
if [ -n "$failed" ]; then
  echo "fuzz: FAILED:$failed (inputs in build-fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: no crashes"
