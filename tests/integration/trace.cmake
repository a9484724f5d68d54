# The tracer (docs/tracing.md): strace-compatible lines checked against
# native strace 6.1 on this machine, JSON lines against the text trace of the
# same program, the -c table against the lines it counts.
set(TRACE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
function(trace_test name script)
  add_test(NAME ${name} COMMAND bash ${TRACE_DIR}/${script} ${RELIC} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()

# The issue's test: many memory calls, relic's --trace=%memory against
# native `strace -f -e trace=%memory` of the same binary.
trace_test(trace_memory_vs_strace trace_compare.sh %memory ${S}/trace-memcalls)
# The same run's JSON parses line by line and carries the same calls.
trace_test(trace_json_parses trace_json.sh %memory ${S}/trace-memcalls)
# The tracer's reads fault nothing in: page events the same with or without
# decoding, each where the kernel's semantics put it; lines as native strace.
trace_test(trace_reads_leave_pages trace_peek.sh ${S}/trace-peek)
# Signal and death lines of each way samples/guests/fault.c dies, against
# native `strace -f -e trace=none`.
foreach(how null div ill priv abort kill stack readonly)
  trace_test(trace_fault_${how}_vs_strace trace_compare.sh none ${S}/fault ${how})
endforeach()
# -d in_asm against qemu-i386 -d in_asm on the same binary, block for block
# (the number: how many leading blocks must at least be identical). musl
# runs no cpuid, so its whole logs are identical; float-musl has a block
# qemu ends at a page. proc-nptl: threads, and qemu's flush at the first.
trace_test(disas_in_asm_vs_qemu disas_compare.sh 40 ${S}/hello)
trace_test(disas_in_asm_musl_vs_qemu disas_compare.sh 150 ${S}/hello-musl)
trace_test(disas_in_asm_float_musl_vs_qemu disas_compare.sh 500 ${S}/float-musl)
trace_test(disas_in_asm_threads_vs_qemu disas_compare.sh 40 ${S}/proc-nptl)
# -d/-D errors, -d help, and a log an execve adds to.
trace_test(disas_options disas_options.sh ${CMAKE_SOURCE_DIR}/.deps/busybox-i386/bin/busybox)
# -C: the table's counts equal the traced lines' counts, one process or many.
trace_test(trace_count_matches_lines trace_count.sh %memory ${S}/trace-memcalls)
trace_test(trace_count_all_calls trace_count.sh all ${S}/trace-memcalls)
# Options, honest ENOSYS, unfinished/resumed pairs, -ff, times, -s, execve
# followed into the new image, the -c extras, bad options.
trace_test(trace_options trace_options.sh ${S} ${CMAKE_SOURCE_DIR}/.deps/busybox-i386/bin/busybox)
# execve, open/openat, read, write, close of Debian's busybox cat, against
# native strace.
set(BB ${CMAKE_SOURCE_DIR}/.deps/busybox-i386/bin/busybox)
if(EXISTS ${BB})
  trace_test(trace_busybox_cat_vs_strace trace_compare.sh
    execve,write,exit_group,open,openat,close,read ${BB} cat ${DATA}/fruits.txt)
endif()
# Traced runs that once hung (samples/trace/calls.c gaps): a vfork parent
# with the child's SIGCHLD already pending spun in vfork_wait(), and a child
# SIGKILLed while writing a line left the shared trace lock behind.
add_test(NAME trace_vfork_and_sigkill_end COMMAND bash -c
  "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do timeout -s KILL 10 '$<TARGET_FILE:relic>' -o /dev/null --trace=all '${S}/trace-calls' gaps >/dev/null 2>&1; rc=$?; [ $rc = 137 ] && { echo \"run $i hung\"; exit 1; }; done; echo 'ok: 20 runs ended'")
set_tests_properties(trace_vfork_and_sigkill_end PROPERTIES TIMEOUT 300)
