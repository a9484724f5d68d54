#!/usr/bin/env bash
# corpus regdump (Ange Albertini's register dumper): the register values are
# live, so compare the banner, the table headers and the exit status (38)
# with the native run; qemu-i386 7.2 dies of SIGSEGV here.
set -u
relic=$1 bin=$2
[ -e "$bin" ] || { echo "skipped: $bin is not there"; exit 77; }
headers() { grep -v '^ ||' | grep -v '^$'; }
native=$("$bin" 2>&1 | headers; echo "status ${PIPESTATUS[0]}")
emulated=$("$relic" "$bin" 2>&1 | headers; echo "status ${PIPESTATUS[0]}")
if [ "$native" != "$emulated" ]; then
  diff <(echo "$native") <(echo "$emulated")
  exit 1
fi
echo "same banner, headers and status as native"
