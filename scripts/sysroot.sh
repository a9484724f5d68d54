#!/usr/bin/env bash
# scripts/sysroot.sh DIR: an i386 root in DIR made of Debian bookworm's i386
# packages, for `relic -L DIR` and the dynamic tests. Nothing is installed on
# the system: each package is fetched with `apt-get download` and unpacked
# with `dpkg-deb -x`, and the root's own static ldconfig (an i386 program this
# machine runs natively) writes DIR/etc/ld.so.cache, without which the guest's
# loader would fall back to the host's cache and the host's libraries.
# Idempotent and quiet when DIR is already built from the same package list.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: sysroot.sh DIR" >&2; exit 2; }
dir=$1

# The programs the tests run; the libraries they need are found below.
top=(libc6 libc-bin dash coreutils sed grep gawk mawk gzip)
stamp=.relic-sysroot
want="bookworm i386: ${top[*]}"
if [ -f "$dir/$stamp" ] && [ "$(cat "$dir/$stamp")" = "$want" ]; then
  exit 0
fi
# A root of ours (it has the stamp) is rebuilt; anything else is left alone.
if [ -d "$dir" ] && [ ! -f "$dir/$stamp" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "sysroot.sh: $dir is not empty and was not made by sysroot.sh" >&2
  exit 1
fi

say() { echo "sysroot.sh: $*" >&2; }
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! dpkg --print-foreign-architectures | grep -qx i386; then
  say "adding the i386 architecture to dpkg"
  sudo_ dpkg --add-architecture i386
fi
if ! apt-cache show libc6:i386 >/dev/null 2>&1; then
  sudo_ apt-get update -qq || say "apt-get update reported errors; continuing"
fi

# The library packages (lib*) the named ones depend on, recursively, one
# apt-cache call per level (each call reads the whole package cache). Other
# dependencies (dpkg, debianutils, install-info) are what a system install
# needs, not what the programs load.
lib_deps() {
  apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${@/%/:i386}" 2>/dev/null |
    awk '/^ *\|?(Pre)?Depends: lib/ { p = $2; sub(/:i386$/, "", p); print p }' | sort -u
}
declare -A seen=()
level=("${top[@]}")
pkgs=()
while [ ${#level[@]} -gt 0 ]; do
  for p in "${level[@]}"; do seen[$p]=1; done
  pkgs+=("${level[@]}")
  next=()
  for d in $(lib_deps "${level[@]}"); do
    [ -n "${seen[$d]:-}" ] || next+=("$d")
  done
  level=("${next[@]}")
done

say "building an i386 root in $dir from ${#pkgs[@]} packages"
mkdir -p "$(dirname "$dir")"
work=$(mktemp -d "$(dirname "$dir")/.sysroot.XXXXXX") # beside DIR: mv renames
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir "$work/debs" "$work/root"
# apt-get download drops to the _apt user where it can write.
if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$work/debs"; fi
(cd "$work/debs" && apt-get download -qq "${pkgs[@]/%/:i386}" >/dev/null) || {
  say "could not download the packages: ${pkgs[*]}"
  exit 1
}
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
root=$work/root

# An absolute link target is resolved by the host kernel against the host's
# root, outside DIR: make every such link relative so that the tree is whole
# wherever it lies (relic -L looks a path up in DIR, then lets the host
# kernel follow the links it finds there).
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  case $target in
  /*) ln -sfn "$(realpath -m -s --relative-to="$(dirname "$link")" "$root$target")" "$link" ;;
  esac
done < <(find "$root" -type l -print0)

mkdir -p "$root/var/cache/ldconfig" "$root/etc"
[ -f "$root/etc/ld.so.conf" ] || echo 'include /etc/ld.so.conf.d/*.conf' >"$root/etc/ld.so.conf"
"$root/sbin/ldconfig" -r "$root"
[ -f "$root/etc/ld.so.cache" ] || { say "ldconfig wrote no ld.so.cache"; exit 1; }

# Every library an ELF file in the root needs must be in the root.
missing=$(
  find "$root" -type f \( -perm -u+x -o -name '*.so*' \) -print0 |
    { xargs -0 readelf -d 2>/dev/null || true; } | # scripts are not ELF
    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u |
    while read -r so; do
      [ -n "$(find "$root" -name "$so" -print -quit)" ] || echo "$so"
    done
)
if [ -n "$missing" ]; then
  say "libraries needed but in no package fetched: $missing"
  exit 1
fi

echo "$want" >"$root/$stamp"
rm -rf "$dir"
mv "$root" "$dir"
say "done: $(du -sh "$dir" | cut -f1) in $dir"
