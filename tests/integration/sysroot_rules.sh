#!/usr/bin/env bash
# The -L DIR lookup rules of docs/usage.md ("Dynamic programs and -L"),
# checked with Debian's static busybox in a small tree made here; each line
# of expected output follows from one rule (there is no native oracle for
# an emulator option: qemu-i386 -L differs on purpose in two of them).
#
# sysroot_rules.sh RELIC BUSYBOX
set -u
relic=$(realpath -m "$1") bb=$(realpath -m "$2")
[ -x "$bb" ] || { echo "skipped: $bb is not there"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root host=$work/host
mkdir -p "$root/etc" "$root/proc" "$root/dev" "$root/lib" "$root$host" "$host" "$work/rel"
echo "from the sysroot" >"$root/marker.txt"
echo "sysroot etc" >"$root/etc/relic-only"
echo "fake" >"$root/proc/version"
echo "fake" >"$root/dev/null"
ln -s marker.txt "$root/link"
ln -s /nonexistent-relic-target "$root/dangling"
echo "host" >"$host/hostfile"
echo "relative" >"$work/rel/marker.txt"
# A #! interpreter only DIR has (busybox runs as "sh" by that name).
mkdir "$root/relic-bin"
ln -s "$bb" "$root/relic-bin/sh"
printf '#!/relic-bin/sh\necho "script run by $0"\n' >"$host/script"
chmod +x "$host/script"

fails=0
check() { # check NAME EXPECTED CMD...: CMD's stdout+stderr must be EXPECTED
  local name=$1 want=$2
  shift 2
  local got
  got=$("$@" 2>&1)
  if [ "$got" = "$want" ]; then
    echo "ok: $name"
  else
    echo "FAIL: $name"
    echo "  want: $want"
    echo "  got:  $got"
    fails=$((fails + 1))
  fi
}
L() { "$relic" -L "$root" "$bb" "$@"; }

check "an absolute path found under DIR is DIR's" "from the sysroot" L cat /marker.txt
check "'..' at the root stays at the root" "from the sysroot" L cat /../../marker.txt
check "a path absent from DIR is the host's" "host" L cat "$host/hostfile"
check "/proc is never redirected" "$("$relic" "$bb" cat /proc/version)" L cat /proc/version
check "/dev is never redirected" "" L cat /dev/null
check "a link in DIR is read as DIR has it" "marker.txt" L readlink /link
check "a dangling link in DIR is still DIR's" "/nonexistent-relic-target" L readlink /dangling
check "a relative link in DIR is followed inside DIR" "from the sysroot" L cat /link
# qemu-i386 -L stats a path on the host and reads its link in DIR, and
# fails "cannot read symbolic link '/sbin'" on a merged-/usr host: every
# call on one path must reach the same file.
check "a host top-level link DIR lacks reads as the host's" "$(readlink /bin)" L readlink /bin
check "lstat and readlink agree on a directory DIR has" "d|1" \
  sh -c "L() { '$relic' -L '$root' '$bb' \"\$@\"; }; printf '%.1s|' \"\$(L ls -ld /lib)\"; L readlink /lib; echo \$?"
check "relative paths are not redirected" "relative" \
  sh -c "cd '$work/rel' && '$relic' -L '$root' '$bb' cat marker.txt"
check "the root directory itself is the host's" "$("$relic" "$bb" ls /)" L ls /
# (busybox sh's builtins only: a command it would exec runs without -L)
L sh -c "echo 'host copy' >'$host/created'"
check "a name created where DIR has none goes to the host" "host copy|absent" \
  sh -c "printf '%s|' \"\$(cat '$host/created')\"; [ -e '$root$host/created' ] && echo present || echo absent"
L sh -c "echo changed >/etc/relic-only"
check "a file that exists in DIR is written there" "changed" cat "$root/etc/relic-only"
L ln -s /marker.txt "$host/newlink"
check "a symlink's target is stored as written" "/marker.txt" readlink "$host/newlink"
check "a #! interpreter of the program named to relic is DIR's" \
  "script run by $host/script" "$relic" -L "$root" "$host/script"
check "RELIC_LD_PREFIX is -L" "from the sysroot" \
  env RELIC_LD_PREFIX="$root" "$relic" "$bb" cat /marker.txt
check "-L of a missing directory is relic's error (125)" \
  "relic: -L: '$work/missing' is not a directory
125" sh -c "'$relic' -L '$work/missing' '$bb' true; echo \$?"
[ $fails = 0 ] && echo "all sysroot rules hold"
exit $((fails > 0))
