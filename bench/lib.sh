# Shared by the benchmark scripts: build the guest loops into $build/bench
# and time one run. The caller sets build and here.
mkdir -p "$build/bench"
gcc -m32 -static -nostdlib -o "$build/bench/store_loop" "$here/store_loop.S"
gcc -m32 -static -O2 -o "$build/bench/mem_loop" "$here/mem_loop.c"
gcc -m32 -static -O2 -o "$build/bench/fork_loop" "$here/fork_loop.c"

seconds() { # elapsed seconds of one run of "$@"; a failed run stops the script
  if ! /usr/bin/time -o "$build/bench/time" -f %e "$@" >/dev/null 2>"$build/bench/err"; then
    echo "failed: $*" >&2
    cat "$build/bench/err" >&2
    exit 1
  fi
  tail -n1 "$build/bench/time"
}
