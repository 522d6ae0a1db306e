#!/usr/bin/env bash
# Installs the Debian packages JourneySim builds against (only what is missing), then configures and builds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_packages.sh
BUILD_TYPE="${BUILD_TYPE:-Release}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build -j"$(nproc)"
echo "setup: built build/jsim"
