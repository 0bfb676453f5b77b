#!/usr/bin/env bash
# Installs Verdaccio, a real npm registry server, for the publish-to-test end-to-end test: from npm,
# into a directory of its own (default ~/.cache/nodechecker/verdaccio), pinned to 6.8.0, the last
# release that runs on Node 20, with node-fetch held at 2.7.0 as that release needs there. The test
# starts its own server on a loopback port with its own configuration and storage.
set -euo pipefail
dir="${NODECHECKER_VERDACCIO_HOME:-$HOME/.cache/nodechecker/verdaccio}"
if [ -x "$dir/node_modules/.bin/verdaccio" ]; then exit 0; fi
command -v npm >/dev/null || { echo "npm is needed to install Verdaccio" >&2; exit 1; }
echo "installing Verdaccio 6.8.0 for the publish test…" >&2
mkdir -p "$dir"
cat >"$dir/package.json" <<'JSON'
{
  "name": "nodechecker-verdaccio",
  "private": true,
  "dependencies": { "verdaccio": "6.8.0" },
  "overrides": { "node-fetch": "2.7.0" }
}
JSON
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
"$dir/node_modules/.bin/verdaccio" --version >/dev/null
