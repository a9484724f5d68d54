/* Clock, sleep, timer and futex call decoders in strace 6.1's forms
 * (i386: 32-bit time structures, 64-bit ones in the *_time64 calls). */
#include "trace_desc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool td_erestart(long ret)
{
    return ret <= -512 && ret >= -516;
}

/* strace's sprinttime: local date and time, the fraction in width digits
 * when nonzero, the zone; false for time 0. */
static bool date_text(char *buf, size_t len, int64_t sec, uint64_t part, int width)
{
    uint64_t max = width == 9 ? 999999999 : 999999;
    time_t t = (time_t)sec;
    struct tm tm;
    if ((sec == 0 && part == 0) || part > max || !localtime_r(&t, &tm))
        return false;
    size_t n = strftime(buf, len, "%FT%T", &tm);
    if (n == 0)
        return false;
    if (part)
        n += (size_t)snprintf(buf + n, len - n, ".%0*llu", width,
                              (unsigned long long)part);
    return n < len && strftime(buf + n, len - n, "%z", &tm) > 0;
}

void td_date_comment(struct tcall *c, int64_t sec, uint64_t part, int width)
{
    char buf[80];
    if (date_text(buf, sizeof(buf), sec, part, width))
        tr_printf(c, " /* %s */", buf);
}

/* ---- time structures ---- */

