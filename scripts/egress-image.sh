#!/usr/bin/env bash
# Makes nodechecker/egress:1, the allow-list proxy that is a job's only way out while it installs
# (docs/SECURITY.md): Debian's tinyproxy binary and the C library it links against, nothing else —
# no shell, no package manager. The runner writes its configuration (the registry hosts it allows)
# into each proxy container it starts. Idempotent: an image that exists is left alone.
set -euo pipefail

IMAGE="${1:-nodechecker/egress:1}"
# shellcheck source=lib/rootfs.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/rootfs.sh"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The package itself, not its installation: nothing of tinyproxy runs on this machine.
if ! (cd "$work" && apt-get download tinyproxy-bin >/dev/null 2>&1); then
  apt-get update -qq >/dev/null
  (cd "$work" && apt-get download tinyproxy-bin >/dev/null 2>&1)
fi
dpkg-deb -x "$work"/tinyproxy-bin_*.deb "$work/package"
binary="$work/package/usr/bin/tinyproxy"
root="$work/root"
mkdir -p "$root"/{usr/bin,lib64,etc/tinyproxy,tmp}
copy_binary "$binary" "$root" /usr/bin/tinyproxy
printf 'root:x:0:0:root:/:/nonexistent\nnobody:x:65534:65534:nobody:/:/nonexistent\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
version=$(dpkg-deb -f "$work"/tinyproxy-bin_*.deb Version)
tar -C "$root" -c . | docker import \
  -c "LABEL io.nodechecker.tinyproxy=$version" \
  -c 'USER 65534:65534' \
  -c 'CMD ["/usr/bin/tinyproxy", "-d", "-c", "/etc/tinyproxy/tinyproxy.conf"]' - "$IMAGE" >/dev/null
echo "built $IMAGE: tinyproxy $version from Debian's package"
