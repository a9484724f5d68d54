/* Process, time and identity call decoders in strace 6.1's forms (i386):
 * execve, exit, clone, wait4, kill, the thread-setup calls glibc makes at
 * start, rlimits, futex, sleeps and clocks, uname, getrandom. */
#include "trace_desc.h"

#include <stdio.h>
#include <string.h>

static bool is_erestart(long ret)
{
    return ret <= -512 && ret >= -516;
}

int td_none(struct tcall *c)
{
    (void)c;
    return TD_DONE;
}

int td_exit(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    return TD_DONE;
}

int td_addr1(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    return TD_DONE;
}

/* ---- execve ---- */

/* argv: its strings, "..." after -s of them (unless -v). */
static void print_argv(struct tcall *c, uint32_t va)
{
    uint32_t p;
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (tr_read(c, va, &p, 4) < 0) {
        tr_addr(c, va);
        return;
    }
    uint32_t max = trace_opt.strsize > 0 ? (uint32_t)trace_opt.strsize : 32;
    tr_puts(c, "[");
    for (uint32_t i = 0; i < 65536; i++) {
        if (tr_read(c, va + 4 * i, &p, 4) < 0 || p == 0)
            break;
        if (i)
            tr_puts(c, ", ");
        if (!trace_opt.verbose && i >= max) {
            tr_puts(c, "...");
            break;
        }
        tr_str(c, p, -1);
    }
    tr_puts(c, "]");
}

/* envp: strace shows only its address and length unless -v. */
static void print_envp(struct tcall *c, uint32_t va)
{
    if (trace_opt.verbose || va == 0) {
        print_argv(c, va);
        return;
    }
    uint32_t n = 0, p;
    while (n < 65536 && tr_read(c, va + 4 * n, &p, 4) == 0 && p)
        n++;
    tr_printf(c, "%#x /* %u var%s */", va, n, n == 1 ? "" : "s");
}

int td_execve(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    tr_arg(c);
    print_argv(c, c->args[1]);
    tr_arg(c);
    print_envp(c, c->args[2]);
    return TD_DONE;
}

/* ---- clone, wait ---- */

static const struct xlat clone_flags[] = {
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
    {0, NULL},
};
#define CLONE_PIDFD          0x1000u
#define CLONE_SETTLS         0x80000u
#define CLONE_PARENT_SETTID  0x100000u
#define CLONE_CHILD_CLEARTID 0x200000u
#define CLONE_CHILD_SETTID   0x1000000u

/* struct user_desc, as set_thread_area and clone's tls show it. */
static void print_user_desc(struct tcall *c, uint32_t va)
{
    uint32_t d[4];
    if (tr_read(c, va, d, sizeof(d)) < 0) {
        tr_addr(c, va);
        return;
    }
    uint32_t b = d[3];
    tr_printf(c,
              "{entry_number=%d, base_addr=%#x, limit=%#08x, seg_32bit=%u, "
              "contents=%u, read_exec_only=%u, limit_in_pages=%u, "
              "seg_not_present=%u, useable=%u}",
              (int32_t)d[0], d[1], d[2], b & 1, (b >> 1) & 3, (b >> 3) & 1, (b >> 4) & 1,
              (b >> 5) & 1, (b >> 6) & 1);
}

/* i386 clone(flags, stack, parent_tid, tls, child_tid): the pointers the
 * flags use print at exit, after the kernel wrote them. */
int td_clone(struct tcall *c)
{
    uint32_t flags = c->args[0] & ~0xffu, sig = c->args[0] & 0xff;
    uint32_t want = CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_CHILD_SETTID |
                    CLONE_CHILD_CLEARTID | CLONE_SETTLS;
    if (!c->exiting) {
        tr_arg(c);
        tr_puts(c, "child_stack=");
        tr_addr(c, c->args[1]);
        tr_arg(c);
        tr_puts(c, "flags=");
        if (flags) {
            tr_flags(c, clone_flags, flags, "CLONE_???");
            if (sig) {
                tr_puts(c, "|");
                td_signal(c, sig);
            }
        } else {
            td_signal(c, sig);
        }
        return flags & want ? TD_EXIT : TD_DONE;
    }
    if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
        tr_arg(c);
        tr_puts(c, "parent_tid=");
        int32_t v;
        if (tr_read(c, c->args[2], &v, 4) < 0)
            tr_addr(c, c->args[2]);
        else
            tr_printf(c, "[%d]", v);
    }
    if (flags & CLONE_SETTLS) {
        tr_arg(c);
        tr_puts(c, "tls=");
        print_user_desc(c, c->args[3]);
    }
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
        tr_arg(c);
        tr_puts(c, "child_tidptr=");
        tr_addr(c, c->args[4]);
    }
    return TD_DONE;
}

