#!/usr/bin/env bash
# docs_current.sh ARCH TSV AWK DOC: passes when DOC is what AWK makes of TSV
# now, so the committed syscall doc cannot drift from the data it shows.
set -u
arch=$1 tsv=$2 awk_script=$3 doc=$4
new=$(mktemp)
trap 'rm -f "$new"' EXIT
awk -v arch="$arch" -f "$awk_script" "$tsv" >"$new" || exit 1
if ! diff -u "$doc" "$new"; then
  echo "FAIL: $doc is out of date with $tsv; regenerate it with:"
  echo "  awk -v arch=$arch -f $awk_script $tsv > $doc"
  echo "(or: cmake --build <build dir> --target docs)"
  exit 1
fi
echo "ok: $doc is current"
