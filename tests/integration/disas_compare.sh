#!/usr/bin/env bash
# relic -d in_asm against qemu-i386 7.2 -d in_asm (which disassembles with
# Capstone too) on the same static binary. Whole blocks are compared, the
# "IN:" names with them; nothing is normalised.
# - The logs are identical block for block up to the first block that runs
#   cpuid, or to the end when the program never does (musl). After a cpuid
#   the runs part: relic's CPU says GenuineIntel, qemu's AuthenticAMD, and
#   glibc picks its string functions by that.
# - Every block both logs have at one address is the same block.
# Usage: disas_compare.sh RELIC MIN_BLOCKS PROGRAM [ARGS...]
# (MIN_BLOCKS: how many identical leading blocks there must at least be.)
set -u
relic=$1 min=$2
shift 2
command -v qemu-i386 >/dev/null || { echo "skipped: qemu-i386 is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
[ -x "$1" ] || { echo "skipped: $1 is not built"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
qemu-i386 -d in_asm -D "$work/qemu" "$@" >/dev/null 2>&1
"$relic" -d in_asm -D "$work/relic" "$@" >/dev/null 2>&1
python3 - "$work/qemu" "$work/relic" "$min" <<'PY'
import re, sys
SEP = "----------------"
INSN = re.compile(r"0x[0-9a-f]{8}:  [0-9a-f]{2}( [0-9a-f]{2})*( +\S.*)?$")
def blocks(path):
    """The log as blocks: (start address, lines from IN: on)."""
    text = open(path).read()
    if not text.startswith(SEP + "\n"):
        sys.exit(f"FAIL: {path} does not start with the separator")
    out = []
    for chunk in text[len(SEP) + 1:].split("\n" + SEP + "\n"):
        lines = chunk.rstrip("\n").split("\n")
        # a block: its IN: line, at least one instruction, nothing else
        if not lines[0].startswith("IN: ") or len(lines) < 2 or \
                not all(INSN.match(l) for l in lines[1:]):
            sys.exit(f"FAIL: a malformed block in {path}: {lines[:3]}")
        out.append((lines[1].split(":")[0], lines))
    if not text.endswith("\n\n"):
        sys.exit(f"FAIL: {path} does not end with a blank line")
    return out
q, r = blocks(sys.argv[1]), blocks(sys.argv[2])
min_blocks = int(sys.argv[3])

n = 0
while n < len(q) and n < len(r) and q[n] == r[n]:
    n += 1
cpuid = next((i for i, (_, b) in enumerate(q) if any(" cpuid " in l for l in b)), None)
want = cpuid + 1 if cpuid is not None else len(q)
if n < want:
    a, b = q[n][1] if n < len(q) else [], r[n][1] if n < len(r) else []
    sys.exit(f"FAIL: block {n} differs (of {want} expected identical)\n"
             "qemu:\n  " + "\n  ".join(a) + "\nrelic:\n  " + "\n  ".join(b))
if cpuid is None and len(r) != len(q):
    sys.exit(f"FAIL: qemu logged {len(q)} blocks, relic {len(r)}")
if n < min_blocks:
    sys.exit(f"FAIL: only {n} identical leading blocks, want {min_blocks}")

by_addr = {}
for a, b in q:
    by_addr.setdefault(a, []).append(b)
common = differ = 0
for a, b in r:
    if a in by_addr:
        common += 1
        if b not in by_addr[a]:
            differ += 1
            print("differs at " + a + "\nqemu:\n  " + "\n  ".join(by_addr[a][0]) +
                  "\nrelic:\n  " + "\n  ".join(b))
if differ:
    sys.exit(f"FAIL: {differ} of {common} blocks at addresses both logged differ")
print(f"ok: {n} leading blocks identical ({len(q)} under qemu, {len(r)} under relic); "
      f"all {common} blocks at addresses both logged identical")
PY
