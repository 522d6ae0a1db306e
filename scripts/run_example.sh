#!/usr/bin/env bash
# Sets up (installs missing Debian packages, builds) and runs the main bundled example:
# the retail omnichannel journey, writing results to out/retail/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./build/jsim validate scenarios/retail_omnichannel.yaml
./build/jsim run scenarios/retail_omnichannel.yaml --out out/retail "$@"
