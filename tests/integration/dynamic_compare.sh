#!/usr/bin/env bash
# A dynamically linked i386 program under `relic -L SYSROOT`, compared with
# the same program run natively against the same sysroot's loader and
# libraries: standard output (byte for byte), standard error and the exit
# status must be the same.
#
# dynamic_compare.sh RELIC SYSROOT KIND [--stdin FILE] [--need PATH]
#                    [-E VAR=VALUE]... -- PROGRAM [ARGS...]
#
# The native run may install nothing, and must load the libc relic's run
# loads (that is, the sysroot's, not the host's multilib one), so KIND says
# how it starts:
#   glibc   SYSROOT/lib/ld-linux.so.2 run as a program, as `ld.so PROGRAM`:
#           --library-path names the sysroot's library directories and
#           --inhibit-cache keeps the host's /etc/ld.so.cache (which lists the
#           host's /lib32) out; argv[0] stays PROGRAM, as under relic.
#   musl    SYSROOT/lib/ld-musl-i386.so.1 PROGRAM: musl's loader is also
#           its libc and runs a program named on its command line.
#   chroot  a copy of SYSROOT with the program in it, entered with chroot(8)
#           (for loaders that cannot start a program themselves, such as
#           uClibc's); needs root, else the test is skipped.
# Both runs get LC_ALL=C (relic through -E), and each -E in both.
# Exit 0 when equal, 1 with a diff when not, 77 (skipped) when the sysroot,
# the program or a --need path is missing.
set -u
relic=$1 sysroot=$2 kind=$3
shift 3
stdin=/dev/null
envs=(LC_ALL=C)
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
  --stdin) stdin=$2; shift 2 ;;
  --need) [ -e "$2" ] || { echo "skipped: $2 is not there"; exit 77; }; shift 2 ;;
  -E) envs+=("$2"); shift 2 ;;
  *) echo "dynamic_compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
shift
prog=$1
shift
[ -d "$sysroot" ] || { echo "skipped: no sysroot $sysroot (scripts/deps.sh builds it)"; exit 77; }
[ -e "$prog" ] || { echo "skipped: $prog is not there"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $kind in
glibc)
  dirs=
  for d in lib/i386-linux-gnu usr/lib/i386-linux-gnu lib usr/lib; do
    [ -d "$sysroot/$d" ] && dirs=$dirs${dirs:+:}$sysroot/$d
  done
  native=("$sysroot/lib/ld-linux.so.2" --inhibit-cache --library-path "$dirs" "$prog")
  ;;
musl) native=("$sysroot/lib/ld-musl-i386.so.1" "$prog") ;;
chroot)
  [ "$(id -u)" = 0 ] || { echo "skipped: the native run needs chroot (root)"; exit 77; }
  mkdir "$work/root"
  cp -a "$sysroot/." "$work/root/"
  cp "$prog" "$work/root/.program"
  native=(chroot "$work/root" /.program)
  ;;
*) echo "dynamic_compare.sh: unknown kind $kind" >&2; exit 2 ;;
esac

relic_env=()
for e in "${envs[@]}"; do relic_env+=(-E "$e"); done
run() { # run NAME CMD...: stdout, stderr and status into $work/NAME.*
  local name=$1
  shift
  { ("$@" <"$stdin" >"$work/$name.out" 2>"$work/$name.err"); } 2>/dev/null
  echo $? >"$work/$name.status"
}
run native env "${envs[@]}" "${native[@]}" "$@"
run relic "$relic" -L "$sysroot" "${relic_env[@]}" "$prog" "$@"
sed -i '/^relic: guest killed by /d' "$work/relic.err"
if [ "$kind" = chroot ]; then # the program's name inside the copy
  sed -i "s|/\.program|$prog|g" "$work/native.out" "$work/native.err"
fi

status=0
for part in status out err; do
  if ! cmp -s "$work/native.$part" "$work/relic.$part"; then
    echo "MISMATCH in $part of: $prog $*"
    diff "$work/native.$part" "$work/relic.$part" | head -40
    status=1
  fi
done
[ $status = 0 ] && echo "same as native ($kind, $sysroot): $prog $*"
exit $status
