#!/usr/bin/env bash
# Installs Debian's Prometheus for the metrics test when it is missing; the test starts its own
# server on a loopback port with its own configuration and data directory.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1; then exit 0; fi
echo "installing Prometheus for the metrics test…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
