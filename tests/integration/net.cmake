# Sockets and System V IPC, each against the native run of the same i386
# binary on this machine.
compare_test(net_sockets -- ${S}/net-sockets)
compare_test(net_sysv_sem_msg -- ${S}/net-sysv)
compare_test(net_sysv_shm -- ${S}/net-sysvshm)
# SHM_HUGETLB draws on the guest's pool: empty by default (as the host's),
# and a pool of 0 pages given explicitly must answer the same.
compare_test(net_sysv_shm_pool_0 --relic-opt --hugepages --relic-opt 0 -- ${S}/net-sysvshm)
