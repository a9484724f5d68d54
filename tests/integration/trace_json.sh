#!/usr/bin/env bash
# --trace-format=json: every line parses with Python's json module on its
# own, and the objects carry the same calls, arguments and results as the
# text trace of the same program (rebuilt into strace's line form and
# compared after normalising addresses and pids).
# Usage: trace_json.sh RELIC EXPR PROGRAM [ARGS...]
set -u
relic=$1 expr=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$relic" -o "$work/text" --trace="$expr" "$@" >/dev/null 2>&1
"$relic" -o "$work/json" --trace-format=json --trace="$expr" "$@" >/dev/null 2>&1
python3 - "$work/text" "$work/json" <<'PY'
import json, re, sys
text_path, json_path = sys.argv[1:3]
def norm(line):
    line = re.sub(r"0x[0-9a-f]+", "0xADDR", line)
    line = re.sub(r"(si_pid|si_uid|si_utime|si_stime)=\d+", r"\1=N", line)
    line = re.sub(r"\s+", " ", line).strip()
    return re.sub(r"^((?:clone|clone3|fork|vfork|wait4|waitpid|getpid|gettid|getppid|"
                  r"set_tid_address)\(.*) = \d+$", r"\1 = N", line)
# Per task, in order; a call cut by another task's line is joined again.
def by_task(pairs):
    order, seqs = [], {}
    for pid, line in pairs:
        if pid not in seqs:
            order.append(pid)
            seqs[pid] = []
        seqs[pid].append(line)
    return [seqs[p] for p in order]
pairs, open_call = [], {}
for l in open(text_path):
    m = re.match(r"^(\d+) +(.*)$", l.rstrip("\n"))
    pid, l = m.group(1), m.group(2)
    if l.endswith(" <unfinished ...>"):
        open_call[pid] = l[: -len(" <unfinished ...>")]
        continue
    r = re.match(r"^<\.\.\. \w+ resumed>(.*)$", l)
    if r:
        l = open_call.pop(pid, "") + r.group(1)
    pairs.append((pid, norm(l)))
text = by_task(pairs)
rebuilt, jpairs = [], []
for n, l in enumerate(open(json_path), 1):
    try:
        o = json.loads(l)
    except ValueError as e:
        sys.exit(f"FAIL: line {n} is not JSON ({e}): {l!r}")
    for key in ("pid", "time"):
        if key not in o:
            sys.exit(f"FAIL: line {n} has no {key}: {l!r}")
    if "syscall" in o:
        if not isinstance(o["args"], list) or not all(isinstance(a, str) for a in o["args"]):
            sys.exit(f"FAIL: line {n}: raw args are not a list of strings")
        s = f'{o["syscall"]}({", ".join(o["decoded"])}) = '
        if o["return"] is None:
            s += "?"
        elif "errno" in o:
            s += f'{"?" if o["errno"].startswith("ERESTART") else -1} {o["errno"]} ({o["error"]})'
            if "enosys" in o:
                s += f' <{o["enosys"]}>'
        else:
            s += o["retval"]
        rebuilt.append(norm(s))
    elif o.get("event") == "signal":
        rebuilt.append(norm(f'--- {o["signal"]} {o["siginfo"]} ---'))
    elif o.get("event") == "exit":
        rebuilt.append(f'+++ exited with {o["status"]} +++')
    elif o.get("event") == "killed":
        rebuilt.append(f'+++ killed by {o["signal"]}{" (core dumped)" if o["core"] else ""} +++')
    else:
        rebuilt.append(norm(json.dumps(o)))
    jpairs.append((o["pid"], rebuilt[-1]))
rebuilt = by_task(jpairs)
if rebuilt != text:
    import difflib
    print("FAIL: the JSON objects do not carry the text trace's calls")
    flat = lambda tasks: [f"task {i}: {l}" for i, t in enumerate(tasks) for l in t]
    print("\n".join(difflib.unified_diff(flat(text), flat(rebuilt), "text", "json", lineterm="")))
    sys.exit(1)
calls = sum(1 for t in text for l in t if not l.startswith(("---", "+++")))
if calls == 0:
    sys.exit("FAIL: no calls traced")
print(f"ok: {len(jpairs)} JSON lines parse and match the text trace ({calls} calls)")
PY