void td_timespec32(struct tcall *c, uint32_t va)
{
    int32_t ts[2];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (tr_read(c, va, ts, sizeof(ts)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_printf(c, "{tv_sec=%d, tv_nsec=%u}", ts[0], (uint32_t)ts[1]);
}

static void timespec64(struct tcall *c, uint32_t va)
{
    int64_t ts[2];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (tr_read(c, va, ts, sizeof(ts)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_printf(c, "{tv_sec=%lld, tv_nsec=%llu}", (long long)ts[0],
              (unsigned long long)ts[1]);
}

void td_timespec(struct tcall *c, uint32_t va)
{
    size_t n = strlen(c->name);
    if (n > 2 && strcmp(c->name + n - 2, "64") == 0)
        timespec64(c, va);
    else
        td_timespec32(c, va);
}

/* What the kernel wrote: the address alone when the call failed. */
static void timespec_out(struct tcall *c, uint32_t va)
{
    if (c->ret < 0)
        tr_addr(c, va);
    else
        td_timespec(c, va);
}

static void timeval_fields(struct tcall *c, const int32_t *tv)
{
    tr_printf(c, "{tv_sec=%d, tv_usec=%u}", tv[0], (uint32_t)tv[1]);
}

static void timeval(struct tcall *c, uint32_t va)
{
    int32_t tv[2];
    if (va == 0 || (c->exiting && c->ret < 0) || tr_read(c, va, tv, sizeof(tv)) < 0)
        tr_addr(c, va);
    else
        timeval_fields(c, tv);
}

static void timezone_(struct tcall *c, uint32_t va)
{
    int32_t tz[2];
    if (va == 0 || (c->exiting && c->ret < 0) || tr_read(c, va, tz, sizeof(tz)) < 0)
        tr_addr(c, va);
    else
        tr_printf(c, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

static void itimerval(struct tcall *c, uint32_t va)
{
    int32_t it[4];
    if (va == 0 || (c->exiting && c->ret < 0) || tr_read(c, va, it, sizeof(it)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_puts(c, "{it_interval=");
    timeval_fields(c, it);
    tr_puts(c, ", it_value=");
    timeval_fields(c, it + 2);
    tr_puts(c, "}");
}

/* ---- clocks ---- */

static const struct xlat clocks[] = {
    {0, "CLOCK_REALTIME"},
    {1, "CLOCK_MONOTONIC"},
    {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"},
    {4, "CLOCK_MONOTONIC_RAW"},
    {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},
    {7, "CLOCK_BOOTTIME"},
    {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},
    {10, "CLOCK_SGI_CYCLE"},
    {11, "CLOCK_TAI"},
    {0, NULL},
};

/* A clock id. The negative ones (another process's CPU clock) strace
 * 6.1 leaves unnamed (a number and CLOCK_???), as it prints natively. */
static void clock_name(struct tcall *c, int32_t id)
{
    tr_xval(c, clocks, (uint32_t)id, "CLOCK_???");
}

/* clock_gettime, clock_getres (and their _time64 forms). */
int td_clock_gettime(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        clock_name(c, (int32_t)c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    timespec_out(c, c->args[1]);
    return TD_DONE;
}

int td_clock_settime(struct tcall *c)
{
    tr_arg(c);
    clock_name(c, (int32_t)c->args[0]);
    tr_arg(c);
    td_timespec(c, c->args[1]);
    return TD_DONE;
}

int td_gettimeofday(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    timeval(c, c->args[0]);
    tr_arg(c);
    timezone_(c, c->args[1]);
    return TD_DONE;
}

int td_settimeofday(struct tcall *c)
{
    tr_arg(c);
    timeval(c, c->args[0]);
    tr_arg(c);
    timezone_(c, c->args[1]);
    return TD_DONE;
}

/* time(tloc): the time stored and the one returned, each with its date. */
int td_time(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    int32_t t;
    if (c->args[0] == 0 || c->ret < 0 || tr_read(c, c->args[0], &t, 4) < 0) {
        tr_addr(c, c->args[0]);
    } else {
        tr_printf(c, "[%d", t);
        td_date_comment(c, t, 0, 0);
        tr_puts(c, "]");
    }
    char date[80];
    if (c->ret >= 0 && date_text(date, sizeof(date), (int32_t)c->ret, 0, 0))
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)", date);
    return TD_DONE;
}

/* ---- sleeps and timers ---- */

static const struct xlat timer_flags[] = {{1, "TIMER_ABSTIME"}, {0, NULL}};

/* What is left of a sleep is only worth printing when a signal cut it. */
static void remain(struct tcall *c, uint32_t va, bool abs)
{
    if (!abs && td_erestart(c->ret))
        td_timespec(c, va);
    else
        tr_addr(c, va);
}

int td_nanosleep(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        td_timespec(c, c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    remain(c, c->args[1], false);
    return TD_DONE;
}

int td_clock_nanosleep(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        clock_name(c, (int32_t)c->args[0]);
        tr_arg(c);
        tr_flags(c, timer_flags, c->args[1], "TIMER_???");
        tr_arg(c);
        td_timespec(c, c->args[2]);
        tr_arg(c);
        return TD_EXIT;
    }
    remain(c, c->args[3], c->args[1] != 0);
    return TD_DONE;
}

static const struct xlat itimers[] = {
    {0, "ITIMER_REAL"}, {1, "ITIMER_VIRTUAL"}, {2, "ITIMER_PROF"}, {0, NULL}};

int td_getitimer(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, itimers, c->args[0], "ITIMER_???");
        tr_arg(c);
        return TD_EXIT;
    }
    itimerval(c, c->args[1]);
    return TD_DONE;
}

int td_setitimer(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, itimers, c->args[0], "ITIMER_???");
        tr_arg(c);
        itimerval(c, c->args[1]);
        tr_arg(c);
        return TD_EXIT;
    }
    itimerval(c, c->args[2]);
    return TD_DONE;
}

/* ---- futex ---- */

enum {
    F_WAIT,
    F_WAKE,
    F_FD,
    F_REQUEUE,
    F_CMP_REQUEUE,
    F_WAKE_OP,
    F_LOCK_PI,
    F_UNLOCK_PI,
    F_TRYLOCK_PI,
    F_WAIT_BITSET,
    F_WAKE_BITSET,
    F_WAIT_REQUEUE_PI,
    F_CMP_REQUEUE_PI,
    F_LOCK_PI2,
    F_PRIVATE = 128,
    F_CLOCK_REALTIME = 256,
};
static const char *const futex_cmds[] = {
    "FUTEX_WAIT",           "FUTEX_WAKE",        "FUTEX_FD",
    "FUTEX_REQUEUE",        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI",        "FUTEX_UNLOCK_PI",   "FUTEX_TRYLOCK_PI",
    "FUTEX_WAIT_BITSET",    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};

/* The operation: strace names each command plain and _PRIVATE (FUTEX_FD's
 * private form spelt out), and FUTEX_CLOCK_REALTIME only with the waits;
 * any other value is a number. */
static void futex_op(struct tcall *c, uint32_t op)
{
    uint32_t cmd = op & 127;
    bool known = cmd < sizeof(futex_cmds) / sizeof(futex_cmds[0]) &&
                 (op & ~(uint32_t)(127 | F_PRIVATE | F_CLOCK_REALTIME)) == 0 &&
                 (!(op & F_CLOCK_REALTIME) || cmd == F_WAIT || cmd == F_WAIT_BITSET ||
                  cmd == F_WAIT_REQUEUE_PI);
    if (trace_opt.xlat != XLAT_ABBREV || !known)
        tr_hex(c, op);
    if (trace_opt.xlat == XLAT_RAW)
        return;
    if (!known) {
        tr_puts(c, " /* FUTEX_??? */");
        return;
    }
    tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? " /* " : "");
    tr_printf(c, "%s%s%s", futex_cmds[cmd],
              op & F_PRIVATE ? (cmd == F_FD ? "|FUTEX_PRIVATE_FLAG" : "_PRIVATE") : "",
              op & F_CLOCK_REALTIME ? "|FUTEX_CLOCK_REALTIME" : "");
    tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? " */" : "");
}

static void bitset(struct tcall *c, uint32_t v)
{
    if (v == 0xffffffff && trace_opt.xlat != XLAT_RAW)
        tr_puts(c, "FUTEX_BITSET_MATCH_ANY");
    else
        tr_hex(c, v);
}

/* FUTEX_WAKE_OP's encoded operation: op<<28|oparg<<12|cmp<<24|cmparg. */
static void wake_op(struct tcall *c, uint32_t v)
{
    static const char *const ops[] = {"FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR",
                                      "FUTEX_OP_ANDN", "FUTEX_OP_XOR"};
    static const char *const cmps[] = {"FUTEX_OP_CMP_EQ", "FUTEX_OP_CMP_NE",
                                       "FUTEX_OP_CMP_LT", "FUTEX_OP_CMP_LE",
                                       "FUTEX_OP_CMP_GT", "FUTEX_OP_CMP_GE"};
    uint32_t op = (v >> 28) & 7, cmp = (v >> 24) & 15;
    if (v >> 31)
        tr_puts(c, "FUTEX_OP_OPARG_SHIFT<<28|");
    if (op < 5)
        tr_printf(c, "%s<<28|", ops[op]);
    else
        tr_printf(c, "%#x<<28 /* FUTEX_OP_??? */|", op);
    tr_hex(c, (v >> 12) & 0xfff);
    tr_puts(c, "<<12|");
    if (cmp < 6)
        tr_printf(c, "%s<<24|", cmps[cmp]);
    else
        tr_printf(c, "%#x<<24 /* FUTEX_OP_CMP_??? */|", cmp);
    tr_hex(c, v & 0xfff);
}

/* futex(uaddr, op, val, timeout|val2, uaddr2, val3): which arguments
 * print depends on the command. */
int td_futex(struct tcall *c)
{
    const uint32_t *a = c->args;
    uint32_t cmd = a[1] & 127;
    tr_arg(c);
    tr_addr(c, a[0]);
    tr_arg(c);
    futex_op(c, a[1]);
    if (cmd == F_UNLOCK_PI || cmd == F_TRYLOCK_PI)
        return TD_DONE;
    tr_arg(c);
    if (cmd == F_LOCK_PI || cmd == F_LOCK_PI2) {
        td_timespec(c, a[3]);
        return TD_DONE;
    }
    tr_uint(c, a[2]);
    switch (cmd) {
    case F_WAIT:
    case F_WAIT_BITSET:
    case F_WAIT_REQUEUE_PI:
        tr_arg(c);
        td_timespec(c, a[3]);
        if (cmd == F_WAIT_BITSET) {
            tr_arg(c);
            bitset(c, a[5]);
        } else if (cmd == F_WAIT_REQUEUE_PI) {
            tr_arg(c);
            tr_addr(c, a[4]);
        }
        break;
    case F_WAKE_BITSET:
        tr_arg(c);
        bitset(c, a[5]);
        break;
    case F_REQUEUE:
    case F_CMP_REQUEUE:
    case F_CMP_REQUEUE_PI:
    case F_WAKE_OP:
        tr_arg(c);
        tr_uint(c, a[3]);
        tr_arg(c);
        tr_addr(c, a[4]);
        if (cmd == F_REQUEUE)
            break;
        tr_arg(c);
        if (cmd == F_WAKE_OP)
            wake_op(c, a[5]);
        else
            tr_uint(c, a[5]);
        break;
    case F_WAKE:
    case F_FD:
        break;
    default:
        tr_arg(c);
        tr_addr(c, a[3]);
        tr_arg(c);
        tr_addr(c, a[4]);
        tr_arg(c);
        tr_hex(c, a[5]);
        break;
    }
    return TD_DONE;
}
