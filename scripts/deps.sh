#!/usr/bin/env bash
# Installs what relic needs to build and test on Debian 12. Idempotent and quiet
# when everything is already present. Unicorn >= 2.1.2 comes from Debian unstable
# (bookworm ships 2.0.1, which is far too slow; see docs/architecture.md).
set -euo pipefail

need_pkgs=(build-essential cmake pkg-config clang-format
  libcapstone-dev libelf-dev libcmocka-dev
  gcc-multilib binutils-ia64-linux-gnu qemu-user
  python3 xz-utils bzip2 time strace)
unicorn_min=2.1.2

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_missing() {
  missing=()
  for p in "${need_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
}
find_missing

unicorn_ok() {
  local v
  v=$(dpkg-query -W -f='${Version}' libunicorn-dev 2>/dev/null) || return 1
  dpkg --compare-versions "$v" ge "$unicorn_min"
}

# The unstable suite, from the same archive the machine already uses, pinned
# low so that nothing but what we name explicitly comes from it.
add_unstable_suite() {
  local list=/etc/apt/sources.list.d/relic-unstable.sources
  local pin=/etc/apt/preferences.d/relic-unstable
  [ -f "$list" ] && [ -f "$pin" ] && return 0
  local uri keyring
  uri=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
    grep -v -e security -e '^$' | grep -i debian | head -n1)
  if [ -z "$uri" ]; then
    uri=$(grep -rhoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
      awk '{print $2}' | grep -v security | grep -i debian | head -n1)
  fi
  [ -n "$uri" ] || { echo "deps.sh: cannot find the Debian archive in the apt configuration" >&2; exit 1; }
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  printf 'Types: deb\nURIs: %s\nSuites: unstable\nComponents: main\nSigned-By: %s\n' \
    "${uri%/}" "$keyring" | sudo_ tee "$list" >/dev/null
  printf 'Package: *\nPin: release a=unstable\nPin-Priority: 100\n' | sudo_ tee "$pin" >/dev/null
}

# Packages unpacked into .deps/ rather than installed: fetch_deb PKG DIR.
fetch_deb() {
  local pkg=$1 dir=$2 tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt-get download runs as _apt where it can
  if ! (cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1); then
    echo "deps.sh: could not download $pkg; the tests that need it will be skipped" >&2
    rm -rf "$tmp"
    return 0
  fi
  mkdir -p "$dir"
  dpkg-deb -x "$tmp"/*.deb "$dir"
  rm -rf "$tmp"
}

# musl for i386 cannot be installed beside gcc-multilib (musl-dev:i386 pulls in
# a cross compiler that conflicts with it), so its .deb is unpacked into the
# tree instead: samples link against it with a specs file of our own.
repo=$(cd "$(dirname "$0")/.." && pwd)
musl_root=$repo/.deps/musl-i386
# Debian's static busybox for i386 is the third-party program the tests run,
# and an i386 root of Debian's dynamic programs the dynamic tests run.
fetch_unpacked() {
  [ -f "$musl_root/usr/lib/i386-linux-musl/libc.a" ] || fetch_deb musl-dev:i386 "$musl_root"
  [ -x "$repo/.deps/busybox-i386/bin/busybox" ] ||
    fetch_deb busybox-static:i386 "$repo/.deps/busybox-i386"
  # Debian's i386 libraries and programs, for relic -L and the dynamic tests.
  "$repo/scripts/sysroot.sh" "$repo/.deps/sysroot-i386" ||
    echo "deps.sh: could not build the i386 sysroot; the dynamic tests will be skipped" >&2
}

if [ ${#missing[@]} -eq 0 ] && unicorn_ok && dpkg --print-foreign-architectures | grep -qx i386; then
  fetch_unpacked
  exit 0
fi

echo "deps.sh: installing build dependencies" >&2
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx i386 || sudo_ dpkg --add-architecture i386
unicorn_ok || add_unstable_suite
# A stale mirror index (seen for bookworm-security i386) must not stop us:
# what we install comes from the suites that did update.
sudo_ apt-get update -qq || echo "deps.sh: apt-get update reported errors; continuing" >&2
if [ ${#missing[@]} -gt 0 ]; then
  sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! unicorn_ok; then
  sudo_ apt-get install -y -qq --no-install-recommends -t unstable libunicorn-dev >/dev/null
fi
find_missing
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps.sh: still missing after install: ${missing[*]}" >&2
  exit 1
fi
fetch_unpacked
unicorn_ok || { echo "deps.sh: libunicorn-dev >= $unicorn_min could not be installed" >&2; exit 1; }
