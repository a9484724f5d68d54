#!/usr/bin/env bash
# -C prints the trace lines and then strace's -c table: the table's call
# count of each syscall must equal the number of its traced lines, and its
# errors column the number of those lines that failed.
# Usage: trace_count.sh RELIC EXPR PROGRAM [ARGS...]
set -u
relic=$1 expr=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$relic" -o "$work/out" -C --trace="$expr" "$@" >/dev/null 2>&1
python3 - "$work/out" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
try:
    head = next(i for i, l in enumerate(lines) if l.startswith("% time"))
except StopIteration:
    sys.exit("FAIL: no -c table after the lines")
calls, errors = {}, {}
for l in lines[:head]:
    l = re.sub(r"^\d+ +", "", l)
    m = re.match(r"(?:<\.\.\. )?([a-z_0-9]+)[( ]", l)
    if not m or l.startswith(("---", "+++")) or "resumed>" in l:
        continue
    name = m.group(1)
    calls[name] = calls.get(name, 0) + 1
    if re.search(r"\) += -1 E", l):
        errors[name] = errors.get(name, 0) + 1
table, terrors = {}, {}
for l in lines[head + 2:]:
    if l.startswith("------"):
        break
    f = l.split()
    # % time, seconds, usecs/call, calls, [errors], syscall
    if len(f) == 6:
        table[f[5]], terrors[f[5]] = int(f[3]), int(f[4])
    elif len(f) == 5:
        table[f[4]], terrors[f[4]] = int(f[3]), 0
    else:
        sys.exit(f"FAIL: table row not understood: {l!r}")
# exit/exit_group never return: strace's table does not count them either
for n in ("exit", "exit_group"):
    calls.pop(n, None); errors.pop(n, None); table.pop(n, None); terrors.pop(n, None)
if calls != table:
    sys.exit(f"FAIL: calls per syscall differ\nlines: {sorted(calls.items())}\ntable: {sorted(table.items())}")
if {k: v for k, v in errors.items() if v} != {k: v for k, v in terrors.items() if v}:
    sys.exit(f"FAIL: errors differ\nlines: {errors}\ntable: {terrors}")
if not calls:
    sys.exit("FAIL: nothing counted")
print(f"ok: the -c table counts {sum(calls.values())} calls of {len(calls)} syscalls, as the lines")
PY
