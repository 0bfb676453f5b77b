#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when there is no
# engine, and starts dockerd when none is running. Idempotent and quick when all is in place.
set -euo pipefail

if docker info >/dev/null 2>&1; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "no Docker engine answers and this is not a Debian-like system: install and start Docker first" >&2
    exit 1
  fi
  echo "installing the Docker engine (docker.io)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io busybox-static >/dev/null
fi

if [ "$(id -u)" != 0 ]; then
  echo "no Docker engine is running and starting one needs root" >&2
  exit 1
fi
mkdir -p /var/log
nohup dockerd --host=unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then echo "Docker engine started" >&2; exit 0; fi
  sleep 0.5
done
echo "dockerd did not answer within 60 s; see /var/log/dockerd.log" >&2
exit 1
