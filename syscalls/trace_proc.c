/* Process and thread call decoders in strace 6.1's forms (i386): execve,
 * exit, clone, wait4, kill, the thread-setup calls glibc makes at start,
 * rlimits, uname, getrandom. */
#include "trace_desc.h"

#include <stdio.h>
#include <string.h>

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

void td_hex_args(struct tcall *c, int first, int last)
{
    for (int i = first; i <= last; i++) {
        tr_arg(c);
        tr_hex(c, c->args[i]);
    }
}

int td_addr1(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    return TD_DONE;
}

/* ---- execve ---- */

void tr_argv(struct tcall *c, uint32_t va)
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

void tr_envp(struct tcall *c, uint32_t va)
{
    if (trace_opt.verbose || va == 0) {
        tr_argv(c, va);
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
    tr_argv(c, c->args[1]);
    tr_arg(c);
    tr_envp(c, c->args[2]);
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

/* struct user_desc's fields after entry_number, as set_thread_area,
 * get_thread_area and clone's tls show them. */
static void user_desc_rest(struct tcall *c, const uint32_t *d)
{
    uint32_t b = d[3];
    tr_printf(c,
              ", base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
              "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u}",
              d[1], d[2], b & 1, (b >> 1) & 3, (b >> 3) & 1, (b >> 4) & 1, (b >> 5) & 1,
              (b >> 6) & 1);
}

static void entry_number(struct tcall *c, uint32_t e)
{
    if (e == UINT32_MAX)
        tr_puts(c, "{entry_number=-1");
    else
        tr_printf(c, "{entry_number=%u", e);
}

static void print_user_desc(struct tcall *c, uint32_t va)
{
    uint32_t d[4];
    if ((c->exiting && c->ret < 0) || tr_read(c, va, d, sizeof(d)) < 0) {
        tr_addr(c, va);
        return;
    }
    entry_number(c, d[0]);
    user_desc_rest(c, d);
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
        if (c->ret < 0 || tr_read(c, c->args[2], &v, 4) < 0)
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

/* The struct at entry; the slot the kernel used after the value:
 * "= 0 (entry_number=12)". */
int td_set_thread_area(struct tcall *c)
{
    uint32_t e;
    if (!c->exiting) {
        tr_arg(c);
        print_user_desc(c, c->args[0]);
        return TD_EXIT;
    }
    if (c->ret >= 0 && tr_read(c, c->args[0], &e, 4) == 0)
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (entry_number=%u)", e);
    return TD_DONE;
}

/* get_thread_area: the slot asked for at entry, what the kernel filled in
 * at exit ("...}" when it failed). */
int td_get_thread_area(struct tcall *c)
{
    uint32_t d[4];
    if (!c->exiting) {
        tr_arg(c);
        if (tr_read(c, c->args[0], d, 4) < 0) {
            tr_addr(c, c->args[0]);
            return TD_DONE;
        }
        entry_number(c, d[0]);
        c->dec_state = (int)d[0];
        return TD_EXIT;
    }
    if (c->ret < 0 || tr_read(c, c->args[0], d, sizeof(d)) < 0) {
        tr_puts(c, ", ...}");
        return TD_DONE;
    }
    if (d[0] != (uint32_t)c->dec_state)
        tr_printf(c, " => %u", d[0]);
    user_desc_rest(c, d);
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

int td_setrlimit(struct tcall *c)
{
    tr_arg(c);
    tr_xval(c, rlimits, c->args[0], "RLIMIT_???");
    tr_arg(c);
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