static const struct xlat wait_options[] = {
    {1, "WNOHANG"},
    {2, "WUNTRACED"},
    {4, "WEXITED"},
    {8, "WCONTINUED"},
    {0x1000000, "WNOWAIT"},
    {0x80000000, "__WCLONE"},
    {0x40000000, "__WALL"},
    {0x20000000, "__WNOTHREAD"},
    {0, NULL},
};

static void print_status(struct tcall *c, uint32_t s)
{
    tr_puts(c, "[{");
    if ((s & 0x7f) == 0)
        tr_printf(c, "WIFEXITED(s) && WEXITSTATUS(s) == %u", (s >> 8) & 0xff);
    else if ((s & 0xff) == 0x7f)
        tr_printf(c, "WIFSTOPPED(s) && WSTOPSIG(s) == %s",
                  trace_signal_name((int)(s >> 8) & 0xff) ?: "?");
    else if (s == 0xffff)
        tr_puts(c, "WIFCONTINUED(s)");
    else {
        const char *n = trace_signal_name((int)(s & 0x7f));
        if (n)
            tr_printf(c, "WIFSIGNALED(s) && WTERMSIG(s) == %s", n);
        else
            tr_printf(c, "WIFSIGNALED(s) && WTERMSIG(s) == %u", s & 0x7f);
        if (s & 0x80)
            tr_puts(c, " && WCOREDUMP(s)");
    }
    tr_puts(c, "}");
    if ((s & 0x7f) != 0x7f && (s >> 16))
        tr_printf(c, " | %#x", s & ~0xffffu);
    tr_puts(c, "]");
}

