#!/usr/bin/env bash
# Socket and System V IPC lines of relic --trace against native strace 6.1
# (`strace -f -e trace=EXPR`) for the same i386 binary on this machine, the
# calls made both directly and through socketcall(2)/ipc(2). What truly
# differs between two runs is normalised: pids, addresses, ports the kernel
# picked, IPC ids, and the times and pids inside IPC_STAT structures.
# Usage: trace_ipcnet.sh RELIC PROGRAM EXPR [CALL...]: each CALL must have
# a line of its own. TRACE_OPTS (-s 8, -v...) go to both.
set -u
command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 77; }
relic=$(readlink -f "$1")
prog=$(readlink -f "$2")
expr=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# shellcheck disable=SC2086 # TRACE_OPTS is a list of options
strace -f -o native.raw ${TRACE_OPTS:-} -e trace="$expr" "$prog" >native.out 2>native.err
native_rc=$?
# shellcheck disable=SC2086
"$relic" -o relic.raw ${TRACE_OPTS:-} --trace="$expr" "$prog" >relic.out 2>relic.err
relic_rc=$?

normalise() {
  sed -E -e 's/^[0-9]+ +/PID /' \
    -e 's/0x[0-9a-f]+/0xADDR/g' \
    -e 's/htons\([1-9][0-9]*\)/htons(PORT)/g' \
    -e 's/(shm_cpid|shm_lpid|msg_lspid|msg_lrpid|nl_pid)=[0-9]+/\1=PID/g' \
    -e 's/(_atime|_dtime|_ctime|_otime|_stime|_rtime)=[0-9]+/\1=TIME/g' "$1" |
    awk '
      # IPC ids: numbered by kind in order of creation, in the *get results
      # and in the first argument of every call on them.
      match($0, /^PID (sem|msg|shm)[a-z_0-9]*\(/) {
        kind = substr($0, 5, 3)
        if ($0 ~ /^PID (sem|msg|shm)get\(.* = [0-9]+$/) {
          id = $NF
          ids[kind, id] = kind "ID" (++n[kind])
          sub(/ = [0-9]+$/, " = " ids[kind, id])
        } else if (substr($0, 5, 5) != "shmdt") {
          open = index($0, "(")
          rest = substr($0, open + 1)
          arg = rest
          sub(/,.*/, "", arg)
          if (arg ~ /^-?[0-9]+$/) # an id whose *get is not in the trace: ID?
            $0 = substr($0, 1, open) ((kind, arg) in ids ? ids[kind, arg] : kind "ID?") \
                 substr(rest, length(arg) + 1)
        }
      }
      { print }' |
    sed -E -e 's/\) +(= )/) \1/'
}
normalise native.raw >native.txt
normalise relic.raw >relic.txt
if ! diff -u native.txt relic.txt >diff.txt; then
  echo "FAIL: relic ${TRACE_OPTS:-}--trace=$expr differs from native strace -f -e trace=$expr"
  cat diff.txt
  exit 1
fi
if [ "$native_rc" != "$relic_rc" ] || ! cmp -s native.out relic.out; then
  echo "FAIL: the program itself: native status $native_rc, relic $relic_rc"
  diff native.out relic.out
  exit 1
fi
for call in "$@"; do
  grep -q "^PID $call(" relic.txt || { echo "FAIL: no $call( line"; exit 1; }
done
echo "ok: $(wc -l <relic.txt) lines of --trace=$expr match native strace"
