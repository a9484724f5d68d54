#!/usr/bin/env bash
# busybox sh running `echo … | tr … | sort | uniq -c` and a few more shell
# constructs (subshells, $(...), exit statuses, a signal death), natively and
# under relic; the stages are busybox applets through links on PATH, so that
# both runs execute the same i386 programs.
set -u
relic=$1 bb=$2
[ -x "$bb" ] || { echo "skipped: $bb is not there"; exit 77; }
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for a in sh tr sort uniq echo cat head wc sed expr true false kill sleep; do
  ln -s "$bb" "$bin/$a"
done
script='echo "b a c a b a d" | tr " " "\n" | sort | uniq -c
x=$(echo hello | tr a-z A-Z); echo "upper: $x"
(exit 3); echo "subshell status $?"
false || echo "false failed as it should"
sh -c "kill -TERM \$\$"; echo "child killed: $?"
for i in 1 2 3; do echo "$i" | sed "s/^/line /"; done | wc -l
echo done'
native=$(PATH=$bin "$bb" sh -c "$script" 2>&1; echo "status $?")
# relic's own "guest killed by" line is not the guest's output.
emulated=$(env PATH=$bin "$relic" "$bb" sh -c "$script" 2>&1 | grep -v '^relic: guest killed by '
  echo "status ${PIPESTATUS[0]}")
if [ "$native" != "$emulated" ]; then
  echo "MISMATCH"
  diff <(echo "$native") <(echo "$emulated")
  exit 1
fi
echo "same as native:"
echo "$native"