/* struct rusage (i386): abbreviated to the two times, as strace. */
static void print_rusage(struct tcall *c, uint32_t va)
{
    uint32_t r[18];
    if (va == 0 || tr_read(c, va, r, sizeof(r)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_printf(c, "{ru_utime={tv_sec=%d, tv_usec=%d}, ru_stime={tv_sec=%d, tv_usec=%d}",
              (int32_t)r[0], (int32_t)r[1], (int32_t)r[2], (int32_t)r[3]);
    if (!trace_opt.verbose) {
        tr_puts(c, ", ...}");
        return;
    }
    static const char *const f[] = {"maxrss", "ixrss",    "idrss",   "isrss",   "minflt",
                                    "majflt", "nswap",    "inblock", "oublock", "msgsnd",
                                    "msgrcv", "nsignals", "nvcsw",   "nivcsw"};
    for (int i = 0; i < 14; i++)
        tr_printf(c, ", ru_%s=%d", f[i], (int32_t)r[4 + i]);
    tr_puts(c, "}");
}

/* wait4(pid, status, options, rusage) and waitpid(pid, status, options):
 * the pid at entry, so a blocked line reads "wait4(4816, ". */
int td_wait4(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_int(c, (int32_t)c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    uint32_t s;
    if (c->ret == 0 || c->args[1] == 0 || tr_read(c, c->args[1], &s, 4) < 0)
        tr_addr(c, c->args[1]);
    else
        print_status(c, s);
    tr_arg(c);
    tr_flags(c, wait_options, c->args[2], "W???");
    if (strcmp(c->name, "wait4") == 0) {
        tr_arg(c);
        if (c->ret > 0)
            print_rusage(c, c->args[3]);
        else
            tr_addr(c, c->args[3]);
    }
    return TD_DONE;
}

int td_kill(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    tr_arg(c);
    td_signal(c, c->args[1]);
    return TD_DONE;
}

int td_tgkill(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[1]);
    tr_arg(c);
    td_signal(c, c->args[2]);
    return TD_DONE;
}

/* ---- thread setup ---- */

/* The struct at entry; the slot the kernel chose, when asked to (-1),
 * after the value: "= 0 (entry_number=12)". */
int td_set_thread_area(struct tcall *c)
{
    int32_t e;
    if (!c->exiting) {
        tr_arg(c);
        print_user_desc(c, c->args[0]);
        c->dec_state = tr_read(c, c->args[0], &e, 4) == 0 && e == -1;
        return TD_EXIT;
    }
    if (c->ret == 0 && c->dec_state && tr_read(c, c->args[0], &e, 4) == 0)
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (entry_number=%d)", e);
    return TD_DONE;
}

int td_robust(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    return TD_DONE;
}

static const struct xlat rseq_flags[] = {{1, "RSEQ_FLAG_UNREGISTER"}, {0, NULL}};

int td_rseq(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    tr_arg(c);
    tr_hex(c, c->args[1]);
    tr_arg(c);
    tr_flags(c, rseq_flags, c->args[2], "RSEQ_FLAG_???");
    tr_arg(c);
    tr_hex(c, c->args[3]);
    return TD_DONE;
}

/* ---- rlimits ---- */

static const struct xlat rlimits[] = {
    {0, "RLIMIT_CPU"},
    {1, "RLIMIT_FSIZE"},
    {2, "RLIMIT_DATA"},
    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},
    {5, "RLIMIT_RSS"},
    {6, "RLIMIT_NPROC"},
    {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},
    {9, "RLIMIT_AS"},
    {10, "RLIMIT_LOCKS"},
    {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"},
    {13, "RLIMIT_NICE"},
    {14, "RLIMIT_RTPRIO"},
    {15, "RLIMIT_RTTIME"},
    {0, NULL},
};

/* One limit: RLIM_INFINITY, 8192*1024 for multiples of 1K, else the number. */
static void print_rlim(struct tcall *c, uint64_t v, bool wide)
{
    uint64_t inf = wide ? UINT64_MAX : UINT32_MAX;
    const char *name = wide ? "RLIM64_INFINITY" : "RLIM_INFINITY";
    bool k = v > 1024 && v % 1024 == 0;
    if (trace_opt.xlat == XLAT_RAW || (v != inf && !k)) {
        tr_printf(c, "%llu", (unsigned long long)v);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%llu /* ", (unsigned long long)v);
    if (v == inf)
        tr_puts(c, name);
    else
        tr_printf(c, "%llu*1024", (unsigned long long)(v / 1024));
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

static void print_rlimit(struct tcall *c, uint32_t va, bool wide)
{
    uint64_t v[2];
    uint32_t n[2];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (wide ? tr_read(c, va, v, 16) < 0 : tr_read(c, va, n, 8) < 0) {
        tr_addr(c, va);
        return;
    }
    if (!wide) {
        v[0] = n[0];
        v[1] = n[1];
    }
    tr_puts(c, "{rlim_cur=");
    print_rlim(c, v[0], wide);
    tr_puts(c, ", rlim_max=");
    print_rlim(c, v[1], wide);
    tr_puts(c, "}");
}

int td_getrlimit(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, rlimits, c->args[0], "RLIMIT_???");
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[1]);
    else
        print_rlimit(c, c->args[1], false);
    return TD_DONE;
}

int td_prlimit64(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_int(c, (int32_t)c->args[0]);
        tr_arg(c);
        tr_xval(c, rlimits, c->args[1], "RLIMIT_???");
        tr_arg(c);
        print_rlimit(c, c->args[2], true);
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[3]);
    else
        print_rlimit(c, c->args[3], true);
    return TD_DONE;
}

/* ---- time ---- */

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
    tr_printf(c, "{tv_sec=%d, tv_nsec=%d}", ts[0], ts[1]);
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
    tr_printf(c, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

/* The _time64 calls pass 64-bit timespecs. */
static void timespec(struct tcall *c, uint32_t va)
{
    size_t n = strlen(c->name);
    if (n > 2 && strcmp(c->name + n - 2, "64") == 0)
        timespec64(c, va);
    else
        td_timespec32(c, va);
}

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
    {11, "CLOCK_TAI"},
    {0, NULL},
};
static const struct xlat timer_flags[] = {{1, "TIMER_ABSTIME"}, {0, NULL}};

/* What is left of a sleep is only worth printing when a signal cut it. */
static void remain(struct tcall *c, uint32_t va, bool abs)
{
    if (!abs && is_erestart(c->ret))
        timespec(c, va);
    else
        tr_addr(c, va);
}

int td_nanosleep(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        timespec(c, c->args[0]);
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
        tr_xval(c, clocks, c->args[0], "CLOCK_???");
        tr_arg(c);
        tr_flags(c, timer_flags, c->args[1], "TIMER_???");
        tr_arg(c);
        timespec(c, c->args[2]);
        tr_arg(c);
        return TD_EXIT;
    }
    remain(c, c->args[3], c->args[1] != 0);
    return TD_DONE;
}

int td_clock_gettime(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, clocks, c->args[0], "CLOCK_???");
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[1]);
    else
        timespec(c, c->args[1]);
    return TD_DONE;
}

/* ---- futex ---- */

static const char *const futex_cmds[] = {
    "FUTEX_WAIT",           "FUTEX_WAKE",        "FUTEX_FD",
    "FUTEX_REQUEUE",        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI",        "FUTEX_UNLOCK_PI",   "FUTEX_TRYLOCK_PI",
    "FUTEX_WAIT_BITSET",    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};
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
    F_LOCK_PI2
};

