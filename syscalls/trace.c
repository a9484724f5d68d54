/* The tracer's core: one strace-style line (or JSON object) per traced
 * call, signal and exit, written whole with one write() so that relic's
 * processes and threads can share one output. The bookkeeping strace keeps
 * for its tracees (how many are alive, whose line is open) lives in a
 * small shared memory file that every relic process of the run maps: fork
 * inherits it and execve passes it on (trace_exec_args). */
#define _GNU_SOURCE
#include "trace.h"

#include "internal.h"
#include "kversion.h"
#include "trace_filter.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

bool trace_on;
struct trace_opts trace_opt;

/* What all processes of the run share. */
struct shared {
    int leader;      /* host pid of the process the run began in */
    int nprocs;      /* traced tasks alive */
    int partial_tid; /* whose line is written up to its arguments, or 0 */
};
#define SHARED_HDR 4096

static struct shared *sh;
static int shared_fd = -1, out_fd = -1;
static bool lines_on; /* syscall lines (not only -c) */

/* Per task. */
struct tstate {
    struct tcall c;
    bool active;          /* a call is in flight */
    bool traced;          /* ... and passes the filter */
    bool decoded;         /* its arguments are being printed */
    int ff_fd;            /* -ff: this task's file */
    char interrupted[40]; /* the call restart_syscall resumes */
    char stamp[40];       /* the entry's time stamp */
    size_t partial_col;   /* how much of its line trace_syscall_blocking wrote */
};

static trace_dec *by_nr; /* decoder of each syscall number */

/* ---- decoders ---- */

static const struct trace_decoder *const families[] = {
    trace_mem_decoders,
    trace_desc_decoders,
    trace_net_decoders,
};

static trace_dec decoder_named(const char *name)
{
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
        for (const struct trace_decoder *d = families[f]; d->name; d++)
            if (strcmp(d->name, name) == 0)
                return d->fn;
    return NULL;
}

int trace_generic(struct tcall *c)
{
    const struct sys_impl *im = sys_impl_named(c->name);
    if (!im) { /* nothing known: the six registers, as numbers */
        for (int i = 0; i < 6; i++) {
            tr_arg(c);
            tr_hex(c, c->args[i]);
        }
        return TD_DONE;
    }
    for (int i = 0; im->args[i] && i < 6; i++) {
        tr_arg(c);
        uint32_t v = c->args[i];
        switch (im->args[i]) {
        case 'd':
            tr_int(c, (int32_t)v);
            break;
        case 'u':
            tr_uint(c, v);
            break;
        case 'o':
            tr_printf(c, "%#o", v);
            break;
        case 's':
            tr_str(c, v, -1);
            break;
        case 'p':
        case 'P':
            tr_addr(c, v);
            break;
        default:
            tr_hex(c, v);
            break;
        }
    }
    return TD_DONE;
}

/* ---- output ---- */

static uint64_t now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void stamp_now(char *buf, size_t len)
{
    buf[0] = 0;
    if (!trace_opt.timestamps)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (trace_opt.timestamps >= 3) {
        snprintf(buf, len, "%lld.%06ld ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
        return;
    }
    struct tm tm;
    time_t s = ts.tv_sec;
    localtime_r(&s, &tm);
    size_t n = strftime(buf, len, "%H:%M:%S", &tm);
    if (trace_opt.timestamps == 2)
        snprintf(buf + n, len - n, ".%06ld ", ts.tv_nsec / 1000);
    else
        snprintf(buf + n, len - n, " ");
}

/* The run's lock: threads of this process take a mutex, processes an open
 * file description lock on the shared file, which the kernel drops when its
 * holder dies, SIGKILLed mid-line or not. (A robust pthread mutex would not
 * do: relic forks with a raw clone, so glibc's idea of the child's tid, which
 * the mutex records as owner, is its parent's.) Each process opens its own
 * description, since a fork's copy would be the parent's lock too. */
static pthread_mutex_t local_lock = PTHREAD_MUTEX_INITIALIZER;
static int lock_fd = -1;
static pid_t lock_pid;

static void flock_shared(short type)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_len = 1};
    while (fcntl(lock_fd, type == F_UNLCK ? F_OFD_SETLK : F_OFD_SETLKW, &fl) < 0 &&
           errno == EINTR)
        ;
}

