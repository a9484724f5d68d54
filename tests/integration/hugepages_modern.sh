#!/usr/bin/env bash
# From 2.5.60 on, i386 250 is fadvise64 and 251 stays unassigned: the same
# program's calls under relic --kernel 6.18 must get what this machine's
# kernel gives them natively (pool lines left out: the host's pool is not
# the guest's).
#
# hugepages_modern.sh RELIC PROGRAM
set -u
relic=$1
prog=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$prog" >"$work/native" 2>&1; then
  echo "skipped: this machine cannot run i386 programs natively"
  exit 77
fi
"$relic" --kernel 6.18 "$prog" >"$work/relic" 2>&1 || { echo "FAIL: relic exited $?"; exit 1; }
grep -v '^pool' "$work/native" >"$work/native.calls"
grep -v '^pool' "$work/relic" >"$work/relic.calls"
if diff -u "$work/native.calls" "$work/relic.calls"; then
  echo "ok: $(wc -l <"$work/relic.calls") calls answer as natively"
  exit 0
fi
exit 1
