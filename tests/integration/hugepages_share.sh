#!/usr/bin/env bash
# Two separate relic processes of one guest machine use the same
# alloc_hugepages() key (Linux 2.5.53): the creator's write is read by the
# attacher, and the attacher's reply by the creator, through the segment.
#
# hugepages_share.sh RELIC PROGRAM
set -u
relic=$1
prog=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RELIC_RUNTIME_DIR=$work # the machine's files go with the test
opts=(--kernel 2.5.53 --hugepages 4 --machine share)
"$relic" "${opts[@]}" "$prog" create 777 >"$work/creator" 2>&1 &
creator=$!
"$relic" "${opts[@]}" "$prog" attach 777 >"$work/attacher" 2>&1
attach_status=$?
wait $creator
create_status=$?
cat "$work/creator" "$work/attacher"
ok=1
grep -qx 'attacher reads: "hello from the creator"' "$work/attacher" || ok=0
grep -qx 'creator reads: "reply from the attacher"' "$work/creator" || ok=0
if [ $ok = 1 ] && [ $attach_status = 0 ] && [ $create_status = 0 ]; then
  echo "ok: one segment, two processes"
  exit 0
fi
echo "FAIL: the segment was not shared (creator $create_status, attacher $attach_status)"
exit 1
