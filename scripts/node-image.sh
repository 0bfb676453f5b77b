#!/usr/bin/env bash
# Makes the Node image that job containers run in: pulls node:<major>-bookworm-slim where a
# registry answers, otherwise builds an equivalent image from the host's own Node and npm
# (busybox for the shell tools). Idempotent: an image that exists is left alone.
set -euo pipefail

image="${1:-nodechecker/node:20}"
if docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi

major="${image##*:}"
if docker pull "node:${major}-bookworm-slim" >/dev/null 2>&1; then
  docker tag "node:${major}-bookworm-slim" "$image"
  echo "pulled node:${major}-bookworm-slim as $image"
  exit 0
fi

node_bin="$(command -v node)"
host_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$host_major" != "$major" ]; then
  echo "no registry answers and the host's Node is $host_major, not $major: cannot make $image" >&2
  exit 1
fi
if [ ! -x /bin/busybox ]; then
  apt-get update -qq >/dev/null && apt-get install -y -qq busybox-static >/dev/null
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,usr/lib,etc/ssl,tmp,home/node,lib64}
cp /bin/busybox "$root/bin/busybox"
for tool in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$tool" ] || ln -s busybox "$root/bin/$tool"
done
ln -sf ../../bin/busybox "$root/usr/bin/env"
cp "$node_bin" "$root/usr/bin/node"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
mkdir -p "$root/usr/lib/node_modules"
cp -r /usr/lib/node_modules/npm "$root/usr/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
cp -rL /etc/ssl/certs "$root/etc/ssl/certs"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
chown 1000:1000 "$root/home/node"

tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'USER node' -c 'WORKDIR /home/node' -c 'CMD ["node"]' - "$image" >/dev/null
echo "built $image from the host's Node $(node --version)"