static void futex_op(struct tcall *c, uint32_t op)
{
    uint32_t cmd = op & 127;
    if (trace_opt.xlat == XLAT_RAW || cmd >= sizeof(futex_cmds) / sizeof(futex_cmds[0])) {
        tr_hex(c, op);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%#x /* ", op);
    tr_printf(c, "%s%s%s", futex_cmds[cmd], op & 128 ? "_PRIVATE" : "",
              op & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
    if (op & ~0x1ffu)
        tr_printf(c, "|%#x", op & ~0x1ffu);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

static void bitset(struct tcall *c, uint32_t v)
{
    if (v == 0xffffffff)
        tr_puts(c, "FUTEX_BITSET_MATCH_ANY");
    else
        tr_hex(c, v);
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
    switch (cmd) {
    case F_WAIT:
    case F_WAIT_BITSET:
    case F_WAIT_REQUEUE_PI:
        tr_arg(c);
        tr_uint(c, a[2]);
        tr_arg(c);
        timespec(c, a[3]);
        if (cmd == F_WAIT_BITSET) {
            tr_arg(c);
            bitset(c, a[5]);
        } else if (cmd == F_WAIT_REQUEUE_PI) {
            tr_arg(c);
            tr_addr(c, a[4]);
        }
        break;
    case F_LOCK_PI:
    case F_LOCK_PI2:
        tr_arg(c);
        timespec(c, a[3]);
        break;
    case F_UNLOCK_PI:
    case F_TRYLOCK_PI:
        break;
    case F_REQUEUE:
    case F_CMP_REQUEUE:
    case F_CMP_REQUEUE_PI:
    case F_WAKE_OP:
        tr_arg(c);
        tr_uint(c, a[2]);
        tr_arg(c);
        tr_uint(c, a[3]);
        tr_arg(c);
        tr_addr(c, a[4]);
        if (cmd != F_REQUEUE) {
            tr_arg(c);
            tr_hex(c, a[5]);
        }
        break;
    case F_WAKE_BITSET:
        tr_arg(c);
        tr_uint(c, a[2]);
        tr_arg(c);
        bitset(c, a[5]);
        break;
    default:
        tr_arg(c);
        tr_uint(c, a[2]);
        break;
    }
    return TD_DONE;
}

/* ---- uname, getrandom ---- */

static void uts_field(struct tcall *c, const char *name, const char *v, bool last)
{
    tr_printf(c, "%s=\"", name);
    tr_puts(c, v); /* kernel strings: printable, no quotes */
    tr_puts(c, last ? "\"" : "\", ");
}

int td_uname(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        return TD_EXIT;
    }
    char u[6][65];
    if (c->ret < 0 || tr_read(c, c->args[0], u, sizeof(u)) < 0) {
        tr_addr(c, c->args[0]);
        return TD_DONE;
    }
    for (int i = 0; i < 6; i++)
        u[i][64] = 0;
    tr_puts(c, "{");
    uts_field(c, "sysname", u[0], false);
    uts_field(c, "nodename", u[1], !trace_opt.verbose);
    if (!trace_opt.verbose) {
        tr_puts(c, ", ...}");
        return TD_DONE;
    }
    uts_field(c, "release", u[2], false);
    uts_field(c, "version", u[3], false);
    uts_field(c, "machine", u[4], false);
    uts_field(c, "domainname", u[5], true);
    tr_puts(c, "}");
    return TD_DONE;
}

static const struct xlat grnd_flags[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}, {0, NULL}};

/* Random bytes mean nothing as text: strace prints them all in \x form. */
int td_getrandom(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        return TD_EXIT;
    }
    size_t max = trace_opt.strsize > 0 ? (size_t)trace_opt.strsize : 32;
    size_t n = c->ret > 0 ? (size_t)c->ret : 0;
    unsigned char buf[4096];
    if (c->ret < 0 || (n < max ? n : max) > sizeof(buf) ||
        tr_read(c, c->args[0], buf, n < max ? n : max) < 0) {
        tr_addr(c, c->args[0]);
    } else {
        tr_puts(c, "\"");
        for (size_t i = 0; i < n && i < max; i++)
            tr_printf(c, "\\x%02x", buf[i]);
        tr_puts(c, n > max ? "\"..." : "\"");
    }
    tr_arg(c);
    tr_uint(c, c->args[1]);
    tr_arg(c);
    tr_flags(c, grnd_flags, c->args[2], "GRND_???");
    return TD_DONE;
}
