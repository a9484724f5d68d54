/* The -c table (trace_summary.c) against strace 6.1's, and the mm counters
 * behind its memory figures.
 *
 * The native tables (trace_summary_native.h) are what strace 6.1 printed on this machine
 * for an i386 static program (gcc -m32 -static; the program is in the comment that
 * follows), one run per -S key, as `strace -f -w -c -S KEY -o FILE`, from their "% time"
 * line on (the 32-bit table: on an i386 kernel it is the only one). Each run's rows give
 * calls and errors; strace's seconds are whole microseconds of nanosecond sums, so each
 * row's nanoseconds were chosen, within the half microsecond its seconds allow, so that
 * all its figures (seconds, usecs/call, % time, the total row) come out as strace printed
 * them: the table relic prints from them must be the same text. Rows are fed in reverse,
 * so that their order is the sort's own.
 *
 *   for (i = 0; i < 5; i++) close(100 + i);       5 EBADF
 *   for (i = 0; i < 3; i++) getpid();
 *   sched_get_priority_max(0) twice;              a name past 15 columns
 *   nanosleep 1 ms twice;                         (clock_nanosleep)
 *   open("/nonexistent");                         ENOENT (openat)
 *   socketcall(SYS_SOCKET, ...); socket(...);     sub-call 501 and direct 359
 *   fork: the child calls getppid twice; waitpid (wait4)
 *   write(1, "hi\n", 3)
 *
 * table_zero is the default (time) order of a `strace -c` run whose times
 * were all 0 (without -w strace counts system time: a short run often has
 * none), so that ties keep the syscall order; its program is the one above
 * without the sleeps, the sched calls and the fork, with a read of a file
 * (6 close, 5 of them EBADF; 2 openat, 1 ENOENT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "syscalls/kversion.h"
#include "syscalls/syscalls.h"
#include "syscalls/trace.h"
#include "tests/unit/mm_fixture.h"
#include "tests/unit/trace_summary_native.h"

/* ---- helpers ---- */

static void *region;

static int fresh_region(void **state)
{
    (void)state;
    region = calloc(1, summary_shared_size());
    summary_attach(region);
    trace_opt.sortby = NULL;
    return region ? 0 : -1;
}

static int drop_region(void **state)
{
    (void)state;
    summary_attach(NULL);
    free(region);
    return 0;
}

/* One call of the socketcall sub-call socket, as the core counts it. */
static void add_subcall_socket(long ret, uint64_t ns)
{
    struct tcall c = {.nr = 102, .name = "socket", .subcall = true, .ret = ret};
    c.raw[0] = 1; /* SYS_SOCKET */
    summary_add_call(&c, ns, ENOSYS_NONE);
}

/* A row's calls, its errors first, its time split between them. */
static void feed(const struct native_row *r, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        for (uint64_t k = 0; k < r[i].calls; k++) {
            uint64_t ns = r[i].ns / r[i].calls;
            if (k == 0)
                ns = r[i].ns - (r[i].calls - 1) * ns;
            long ret = k < r[i].errors ? -EBADF : 0;
            if (r[i].subcall)
                add_subcall_socket(ret, ns);
            else
                summary_add(r[i].name, ret, ns, ENOSYS_NONE);
        }
    }
}

/* What summary_print writes (a string to free). */
static char *printed(void)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    summary_print(fileno(f));
    long len = ftell(f) >= 0 ? lseek(fileno(f), 0, SEEK_END) : -1;
    assert_true(len >= 0);
    char *s = calloc(1, (size_t)len + 1);
    assert_int_equal(pread(fileno(f), s, (size_t)len, 0), len);
    fclose(f);
    return s;
}

static const char no_memory[] =
    "relic: memory: peak resident 0 KiB (the largest process), 0 huge pages (4 MiB) "
    "in use at that peak\n"
    "relic: page faults (all processes): 0 of 4 KiB pages, 0 of 4 MiB pages\n";

/* The table is exactly strace's, and only relic's own lines follow it. */
static void table_is(const char *want)
{
    char *got = printed();
    size_t n = strlen(want);
    if (strncmp(got, want, n) != 0)
        fail_msg("printed:\n%s\nwant (strace 6.1's layout):\n%s", got, want);
    assert_string_equal(got + n, no_memory);
    free(got);
}

