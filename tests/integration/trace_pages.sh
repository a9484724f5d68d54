#!/usr/bin/env bash
# --trace-pages on samples/trace/pages.c, step by step, against what the
# kernel's memory semantics say each step does (there is no native
# equivalent to compare with):
# - a read of fresh private anonymous memory maps the zero page
#   (do_anonymous_page), the write after it copies it (do_wp_page), a first
#   write brings a page of its own;
# - MADV_DONTNEED drops exactly the resident pages (two of the four);
# - MADV_FREE pages go back when memory runs short: all 256;
# - a MAP_HUGETLB mapping takes the pool's only page, faults it in as one
#   4 MiB page, and munmap puts it back.
# The same run in JSON parses line by line. With --trace=%memory the events
# sit between the syscall lines where they happen: a call's line is written
# when it returns, so what the kernel does inside it (madvise's drops,
# munmap giving the huge page back) comes just before that line; faults
# come after the mmap that made the mapping. Without --trace, --trace-pages
# shows page events and the exit only.
# Usage: trace_pages.sh RELIC SAMPLE
set -u
relic=$1 sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$relic" --mem 12M --hugepages 1 --trace-pages "$sample" >"$work/out" 2>&1 || {
  echo "FAIL: the sample failed"; cat "$work/out"; exit 1; }
"$relic" --mem 12M --hugepages 1 --trace-pages --trace-format=json -o "$work/json" "$sample" \
  >/dev/null 2>&1
"$relic" --mem 12M --hugepages 1 --trace-pages --trace=%memory "$sample" >"$work/mem" 2>&1
python3 - "$work/out" "$work/json" "$work/mem" <<'PY'
import json, re, sys
def unpid(l):  # the "[pid N] " a line has while two processes run
    m = re.match(r"\[pid +(\d+)\] (.*)", l)
    return (int(m.group(1)), m.group(2)) if m else (None, l)
raw = [unpid(l) for l in open(sys.argv[1]).read().splitlines()]
steps, cur = {}, None
for _, l in raw:
    if not l.startswith("~~~"):
        cur = l
        steps[cur] = []
    elif cur:
        steps[cur].append(re.sub(r"0x[0-9a-f]+", "A", l))
def fail(msg):
    sys.exit(f"FAIL: {msg}\n" + "\n".join(f"{k}: {v[:6]}" for k, v in steps.items()))
s = steps.get("read page 0, write page 0, write page 1", [])
if s != ["~~~ page fault-in 4K A read, zero page ~~~", "~~~ page cow 4K A ~~~",
         "~~~ page fault-in 4K A write ~~~"]:
    fail(f"zero page, cow, first write: {s[:6]}")
s = [e for e in steps.get("dontneed pages 0-3", []) if " drop " in e]
if s != ["~~~ page drop 4K A MADV_DONTNEED ~~~"] * 2:
    fail(f"dontneed: {s}")
if sum(1 for v in steps.values() for e in v if " drop " in e) != 2:
    fail("drops outside the MADV_DONTNEED step")
s = steps.get("free 256 pages, then fill memory until they are taken back", [])
if s.count("~~~ page reclaim 4K A MADV_FREE ~~~") != 256:
    fail(f"{s.count('~~~ page reclaim 4K A MADV_FREE ~~~')} reclaims, not 256")
s = [e for e in steps.get("huge page", []) if "4K" not in e]
if s != ["~~~ hugepool take total=1 free=0 ~~~", "~~~ page fault-in 4M A write ~~~",
         "~~~ hugepool put total=1 free=1 ~~~"]:
    fail(f"huge page: {s}")
kinds = {}
for n, l in enumerate(open(sys.argv[2]), 1):
    try:
        o = json.loads(l)
    except ValueError as e:
        sys.exit(f"FAIL: JSON line {n}: {e}: {l!r}")
    if o.get("event") in ("page", "hugepool"):
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
if kinds.get("reclaim") != 256 or kinds.get("drop") != 2 or kinds.get("take") != 1:
    sys.exit(f"FAIL: JSON events {kinds}")
lines = [l for _, l in raw]
known = {"fork: A written by the child, then the parent",
         "read page 0, write page 0, write page 1", "dontneed pages 0-3",
         "free 256 pages, then fill memory until they are taken back", "huge page",
         "done", "+++ exited with 0 +++"}
other = [l for l in lines if not l.startswith(("~~~", "--- SIGCHLD ")) and
         re.sub(r"0x[0-9a-f]+", "A", l) not in known]
if other:
    sys.exit(f"FAIL: --trace-pages alone printed other lines: {other[:5]}")
# fork: both processes hold the page; the first write in each faults
# (do_wp_page(): the first writer copies, the other then has it alone);
# the page next to it is never written after fork: no event.
fk = [l for l in lines if l.startswith("fork: ")]
c = int(fk[0].split()[1], 16) if fk else 0
cows = [pid for pid, l in raw if l == f"~~~ page cow 4K {c:#010x} after fork ~~~"]
# The child's line has its pid; the parent writes after wait4, alone again.
if len(cows) != 2 or cows[0] is None or cows[1] is not None or any(
        l.startswith(f"~~~ page cow 4K {c + 4096:#010x}") for l in lines):
    sys.exit(f"FAIL: copy on write after fork at {c:#x}: by pids {cows}")
if any("after fork" in l for l in lines[:lines.index(fk[0])]):
    sys.exit("FAIL: a copy on write after fork before the fork")
mem = [re.sub(r"0x[0-9a-f]+", "A", l) for l in open(sys.argv[3]).read().splitlines()]
def at(prefix, start=0):
    for i in range(start, len(mem)):
        if mem[i].startswith(prefix):
            return i
    sys.exit(f"FAIL: no line {prefix!r} in the --trace=%memory run")
d = at("madvise(A, 16384, MADV_DONTNEED) = 0")
if mem[d - 3:d] != ["dontneed pages 0-3"] + ["~~~ page drop 4K A MADV_DONTNEED ~~~"] * 2:
    sys.exit(f"FAIL: drops before madvise's line: {mem[d - 3:d + 1]}")
f = at("madvise(A, 1048576, MADV_FREE) = 0")
m = at("mmap2(NULL, 7340032,", f)
h = at("huge page", m)
if any(not e.startswith("~~~ page fault-in 4K") for e in mem[f + 1:m]):
    sys.exit(f"FAIL: MADV_FREE itself dropped pages: {mem[f + 1:m][:5]}")
r = [e for e in mem[m + 1:h] if " reclaim " in e]
if len(r) != 256 or any(" reclaim " in e for e in mem[:m] + mem[h:]):
    sys.exit(f"FAIL: {len(r)} reclaims after the fill's mmap2, not all 256 there")
hm = at("mmap2(NULL, 4194304, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB", h)
if mem[hm + 1:hm + 5] != ["~~~ hugepool take total=1 free=0 ~~~",
                          "~~~ page fault-in 4M A write ~~~",
                          "~~~ hugepool put total=1 free=1 ~~~",
                          "munmap(A, 4194304)             = 0"]:
    sys.exit(f"FAIL: huge page events around mmap2/munmap: {mem[hm:hm + 5]}")
print(f"ok: page events as the kernel's semantics say; JSON: {kinds}")
PY
