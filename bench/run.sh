#!/usr/bin/env bash
# Times each benchmark natively, under qemu-i386 and under relic in one
# invocation and prints relic's time as a ratio to qemu-i386's and to the
# native run (median of REPEAT runs each, the best in brackets; the three are
# interleaved so that a slow spell of the machine hits all of them).
# Usage: bench/run.sh [BUILD_DIR [BENCHMARK...]]   (default: all of them)
#   store_loop: 100 M stores + 1 M getpid (the CPU and syscall fast paths)
#   mem_loop:   20000 rounds of mmap, touch 64 pages, MADV_DONTNEED, mprotect,
#               mremap and munmap (the MMU and the memory calls)
#   fork_exit:  2000 x fork, the child _exits, the parent waits
#   fork_touch: 1000 x fork, the child writes every page of a 1 MiB buffer
#               the parent filled (copy on write), then exits
#   fork_chain: 100 chains of 16 processes, each forking the next and
#               waiting for it
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
repeat=${REPEAT:-5}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

declare -A cmd=(
  [store_loop]="store_loop"
  [mem_loop]="mem_loop"
  [fork_exit]="fork_loop exit 2000"
  [fork_touch]="fork_loop touch 1000"
  [fork_chain]="fork_loop chain 100 16"
)
all=(store_loop mem_loop fork_exit fork_touch fork_chain)
[ $# -gt 0 ] && all=("$@")

summary() { # "median (best)" of the numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f\n", m, v[1] }'
}

for b in "${all[@]}"; do
  [ -n "${cmd[$b]:-}" ] || { echo "unknown benchmark $b" >&2; exit 2; }
  read -r -a argv <<<"${cmd[$b]}"
  bin=$build/bench/${argv[0]}
  args=("${argv[@]:1}")
  for f in native qemu relic; do : >"$build/bench/$f"; done
  for _ in $(seq "$repeat"); do
    seconds "$bin" "${args[@]}" >>"$build/bench/native"
    seconds qemu-i386 "$bin" "${args[@]}" >>"$build/bench/qemu"
    seconds "$build/relic" "$bin" "${args[@]}" >>"$build/bench/relic"
  done
  read -r native native_best < <(summary <"$build/bench/native")
  read -r qemu qemu_best < <(summary <"$build/bench/qemu")
  read -r relic relic_best < <(summary <"$build/bench/relic")
  echo "$b (${cmd[$b]}), median of $repeat (best):"
  echo "  native    ${native}s (${native_best}s)"
  echo "  qemu-i386 ${qemu}s (${qemu_best}s)"
  echo "  relic     ${relic}s (${relic_best}s)"
  awk -v r="$relic" -v q="$qemu" -v n="$native" 'BEGIN {
    printf "  relic / qemu-i386 = %.2f\n", r / q;
    if (n > 0) printf "  relic / native    = %.2f\n", r / n }'
done
