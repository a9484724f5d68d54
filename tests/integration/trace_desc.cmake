# The file, descriptor, process and signal decoders (trace_desc.c,
# trace_proc.c, trace_sig.c): relic --trace=CLASS of samples/trace/calls.c
# against native `strace -f -e trace=CLASS` (strace 6.1) of the same binary.
# Lines where relic answers differently from strace (not a decoder's
# doing) are filtered, each with the gap it shows:
# - relic has no vDSO, so glibc's sigaction sets SA_RESTORER with its own
#   restorer (natively it uses the vDSO's sigreturn, no SA_RESTORER): the
#   rt_sigaction lines that install a handler differ.
set(DESC_FILTER_file "")
set(DESC_FILTER_desc "")
set(DESC_FILTER_process "")
set(DESC_FILTER_signal "^(PID )?rt_sigaction\\(SIGUSR")
foreach(class file desc process signal)
  add_test(NAME trace_desc_${class}_vs_strace
    COMMAND bash ${TRACE_DIR}/trace_compare.sh ${RELIC} %${class} ${S}/trace-calls)
  set_tests_properties(trace_desc_${class}_vs_strace PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 120
    ENVIRONMENT "TRACE_COMPARE_FILTER=${DESC_FILTER_${class}}")
endforeach()
