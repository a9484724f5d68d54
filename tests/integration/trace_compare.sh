#!/usr/bin/env bash
# relic's --trace=EXPR against native `strace -f -e trace=EXPR` for the same
# i386 binary run on this machine: the lines must be the same once what truly
# differs between two runs is normalised (addresses, pids, times, padding).
# Usage: trace_compare.sh RELIC EXPR PROGRAM [ARGS...]
set -u
relic=$(readlink -f "$1") expr=$2
shift 2
command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 77; }
ulimit -c 0 # relic never dumps core (docs/tracing.md): neither may the native run
prog=$(readlink -f "$1")
shift
set -- "$prog" "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Both write to a file: the pid prefix is then on every line, and the
# program's own output stays apart.
strace -f -o native.raw -e trace="$expr" "$@" >native.out 2>native.err
native_rc=$?
"$relic" -o relic.raw --trace="$expr" "$@" >relic.out 2>relic.err
relic_rc=$?

# TRACE_COMPARE_BY_PID=1: each process's lines together, in the order the
# processes first appear, and a call another process's lines split ("wait4(N,
# <unfinished ...>" ... "<... wait4 resumed>...") joined into one line: how
# a parent's and a child's lines interleave is a race, natively as under
# relic, while each one's own sequence is not.
by_pid() {
  if [ "${TRACE_COMPARE_BY_PID:-}" != 1 ]; then cat "$1"; return; fi
  awk '{
    pid = ""; rest = $0
    if (match($0, /^[0-9]+ +/)) { pid = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1) }
    if (!(pid in n)) { order[++procs] = pid; n[pid] = 0 }
    if (rest ~ / <unfinished \.\.\.>$/) { sub(/ <unfinished \.\.\.>$/, "", rest); held[pid] = rest; next }
    if ((pid in held) && rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
      sub(/^<\.\.\. [a-z0-9_]+ resumed> ?/, "", rest); rest = held[pid] rest; delete held[pid]
    }
    line[pid, ++n[pid]] = pid rest
  }
  END {
    for (i = 1; i <= procs; i++) {
      p = order[i]
      for (j = 1; j <= n[p]; j++) print line[p, j]
      if (p in held) print p held[p] " <unfinished ...>"
    }
  }' "$1"
}

# getrandom's bytes differ on every run, by design; so do the pids a program
# passes to wait4 and kill (a fork's result).
normalise() {
  by_pid "$1" | sed -E -e 's/^[0-9]+ +/PID /' \
    -e 's/0x[0-9a-f]+/0xADDR/g' \
    -e 's/(si_pid|si_uid)=[0-9]+/\1=N/g' \
    -e 's/(si_utime|si_stime)=[0-9]+/\1=N/g' \
    -e 's/^((PID )?getrandom\()"[^"]*"/\1"RANDOM"/' \
    -e 's/^((PID )?(wait4|waitpid|kill|tkill)\()[0-9]+/\1N/' \
    -e 's/^((PID )?tgkill\()[0-9]+, [0-9]+/\1N, N/' \
    -e 's/^((PID )?<\.\.\. (wait4|waitpid) resumed>.*) = [0-9]+$/\1 = N/' \
    -e 's/\) +(= |<unfinished)/) \1/' \
    -e 's/ +(<unfinished \.\.\.>)$/ \1/' \
    -e 's/^((PID )?(clone|clone3|fork|vfork|wait4|waitpid|getpid|gettid|getppid|set_tid_address)\(.*) = [0-9]+$/\1 = N/' |
    if [ -n "${TRACE_COMPARE_FILTER:-}" ]; then grep -Ev "$TRACE_COMPARE_FILTER"; else cat; fi |
    sed -E -e "${TRACE_COMPARE_SED:-}" # a test's own: values that vary by nature
}
normalise native.raw >native.txt
normalise relic.raw >relic.txt
if ! diff -u native.txt relic.txt >diff.txt; then
  echo "FAIL: relic --trace=$expr differs from native strace -f -e trace=$expr"
  cat diff.txt
  exit 1
fi
if [ "$native_rc" != "$relic_rc" ]; then
  echo "FAIL: exit status native $native_rc, relic $relic_rc"
  exit 1
fi
lines=$(wc -l <relic.txt)
[ "$lines" -gt 0 ] || { echo "FAIL: no trace lines at all"; exit 1; }
echo "ok: $lines lines of --trace=$expr match native strace"
