#!/usr/bin/env bash
# Builds and runs the tests under sanitizers; exits non-zero on any report.
#  build-asan: gcc ASan+UBSan, the whole suite (less ASAN_SKIP, the slowest tests).
#  build-tsan: gcc TSan, the engine, determinism and experiment suites only (TSan is slow,
#              and oneTBB is not instrumented: tests/tsan.supp silences its frames), built as
#              jsim_thread_tests: only the six test files that hold them.
# Usage: scripts/sanitize.sh [asan|tsan|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests also render every HTML report in headless Chromium.
JSIM_TEST_PKGS="chromium" scripts/install_packages.sh
which="${1:-all}"
jobs="$(nproc)"

# Configures DIR with FLAGS and builds jsim and the test program TESTS (no benchmark).
build() {  # DIR FLAGS TESTS
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJSIM_BUILD_TESTS=ON -DJSIM_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="$2" -DCMAKE_CXX_FLAGS="$2" -DCMAKE_EXE_LINKER_FLAGS="$2" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
  local start=$SECONDS
  cmake --build "$1" -j"$jobs" --target jsim "$3"
  echo "sanitize: built $1 in $((SECONDS - start)) s"
}

# Tests too slow under ASan for CI's budget (long kill-and-restart loops); run in the normal build.
ASAN_SKIP="${ASAN_SKIP:-Interrupt.*}"
# The suites that exercise threads: the engine (parallel replications), determinism, experiments.
TSAN_FILTER="Determinism.*:ConcurrentRuns.*:Replications.*:Comparison.*:Sweep.*:SweepGrid.*:FrictionRanking.*:SequentialReference.*:TimedRun.*:Horizon.*:Memory.*:Metrics.*"

if [ "$which" = asan ] || [ "$which" = all ]; then
  build build-asan "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" jsim_tests
  start=$(date +%s)
  ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:detect_leaks=1" \
  UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1" \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    build-asan/tests/jsim_tests --gtest_filter="-${ASAN_SKIP}" --gtest_brief=1
  echo "sanitize: asan+ubsan tests passed in $(( $(date +%s) - start )) s"
fi
if [ "$which" = tsan ] || [ "$which" = all ]; then
  build build-tsan "-fsanitize=thread -fno-omit-frame-pointer" jsim_thread_tests
  start=$(date +%s)
  # history_size=7: the worker's side of a report must be restorable for tests/tsan.supp to see
  # its oneTBB frames; with the default, reports of the join blind spot came through, run to run.
  TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:history_size=7:suppressions=$PWD/tests/tsan.supp" \
    build-tsan/tests/jsim_thread_tests --gtest_filter="${TSAN_FILTER}" --gtest_brief=1
  echo "sanitize: tsan tests passed in $(( $(date +%s) - start )) s"
fi
