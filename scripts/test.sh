#!/usr/bin/env bash
# Sets up (installs missing Debian packages, builds) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests also render every HTML report in headless Chromium.
JSIM_TEST_PKGS="chromium" scripts/setup.sh --tests
ctest --test-dir build --output-on-failure -j"$(nproc)"
