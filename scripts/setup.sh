#!/usr/bin/env bash
# Installs the Debian packages JourneySim builds against (only what is missing), then configures and
# builds into build/. Without --tests it builds only the command (build/jsim), which is all the
# examples need; --tests also builds the test suite and the benchmarks, and builds jsim for mpirun
# (Open MPI, JSIM_MPI=ON) so the suite can check 1-, 2- and 3-rank runs (scripts/test.sh passes it).
# Usage: scripts/setup.sh [--tests]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--tests" ]; then
  scripts/install_packages.sh libopenmpi-dev openmpi-bin
else
  scripts/install_packages.sh
fi
BUILD_TYPE="${BUILD_TYPE:-Release}"
if [ "${1:-}" = "--tests" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DJSIM_BUILD_TESTS=ON -DJSIM_BUILD_BENCH=ON -DJSIM_MPI=ON >/dev/null
  cmake --build build -j"$(nproc)"
  echo "setup: built build/jsim (with MPI), the tests and the benchmarks"
else
  cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DJSIM_MPI=OFF >/dev/null
  cmake --build build -j"$(nproc)" --target jsim
  echo "setup: built build/jsim"
fi