static void native(const char *sortby, const struct native_row *r, size_t n,
                   const char *want)
{
    trace_opt.sortby = sortby;
    feed(r, n);
    table_is(want);
}

#define NATIVE(key, rows, table) native(key, rows, sizeof(rows) / sizeof(rows[0]), table)

/* ---- the table against strace 6.1's ---- */

static void test_native_time(void **state)
{
    (void)state;
    NATIVE(NULL, rows_time, table_time);
}

static void test_native_time_named(void **state)
{
    (void)state;
    NATIVE("time", rows_time, table_time);
}

static void test_native_calls(void **state)
{
    (void)state;
    NATIVE("calls", rows_calls, table_calls);
}

static void test_native_name(void **state)
{
    (void)state;
    NATIVE("name", rows_name, table_name);
}

static void test_native_errors(void **state)
{
    (void)state;
    NATIVE("errors", rows_errors, table_errors);
}

static void test_native_nothing(void **state)
{
    (void)state;
    NATIVE("nothing", rows_nothing, table_nothing);
}

static void test_native_zero_times(void **state)
{
    (void)state;
    NATIVE(NULL, rows_zero, table_zero);
}

/* Figures past the historical widths widen their columns (count.c takes
 * the larger of its minimum and the printed length of the biggest figure:
 * the total seconds, the largest usecs/call, the total calls and errors,
 * the longest name + 1), and the total row's usecs/call is the total time
 * over all calls. Not seen natively (it takes days of syscalls): worked
 * out from those rules. */
static void test_wide_figures(void **state)
{
    (void)state;
    summary_add("nanosleep", 0, 200000ull * 1000000000u, ENOSYS_NONE);
    for (int i = 0; i < 3; i++)
        summary_add("getpid", 0, 0, ENOSYS_NONE);
    table_is("% time       seconds   usecs/call     calls    errors syscall\n"
             "------ ------------- ------------ --------- --------- ----------------\n"
             "100.00 200000.000000 200000000000         1           nanosleep\n"
             "  0.00      0.000000            0         3           getpid\n"
             "------ ------------- ------------ --------- --------- ----------------\n"
             "100.00 200000.000000  50000000000         4           total\n");
}

/* usecs/call is the average rounded to the nanosecond (ts_div), then cut to
 * whole microseconds: 2999 ns in 2 calls is 1500 ns, 1 us; 1999 ns in 2 is
 * 1000 ns, 1 us (strace's double arithmetic makes it exactly 1). */
static void test_usecs_rounding(void **state)
{
    (void)state;
    summary_add("getppid", 0, 1000, ENOSYS_NONE);
    summary_add("getppid", 0, 999, ENOSYS_NONE);
    summary_add("getpid", 0, 2000, ENOSYS_NONE);
    summary_add("getpid", 0, 999, ENOSYS_NONE);
    table_is("% time     seconds  usecs/call     calls    errors syscall\n"
             "------ ----------- ----------- --------- --------- ----------------\n"
             " 60.00    0.000003           1         2           getpid\n"
             " 40.00    0.000002           1         2           getppid\n"
             "------ ----------- ----------- --------- --------- ----------------\n"
             "100.00    0.000005           1         4           total\n");
}

/* -S min-time, max-time and avg-time: largest first, ties in syscall order. */
static void sorted_as(const char *key, const char *first, const char *second,
                      const char *third)
{
    trace_opt.sortby = key;
    char *got = printed();
    const char *a = strstr(got, first), *b = strstr(got, second), *c = strstr(got, third);
    if (!a || !b || !c || !(a < b && b < c))
        fail_msg("-S %s: want %s, %s, %s in:\n%s", key, first, second, third, got);
    free(got);
}

static void test_sort_min_max_avg(void **state)
{
    (void)state;
    /* read: 1 and 100 ns (avg 51); write: 50, 50; close: 10 */
    summary_add("read", 0, 1, ENOSYS_NONE);
    summary_add("read", 0, 100, ENOSYS_NONE);
    summary_add("write", 0, 50, ENOSYS_NONE);
    summary_add("write", 0, 50, ENOSYS_NONE);
    summary_add("close", 0, 10, ENOSYS_NONE);
    sorted_as("min-time", " write\n", " close\n", " read\n");
    sorted_as("shortest", " write\n", " close\n", " read\n");
    sorted_as("max-time", " read\n", " write\n", " close\n");
    sorted_as("longest", " read\n", " write\n", " close\n");
    sorted_as("avg-time", " read\n", " write\n", " close\n");
    sorted_as("time", " read\n", " write\n", " close\n");  /* 101, 100, 10 */
    sorted_as("count", " read\n", " write\n", " close\n"); /* 2, 2 (by number), 1 */
    sorted_as("none", " read\n", " write\n", " close\n");
    sorted_as("syscall", " close\n", " read\n", " write\n");
}

