# The file, descriptor, process, time and signal decoders (trace_desc.c and
# the files trace_desc.h names): relic --trace=EXPR of samples/trace/calls.c
# against native `strace -f -e trace=EXPR` (strace 6.1) of the same binary,
# for each class, the four together, and by name the calls in no class.
#
# Lines where relic's emulation answers differently from the kernel (not
# the decoders' doing) are filtered, each with the gap it shows:
# - relic has no vDSO, so glibc's sigaction sets SA_RESTORER with its own
#   restorer (natively it uses the vDSO's sigreturn, no SA_RESTORER): the
#   rt_sigaction lines that install an action differ, and the old
#   sigaction(2) that reads such an action back shows SA_RESTORER and a
#   restorer: those two are cut from its line, and the rest (its mask, which
#   a misaligned struct guest_sigaction once lost) is compared.
# `trace-calls gaps` makes the calls that show relic's other gaps; no test
# runs it: gettimeofday is a syscall under relic (no vDSO), sched_yield and
# prctl are ENOSYS, a vfork child's SIGCHLD is shown after the parent's
# next call instead of before it, and a child killed by SIGKILL before it
# ran gets no "+++ killed by SIGKILL +++" line. (At start, with
# --trace=all: set_thread_area gives entry 6, natively 12; rseq is ENOSYS.)
# Traced, about one run in ten of `trace-calls gaps` never ends: when the
# vfork child's SIGCHLD is pending before the parent reaches vfork_wait()
# (process.c), the blocking read there returns -ERESTARTSYS at once, again
# and again, at 100% CPU, and SIGTERM no longer stops relic.
# Races, natively as under relic, are evened out too: each process's lines
# are compared as its own sequence (TRACE_COMPARE_BY_PID), and SIGCHLD lines
# go, since a child may exit before or after its parent enters wait4.
set(DESC_SIGACTION "^(PID )?rt_sigaction\\(SIG(USR|ALRM)")
set(DESC_SED_signal "s/^((PID )?sigaction\\(.*)SA_RESTORER\\|(.*), sa_restorer=0xADDR\\}/\\1\\3}/")
set(DESC_SED_all4 "${DESC_SED_signal}")
set(DESC_SIGCHLD "^(PID )?--- SIGCHLD")
set(DESC_FILTER_file "")
set(DESC_FILTER_desc "")
set(DESC_FILTER_process "${DESC_SIGCHLD}")
set(DESC_FILTER_signal "${DESC_SIGACTION}|${DESC_SIGCHLD}")
set(DESC_FILTER_all4 "${DESC_SIGACTION}|${DESC_SIGCHLD}")
set(DESC_FILTER_named "${DESC_SIGCHLD}")
set(DESC_EXPR_all4 "%file,%desc,%process,%signal")
# In no class: identity, limits, clocks, timers, umask.
set(DESC_EXPR_named "uname,getrlimit,ugetrlimit,setrlimit,prlimit64,clock_getres_time64,\
gettimeofday,time,alarm,setitimer,getitimer,umask,nanosleep,clock_nanosleep,clock_nanosleep_time64")
foreach(class file desc process signal)
  set(DESC_EXPR_${class} "%${class}")
endforeach()
# The clock's values differ from run to run: gettimeofday's and time's.
# (No square brackets here: CMake would not split the list at ';' inside.)
set(DESC_SED_named "s/tv_sec=[0-9]+, tv_usec=[0-9]+\\}, \\{tz_/tv_sec=N, tv_usec=N}, {tz_/
s/^((PID )?time\\(.)[0-9]+ .* = [0-9]+ .*/\\1T]) = T/")
foreach(t file desc process signal all4 named)
  add_test(NAME trace_desc_${t}_vs_strace
    COMMAND bash ${TRACE_DIR}/trace_compare.sh ${RELIC} ${DESC_EXPR_${t}} ${S}/trace-calls)
  set_tests_properties(trace_desc_${t}_vs_strace PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 120
    ENVIRONMENT "TRACE_COMPARE_BY_PID=1;TRACE_COMPARE_FILTER=${DESC_FILTER_${t}};TRACE_COMPARE_SED=${DESC_SED_${t}}")
endforeach()
