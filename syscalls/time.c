/* Clocks and sleeping, in the 32-bit and time64 layouts of i386. */
#include "internal.h"
#include "guest.h"

#include <sys/time.h>
#include <time.h>

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

static long put_ts(struct task *t, uint32_t va, const struct timespec *ts, bool wide)
{
    if (wide) {
        struct guest_timespec64 g = {ts->tv_sec, ts->tv_nsec};
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (ts->tv_sec > INT32_MAX)
        return -EOVERFLOW;
    struct guest_timespec32 g = {(int32_t)ts->tv_sec, (int32_t)ts->tv_nsec};
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

static long get_ts(struct task *t, uint32_t va, struct timespec *ts, bool wide)
{
    if (wide) {
        struct guest_timespec64 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        *ts = (struct timespec){(time_t)g.sec, (long)g.nsec};
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
    long r = HOST(clock_gettime((clockid_t)a[0], &ts));
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
    long r = HOST(clock_getres((clockid_t)a[0], &ts));
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

static long do_sleep(struct task *t, clockid_t clk, int flags, uint32_t req_va,
                     uint32_t rem_va, bool wide)
{
    struct timespec req, rem;
    if (get_ts(t, req_va, &req, wide) < 0)
        return -EFAULT;
    if (req.tv_nsec < 0 || req.tv_nsec >= 1000000000L || req.tv_sec < 0)
        return -EINVAL;
    int e = clock_nanosleep(clk, flags, &req, &rem);
    if (e == EINTR && rem_va && !(flags & TIMER_ABSTIME) &&
        put_ts(t, rem_va, &rem, wide) < 0)
        return -EFAULT;
    return -e;
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

const struct sys_impl sys_time_impls[] = {
    {"time", sys_time, "p"},
    {"gettimeofday", sys_gettimeofday, "pp"},
    {"clock_gettime", sys_clock_gettime, "dp"},
    {"clock_gettime64", sys_clock_gettime64, "dp"},
    {"clock_getres", sys_clock_getres, "dp"},
    {"clock_getres_time64", sys_clock_getres_time64, "dp"},
    {"nanosleep", sys_nanosleep, "pp"},
    {"clock_nanosleep", sys_clock_nanosleep, "ddpp"},
    {"clock_nanosleep_time64", sys_clock_nanosleep_time64, "ddpp"},
    {NULL, NULL, NULL},
};