/* strace 6.1's -S names (its column aliases): `strace -c -S KEY true` takes
 * these and says "invalid sortby: 'KEY'" for the rest. */
static void test_sortby_names(void **state)
{
    (void)state;
    const char *good[] = {"time",         "time_percent", "time-percent", "time_total",
                          "time-total",   "total_time",   "total-time",   "min_time",
                          "min-time",     "shortest",     "time_min",     "time-min",
                          "longest",      "max_time",     "max-time",     "time_max",
                          "time-max",     "avg_time",     "avg-time",     "time_avg",
                          "time-avg",     "calls",        "count",        "error",
                          "errors",       "name",         "syscall",      "syscall_name",
                          "syscall-name", "none",         "nothing"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!summary_sortby_valid(good[i]))
            fail_msg("-S %s refused", good[i]);
    const char *bad[] = {"", "Time", "foo", "calls,errors", "time "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (summary_sortby_valid(bad[i]))
            fail_msg("-S '%s' taken", bad[i]);
}

/* Nothing counted: strace prints no table at all; relic's lines remain. */
static void test_empty(void **state)
{
    (void)state;
    char *got = printed();
    assert_string_equal(got, no_memory);
    free(got);
}

/* Why each ENOSYS happened, below the table (which stays strace's), in the
 * table's order (equal times: syscall order); a call past strace's numbers (it counts
 * nothing beyond 545 on i386) is left out of the table but not out of these lines. */
static void test_enosys_lines(void **state)
{
    (void)state;
    syscalls_init(KV(2, 4, 20));
    struct tcall c = {.nr = 250, .name = "alloc_hugepages", .ret = -ENOSYS};
    for (int i = 0; i < 3; i++)
        summary_add_call(&c, 1000, ENOSYS_KERNEL);
    struct tcall r = {.nr = 386, .name = "rseq", .ret = -ENOSYS};
    summary_add_call(&r, 3000, ENOSYS_RELIC);
    struct tcall x = {.nr = 600, .name = "syscall_0x258", .ret = -ENOSYS};
    summary_add_call(&x, 5000, ENOSYS_KERNEL);
    char *got = printed();
    const char *want =
        "% time     seconds  usecs/call     calls    errors syscall\n"
        "------ ----------- ----------- --------- --------- ----------------\n"
        " 50.00    0.000003           1         3         3 alloc_hugepages\n"
        " 50.00    0.000003           3         1         1 rseq\n"
        "------ ----------- ----------- --------- --------- ----------------\n"
        "100.00    0.000006           1         4         4 total\n"
        "relic: alloc_hugepages: 3 ENOSYS, not in Linux 2.4.20\n"
        "relic: rseq: 1 ENOSYS, not implemented by relic\n"
        "relic: syscall_0x258: 1 ENOSYS, not in Linux 2.4.20\n";
    assert_int_equal(strncmp(got, want, strlen(want)), 0);
    assert_string_equal(got + strlen(want), no_memory);
    free(got);
    syscalls_init(KV(6, 1, 0));
}

/* A direct call numbered where strace keeps its sub-calls (500-545) would
 * take a sub-call's row there: relic leaves it out of the table. */
static void test_direct_number_of_a_subcall(void **state)
{
    (void)state;
    add_subcall_socket(3, 1000);
    struct tcall d = {.nr = 501, .name = "syscall_0x1f5", .ret = -ENOSYS};
    summary_add_call(&d, 1000, ENOSYS_KERNEL);
    char *got = printed();
    assert_non_null(strstr(got, "         1           socket\n"));
    assert_null(strstr(got, "0x1f5\n"));
    assert_non_null(strstr(got, "relic: syscall_0x1f5: 1 ENOSYS, not in Linux"));
    free(got);
}

/* ---- one region, many processes and threads ---- */

static void *thread_calls(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++)
        summary_add(i & 1 ? "gettid" : "getpid", i % 3 == 0 ? -EINTR : 0, 1000,
                    ENOSYS_NONE);
    return NULL;
}

