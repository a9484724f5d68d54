#!/usr/bin/env bash
# What tracing costs: the store and memory loops under relic untraced, with
# the tracer on but every call filtered out (--trace=none), counting (-c)
# and printing every line (--trace -o /dev/null), against qemu-i386 and the
# native run in the same invocation (interleaved, median of REPEAT runs).
# BEFORE=/path/to/relic adds a relic built before the tracer existed, so
# "an untraced run is not slower than before" is measured, not assumed.
# Usage: bench/trace_cost.sh [BUILD_DIR [BENCHMARK...]]   (store_loop mem_loop)
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
repeat=${REPEAT:-5}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
all=(store_loop mem_loop)
[ $# -gt 0 ] && all=("$@")
relic=$build/relic

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A how=(
  [native]=""
  [qemu]="qemu-i386"
  [untraced]="$relic"
  [filtered]="$relic --trace=none"
  [counting]="$relic -c -o /dev/null"
  [lines]="$relic --trace -o /dev/null"
)
kinds=(native qemu untraced filtered counting lines)
if [ -n "${BEFORE:-}" ]; then
  how[before]=$BEFORE
  kinds+=(before)
fi
for b in "${all[@]}"; do
  bin=$build/bench/$b
  for k in "${kinds[@]}"; do : >"$build/bench/t_$k"; done
  for _ in $(seq "$repeat"); do
    for k in "${kinds[@]}"; do
      # shellcheck disable=SC2086
      seconds ${how[$k]} "$bin" >>"$build/bench/t_$k"
    done
  done
  declare -A t=()
  for k in "${kinds[@]}"; do t[$k]=$(median <"$build/bench/t_$k"); done
  echo "$b, median of $repeat:"
  for k in "${kinds[@]}"; do
    awk -v k="$k" -v s="${t[$k]}" -v q="${t[qemu]}" -v u="${t[untraced]}" 'BEGIN {
      printf "  %-9s %6.2fs  / qemu-i386 %.2f  / untraced relic %.2f\n", k, s, s / q, s / u }'
  done
done
