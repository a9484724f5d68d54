#!/usr/bin/env bash
# compat_current.sh RELIC DOC: passes when DOC is what `RELIC --syscalls=doc`
# prints now, so docs/compatibility.md cannot drift from the dispatcher's
# table (the history rows and relic's handlers with their partial notes).
set -u
relic=$1 doc=$2
new=$(mktemp)
trap 'rm -f "$new"' EXIT
"$relic" --syscalls=doc >"$new" || exit 1
if ! diff -u "$doc" "$new"; then
  echo "FAIL: $doc is out of date with relic's syscall table; regenerate it with:"
  echo "  $relic --syscalls=doc > $doc"
  echo "(or: cmake --build <build dir> --target docs)"
  exit 1
fi
echo "ok: $doc is current"
