#!/usr/bin/env bash
# Runs a guest program natively and under relic and compares what a user sees:
# standard output, standard error (relic's own "guest killed" line aside) and
# the exit status, which includes death by signal. The native run on this
# machine (which executes i386 code) is the oracle.
#
# compare.sh RELIC [--stdin FILE] [--need PATH] [--no-stderr] [--relic-opt OPT]...
#            -- PROGRAM [ARGS...]
# An argument @TMP@ becomes a fresh empty directory, one per run.
# Exit 0 when equal, 1 with a diff when not, 77 (skipped) when --need is absent.
set -u
relic=$1
shift
stdin=/dev/null
check_stderr=1
relic_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
  --stdin) stdin=$2; shift 2 ;;
  --need) [ -e "$2" ] || { echo "skipped: $2 is not there"; exit 77; }; shift 2 ;;
  --no-stderr) check_stderr=0; shift ;;
  --relic-opt) relic_opts+=("$2"); shift 2 ;;
  *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # run NAME CMD...: stdout, stderr and status into $work/NAME.*
  local name=$1
  shift
  local args=() a
  mkdir -p "$work/$name.tmp"
  for a in "$@"; do args+=("${a//@TMP@/$work/$name.tmp}"); done
  { ("${args[@]}" <"$stdin" >"$work/$name.out" 2>"$work/$name.err"); } 2>/dev/null
  echo $? >"$work/$name.status"
  # The temporary directory's name differs between the runs.
  sed -i "s|$work/$name.tmp|@TMP@|g" "$work/$name.out" "$work/$name.err"
}

run native "$@"
run relic "$relic" "${relic_opts[@]}" "$@"
sed -i '/^relic: guest killed by /d; /^relic: out of memory/d' "$work/relic.err"

status=0
for part in status out err; do
  [ $part = err ] && [ $check_stderr = 0 ] && continue
  if ! cmp -s "$work/native.$part" "$work/relic.$part"; then
    echo "MISMATCH in $part of: $*"
    diff "$work/native.$part" "$work/relic.$part" | head -40
    status=1
  fi
done
[ $status = 0 ] && echo "same as native: $*"
exit $status
