#!/usr/bin/env bash
# Sets up (installs missing Debian packages, builds) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
