/* strace 6.1's own -c tables for test_trace_summary.c (see its head for
 * the program and the runs), with the nanoseconds that reproduce them. */
#ifndef RELIC_TEST_TRACE_SUMMARY_NATIVE_H
#define RELIC_TEST_TRACE_SUMMARY_NATIVE_H

struct native_row {
    const char *name;
    uint64_t calls, errors, ns;
    bool subcall; /* socketcall's socket (strace's 501), not the direct 359 */
};

/* strace -f -w -c -S time */
static const struct native_row rows_time[] = {
    {"clock_nanosleep", 2, 0, 2303000, false},
    {"wait4", 1, 0, 519472, false},
    {"brk", 5, 0, 244749, false},
    {"close", 5, 5, 227000, false},
    {"clone", 1, 0, 195750, false},
    {"getpid", 3, 0, 134750, false},
    {"sched_get_priority_max", 2, 0, 88249, false},
    {"readlink", 1, 0, 84750, false},
    {"getppid", 2, 0, 83957, false},
    {"set_robust_list", 2, 0, 77750, false},
    {"socket", 1, 0, 64750, false},
    {"mprotect", 1, 0, 60250, false},
    {"openat", 1, 1, 59750, false},
    {"set_thread_area", 1, 0, 49750, false},
    {"ugetrlimit", 1, 0, 49250, false},
    {"socket", 1, 0, 48750, true},
    {"getrandom", 1, 0, 47750, false},
    {"write", 1, 0, 45250, false},
    {"set_tid_address", 1, 0, 44250, false},
    {"rseq", 1, 0, 43010, false},
};
static const char table_time[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    " 51.50    0.002303        1151         2           clock_nanosleep\n"
    " 11.62    0.000519         519         1           wait4\n"
    "  5.47    0.000245          48         5           brk\n"
    "  5.08    0.000227          45         5         5 close\n"
    "  4.38    0.000196         195         1           clone\n"
    "  3.01    0.000135          44         3           getpid\n"
    "  1.97    0.000088          44         2           sched_get_priority_max\n"
    "  1.90    0.000085          84         1           readlink\n"
    "  1.88    0.000084          41         2           getppid\n"
    "  1.74    0.000078          38         2           set_robust_list\n"
    "  1.45    0.000065          64         1           socket\n"
    "  1.35    0.000060          60         1           mprotect\n"
    "  1.34    0.000060          59         1         1 openat\n"
    "  1.11    0.000050          49         1           set_thread_area\n"
    "  1.10    0.000049          49         1           ugetrlimit\n"
    "  1.09    0.000049          48         1           socket\n"
    "  1.07    0.000048          47         1           getrandom\n"
    "  1.01    0.000045          45         1           write\n"
    "  0.99    0.000044          44         1           set_tid_address\n"
    "  0.96    0.000043          43         1           rseq\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "100.00    0.004472         131        34         6 total\n";

/* strace -f -w -c -S calls */
static const struct native_row rows_calls[] = {
    {"close", 5, 5, 242138, false},
    {"brk", 5, 0, 323761, false},
    {"getpid", 3, 0, 150019, false},
    {"getppid", 2, 0, 123684, false},
    {"sched_get_priority_max", 2, 0, 96406, false},
    {"clock_nanosleep", 2, 0, 2353208, false},
    {"set_robust_list", 2, 0, 101465, false},
    {"write", 1, 0, 62028, false},
    {"readlink", 1, 0, 90595, false},
    {"wait4", 1, 0, 668833, false},
    {"clone", 1, 0, 243006, false},
    {"mprotect", 1, 0, 61771, false},
    {"ugetrlimit", 1, 0, 50445, false},
    {"set_thread_area", 1, 0, 57063, false},
    {"set_tid_address", 1, 0, 50097, false},
    {"openat", 1, 1, 71639, false},
    {"getrandom", 1, 0, 44026, false},
    {"socket", 1, 0, 65984, false},
    {"rseq", 1, 0, 46833, false},
    {"socket", 1, 0, 90795, true},
};
static const char table_calls[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "  4.85    0.000242          48         5         5 close\n"
    "  6.48    0.000324          64         5           brk\n"
    "  3.00    0.000150          50         3           getpid\n"
    "  2.48    0.000124          61         2           getppid\n"
    "  1.93    0.000096          48         2           sched_get_priority_max\n"
    " 47.12    0.002353        1176         2           clock_nanosleep\n"
    "  2.03    0.000101          50         2           set_robust_list\n"
    "  1.24    0.000062          62         1           write\n"
    "  1.81    0.000091          90         1           readlink\n"
    " 13.39    0.000669         668         1           wait4\n"
    "  4.87    0.000243         243         1           clone\n"
    "  1.24    0.000062          61         1           mprotect\n"
    "  1.01    0.000050          50         1           ugetrlimit\n"
    "  1.14    0.000057          57         1           set_thread_area\n"
    "  1.00    0.000050          50         1           set_tid_address\n"
    "  1.43    0.000072          71         1         1 openat\n"
    "  0.88    0.000044          44         1           getrandom\n"
    "  1.32    0.000066          65         1           socket\n"
    "  0.94    0.000047          46         1           rseq\n"
    "  1.82    0.000091          90         1           socket\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "100.00    0.004994         146        34         6 total\n";

/* strace -f -w -c -S name */
static const struct native_row rows_name[] = {
    {"brk", 5, 0, 250517, false},
    {"clock_nanosleep", 2, 0, 2323985, false},
    {"clone", 1, 0, 199212, false},
    {"close", 5, 5, 307003, false},
    {"getpid", 3, 0, 132783, false},
    {"getppid", 2, 0, 98550, false},
    {"getrandom", 1, 0, 46037, false},
    {"mprotect", 1, 0, 58921, false},
    {"openat", 1, 1, 67274, false},
    {"readlink", 1, 0, 92048, false},
    {"rseq", 1, 0, 45366, false},
    {"sched_get_priority_max", 2, 0, 85097, false},
    {"set_robust_list", 2, 0, 87530, false},
    {"set_thread_area", 1, 0, 46516, false},
    {"set_tid_address", 1, 0, 42759, false},
    {"socket", 1, 0, 57109, false},
    {"socket", 1, 0, 76519, true},
    {"ugetrlimit", 1, 0, 47423, false},
    {"wait4", 1, 0, 575031, false},
    {"write", 1, 0, 49715, false},
};
static const char table_name[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "  5.34    0.000251          50         5           brk\n"
    " 49.56    0.002324        1161         2           clock_nanosleep\n"
    "  4.25    0.000199         199         1           clone\n"
    "  6.55    0.000307          61         5         5 close\n"
    "  2.83    0.000133          44         3           getpid\n"
    "  2.10    0.000099          49         2           getppid\n"
    "  0.98    0.000046          46         1           getrandom\n"
    "  1.26    0.000059          58         1           mprotect\n"
    "  1.43    0.000067          67         1         1 openat\n"
    "  1.96    0.000092          92         1           readlink\n"
    "  0.97    0.000045          45         1           rseq\n"
    "  1.81    0.000085          42         2           sched_get_priority_max\n"
    "  1.87    0.000088          43         2           set_robust_list\n"
    "  0.99    0.000047          46         1           set_thread_area\n"
    "  0.91    0.000043          42         1           set_tid_address\n"
    "  1.22    0.000057          57         1           socket\n"
    "  1.63    0.000077          76         1           socket\n"
    "  1.01    0.000047          47         1           ugetrlimit\n"
    " 12.26    0.000575         575         1           wait4\n"
    "  1.06    0.000050          49         1           write\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "100.00    0.004689         137        34         6 total\n";

/* strace -f -w -c -S errors */
static const struct native_row rows_errors[] = {
    {"close", 5, 5, 271539, false},
    {"openat", 1, 1, 61250, false},
    {"write", 1, 0, 12750, false},
    {"getpid", 3, 0, 142698, false},
    {"brk", 5, 0, 243000, false},
    {"getppid", 2, 0, 215977, false},
    {"readlink", 1, 0, 87546, false},
    {"wait4", 1, 0, 707250, false},
    {"clone", 1, 0, 204750, false},
    {"mprotect", 1, 0, 55750, false},
    {"sched_get_priority_max", 2, 0, 92716, false},
    {"ugetrlimit", 1, 0, 46750, false},
    {"set_thread_area", 1, 0, 47750, false},
    {"set_tid_address", 1, 0, 46856, false},
    {"clock_nanosleep", 2, 0, 2318749, false},
    {"set_robust_list", 2, 0, 83321, false},
    {"getrandom", 1, 0, 46750, false},
    {"socket", 1, 0, 53631, false},
    {"rseq", 1, 0, 47456, false},
    {"socket", 1, 0, 67103, true},
};
static const char table_errors[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "  5.59    0.000272          54         5         5 close\n"
    "  1.26    0.000061          61         1         1 openat\n"
    "  0.26    0.000013          12         1           write\n"
    "  2.94    0.000143          47         3           getpid\n"
    "  5.01    0.000243          48         5           brk\n"
    "  4.45    0.000216         107         2           getppid\n"
    "  1.80    0.000088          87         1           readlink\n"
    " 14.57    0.000707         707         1           wait4\n"
    "  4.22    0.000205         204         1           clone\n"
    "  1.15    0.000056          55         1           mprotect\n"
    "  1.91    0.000093          46         2           sched_get_priority_max\n"
    "  0.96    0.000047          46         1           ugetrlimit\n"
    "  0.98    0.000048          47         1           set_thread_area\n"
    "  0.97    0.000047          46         1           set_tid_address\n"
    " 47.77    0.002319        1159         2           clock_nanosleep\n"
    "  1.72    0.000083          41         2           set_robust_list\n"
    "  0.96    0.000047          46         1           getrandom\n"
    "  1.10    0.000054          53         1           socket\n"
    "  0.98    0.000047          47         1           rseq\n"
    "  1.38    0.000067          67         1           socket\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "100.00    0.004854         142        34         6 total\n";

/* strace -f -w -c -S nothing */
static const struct native_row rows_nothing[] = {
    {"write", 1, 0, 11383, false},
    {"close", 5, 5, 42418, false},
    {"getpid", 3, 0, 25527, false},
    {"brk", 5, 0, 52228, false},
    {"getppid", 2, 0, 17750, false},
    {"readlink", 1, 0, 49750, false},
    {"wait4", 1, 0, 274750, false},
    {"clone", 1, 0, 231250, false},
    {"mprotect", 1, 0, 17250, false},
    {"sched_get_priority_max", 2, 0, 17750, false},
    {"ugetrlimit", 1, 0, 9750, false},
    {"set_thread_area", 1, 0, 9750, false},
    {"set_tid_address", 1, 0, 9065, false},
    {"clock_nanosleep", 2, 0, 2228936, false},
    {"openat", 1, 1, 17103, false},
    {"set_robust_list", 2, 0, 19000, false},
    {"getrandom", 1, 0, 9750, false},
    {"socket", 1, 0, 12908, false},
    {"rseq", 1, 0, 9622, false},
    {"socket", 1, 0, 25908, true},
};
static const char table_nothing[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "  0.37    0.000011          11         1           write\n"
    "  1.37    0.000042           8         5         5 close\n"
    "  0.83    0.000026           8         3           getpid\n"
    "  1.69    0.000052          10         5           brk\n"
    "  0.57    0.000018           8         2           getppid\n"
    "  1.61    0.000050          49         1           readlink\n"
    "  8.89    0.000275         274         1           wait4\n"
    "  7.48    0.000231         231         1           clone\n"
    "  0.56    0.000017          17         1           mprotect\n"
    "  0.57    0.000018           8         2           sched_get_priority_max\n"
    "  0.32    0.000010           9         1           ugetrlimit\n"
    "  0.32    0.000010           9         1           set_thread_area\n"
    "  0.29    0.000009           9         1           set_tid_address\n"
    " 72.09    0.002229        1114         2           clock_nanosleep\n"
    "  0.55    0.000017          17         1         1 openat\n"
    "  0.61    0.000019           9         2           set_robust_list\n"
    "  0.32    0.000010           9         1           getrandom\n"
    "  0.42    0.000013          12         1           socket\n"
    "  0.31    0.000010           9         1           rseq\n"
    "  0.84    0.000026          25         1           socket\n"
    "------ ----------- ----------- --------- --------- -----------------------\n"
    "100.00    0.003092          90        34         6 total\n";

/* strace -c (system time, all of it 0), default order */
static const struct native_row rows_zero[] = {
    {"read", 1, 0, 0, false},
    {"write", 1, 0, 0, false},
    {"close", 6, 5, 0, false},
    {"getpid", 3, 0, 0, false},
    {"brk", 5, 0, 0, false},
    {"readlink", 1, 0, 0, false},
    {"mprotect", 1, 0, 0, false},
    {"ugetrlimit", 1, 0, 0, false},
    {"set_thread_area", 1, 0, 0, false},
    {"set_tid_address", 1, 0, 0, false},
    {"openat", 2, 1, 0, false},
    {"set_robust_list", 1, 0, 0, false},
    {"getrandom", 1, 0, 0, false},
    {"socket", 1, 0, 0, false},
    {"rseq", 1, 0, 0, false},
    {"socket", 1, 0, 0, true},
};
static const char table_zero[] =
    "% time     seconds  usecs/call     calls    errors syscall\n"
    "------ ----------- ----------- --------- --------- ----------------\n"
    "  0.00    0.000000           0         1           read\n"
    "  0.00    0.000000           0         1           write\n"
    "  0.00    0.000000           0         6         5 close\n"
    "  0.00    0.000000           0         3           getpid\n"
    "  0.00    0.000000           0         5           brk\n"
    "  0.00    0.000000           0         1           readlink\n"
    "  0.00    0.000000           0         1           mprotect\n"
    "  0.00    0.000000           0         1           ugetrlimit\n"
    "  0.00    0.000000           0         1           set_thread_area\n"
    "  0.00    0.000000           0         1           set_tid_address\n"
    "  0.00    0.000000           0         2         1 openat\n"
    "  0.00    0.000000           0         1           set_robust_list\n"
    "  0.00    0.000000           0         1           getrandom\n"
    "  0.00    0.000000           0         1           socket\n"
    "  0.00    0.000000           0         1           rseq\n"
    "  0.00    0.000000           0         1           socket\n"
    "------ ----------- ----------- --------- --------- ----------------\n"
    "100.00    0.000000           0        28         6 total\n";

#endif
