#!/usr/bin/env bash
# A freestanding old-ABI sample under relic --kernel KERNEL (this machine's
# own kernel line) must print what it prints natively here, except lines
# matching DROP (grep -E; e.g. the host's huge page pool, which is not the
# guest's). For i386 250 that is fadvise64 (2.5.60 on) and for 251 ENOSYS.
#
# native_compare.sh RELIC KERNEL DROP PROGRAM
set -u
relic=$1
kernel=$2
drop=$3
prog=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$prog" >"$work/native" 2>&1; then
  echo "skipped: this machine cannot run i386 programs natively"
  exit 77
fi
"$relic" --kernel "$kernel" "$prog" >"$work/relic" 2>&1 || { echo "FAIL: relic exited $?"; exit 1; }
grep -Ev "$drop" "$work/native" >"$work/native.lines"
grep -Ev "$drop" "$work/relic" >"$work/relic.lines"
if diff -u "$work/native.lines" "$work/relic.lines"; then
  echo "ok: $(wc -l <"$work/relic.lines") lines as natively"
  exit 0
fi
exit 1
