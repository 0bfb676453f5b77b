#!/usr/bin/env bash
# Makes the base image the apps' JVM images build FROM: pulled (eclipse-temurin:17-jre) where a
# registry answers, otherwise assembled from this host's JDK 17, busybox and the libraries the JVM
# links (no registry is needed). Idempotent.
set -euo pipefail

image="${1:-nodechecker/jdk17:local}"
if docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi
if docker pull eclipse-temurin:17-jre >/dev/null 2>&1; then
  docker tag eclipse-temurin:17-jre "$image"
  echo "pulled eclipse-temurin:17-jre as $image"
  exit 0
fi

jdk="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
"$jdk/bin/java" -version 2>&1 | grep -q '"17' || { echo "the host's java is not 17: $jdk" >&2; exit 1; }
[ -x /bin/busybox ] || { apt-get update -qq >/dev/null && apt-get install -y -qq busybox-static >/dev/null; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,tmp,deployments,etc/ssl/certs/java,lib64,opt}
cp /bin/busybox "$root/bin/busybox"
for tool in sh env cat ls hostname sleep; do ln -s busybox "$root/bin/$tool"; done
mkdir -p "$root/opt/java"
# Links resolved (Debian's JDK points into /etc); sources, headers and docs left out.
(cd "$jdk" && tar -ch --exclude=./lib/src.zip --exclude=./jmods --exclude=./include --exclude=./docs \
  --exclude=./legal --exclude=./man -f - .) | tar -C "$root/opt/java" -xf -
for so in "$jdk/bin/java" $(find "$jdk/lib" -name '*.so'); do
  for lib in $(ldd "$so" 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$jdk"); do
    [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp -L /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/deployments:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | docker import -c 'ENV PATH=/opt/java/bin:/bin JAVA_HOME=/opt/java' - "$image" >/dev/null
echo "built $image from the host's JDK at $jdk"
