#!/usr/bin/env bash
# The tracer's options and the lines strace prints that the native
# comparisons do not reach: honest ENOSYS (what the kernel version lacks
# against what relic lacks), unfinished/resumed pairs of two threads, pid
# prefixes, -o/-ff, -t/-tt/-ttt/-T, -s, execve followed into the new image,
# and one-line errors for bad options.
# Usage: trace_options.sh RELIC SAMPLES_DIR BUSYBOX
set -u
relic=$(readlink -f "$1") S=$(readlink -f "$2") bb=$(readlink -f "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has() { # has FILE REGEX WHAT
  grep -Eq -- "$2" "$1" || { fail "$3: no line matching /$2/ in:"; cat "$1"; }
}

# ENOSYS of a call the kernel version has not got: alloc_hugepages (i386
# 250) in 2.4.20, where the number exists and does nothing (Linux 2.4.20's
# sys_ni_syscall), and the same call working in 2.5.40.
"$relic" -o t1 --kernel 2.4.20 --trace=alloc_hugepages "$S/old-hugepages" >/dev/null 2>&1
has t1 '^[0-9]+ +alloc_hugepages\(.*\) += -1 ENOSYS \(Function not implemented\) <not in 2\.4\.20>$' \
  "2.4.20 alloc_hugepages"
"$relic" -o t2 --kernel 2.5.40 --hugepages 4 --trace=alloc_hugepages "$S/old-hugepages" >/dev/null 2>&1
grep -q ENOSYS t2 && fail "2.5.40 alloc_hugepages gave ENOSYS: $(grep ENOSYS t2 | head -1)"
has t2 '^[0-9]+ +alloc_hugepages\(.*\) += (0x)?[0-9a-f]+$' "2.5.40 alloc_hugepages works"

# ENOSYS of a call Linux has and relic does not implement.
"$relic" -o t3 --trace=kexec_load "$S/trace-enosys" >/dev/null 2>&1
has t3 'kexec_load\(.*\) += -1 ENOSYS \(Function not implemented\) <not implemented by relic>$' \
  "kexec_load"

# Two threads: the reader blocks in read while the main thread writes.
"$relic" --trace=read,write "$S/trace-enosys" t >/dev/null 2>t4
has t4 '^\[pid +[0-9]+\] read\([0-9]+,  <unfinished \.\.\.>$' "unfinished read, as strace cuts it"
has t4 '^\[pid +[0-9]+\] <\.\.\. read resumed>"x", 1\) += 1$' "resumed read"
has t4 '^\[pid +[0-9]+\] \+\+\+ exited with 0 \+\+\+$' "thread exit line"

# -ff: one file per task, no pid prefixes in them.
"$relic" -ff -o ff --trace=read,write "$S/trace-enosys" t >/dev/null 2>&1
n=$(ls ff.* 2>/dev/null | wc -l)
[ "$n" = 2 ] || fail "-ff made $n files, not 2 (main thread and reader)"
grep -Elq '^read\([0-9]+, ' ff.* || fail "-ff: no file holds the reader's read"
grep -Eq '^[0-9]' ff.* && fail "-ff: pid prefixes in the per-task files"

# Time stamps and times.
"$relic" -t --trace=kexec_load "$S/trace-enosys" >/dev/null 2>t5
has t5 '^[0-9]{2}:[0-9]{2}:[0-9]{2} kexec_load\(' "-t"
"$relic" -tt --trace=kexec_load "$S/trace-enosys" >/dev/null 2>t6
has t6 '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} kexec_load\(' "-tt"
"$relic" -ttt --trace=kexec_load "$S/trace-enosys" >/dev/null 2>t7
has t7 '^[0-9]{10,}\.[0-9]{6} kexec_load\(' "-ttt"
"$relic" -T --trace=kexec_load "$S/trace-enosys" >/dev/null 2>t8
has t8 '<not implemented by relic> <[0-9]+\.[0-9]{6}>$' "-T"

# -s cuts strings (here execve's argv, as strace's first line shows it).
"$relic" -s 3 --trace=execve "$S/trace-enosys" abcdef >/dev/null 2>t9
has t9 '^execve\(".*", \[".*"\.\.\., "abc"\.\.\.\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) += 0$' "-s 3"

# execve is followed into the new image (relic re-executes itself): the
# shell's child runs busybox echo, whose write is traced too.
if [ -x "$bb" ]; then
  "$relic" -o t10 --trace=execve,write,exit_group "$bb" sh -c "$bb echo traced; exit 3" \
    >/dev/null 2>&1
  has t10 'execve\(".*busybox", \["[^"]*"(\.\.\.)?, "echo", "traced"\]' "execve of the child"
  has t10 '^[0-9]+ +write\(1, .*\) += 7$' "the child's write after its execve"
  has t10 '^[0-9]+ +\+\+\+ exited with 3 \+\+\+$' "the shell's exit"
else
  echo "busybox not unpacked: the execve part is skipped"
fi

# -c alone: counted, nothing printed per call, the program runs as usual.
out=$("$relic" -c -o t11 "$S/hello" 2>&1)
[ $? = 0 ] && [ "$out" = "Hello from an i386 guest!" ] || fail "-c alone: '$out'"
grep -q 'execve(' t11 && fail "-c alone printed call lines"

# The -c table says why each ENOSYS happened, and the memory figures: the
# 2.5 segments of old-hugepages are 4 MiB pages the call itself allocates
# (alloc_hugepages prefaults them), so they show at the peak, not as faults.
"$relic" -c -o t12 --kernel 2.4.20 "$S/old-hugepages" >/dev/null 2>&1
has t12 '^relic: alloc_hugepages: [0-9]+ ENOSYS, not in Linux 2\.4\.20$' "-c ENOSYS line"
has t12 ' alloc_hugepages$' "-c row of alloc_hugepages"
"$relic" -c -o t13 --kernel 2.5.40 --hugepages 4 "$S/old-hugepages" >/dev/null 2>&1
has t13 '^relic: memory: peak resident [0-9]+ KiB \(the largest process\), [1-9][0-9]* huge pages \(4 MiB\) in use at that peak$' \
  "-c memory figures"
has t13 '^relic: page faults \(all processes\): [1-9][0-9]* of 4 KiB pages, 0 of 4 MiB pages$' \
  "-c page faults"

# Bad options: one line, relic's own exit status.
for bad in "--trace=no_such_call" "-S nonsense --trace" "-X loud --trace" "-ff --trace" \
  "--trace-format=xml --trace" "-d cpu" "-o /nonexistent/x --trace" \
  "-ff -o /nonexistent/x --trace"; do
  # shellcheck disable=SC2086
  "$relic" $bad "$S/hello" >out 2>err
  rc=$?
  [ "$rc" = 125 ] || fail "relic $bad: status $rc, not 125"
  [ "$(wc -l <err)" = 1 ] && grep -q '^relic: ' err || { fail "relic $bad: not one relic: line:"; cat err; }
done

[ $fails = 0 ] && echo "ok: tracing options"
exit $((fails > 0))
