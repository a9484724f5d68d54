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
# Signal and death lines of each way samples/guests/fault.c dies, against
# native `strace -f -e trace=none`.
foreach(how null div ill priv abort kill stack readonly)
  trace_test(trace_fault_${how}_vs_strace trace_compare.sh none ${S}/fault ${how})
endforeach()
# -d in_asm against qemu-i386 -d in_asm on the same binary.
trace_test(disas_in_asm_vs_qemu disas_compare.sh ${S}/hello)