/* Fork children (host processes) and threads count into the MAP_SHARED
 * region at once; zero-filled memory is the empty state. */
static void test_processes_and_threads(void **state)
{
    (void)state;
    void *shared = mmap(NULL, summary_shared_size(), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(shared != MAP_FAILED);
    summary_attach(shared);
    pid_t kids[4];
    for (int k = 0; k < 4; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            pthread_t t;
            pthread_create(&t, NULL, thread_calls, NULL);
            thread_calls(NULL);
            pthread_join(t, NULL);
            _exit(0);
        }
    }
    thread_calls(NULL);
    for (int k = 0; k < 4; k++) {
        int st;
        assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    /* 9 runs of 2000 calls: 1000 each of getpid and gettid, 667 errors
     * among the 2000, 334 of them getpid's (even i), 333 gettid's */
    char *got = printed();
    assert_non_null(strstr(got, " 0.009000           1      9000      3006 getpid\n"));
    assert_non_null(strstr(got, " 0.009000           1      9000      2997 gettid\n"));
    assert_non_null(strstr(got, " 0.018000           1     18000      6003 total\n"));
    free(got);
    summary_attach(region);
    munmap(shared, summary_shared_size());
}

/* ---- memory figures ---- */

/* The counters against a walk of the page tables (mm_usage, as smaps). */
static void stats_match_walk(struct mm *mm)
{
    struct mm_stats st;
    struct mm_usage u;
    mm_stats(mm, &st);
    mm_usage(mm, &u);
    assert_int_equal(st.resident, u.rss_pages);
    assert_int_equal(st.huge, u.huge_pages);
    assert_int_equal(st.faults, u.faults_small);
    assert_int_equal(st.faults_huge, u.faults_huge);
    assert_true(st.peak_kib >= st.resident * 4 + st.huge * 4096);
}

static void test_mm_stats_anon(void **state)
{
    struct mm *mm = *state;
    struct mm_stats st;
    uint32_t a = map(mm, 16 * PG, ANON);
    peek(mm, a); /* the zero page: a fault, nothing resident */
    mm_stats(mm, &st);
    assert_int_equal(st.faults, 1);
    assert_int_equal(st.resident, 0);
    for (uint32_t i = 0; i < 10; i++) /* the first breaks the zero page */
        poke(mm, a + i * PG, 1);
    mm_stats(mm, &st);
    assert_int_equal(st.faults, 11);
    assert_int_equal(st.resident, 10);
    assert_int_equal(st.peak_kib, 40);
    stats_match_walk(mm);
    assert_int_equal(mm_munmap(mm, a, 4 * PG), 0);
    assert_int_equal(mm_madvise(mm, a + 4 * PG, 2 * PG, L_MADV_DONTNEED), 0);
    mm_stats(mm, &st);
    assert_int_equal(st.resident, 4);
    assert_int_equal(st.peak_kib, 40); /* the peak stays */
    assert_int_equal(st.peak_huge, 0);
    stats_match_walk(mm);
    /* mremap moves the frames: still resident, no new faults */
    long b = mm_mremap(mm, a + 6 * PG, 10 * PG, 20 * PG, L_MREMAP_MAYMOVE, 0);
    assert_true(b > 0);
    mm_stats(mm, &st);
    assert_int_equal(st.resident, 4);
    assert_int_equal(st.faults, 11);
    stats_match_walk(mm);
    /* MADV_FREE pages go when memory is short (reclaim) */
    assert_int_equal(mm_madvise(mm, (uint32_t)b, 2 * PG, L_MADV_FREE), 0);
    assert_true(mm_reclaim_lazyfree(mm));
    mm_stats(mm, &st);
    assert_int_equal(st.resident, 2);
    stats_match_walk(mm);
}

/* A read fault of a file page maps its neighbours too (fault-around): one
 * fault, up to 16 pages resident. */
static void test_mm_stats_file(void **state)
{
    struct mm *mm = *state;
    char path[] = "/tmp/relic-summary-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(ftruncate(fd, 32 * PG), 0);
    long f = mm_mmap(mm, 0, 32 * PG, L_PROT_READ, L_MAP_PRIVATE, fd, 0);
    assert_true(f > 0);
    close(fd);
    peek(mm, (uint32_t)f);
    struct mm_stats st;
    mm_stats(mm, &st);
    assert_int_equal(st.faults, 1);
    assert_int_equal(st.resident, 16);
    stats_match_walk(mm);
    assert_int_equal(mm_munmap(mm, (uint32_t)f, 32 * PG), 0);
    mm_stats(mm, &st);
    assert_int_equal(st.resident, 0);
    assert_int_equal(st.peak_kib, 64);
}

/* 4 MiB pages count as such, and in the peak's size. */
static void test_mm_stats_huge(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 2), 2);
    uint32_t small = map(mm, PG, ANON);
    poke(mm, small, 1);
    long h = mm_mmap(mm, 0, 2 * HUGE, RW, ANON | L_MAP_HUGETLB, -1, 0);
    assert_true(h > 0);
    poke(mm, (uint32_t)h, 1);
    poke(mm, (uint32_t)h + HUGE + 5, 1);
    struct mm_stats st;
    mm_stats(mm, &st);
    assert_int_equal(st.huge, 2);
    assert_int_equal(st.faults_huge, 2);
    assert_int_equal(st.peak_kib, 4 + 2 * 4096);
    assert_int_equal(st.peak_huge, 2);
    stats_match_walk(mm);
    assert_int_equal(mm_munmap(mm, (uint32_t)h, 2 * HUGE), 0);
    mm_stats(mm, &st);
    assert_int_equal(st.huge, 0);
    assert_int_equal(st.peak_huge, 2);
    stats_match_walk(mm);
}

