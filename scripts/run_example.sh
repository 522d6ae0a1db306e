#!/usr/bin/env bash
# Sets up (installs missing Debian packages, builds) and runs the main bundled example:
# the retail omnichannel journey, writing results, journeys and the report to out/retail/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./build/jsim validate scenarios/retail_omnichannel.yaml
# --journeys: the event log and paths too, and the report shows which channel earns the conversions.
./build/jsim run scenarios/retail_omnichannel.yaml --journeys --out out/retail "$@"