static void lock(void)
{
    pid_t me = getpid();
    if (lock_pid != me) { /* first use, or a fork child's */
        pthread_mutex_init(&local_lock, NULL);
        char path[40];
        snprintf(path, sizeof(path), "/proc/self/fd/%d", shared_fd);
        lock_fd = mm_hide_fd(open(path, O_RDWR | O_CLOEXEC));
        lock_pid = me;
    }
    pthread_mutex_lock(&local_lock);
    flock_shared(F_WRLCK);
}

static void unlock(void)
{
    flock_shared(F_UNLCK);
    pthread_mutex_unlock(&local_lock);
}

static int task_fd(struct task *t, struct tstate *s)
{
    if (!trace_opt.per_pid)
        return out_fd;
    if (s && s->ff_fd >= 0)
        return s->ff_fd;
    char path[4096];
    snprintf(path, sizeof(path), "%s.%d", trace_opt.outfile, t ? t->tid : (int)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    fd = mm_hide_fd(fd);
    if (s)
        s->ff_fd = fd;
    return fd;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* A growable line. */
struct line {
    char *p;
    size_t len, cap;
};

static void lputs(struct line *l, const char *s, size_t n)
{
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 512;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *p = realloc(l->p, cap);
        if (!p)
            abort();
        l->p = p;
        l->cap = cap;
    }
    memcpy(l->p + l->len, s, n);
    l->len += n;
    l->p[l->len] = 0;
}

static void lputz(struct line *l, const char *s)
{
    lputs(l, s, strlen(s));
}

static void lprintf(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void lprintf(struct line *l, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(buf)) {
        lputs(l, buf, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    lputs(l, big, (size_t)n);
    free(big);
}

/* The pid prefix strace prints: always with -o (relic follows forks, as
 * strace -f), "[pid N] " on the terminal once there are several tasks. */
static void prefix(struct line *l, struct task *t, const char *stamp)
{
    int tid = t ? t->tid : (int)getpid();
    if (trace_opt.per_pid)
        ;
    else if (trace_opt.outfile)
        lprintf(l, "%-5d ", tid);
    else if (sh->nprocs > 1)
        lprintf(l, "[pid %5d] ", tid);
    lputs(l, stamp, strlen(stamp));
}

/* Write a finished line (text mode): another task's open line is cut with
 * "<unfinished ...>" first, as strace does. Called with the lock held. */
static void put_locked(struct task *t, struct tstate *s, const struct line *l)
{
    int fd = task_fd(t, s);
    if (!trace_opt.per_pid && sh->partial_tid && (!t || sh->partial_tid != t->tid)) {
        static const char cut[] = " <unfinished ...>\n";
        write_all(fd, cut, sizeof(cut) - 1);
        sh->partial_tid = 0;
    }
    write_all(fd, l->p, l->len);
}

static void put_line(struct task *t, struct tstate *s, const struct line *l)
{
    lock();
    put_locked(t, s, l);
    unlock();
}

static void json_str(struct line *l, const char *s, size_t n)
{
    lputz(l, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            lprintf(l, "\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            lprintf(l, "\\u%04x", ch);
        else
            lputs(l, (const char *)&ch, 1);
    }
    lputz(l, "\"");
}

static void json_head(struct line *l, struct task *t)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    lprintf(l, "{\"pid\":%d,\"time\":%lld.%06ld", t ? t->tid : (int)getpid(),
            (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

/* ---- the return value ---- */

static enum trace_enosys enosys_why(const struct tcall *c)
{
    if (c->ret != -ENOSYS || c->subcall)
        return ENOSYS_NONE;
    return (enum trace_enosys)syscalls_enosys_why(c->nr);
}

/* "= value" and what follows, into l. */
static void result(struct line *l, struct tstate *s, bool returned)
{
    struct tcall *c = &s->c;
    if (!returned) {
        lputz(l, "= ?");
        return;
    }
    long r = c->ret;
    if (r < 0 && r >= -4095) {
        int e = (int)-r;
        const char *name = trace_errno_name(e);
        bool restart = e >= 512 && e <= 516;
        if (name)
            lprintf(l, restart ? "= ? %s (%s)" : "= -1 %s (%s)", name,
                    trace_errno_text(e));
        else
            lprintf(l, "= -1 E??? (errno %d)", e);
        enum trace_enosys why = enosys_why(c);
        if (why == ENOSYS_KERNEL) {
            char kv[32];
            kver_format(syscalls_kernel(), kv, sizeof(kv));
            lprintf(l, " <not in %s>", kv);
        } else if (why == ENOSYS_RELIC) {
            lputz(l, " <not implemented by relic>");
        }
    } else {
        uint32_t u = (uint32_t)r;
        switch (c->rv) {
        case RV_HEX:
            lprintf(l, "= %#x", u);
            break;
        case RV_OCT:
            lprintf(l, "= %#o", u);
            break;
        case RV_UDEC:
            lprintf(l, "= %u", u);
            break;
        case RV_NONE:
            lputz(l, "= ?");
            break;
        case RV_FD:
            lprintf(l, "= %ld", r);
            if (trace_opt.decode_fds) { /* -y: what the new descriptor is */
                char link[40], path[4096];
                snprintf(link, sizeof(link), "/proc/self/fd/%ld", r);
                ssize_t n = readlink(link, path, sizeof(path) - 1);
                if (n >= 0)
                    lprintf(l, "<%.*s>", (int)n, path);
            }
            break;
        default:
            lprintf(l, "= %ld", r);
            break;
        }
        lputs(l, c->rv_extra, strlen(c->rv_extra));
    }
    if (trace_opt.syscall_times) {
        uint64_t d = now_ns(CLOCK_MONOTONIC) - c->t_enter_ns;
        lprintf(l, " <%llu.%06llu>", (unsigned long long)(d / 1000000000ull),
                (unsigned long long)(d / 1000 % 1000000));
    }
}

/* Spaces up to strace's column 40; written: what of the line is out already. */
static void pad_to_column(struct line *l, size_t written)
{
    static const char spaces[] = "                                        ";
    size_t col = written + l->len;
    if (col < 40)
        lputs(l, spaces, 40 - col);
}

/* The JSON object of a finished call. */
static void json_call(struct task *t, struct tstate *s, bool returned)
{
    struct tcall *c = &s->c;
    struct line l = {0};
    json_head(&l, t);
    lputz(&l, ",\"syscall\":");
    json_str(&l, c->name, strlen(c->name));
    /* the registers: a sub-call's are its multiplexer's */
    int nraw = !c->subcall                                ? (c->nargs < 6 ? c->nargs : 6)
               : strcmp(syscalls_name(c->nr), "ipc") == 0 ? 6
                                                          : 2;
    lputz(&l, ",\"args\":[");
    for (int i = 0; i < nraw; i++)
        lprintf(&l, "%s\"%#x\"", i ? "," : "", c->raw[i]);
    lputz(&l, "],\"decoded\":[");
    int n = c->nargs < 8 ? c->nargs : 8;
    for (int i = 0; i < n; i++) {
        size_t from = c->arg[i];
        size_t to = i + 1 < n ? c->arg[i + 1] - 2 : c->len; /* less the ", " */
        if (i)
            lputz(&l, ",");
        json_str(&l, c->text + from, to > from ? to - from : 0);
    }
    lputz(&l, "]");
    if (!returned) {
        lputz(&l, ",\"return\":null");
    } else {
        long r = c->ret;
        bool err = r < 0 && r >= -4095;
        struct line rv = {0};
        result(&rv, s, true);
        lprintf(&l, ",\"return\":%ld,\"retval\":", err ? -1L : r);
        const char *shown = rv.p + 2; /* past "= " */
        size_t shown_len = strcspn(shown, " ");
        json_str(&l, shown, shown_len);
        free(rv.p);
        if (err) {
            int e = (int)-r;
            const char *name = trace_errno_name(e);
            lputz(&l, ",\"errno\":");
            json_str(&l, name ? name : "E???", strlen(name ? name : "E???"));
            const char *text = trace_errno_text(e);
            lputz(&l, ",\"error\":");
            json_str(&l, text, strlen(text));
            enum trace_enosys why = enosys_why(c);
            if (why != ENOSYS_NONE) {
                char kv[32], note[64];
                kver_format(syscalls_kernel(), kv, sizeof(kv));
                snprintf(note, sizeof(note), why == ENOSYS_KERNEL ? "not in %s" : "%s",
                         why == ENOSYS_KERNEL ? kv : "not implemented by relic");
                lputz(&l, ",\"enosys\":");
                json_str(&l, note, strlen(note));
            }
        }
        uint64_t d = now_ns(CLOCK_MONOTONIC) - c->t_enter_ns;
        lprintf(&l, ",\"duration\":%llu.%09llu", (unsigned long long)(d / 1000000000ull),
                (unsigned long long)(d % 1000000000ull));
    }
    lputz(&l, "}\n");
    put_line(t, s, &l);
    free(l.p);
}

/* The whole line of a finished call, or its rest when its entry part is
 * already out. */
static void text_call(struct task *t, struct tstate *s, bool returned)
{
    struct tcall *c = &s->c;
    struct line l = {0};
    lock();
    if (c->partial_out && sh->partial_tid == t->tid) {
        /* Nobody wrote in between: the line goes on where it stopped. */
        lputs(&l, c->text + c->entry_len, c->len - c->entry_len);
        lputz(&l, ") ");
        pad_to_column(&l, s->partial_col);
        sh->partial_tid = 0;
    } else if (c->partial_out) {
        char stamp[40];
        stamp_now(stamp, sizeof(stamp));
        prefix(&l, t, stamp);
        lprintf(&l, "<... %s resumed>", c->name);
        lputs(&l, c->text + c->entry_len, c->len - c->entry_len);
        lputz(&l, ") ");
        pad_to_column(&l, 0);
    } else {
        prefix(&l, t, s->stamp);
        lprintf(&l, "%s(", c->name);
        lputs(&l, c->text, c->len);
        lputz(&l, ") ");
        pad_to_column(&l, 0);
    }
    result(&l, s, returned);
    lputz(&l, "\n");
    put_locked(t, s, &l);
    unlock();
    free(l.p);
}

static struct tstate *state(struct task *t)
{
    if (!t->trace) {
        struct tstate *s = calloc(1, sizeof(*s));
        if (!s)
            abort();
        s->ff_fd = -1;
        t->trace = s;
    }
    return t->trace;
}

/* ---- hooks ---- */

static const char *call_name(uint32_t nr, char *buf, size_t len)
{
    const char *n = syscalls_name(nr);
    if (strncmp(n, "syscall_", 8) == 0) {
        snprintf(buf, len, "syscall_%#x", nr);
        return buf;
    }
    return n;
}

void trace_syscall_enter(struct task *t, uint32_t nr, const uint32_t args[6])
{
    if (!trace_on)
        return;
    struct tstate *s = state(t);
    struct tcall *c = &s->c;
    char *text = c->text;
    size_t cap = c->cap;
    memset(c, 0, sizeof(*c));
    c->text = text;
    c->cap = cap;
    if (text)
        text[0] = 0;
    static __thread char namebuf[32];
    c->t = t;
    c->nr = nr;
    c->name = call_name(nr, namebuf, sizeof(namebuf));
    memcpy(c->args, args, sizeof(c->args));
    memcpy(c->raw, args, sizeof(c->raw));
    s->active = true;
    s->decoded = false;
    if (strcmp(c->name, "ipc") == 0 || strcmp(c->name, "socketcall") == 0)
        trace_subcall(c);
    s->traced = trace_filter_match(c->name);
    if (!s->traced)
        return;
    c->t_enter_ns = now_ns(CLOCK_MONOTONIC);
    if (!lines_on)
        return;
    stamp_now(s->stamp, sizeof(s->stamp));
    s->decoded = true;
    if (nr == 0 && t->restart_fn) { /* restart_syscall: what it resumes */
        tr_printf(c, "<... resuming interrupted %s ...>",
                  s->interrupted[0] ? s->interrupted : "call");
        c->dec = NULL;
        return;
    }
    trace_dec fn =
        c->subcall ? decoder_named(c->name) : (nr < SYS_MAX_NR ? by_nr[nr] : NULL);
    if (!fn)
        fn = trace_generic;
    c->dec = fn(c) == TD_EXIT ? fn : NULL;
    c->entry_len = c->len;
}

void trace_first_exec(struct task *t, const char *path, uint32_t sp)
{
    if (!trace_on)
        return;
    /* strace's first line: the exec it ran, with the new image's argv and
     * envp (on the initial stack: argc, argv..., NULL, envp...). */
    uint32_t argc = 0;
    mm_peek(t->mm, &argc, sp, 4);
    uint32_t regs[6] = {0, sp + 4, sp + 8 + 4 * argc};
    trace_syscall_enter(t, 11, regs); /* i386 execve in every era */
    struct tstate *s = t->trace;
    if (s->decoded) { /* the path is the host's, not in guest memory */
        struct tcall *c = &s->c;
        c->len = 0;
        c->nargs = 0;
        c->dec = NULL;
        tr_arg(c);
        tr_printf(c, "\"%s\"", path);
        tr_arg(c);
        tr_argv(c, regs[1]);
        tr_arg(c);
        tr_envp(c, regs[2]);
        c->entry_len = c->len;
    }
    trace_syscall_exit(t, 0);
}

void trace_syscall_blocking(struct task *t)
{
    if (!trace_on || !lines_on || trace_opt.json || trace_opt.per_pid || !t || !t->trace)
        return;
    struct tstate *s = t->trace;
    struct tcall *c = &s->c;
    /* Alone, nobody can cut the line: it is written whole at the exit. */
    if (!s->active || !s->traced || c->partial_out || !s->decoded || sh->nprocs < 2)
        return;
    struct line l = {0};
    prefix(&l, t, s->stamp);
    lprintf(&l, "%s(", c->name);
    lputs(&l, c->text, c->entry_len);
    s->partial_col = l.len;
    lock();
    put_locked(t, s, &l);
    sh->partial_tid = t->tid;
    unlock();
    free(l.p);
    c->partial_out = true;
}

static void finish(struct task *t, struct tstate *s, bool returned)
{
    struct tcall *c = &s->c;
    s->active = false;
    if (!s->traced)
        return;
    if (returned && c->ret == -ERESTART_RESTARTBLOCK)
        snprintf(s->interrupted, sizeof(s->interrupted), "%s", c->name);
    if (trace_opt.summary && returned) {
        uint64_t d = now_ns(CLOCK_MONOTONIC) - c->t_enter_ns;
        summary_add_call(c, d, enosys_why(c));
    }
    if (!lines_on)
        return;
    if (returned && c->dec) {
        c->exiting = true;
        c->dec(c);
    }
    if (trace_opt.json)
        json_call(t, s, returned);
    else
        text_call(t, s, returned);
}

void trace_syscall_exit(struct task *t, long ret)
{
    if (!trace_on || !t->trace)
        return;
    struct tstate *s = t->trace;
    if (!s->active)
        return;
    s->c.ret = ret;
    /* exit and exit_group, and a call the task died in, never return */
    finish(t, s, !t->exited && !t->fatal_signal);
}

void trace_exec_commit(struct task *t)
{
    if (!trace_on || !t->trace)
        return;
    struct tstate *s = t->trace;
    if (!s->active)
        return;
    s->c.ret = 0;
    finish(t, s, true);
}

void trace_fork_child(struct task *t)
{
    if (!trace_on || !t->trace)
        return;
    struct tstate *s = t->trace;
    s->active = false;
    s->c.partial_out = false;
    if (s->ff_fd >= 0)
        close(s->ff_fd);
    s->ff_fd = -1;
}

void trace_task_new(struct task *t)
{
    (void)t;
    if (!trace_on)
        return;
    __atomic_add_fetch(&sh->nprocs, 1, __ATOMIC_SEQ_CST);
}

void trace_task_new_failed(void)
{
    if (!trace_on)
        return;
    __atomic_sub_fetch(&sh->nprocs, 1, __ATOMIC_SEQ_CST);
}

void trace_event(struct task *t, const char *text, const char *json)
{
    if (!trace_on)
        return;
    if (!t)
        t = task_current;
    struct tstate *s = t ? state(t) : NULL;
    struct line l = {0};
    if (trace_opt.json) {
        json_head(&l, t);
        lprintf(&l, ",%s}\n", json);
    } else {
        char stamp[40];
        stamp_now(stamp, sizeof(stamp));
        prefix(&l, t, stamp);
        lprintf(&l, "%s\n", text);
    }
    put_line(t, s, &l);
    free(l.p);
}

void trace_signal(struct task *t, const struct guest_siginfo *si)
{
    if (!trace_on || !lines_on)
        return;
    char info[512], text[600], json[1200];
    trace_format_siginfo(si, info, sizeof(info));
    const char *name = trace_signal_name(si->signo);
    snprintf(text, sizeof(text), "--- %s %s ---", name ? name : "SIG???", info);
    struct line j = {0};
    lputz(&j, "\"event\":\"signal\",\"signal\":");
    json_str(&j, name ? name : "SIG???", strlen(name ? name : "SIG???"));
    lputz(&j, ",\"siginfo\":");
    json_str(&j, info, strlen(info));
    snprintf(json, sizeof(json), "%s", j.p);
    free(j.p);
    trace_event(t, text, json);
}

void trace_task_exit(struct task *t, int status, int killed_by, bool core)
{
    if (!trace_on)
        return;
    struct tstate *s = t->trace;
    if (s && s->active) /* exit, exit_group, or killed inside a call */
        finish(t, s, false);
    if (lines_on) {
        char text[80], json[120];
        if (killed_by) {
            const char *name = trace_signal_name(killed_by);
            snprintf(text, sizeof(text), "+++ killed by %s%s +++", name ? name : "SIG???",
                     core ? " (core dumped)" : "");
            snprintf(json, sizeof(json),
                     "\"event\":\"killed\",\"signal\":\"%s\",\"core\":%s",
                     name ? name : "SIG???", core ? "true" : "false");
        } else {
            snprintf(text, sizeof(text), "+++ exited with %d +++", status);
            snprintf(json, sizeof(json), "\"event\":\"exit\",\"status\":%d", status);
        }
        trace_event(t, text, json);
    }
    __atomic_sub_fetch(&sh->nprocs, 1, __ATOMIC_SEQ_CST);
    if (s && s->ff_fd >= 0) {
        close(s->ff_fd);
        s->ff_fd = -1;
    }
}

void trace_process_end(void)
{
    if (!trace_on)
        return;
    if (trace_opt.summary)
        summary_process_done();
    if (trace_opt.summary && getpid() == sh->leader) {
        summary_print(trace_opt.per_pid ? 2 : out_fd);
    }
}

/* ---- set-up ---- */

static int parse_state(const char *v, int *sfd, int *ofd)
{
    return sscanf(v, "%d,%d", sfd, ofd) == 2 ? 0 : -1;
}

int trace_init(const struct trace_opts *o, char *err, size_t errlen)
{
    trace_opt = *o;
    if (trace_opt.strsize <= 0)
        trace_opt.strsize = 32;
    lines_on = trace_opt.summary != 1 && (trace_opt.expr || trace_opt.pages);
    const char *expr = trace_opt.expr ? trace_opt.expr : "all";
    if (trace_filter_parse(expr, err, errlen) < 0)
        return -1;
    if (trace_opt.sortby && !summary_sortby_valid(trace_opt.sortby)) {
        snprintf(err, errlen, "invalid sortby: '%s'", trace_opt.sortby);
        return -1;
    }
    if (trace_opt.per_pid && !trace_opt.outfile) {
        snprintf(err, errlen, "-ff needs -o FILE");
        return -1;
    }
    size_t size = SHARED_HDR + summary_shared_size();
    int sfd = -1, ofd = -1;
    if (o->inherited && parse_state(o->inherited, &sfd, &ofd) == 0 &&
        fcntl(sfd, F_GETFD) >= 0) {
        /* execve: the run goes on in this process */
        shared_fd = sfd;
        out_fd = ofd;
        fcntl(sfd, F_SETFD, FD_CLOEXEC);
        if (ofd >= 0)
            fcntl(ofd, F_SETFD, FD_CLOEXEC);
        sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0);
        if (sh == MAP_FAILED) {
            snprintf(err, errlen, "cannot map the trace state: %s", strerror(errno));
            return -1;
        }
    } else {
        shared_fd = memfd_create("relic-trace", MFD_CLOEXEC);
        if (shared_fd < 0 || ftruncate(shared_fd, (off_t)size) < 0) {
            snprintf(err, errlen, "cannot create the trace state: %s", strerror(errno));
            return -1;
        }
        shared_fd = mm_hide_fd(shared_fd);
        sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0);
        if (sh == MAP_FAILED) {
            snprintf(err, errlen, "cannot map the trace state: %s", strerror(errno));
            return -1;
        }
        sh->leader = getpid();
        sh->nprocs = 1;
        if (trace_opt.per_pid) { /* the first task's file, to fail here if it cannot be */
            char path[4096];
            snprintf(path, sizeof(path), "%s.%d", trace_opt.outfile, (int)getpid());
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (fd < 0) {
                snprintf(err, errlen, "can't open '%s': %s", path, strerror(errno));
                return -1;
            }
            close(fd);
        }
        if (trace_opt.outfile && !trace_opt.per_pid) {
            int fd =
                open(trace_opt.outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (fd < 0) {
                snprintf(err, errlen, "can't open '%s': %s", trace_opt.outfile,
                         strerror(errno));
                return -1;
            }
            out_fd = fd;
        } else {
            out_fd = dup(2); /* the guest may close or move its stderr */
        }
        out_fd = mm_hide_fd(out_fd);
    }
    summary_attach((char *)sh + SHARED_HDR);
    by_nr = calloc(SYS_MAX_NR, sizeof(*by_nr));
    if (!by_nr)
        return -1;
    for (uint32_t nr = 0; nr < SYS_MAX_NR; nr++) {
        char buf[32];
        by_nr[nr] = decoder_named(call_name(nr, buf, sizeof(buf)));
    }
    trace_on = true;
    if (trace_opt.pages)
        trace_pages_start();
    return 0;
}

int trace_exec_args(const char **argv)
{
    if (!trace_on)
        return 0;
    /* The new relic takes the shared state and the output back rather than
     * opening them again; the descriptors survive the exec for that. */
    static char state[40], strsize[16];
    static const char *const stamps[] = {NULL, "-t", "-tt", "-ttt"};
    static const char *const xlats[] = {"abbrev", "raw", "verbose"};
    static char *expr;
    if (trace_opt.summary) /* the image being replaced counts its memory now */
        summary_process_done();
    fcntl(shared_fd, F_SETFD, 0);
    if (out_fd >= 0)
        fcntl(out_fd, F_SETFD, 0);
    snprintf(state, sizeof(state), "--trace-state=%d,%d", shared_fd, out_fd);
    int n = 0;
    argv[n++] = state;
    if (trace_opt.expr) {
        free(expr);
        if (asprintf(&expr, "--trace=%s", trace_opt.expr) < 0)
            expr = NULL;
        if (expr)
            argv[n++] = expr;
    }
    if (trace_opt.outfile) {
        argv[n++] = "-o";
        argv[n++] = trace_opt.outfile;
    }
    if (trace_opt.per_pid)
        argv[n++] = "-ff";
    if (trace_opt.timestamps)
        argv[n++] = stamps[trace_opt.timestamps > 3 ? 3 : trace_opt.timestamps];
    if (trace_opt.syscall_times)
        argv[n++] = "-T";
    snprintf(strsize, sizeof(strsize), "%d", trace_opt.strsize);
    argv[n++] = "-s";
    argv[n++] = strsize;
    argv[n++] = "-X";
    argv[n++] = xlats[trace_opt.xlat];
    if (trace_opt.verbose)
        argv[n++] = "-v";
    for (int i = 0; i < trace_opt.decode_fds && i < 2; i++)
        argv[n++] = "-y";
    if (trace_opt.summary)
        argv[n++] = trace_opt.summary == 1 ? "-c" : "-C";
    if (trace_opt.sortby) {
        argv[n++] = "-S";
        argv[n++] = trace_opt.sortby;
    }
    if (trace_opt.json)
        argv[n++] = "--trace-format=json";
    if (trace_opt.pages)
        argv[n++] = "--trace-pages";
    return n;
}