/* A fork child's figures start afresh (dup_mm(): peak = what it maps; no
 * faults yet), and summary_process_done folds each process in once: the
 * largest peak, faults summed. */
static void test_mm_stats_fork_and_fold(void **state)
{
    struct mm *mm = *state;
    void *shared = mmap(NULL, summary_shared_size(), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(shared != MAP_FAILED);
    summary_attach(shared);
    struct task t = {.mm = mm};
    task_current = &t;
    uint32_t a = map(mm, 8 * PG, ANON);
    for (uint32_t i = 0; i < 8; i++)
        poke(mm, a + i * PG, 1); /* 8 faults, peak 32 KiB */
    assert_int_equal(mm_munmap(mm, a + 4 * PG, 4 * PG), 0);
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        mm_fork_child(mm);
        struct mm_stats st;
        mm_stats(mm, &st);
        if (st.faults != 0 || st.peak_kib != 16 || st.resident != 4)
            _exit(1);
        uint32_t b = map(mm, 16 * PG, ANON);
        for (uint32_t i = 0; i < 16; i++)
            poke(mm, b + i * PG, 1); /* 16 faults, peak 80 KiB */
        summary_process_done();
        summary_process_done(); /* again (a failed execve): adds nothing */
        _exit(0);
    }
    int st;
    assert_int_equal(waitpid(kid, &st, 0), kid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    summary_process_done();
    char *got = printed();
    assert_string_equal(got,
                        "relic: memory: peak resident 80 KiB (the largest process), 0 "
                        "huge pages (4 MiB) in use at that peak\n"
                        "relic: page faults (all processes): 24 of 4 KiB pages, 0 of "
                        "4 MiB pages\n");
    free(got);
    task_current = NULL;
    summary_attach(region);
    munmap(shared, summary_shared_size());
}

static int mm_and_region(void **state)
{
    return fresh_region(state) || setup(state);
}

static int mm_and_region_down(void **state)
{
    teardown(state);
    return drop_region(state);
}

int main(void)
{
    syscalls_init(KV(6, 1, 0));
#define T(f)  cmocka_unit_test_setup_teardown(f, fresh_region, drop_region)
#define TM(f) cmocka_unit_test_setup_teardown(f, mm_and_region, mm_and_region_down)
    const struct CMUnitTest tests[] = {
        T(test_native_time),
        T(test_native_time_named),
        T(test_native_calls),
        T(test_native_name),
        T(test_native_errors),
        T(test_native_nothing),
        T(test_native_zero_times),
        T(test_wide_figures),
        T(test_usecs_rounding),
        T(test_sort_min_max_avg),
        T(test_sortby_names),
        T(test_empty),
        T(test_enosys_lines),
        T(test_direct_number_of_a_subcall),
        T(test_processes_and_threads),
        TM(test_mm_stats_anon),
        TM(test_mm_stats_file),
        TM(test_mm_stats_huge),
        TM(test_mm_stats_fork_and_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
