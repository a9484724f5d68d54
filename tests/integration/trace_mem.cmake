# The memory decoders (syscalls/trace_mem.c): relic --trace=%memory of
# samples/trace/memcalls.c against native `strace -f -e trace=%memory`
# (strace 6.1) with only addresses normalised, under the options that change
# how the decoders print (-X, -s, -v, -y).
# Filtered: under -X raw/verbose the SIGCHLD line, whose siginfo the core
# still prints by name (strace prints the numbers there too).
set(MEM_SIG_FILTER "^PID --- SIGCHLD")
set(MEM_OPTS_default "")
set(MEM_OPTS_xverbose "-X;verbose")
set(MEM_OPTS_xraw "-X;raw")
set(MEM_OPTS_s1 "-s;1")
set(MEM_OPTS_v "-v")
set(MEM_OPTS_y "-y")
foreach(way default xverbose xraw s1 v y)
  add_test(NAME trace_memory_${way}_exact_vs_strace
    COMMAND bash ${TRACE_DIR}/trace_mem_compare.sh ${RELIC} ${S}/trace-memcalls
      ${MEM_OPTS_${way}})
  set_tests_properties(trace_memory_${way}_exact_vs_strace PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()
foreach(way xverbose xraw)
  set_tests_properties(trace_memory_${way}_exact_vs_strace PROPERTIES
    ENVIRONMENT "TRACE_COMPARE_FILTER=${MEM_SIG_FILTER}")
endforeach()
