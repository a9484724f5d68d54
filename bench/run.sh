#!/usr/bin/env bash
# Times each benchmark natively, under qemu-i386 and under relic in one
# invocation and prints relic's time as a ratio to qemu-i386's and to the
# native run (best of REPEAT runs each). Usage: bench/run.sh [BUILD_DIR]
#   store_loop: 100 M stores + 1 M getpid (the CPU and syscall fast paths)
#   mem_loop:   20000 rounds of mmap, touch 64 pages, MADV_DONTNEED, mprotect,
#               mremap and munmap (the MMU and the memory calls)
set -eu
build=${1:-build}
repeat=${REPEAT:-3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/bench"
gcc -m32 -static -nostdlib -o "$build/bench/store_loop" "$here/store_loop.S"
gcc -m32 -static -O2 -o "$build/bench/mem_loop" "$here/mem_loop.c"

best() { # best seconds of $repeat runs of "$@"
  local best= t
  for _ in $(seq "$repeat"); do
    /usr/bin/time -o "$build/bench/time" -f %e "$@" >/dev/null 2>&1
    t=$(tail -n1 "$build/bench/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

for b in store_loop mem_loop; do
  bin=$build/bench/$b
  native=$(best "$bin")
  qemu=$(best qemu-i386 "$bin")
  relic=$(best "$build/relic" "$bin")
  echo "$b, best of $repeat:"
  echo "  native    ${native}s"
  echo "  qemu-i386 ${qemu}s"
  echo "  relic     ${relic}s"
  awk -v r="$relic" -v q="$qemu" -v n="$native" 'BEGIN {
    printf "  relic / qemu-i386 = %.2f\n", r / q;
    if (n > 0) printf "  relic / native    = %.2f\n", r / n }'
done
