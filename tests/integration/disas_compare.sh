#!/usr/bin/env bash
# relic -d in_asm against qemu-i386 -d in_asm (qemu 7.2 also disassembles
# with Capstone) on the same static binary:
# - the blocks up to the first cpuid are the same, names and all (after it
#   the programs take different paths: relic's CPU says GenuineIntel, qemu's
#   AuthenticAMD, and glibc picks its string functions by that);
# - every instruction both logs show at one address reads the same.
# Usage: disas_compare.sh RELIC PROGRAM [ARGS...]
set -u
relic=$1
shift
command -v qemu-i386 >/dev/null || { echo "skipped: qemu-i386 is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
qemu-i386 -d in_asm -D "$work/qemu" "$@" >/dev/null 2>&1
"$relic" -d in_asm -D "$work/relic" "$@" >/dev/null 2>&1
python3 - "$work/qemu" "$work/relic" "$1" <<'PY'
import subprocess, sys
def blocks(path):
    text = open(path).read()
    return [b.strip("\n").split("\n") for b in text.split("----------------\n") if b.strip()]
q, r = blocks(sys.argv[1]), blocks(sys.argv[2])
# The program's functions, to check the IN: names. qemu picks one of two
# aliases (__libc_start_main or its _impl) as its unstable sort falls.
funcs = {}
for l in subprocess.run(["readelf", "-sW", sys.argv[3]], capture_output=True,
                        text=True).stdout.splitlines():
    f = l.split()
    if len(f) == 8 and f[3] == "FUNC" and f[6] != "UND":
        funcs.setdefault(f[7], []).append((int(f[1], 16), int(f[2], 0)))
# Instruction lines by address, in order of first appearance, up to the
# first cpuid. Where a block ends is the engine's business (qemu 7.2 ends
# blocks at page boundaries, Unicorn's older translator does not; a loop
# back into a block starts a new one), so addresses seen already are skipped.
def stream(bs):
    seen, out = set(), []
    for b in bs:
        for l in b[1:]:
            a = l.split(":")[0]
            if a not in seen:
                seen.add(a)
                out.append(l)
            if " cpuid" in l:
                return out
    return out
qs, rs = stream(q), stream(r)
if qs != rs:
    for i, (x, y) in enumerate(zip(qs, rs)):
        if x != y:
            sys.exit(f"FAIL: instruction {i} before cpuid differs\nqemu:  {x}\nrelic: {y}")
    sys.exit(f"FAIL: {len(qs)} instructions before cpuid under qemu, {len(rs)} under relic")
if len(rs) < 50:
    sys.exit(f"FAIL: only {len(rs)} instructions compared")
lines = {l.split(":")[0]: l for b in q for l in b[1:]}
same = differ = 0
for b in r:
    if not b[0].startswith("IN: "):
        sys.exit(f"FAIL: a block without its IN: line: {b[:2]}")
    addr, name = int(b[1].split(":")[0], 16), b[0][4:]
    if name and not any(s <= addr < s + n for s, n in funcs.get(name, [])):
        sys.exit(f"FAIL: block {addr:#x} is not in {name}")
    for l in b[1:]:
        k = l.split(":")[0]
        if k in lines:
            if lines[k] == l:
                same += 1
            else:
                differ += 1
                print(f"differs: qemu  {lines[k]!r}\n         relic {l!r}")
if differ:
    sys.exit(f"FAIL: {differ} instruction lines differ")
print(f"ok: {len(rs)} instructions identical up to cpuid; {same} lines at addresses both logged, all identical")
PY
