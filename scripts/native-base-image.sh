#!/usr/bin/env bash
# Makes the base image that Dockerfile.native-local builds FROM: the C libraries that the native
# executables of ./nodechecker native and the JDK libraries beside them link, copied from this host, with
# busybox and the CA certificates; no image registry is needed. Idempotent; run after ./nodechecker native.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-nodechecker/native-base:local}"
if docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi
[ -x /bin/busybox ] || { apt-get update -qq >/dev/null && apt-get install -y -qq busybox-static >/dev/null; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,tmp,work,etc/ssl/certs,lib64}
cp /bin/busybox "$root/bin/busybox"
for tool in sh env cat ls hostname sleep; do ln -s busybox "$root/bin/$tool"; done
objects=$(ls "$ROOT"/gateway/target/*-runner "$ROOT"/runner-function/target/*-runner "$ROOT"/gateway/target/lib/*.so)
for object in $objects; do
  for lib in $(ldd "$object" 2>/dev/null | grep -o '/[^ ]*' | grep -v "/target/lib/"); do
    [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1001:0:app:/work:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - "$image" >/dev/null
echo "built $image from this host's C libraries"
