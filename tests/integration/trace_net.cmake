# Socket and System V IPC decoders (syscalls/trace_net.c, trace_netmsg.c,
# trace_ipc.c) against native strace 6.1: samples/trace/ipcnet.c makes each
# call through glibc and through socketcall(2)/ipc(2) by number. accept,
# send, recv and semop exist on i386 only as sub-calls: their lines show the
# sub-calls are named as strace names them. With trace=socketcall only the
# calls no sub-call explains remain (strace filters on the sub-call; a bare
# "ipc" is strace's legacy name of %ipc, so socketcall alone).
set(IPCNET ${CMAKE_CURRENT_SOURCE_DIR}/trace_ipcnet.sh ${RELIC} ${S}/trace-ipcnet)
add_test(NAME trace_ipcnet_vs_strace COMMAND bash ${IPCNET} %network,%ipc
  accept send recv semop shmat msgrcv)
add_test(NAME trace_ipcnet_multiplexers_vs_strace COMMAND bash ${IPCNET} socketcall
  socketcall)
add_test(NAME trace_ipcnet_subcall_names_vs_strace COMMAND bash ${IPCNET}
  accept,send,semop,shmat,msgrcv,semctl accept send semop shmat msgrcv semctl)
set_tests_properties(trace_ipcnet_vs_strace trace_ipcnet_multiplexers_vs_strace
  trace_ipcnet_subcall_names_vs_strace PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
# -s cuts strings and (without -v) arrays at its length; -v shows them whole.
add_test(NAME trace_ipcnet_s8_vs_strace COMMAND bash ${IPCNET} %network,%ipc semop)
set_tests_properties(trace_ipcnet_s8_vs_strace PROPERTIES ENVIRONMENT "TRACE_OPTS=-s 8")
add_test(NAME trace_ipcnet_verbose_vs_strace COMMAND bash ${IPCNET} %network,%ipc semop)
set_tests_properties(trace_ipcnet_verbose_vs_strace PROPERTIES ENVIRONMENT "TRACE_OPTS=-v")
set_tests_properties(trace_ipcnet_s8_vs_strace trace_ipcnet_verbose_vs_strace
  PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
