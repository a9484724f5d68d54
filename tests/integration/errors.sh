#!/usr/bin/env bash
# What relic says about programs it cannot run: one clear line on stderr and
# the status a shell gives (127 not found, 126 cannot execute), never a crash.
set -u
relic=$1 s=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect() { # expect NAME STATUS PATTERN PROGRAM
  local name=$1 want=$2 pattern=$3
  shift 3
  local err status
  err=$("$relic" "$@" 2>&1 >/dev/null)
  status=$?
  if [ "$status" != "$want" ] || [ "$(wc -l <<<"$err")" != 1 ] || ! grep -q -- "$pattern" <<<"$err"; then
    echo "FAIL: $name: status $status (want $want), message: $err"
    fail=1
  else
    echo "ok: $name: $err"
  fi
}
expect "missing file" 127 "No such file or directory" "$work/nope"
expect "a directory" 126 "Is a directory" "$work"
printf 'just text\n' >"$work/text" && chmod +x "$work/text"
expect "not an ELF" 126 "not an ELF file" "$work/text"
cp "$s/hello" "$work/noexec" && chmod -x "$work/noexec"
expect "no execute permission" 126 "Permission denied" "$work/noexec"
cp /bin/true "$work/elf64"
expect "64-bit ELF" 126 "unsupported ELF class (64-bit)" "$work/elf64"
# Bad personality options: one line and 125, as for any bad option.
expect "bad --kernel" 125 "bad kernel version 'banana'" --kernel banana "$s/hello"
expect "too old --kernel" 125 "outside 2.0" --kernel 1.2.13 "$s/hello"
expect "too new --kernel" 125 "outside 2.0" --kernel 9.1 "$s/hello"
RELIC_KERNEL=2.x expect "bad RELIC_KERNEL" 125 "bad kernel version '2.x'" "$s/hello"
expect "bad --cpu" 125 "bad cpu 'z80'" --cpu z80 "$s/hello"
expect "no pool in 2.4" 125 "no huge page support" --kernel 2.4.20 --hugepages 2 "$s/hello"
expect "bad --machine" 125 "bad machine name" --machine a/b "$s/hello"
# Truncations of a real program at every interesting size: header, program
# headers, first segment.
for n in 4 20 51 52 60 100 200 1000 5000; do
  head -c $n "$s/hello" >"$work/cut$n" && chmod +x "$work/cut$n"
  out=$("$relic" "$work/cut$n" 2>&1 >/dev/null)
  status=$?
  if [ $status -ge 128 ] && ! grep -q 'guest killed by' <<<"$out"; then
    echo "FAIL: truncated at $n bytes crashed relic (status $status): $out"
    fail=1
  else
    echo "ok: truncated at $n bytes: status $status: $(head -1 <<<"$out")"
  fi
done
# A wrong machine: the same file with e_machine patched to ARM (40).
cp "$s/hello" "$work/arm" && printf '\x28\x00' | dd of="$work/arm" bs=1 seek=18 conv=notrunc 2>/dev/null
expect "wrong machine" 126 "ARM programs are not supported" "$work/arm"
# Garbage program headers: e_phnum 0xffff.
cp "$s/hello" "$work/phnum" && printf '\xff\xff' | dd of="$work/phnum" bs=1 seek=44 conv=notrunc 2>/dev/null
expect "bad program headers" 126 "bad program header table" "$work/phnum"
# Random damage to the headers of a real program (fixed seed, so a failure
# repeats): relic may refuse the file or the guest may die, relic may not.
RANDOM=2
for i in $(seq 1 60); do
  cp "$s/hello-asm" "$work/fuzz"
  for _ in 1 2 3; do
    printf "\\x$(printf %02x $((RANDOM % 256)))" |
      dd of="$work/fuzz" bs=1 seek=$((RANDOM % 180)) conv=notrunc 2>/dev/null
  done
  out=$(timeout 10 "$relic" "$work/fuzz" 2>&1 >/dev/null)
  status=$?
  if [ $status = 124 ] || { [ $status -ge 128 ] && ! grep -q 'guest killed by' <<<"$out"; } ||
    grep -q 'Sanitizer' <<<"$out"; then
    echo "FAIL: damaged ELF #$i: status $status: $out"
    cp "$work/fuzz" "/tmp/relic-fuzz-$i"
    fail=1
  fi
done
echo "ok: 60 damaged ELF files: no crash of relic"
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
