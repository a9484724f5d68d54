# The tracer (docs/tracing.md): strace-compatible lines checked against
# native strace 6.1 on this machine, JSON lines against the text trace of the
# same program, the -c table against the lines it counts.
set(TRACE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
function(trace_test name script)
  add_test(NAME ${name} COMMAND bash ${TRACE_DIR}/${script} ${RELIC} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()

# Signal and death lines of each way samples/guests/fault.c dies, against
# native `strace -f -e trace=none`.
foreach(how null div ill priv abort kill stack readonly)
  trace_test(trace_fault_${how}_vs_strace trace_compare.sh none ${S}/fault ${how})
endforeach()
trace_test(trace_options trace_options.sh ${S} ${CMAKE_SOURCE_DIR}/.deps/busybox-i386/bin/busybox)
