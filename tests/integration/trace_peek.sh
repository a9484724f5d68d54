#!/usr/bin/env bash
# The tracer's reads of guest memory change nothing (mm_peek): the page
# events of samples/trace/peek.c are the same, address for address, whether
# or not syscall lines are printed and decoded. There is no native
# equivalent of page events; what each one must be is the kernel's
# semantics: every buffer there is in a page nobody touched, so the first
# touch is the kernel's copy_from_user inside the call that reads it
# (getname for openat, the write's copy), which the trace prints just
# before the call's line; an untouched anonymous page reads as the zero
# page (do_anonymous_page), a private file page and a shared page that
# MADV_DONTNEED dropped come back from their object (do_read_fault,
# shmem_fault), and the latter at the same address. The printed lines are
# compared with native strace 6.1 of the same binary (addresses aside): the
# bytes the tracer reads from those untouched pages are the real ones.
# Usage: trace_peek.sh RELIC SAMPLE
set -u
relic=$1 sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
calls=openat,write,madvise
"$relic" --trace-pages "$sample" "$work/f" 2>"$work/pages" ||
  { echo "FAIL: the sample failed"; cat "$work/pages"; exit 1; }
"$relic" --trace-pages --trace=$calls "$sample" "$work/f" 2>"$work/some"
"$relic" --trace-pages --trace=all -v -s 64 "$sample" "$work/f" 2>"$work/all"
"$relic" -c "$sample" "$work/f" 2>"$work/c"
"$relic" -C -v "$sample" "$work/f" 2>"$work/cc"
native=
if command -v strace >/dev/null; then
  strace -e trace=$calls "$sample" "$work/f" 2>"$work/native" && native=$work/native
fi
python3 - "$work" "$native" <<'PY'
import difflib, re, sys
work, native = sys.argv[1], sys.argv[2]
def lines(name):
    return open(f"{work}/{name}").read().splitlines()
def events(name):
    return [l for l in lines(name) if l.startswith("~~~")]
base = events("pages")
for name in ("some", "all"):
    if events(name) != base:
        sys.exit(f"FAIL: page events differ when the tracer decodes ({name}):\n"
                 + "\n".join(difflib.unified_diff(base, events(name), lineterm="")))
some = lines("some")
def at(prefix):
    for i, l in enumerate(some):
        if l.startswith(prefix):
            return i
    sys.exit(f"FAIL: no line {prefix!r}: {some[-12:]}")
m = at("madvise(")
drop = re.search(r"madvise\((0x[0-9a-f]+), 4096, MADV_DONTNEED\) = 0", some[m])
if not drop or some[m - 1] != f"~~~ page drop 4K {drop[1]} MADV_DONTNEED ~~~":
    sys.exit(f"FAIL: the shared page's drop: {some[m - 2:m + 1]}")
want = [(r'openat\(AT_FDCWD, "", O_RDONLY\) += -1 ENOENT', r"read, zero page"),
        (r'write\(\d+, "(\\0){16}", 16\) += 16', r"read, zero page"),
        (r'write\(\d+, "relic peek\\n", 11\) += 11', r"read"),
        (r'write\(\d+, "abcd", 4\) += 4', r"read")]
i = m + 1
for call, how in want:
    ev = re.fullmatch(r"~~~ page fault-in 4K (0x[0-9a-f]{8}) " + how + " ~~~", some[i])
    if not ev or not re.match(call, some[i + 1]):
        sys.exit(f"FAIL: want one fault-in ({how}) just before /{call}/: {some[i:i + 2]}")
    i += 2
if ev[1] != drop[1]:
    sys.exit(f"FAIL: the dropped shared page came back at {ev[1]}, not {drop[1]}")
if native:
    norm = lambda ls: [re.sub(r"0x[0-9a-f]+", "ADDR", l) for l in ls]
    mine = norm([l for l in some[m:] if not l.startswith("~~~")])
    nat = norm(open(native).read().splitlines())
    nat = nat[next(k for k, l in enumerate(nat) if l.startswith("madvise(")):]
    if mine != nat:
        sys.exit("FAIL: lines differ from native strace:\n" + "\n".join(mine + ["--"] + nat))
faults = [[l for l in lines(n) if l.startswith("relic: page faults")] for n in ("c", "cc")]
if not faults[0] or faults[0] != faults[1]:
    sys.exit(f"FAIL: decoding every call changed the fault counts: {faults}")
print(f"ok: {len(base)} page events unchanged by decoding; "
      f"{'lines as native strace' if native else 'no strace: lines not compared'}")
PY
