#!/usr/bin/env bash
# -d and -D: the option errors and -d help (against qemu-i386's own lines
# where it has them), no log without -d, and a -D file that a guest's
# execve adds to (the new image's entry block is logged again), found by
# its absolute name after the guest changed directory.
# Usage: disas_options.sh RELIC BUSYBOX
set -u
relic=$1 bb=$2
[ -x "$bb" ] || { echo "skipped: $bb is not there"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$relic" -d in_asm,nochain "$bb" true 2>&1)
[ $? = 125 ] || fail "an unknown item: want exit 125"
[ "$out" = "relic: -d: unknown item 'nochain' (supported: in_asm)" ] ||
    fail "an unknown item: got '$out'"

out=$("$relic" -d help)
[ $? = 0 ] || fail "-d help: want exit 0"
want=$(printf 'Log items (comma separated):\nin_asm          show target assembly code for each compiled TB')
[ "$out" = "$want" ] || fail "-d help: got '$out'"
if command -v qemu-i386 >/dev/null; then
    q=$(qemu-i386 -d help 2>&1 | grep -E '^(Log items|in_asm )')
    [ "$q" = "$want" ] || fail "-d help: qemu-i386 says '$q'"
fi

out=$("$relic" "$bb" echo quiet 2>&1)
[ "$out" = quiet ] || fail "without -d: got '$out'"

out=$("$relic" -d in_asm -D /nonexistent/dir/log "$bb" true 2>&1)
[ $? = 125 ] || fail "-D into a missing directory: want exit 125"
case $out in "relic: -D: cannot open '/nonexistent/dir/log': "*) ;;
*) fail "-D into a missing directory: got '$out'" ;; esac

cd "$work" || exit 1
echo stale >log
"$relic" -d in_asm -D log "$bb" sh -c "cd / && exec $bb echo done" >out 2>err ||
    fail "the exec run failed: $(cat err)"
[ "$(cat out)" = done ] || fail "the exec run printed '$(cat out)'"
[ -s err ] && fail "the log went to stderr too: $(head -3 err)"
grep -q stale log && fail "-D did not truncate the file"
entry=$(printf '0x%08x' "$(readelf -h "$bb" | awk '/Entry point/ { print $4 }')")
n=$(grep -c "^$entry:" log)
[ "$n" = 2 ] || fail "the entry block $entry is logged $n times, want 2 (one per image)"
echo "ok"
