# Helpers for the scripts that assemble an image's root file system from single binaries (no base
# image, no package manager): sourced, not run.

# Copies a dynamically linked binary to <root><path>, with every library ldd names and the loader.
copy_binary() { # binary root path
  local binary=$1 root=$2 path=$3 lib
  mkdir -p "$root$(dirname "$path")" "$root/lib64"
  cp "$binary" "$root$path"
  for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
}
