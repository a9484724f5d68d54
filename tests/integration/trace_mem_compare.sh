#!/usr/bin/env bash
# relic --trace=%memory of samples/trace/memcalls.c against native
# `strace -f -e trace=%memory` (strace 6.1) of the same i386 binary on this
# machine, stricter than trace_compare.sh: only addresses are normalised
# (hex numbers of 7 digits or more: mappings, the stack, the break), so
# offsets, flag words and node mask words must be the same digit for digit.
# Also normalised: pids, the times and ids in SIGCHLD's siginfo, the
# random name mkstemp gave the sample's file (-y), and padding before "=".
# Usage: trace_mem_compare.sh RELIC PROGRAM [OPTION...]: the options (-X
# verbose, -s 4, -v, -y...) go to both. TRACE_COMPARE_FILTER: an extended
# regex of lines left out of both, for a gap that is not the decoders'.
set -u
command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 77; }
relic=$(readlink -f "$1")
prog=$(readlink -f "$2")
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

strace -f -o native.raw "$@" -e trace=%memory "$prog" >native.out 2>native.err
native_rc=$?
"$relic" -o relic.raw "$@" --trace=%memory "$prog" >relic.out 2>relic.err
relic_rc=$?

normalise() {
  sed -E -e 's/^[0-9]+ +/PID /' \
    -e 's/0x[0-9a-f]{7,}/0xADDR/g' \
    -e 's/(si_pid|si_uid|si_utime|si_stime)=[0-9]+/\1=N/g' \
    -e 's/relic-memcalls-[A-Za-z0-9]{6}/relic-memcalls-XXXXXX/g' \
    -e 's/\) +(= )/) \1/' "$1" |
    if [ -n "${TRACE_COMPARE_FILTER:-}" ]; then grep -Ev "$TRACE_COMPARE_FILTER"; else cat; fi
}
normalise native.raw >native.txt
normalise relic.raw >relic.txt
if ! diff -u native.txt relic.txt >diff.txt; then
  echo "FAIL: relic $* --trace=%memory differs from native strace -f $* -e trace=%memory"
  cat diff.txt
  exit 1
fi
if [ "$native_rc" != "$relic_rc" ] || ! cmp -s native.out relic.out; then
  echo "FAIL: exit status native $native_rc, relic $relic_rc, or the program's output differs"
  exit 1
fi
lines=$(wc -l <relic.txt)
[ "$lines" -gt 100 ] || { echo "FAIL: only $lines lines"; exit 1; }
echo "ok: $lines lines of relic $* --trace=%memory match native strace exactly"
