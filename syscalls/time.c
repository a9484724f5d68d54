/* Clocks, sleeps, timers and the machine's state over time, in the 32-bit
 * and time64 layouts of i386: time, gettimeofday/settimeofday, stime,
 * clock_*, nanosleep, times, adjtimex, sysinfo (the interval timers are sigcalls.c's). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static long sys_time(struct task *t, const uint32_t *a)
{
    int32_t now = (int32_t)time(NULL);
    if (a[0] && put_u32(t, a[0], (uint32_t)now) < 0)
        return -EFAULT;
    return now;
}

static long sys_gettimeofday(struct task *t, const uint32_t *a)
{
    struct timeval tv;
    struct timezone tz;
    gettimeofday(&tv, &tz);
    struct guest_timeval32 g = {(int32_t)tv.tv_sec, (int32_t)tv.tv_usec};
    if (a[0] && mm_copy_to(t->mm, a[0], &g, sizeof(g)) < 0)
        return -EFAULT;
    int32_t z[2] = {tz.tz_minuteswest, tz.tz_dsttime};
    if (a[1] && mm_copy_to(t->mm, a[1], z, sizeof(z)) < 0)
        return -EFAULT;
    return 0;
}

/* settimeofday: the checks are the host kernel's (microseconds in range,
 * CAP_SYS_TIME, the timezone's span) on the same values. */
static long sys_settimeofday(struct task *t, const uint32_t *a)
{
    struct timeval tv;
    struct timezone tz;
    if (a[0]) {
        struct guest_timeval32 g;
        if (mm_copy_from(t->mm, &g, a[0], sizeof(g)) < 0)
            return -EFAULT;
        tv = (struct timeval){g.sec, g.usec};
    }
    if (a[1]) {
        int32_t z[2];
        if (mm_copy_from(t->mm, z, a[1], sizeof(z)) < 0)
            return -EFAULT;
        tz = (struct timezone){z[0], z[1]};
    }
    return HOST(syscall(SYS_settimeofday, a[0] ? &tv : NULL, a[1] ? &tz : NULL));
}

/* stime(2): a 32-bit time_t, set as CLOCK_REALTIME. */
static long sys_stime(struct task *t, const uint32_t *a)
{
    int32_t sec;
    if (mm_copy_from(t->mm, &sec, a[0], 4) < 0)
        return -EFAULT;
    struct timespec ts = {sec, 0};
    return HOST(syscall(SYS_clock_settime, CLOCK_REALTIME, &ts));
}

