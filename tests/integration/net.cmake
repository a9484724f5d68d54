# Sockets and System V IPC, each against the native run of the same i386
# binary on this machine.
compare_test(net_sockets -- ${S}/net-sockets)
compare_test(net_sysv_sem_msg -- ${S}/net-sysv)
