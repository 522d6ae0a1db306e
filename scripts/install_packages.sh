#!/usr/bin/env bash
# Installs the Debian packages JourneySim builds against, plus any given as arguments or in
# JSIM_TEST_PKGS, skipping those already installed. Shared by setup.sh, sanitize.sh and fuzz.sh.
set -euo pipefail
PKGS="cmake g++ make libboost-random-dev libtbb-dev libyaml-cpp-dev libhdf5-dev libgtest-dev libgmock-dev
libbenchmark-dev librandom123-dev libcsv-dev zlib1g-dev libcli11-dev libfmt-dev nlohmann-json3-dev libeigen3-dev libgraphviz-dev
${JSIM_TEST_PKGS:-} $*"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install_packages: installing$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