/* A 32-bit timespec takes the low half of the seconds (put_old_timespec32). */
static long put_ts(struct task *t, uint32_t va, const struct timespec *ts, bool wide)
{
    if (wide) {
        struct guest_timespec64 g = {ts->tv_sec, ts->tv_nsec};
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    struct guest_timespec32 g = {(int32_t)ts->tv_sec, (int32_t)ts->tv_nsec};
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

/* A time64 timespec's tv_nsec is a 32-bit long to an i386 kernel: the upper
 * half is padding (get_timespec64). */
long get_timespec(struct task *t, uint32_t va, struct timespec *ts, bool wide)
{
    if (wide) {
        struct guest_timespec64 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        *ts = (struct timespec){(time_t)g.sec, (int32_t)g.nsec};
    } else {
        struct guest_timespec32 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        *ts = (struct timespec){g.sec, g.nsec};
    }
    return 0;
}

static long do_clock_gettime(struct task *t, const uint32_t *a, bool wide)
{
    struct timespec ts;
    long r = HOST(syscall(SYS_clock_gettime, (clockid_t)a[0], &ts));
    return r < 0 ? r : put_ts(t, a[1], &ts, wide);
}

static long sys_clock_gettime(struct task *t, const uint32_t *a)
{
    return do_clock_gettime(t, a, false);
}

static long sys_clock_gettime64(struct task *t, const uint32_t *a)
{
    return do_clock_gettime(t, a, true);
}

static long do_clock_getres(struct task *t, const uint32_t *a, bool wide)
{
    struct timespec ts;
    long r = HOST(syscall(SYS_clock_getres, (clockid_t)a[0], &ts));
    return r < 0 || !a[1] ? r : put_ts(t, a[1], &ts, wide);
}

static long sys_clock_getres(struct task *t, const uint32_t *a)
{
    return do_clock_getres(t, a, false);
}

static long sys_clock_getres_time64(struct task *t, const uint32_t *a)
{
    return do_clock_getres(t, a, true);
}

static long do_clock_settime(struct task *t, const uint32_t *a, bool wide)
{
    struct timespec ts;
    if (get_timespec(t, a[1], &ts, wide) < 0)
        return -EFAULT;
    return HOST(syscall(SYS_clock_settime, (clockid_t)a[0], &ts));
}

static long sys_clock_settime(struct task *t, const uint32_t *a)
{
    return do_clock_settime(t, a, false);
}

static long sys_clock_settime64(struct task *t, const uint32_t *a)
{
    return do_clock_settime(t, a, true);
}

/* A relative sleep a signal interrupts writes the time left to rem and,
 * when no handler runs, goes on until the same deadline (the kernel's
 * restart block: restart_syscall, or -EINTR after a handler). An absolute
 * sleep is restarted as it is (ERESTARTNOHAND). */
static long sleep_until(struct task *t, clockid_t clk, const struct timespec *deadline,
                        uint32_t rem_va, bool wide)
{
    long r = host_blocking(t, SYS_clock_nanosleep, clk, TIMER_ABSTIME, (long)deadline, 0,
                           0, 0);
    if (r != -EINTR && r != -ERESTARTSYS)
        return r;
    if (rem_va) {
        struct timespec now, rem;
        clock_gettime(clk, &now);
        rem.tv_sec = deadline->tv_sec - now.tv_sec;
        rem.tv_nsec = deadline->tv_nsec - now.tv_nsec;
        if (rem.tv_nsec < 0)
            rem.tv_sec--, rem.tv_nsec += 1000000000L;
        if (rem.tv_sec < 0)
            rem = (struct timespec){0, 0};
        if (put_ts(t, rem_va, &rem, wide) < 0)
            return -EFAULT;
    }
    t->restart_arg[0] = (uint64_t)deadline->tv_sec;
    t->restart_arg[1] = (uint64_t)deadline->tv_nsec;
    t->restart_arg[2] = ((uint64_t)wide << 32) | (uint32_t)clk;
    t->restart_arg[3] = rem_va;
    return -ERESTART_RESTARTBLOCK;
}

static long sleep_restart(struct task *t)
{
    struct timespec deadline = {(time_t)t->restart_arg[0], (long)t->restart_arg[1]};
    clockid_t clk = (clockid_t)(uint32_t)t->restart_arg[2];
    long r = sleep_until(t, clk, &deadline, (uint32_t)t->restart_arg[3],
                         (t->restart_arg[2] >> 32) != 0);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = sleep_restart;
    return r;
}

static long do_sleep(struct task *t, clockid_t clk, int flags, uint32_t req_va,
                     uint32_t rem_va, bool wide)
{
    struct timespec req;
    if (get_timespec(t, req_va, &req, wide) < 0)
        return -EFAULT;
    if (req.tv_nsec < 0 || req.tv_nsec >= 1000000000L || req.tv_sec < 0)
        return -EINVAL;
    if (flags & TIMER_ABSTIME) {
        long r = host_blocking(t, SYS_clock_nanosleep, clk, flags, (long)&req, 0, 0, 0);
        return r == -ERESTARTSYS || r == -EINTR ? -ERESTARTNOHAND : r;
    }
    struct timespec deadline;
    if (clock_gettime(clk, &deadline) < 0)
        return -EINVAL;
    deadline.tv_sec += req.tv_sec;
    deadline.tv_nsec += req.tv_nsec;
    if (deadline.tv_nsec >= 1000000000L)
        deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
    long r = sleep_until(t, clk, &deadline, rem_va, wide);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = sleep_restart;
    return r;
}

static long sys_nanosleep(struct task *t, const uint32_t *a)
{
    return do_sleep(t, CLOCK_MONOTONIC, 0, a[0], a[1], false);
}

static long sys_clock_nanosleep(struct task *t, const uint32_t *a)
{
    return do_sleep(t, (clockid_t)a[0], (int)a[1], a[2], a[3], false);
}

static long sys_clock_nanosleep_time64(struct task *t, const uint32_t *a)
{
    return do_sleep(t, (clockid_t)a[0], (int)a[1], a[2], a[3], true);
}

/* times(2): struct tms of 32-bit clock_t; the result is the clock ticks
 * since boot, cut to 32 bits as an i386 kernel's long. */
static long sys_times(struct task *t, const uint32_t *a)
{
    struct tms h;
    long ticks = syscall(SYS_times, &h);
    if (a[0]) {
        struct guest_tms g = {(int32_t)h.tms_utime, (int32_t)h.tms_stime,
                              (int32_t)h.tms_cutime, (int32_t)h.tms_cstime};
        if (mm_copy_to(t->mm, a[0], &g, sizeof(g)) < 0)
            return -EFAULT;
    }
    return (int32_t)ticks;
}

/* struct timex, field by field, between either guest layout and the host's. */
#define TIMEX_FIELDS(X)                                                                  \
    X(modes)                                                                             \
    X(offset)                                                                            \
    X(freq)                                                                              \
    X(maxerror)                                                                          \
    X(esterror)                                                                          \
    X(status) X(constant) X(precision) X(tolerance) X(tick) X(ppsfreq) X(jitter)         \
        X(shift) X(stabil) X(jitcnt) X(calcnt) X(errcnt) X(stbcnt) X(tai)

static long do_adjtime(struct task *t, clockid_t clk, uint32_t va, bool wide, bool adj)
{
    struct timex h;
    memset(&h, 0, sizeof(h));
    struct guest_timex32 g32;
    struct guest_timex64 g64;
#define IN32(f) h.f = g32.f;
#define IN64(f) h.f = g64.f;
    if (wide) {
        if (mm_copy_from(t->mm, &g64, va, sizeof(g64)) < 0)
            return -EFAULT;
        TIMEX_FIELDS(IN64)
        h.time.tv_sec = g64.time_sec;
        h.time.tv_usec = g64.time_usec;
    } else {
        if (mm_copy_from(t->mm, &g32, va, sizeof(g32)) < 0)
            return -EFAULT;
        TIMEX_FIELDS(IN32)
        h.time.tv_sec = g32.time.sec;
        h.time.tv_usec = g32.time.usec;
    }
    long r =
        adj ? HOST(syscall(SYS_adjtimex, &h)) : HOST(syscall(SYS_clock_adjtime, clk, &h));
    if (r < 0)
        return r;
#define OUT32(f) g32.f = (int32_t)h.f;
#define OUT64(f) g64.f = h.f;
    if (wide) {
        TIMEX_FIELDS(OUT64)
        g64.time_sec = h.time.tv_sec;
        g64.time_usec = h.time.tv_usec;
        return mm_copy_to(t->mm, va, &g64, sizeof(g64)) < 0 ? -EFAULT : r;
    }
    TIMEX_FIELDS(OUT32)
    g32.time.sec = (int32_t)h.time.tv_sec;
    g32.time.usec = (int32_t)h.time.tv_usec;
    return mm_copy_to(t->mm, va, &g32, sizeof(g32)) < 0 ? -EFAULT : r;
}

static long sys_adjtimex(struct task *t, const uint32_t *a)
{
    return do_adjtime(t, 0, a[0], false, true);
}

static long sys_clock_adjtime(struct task *t, const uint32_t *a)
{
    return do_adjtime(t, (clockid_t)a[0], a[1], false, false);
}

static long sys_clock_adjtime64(struct task *t, const uint32_t *a)
{
    return do_adjtime(t, (clockid_t)a[0], a[1], true, false);
}

/* The guest's shared memory, as its /proc/meminfo tells it (Shmem:). */
static uint64_t guest_shmem_kb(struct task *t)
{
    size_t len = mm_format_meminfo(t->mm, NULL, 0);
    char *buf = malloc(len + 1);
    unsigned long long kb = 0;
    if (!buf)
        return 0;
    mm_format_meminfo(t->mm, buf, len + 1);
    const char *p = strstr(buf, "\nShmem:");
    if (p)
        sscanf(p + 7, "%llu", &kb);
    free(buf);
    return kb;
}

/* sysinfo(2) of the guest machine: its RAM (no swap, no high memory, no
 * buffers), with the uptime, loads and task count of the host. Since
 * 2.3.23 the sizes are in bytes with mem_unit 1 when RAM and swap together
 * fit a 32-bit long, else in pages (do_sysinfo); before, always bytes and
 * no mem_unit. */
static long sys_sysinfo(struct task *t, const uint32_t *a)
{
    struct sysinfo h;
    if (sysinfo(&h) < 0)
        return -errno;
    struct mm_meminfo mi;
    mm_meminfo(t->mm, &mi);
    uint64_t total = mi.total_kb * 1024, freeb = mi.free_kb * 1024;
    uint64_t shared = guest_shmem_kb(t) * 1024;
    struct guest_sysinfo g;
    memset(&g, 0, sizeof(g));
    g.uptime = (int32_t)h.uptime;
    for (int i = 0; i < 3; i++)
        g.loads[i] = (uint32_t)h.loads[i];
    g.procs = h.procs;
    uint32_t unit = 1;
    if (guest_kernel.kernel >= KV(2, 3, 23)) {
        if (total > UINT32_MAX)
            unit = 4096;
        g.mem_unit = unit;
    }
    g.totalram = (uint32_t)(total / unit);
    g.freeram = (uint32_t)(freeb / unit);
    g.sharedram = (uint32_t)(shared / unit);
    return mm_copy_to(t->mm, a[0], &g, sizeof(g));
}

const struct sys_impl sys_time_impls[] = {
    {"time", sys_time, "p"},
    {"gettimeofday", sys_gettimeofday, "pp"},
    {"settimeofday", sys_settimeofday, "pp"},
    {"stime", sys_stime, "p"},
    {"clock_gettime", sys_clock_gettime, "dp"},
    {"clock_gettime64", sys_clock_gettime64, "dp"},
    {"clock_getres", sys_clock_getres, "dp"},
    {"clock_getres_time64", sys_clock_getres_time64, "dp"},
    {"clock_settime", sys_clock_settime, "dp"},
    {"clock_settime64", sys_clock_settime64, "dp"},
    {"nanosleep", sys_nanosleep, "pp"},
    {"clock_nanosleep", sys_clock_nanosleep, "ddpp"},
    {"clock_nanosleep_time64", sys_clock_nanosleep_time64, "ddpp"},
    {"times", sys_times, "p"},
    {"adjtimex", sys_adjtimex, "p"},
    {"clock_adjtime", sys_clock_adjtime, "dp"},
    {"clock_adjtime64", sys_clock_adjtime64, "dp"},
    {"sysinfo", sys_sysinfo, "p"},
    {NULL, NULL, NULL},
};
