#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (Playwright drives it; it
# downloads no browser of its own here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "installing Chromium for the browser tests…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
