/* Waiting for descriptors: poll, ppoll, the old select (82, one pointer to
 * its five arguments), _newselect and pselect6, with the time64 forms.
 * Every wait is a blocking host call. fd_set is a bitmap of 32-bit longs in
 * the guest and of 64-bit ones on the host; the timeouts are written back
 * as the kernel does (poll_select_finish: the time left, not for a zero
 * timeout nor under STICKY_TIMEOUTS). An interrupted wait is ERESTARTNOHAND:
 * after a handler the guest sees EINTR, whatever SA_RESTART says. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STICKY_TIMEOUTS 0x4000000u /* personality(2) */
#define NSEC            1000000000L

/* How a call gives its timeout. */
enum tmo_kind { TMO_TIMEVAL, TMO_TIMESPEC32, TMO_TIMESPEC64 };

struct tmo {
    uint32_t va; /* 0: none (wait forever) */
    bool zero;   /* a zero timeout: polled, never written back */
    struct timespec ts;
};

/* Read and check a timeout; select normalises microseconds past a second. */
static long tmo_read(struct task *t, uint32_t va, enum tmo_kind k, struct tmo *o)
{
    o->va = va;
    if (!va)
        return 0;
    int64_t sec;
    long nsec;
    if (k == TMO_TIMEVAL) {
        struct guest_timeval32 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        sec = (int64_t)g.sec + g.usec / 1000000;
        nsec = (long)(g.usec % 1000000) * 1000;
    } else if (k == TMO_TIMESPEC32) {
        struct guest_timespec32 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        sec = g.sec;
        nsec = g.nsec;
    } else { /* time64: tv_nsec is a 32-bit long to an i386 kernel */
        struct guest_timespec64 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        sec = g.sec;
        nsec = (int32_t)g.nsec;
    }
    if (sec < 0 || nsec < 0 || nsec >= NSEC)
        return -EINVAL;
    o->ts = (struct timespec){(time_t)sec, nsec};
    o->zero = sec == 0 && nsec == 0;
    return 0;
}

/* poll_select_finish(): write the time left (the host left it in o->ts). */
static long tmo_finish(struct task *t, const struct tmo *o, enum tmo_kind k, long ret)
{
    if (ret == -ERESTARTSYS)
        ret = -ERESTARTNOHAND;
    if (!o->va || o->zero || (guest_kernel.persona & STICKY_TIMEOUTS))
        return ret;
    long e;
    if (k == TMO_TIMEVAL) {
        struct guest_timeval32 g = {(int32_t)o->ts.tv_sec,
                                    (int32_t)(o->ts.tv_nsec / 1000)};
        e = mm_copy_to(t->mm, o->va, &g, sizeof(g));
    } else if (k == TMO_TIMESPEC32) {
        struct guest_timespec32 g = {(int32_t)o->ts.tv_sec, (int32_t)o->ts.tv_nsec};
        e = mm_copy_to(t->mm, o->va, &g, sizeof(g));
    } else {
        struct guest_timespec64 g = {o->ts.tv_sec, o->ts.tv_nsec};
        e = mm_copy_to(t->mm, o->va, &g, sizeof(g));
    }
    /* A timeout in read-only memory: the call cannot be restarted. */
    if (e < 0 && ret == -ERESTARTNOHAND)
        ret = -EINTR;
    return ret;
}

/* The signal mask of pselect6/ppoll: read (and checked) here. */
static long read_sigmask(struct task *t, uint32_t va, uint32_t size, uint64_t *mask)
{
    if (size != 8)
        return -EINVAL;
    return mm_copy_from(t->mm, mask, va, 8) < 0 ? -EFAULT : 0;
}

/* poll and ppoll: struct pollfd (int fd; short events, revents) crosses field
 * by field; revents are written back whatever the result. */
static long do_poll(struct task *t, uint32_t fds_va, uint32_t nfds, const struct tmo *o,
                    int timeout_ms, bool is_ppoll)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && nfds > rl.rlim_cur)
        return -EINVAL;
    struct pollfd *h = malloc((nfds ? nfds : 1) * sizeof(*h));
    int16_t *g = malloc((nfds ? nfds : 1) * 8);
    long r = -ENOMEM;
    if (!h || !g)
        goto out;
    r = -EFAULT;
    if (nfds && mm_copy_from(t->mm, g, fds_va, nfds * 8) < 0)
        goto out;
    for (uint32_t i = 0; i < nfds; i++) {
        int32_t fd;
        memcpy(&fd, &g[4 * i], 4);
        h[i] = (struct pollfd){fd, g[4 * i + 2], 0};
    }
    struct timespec *ts = o && o->va ? (struct timespec *)&o->ts : NULL;
    if (is_ppoll)
        r = host_blocking(t, SYS_ppoll, (long)h, nfds, (long)ts, 0, 8, 0);
    else
        r = host_blocking(t, SYS_poll, (long)h, nfds, timeout_ms, 0, 0, 0);
    for (uint32_t i = 0; i < nfds; i++)
        g[4 * i + 3] = h[i].revents;
    if (nfds && mm_copy_to(t->mm, fds_va, g, nfds * 8) < 0)
        r = -EFAULT;
out:
    free(h);
    free(g);
    return r;
}

/* poll(2) with a millisecond timeout. The kernel restarts an interrupted
 * poll with the time that was left (a restart block); relic's
 * ERESTARTNOHAND restarts it, when no handler ran, with the whole timeout. */
static long sys_poll(struct task *t, const uint32_t *a)
{
    long r = do_poll(t, a[0], a[1], NULL, (int)a[2], false);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

static long do_ppoll(struct task *t, const uint32_t *a, enum tmo_kind k)
{
    struct tmo o = {0};
    long r = tmo_read(t, a[2], k, &o);
    if (r < 0)
        return r;
    uint64_t mask = 0;
    if (a[3] && (r = read_sigmask(t, a[3], a[4], &mask)) < 0)
        return r;
    if (a[3] && signal_wait_mask(t, mask))
        return -ERESTARTNOHAND;
    r = do_poll(t, a[0], a[1], &o, 0, true);
    r = tmo_finish(t, &o, k, r);
    if (a[3])
        signal_wait_done(t, r);
    return r;
}

static long sys_ppoll(struct task *t, const uint32_t *a)
{
    return do_ppoll(t, a, TMO_TIMESPEC32);
}

static long sys_ppoll_time64(struct task *t, const uint32_t *a)
{
    return do_ppoll(t, a, TMO_TIMESPEC64);
}

/* The size of the host's descriptor table (FDSize): select looks at no
 * more descriptors than that. */
static uint32_t host_max_fds(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    unsigned v = 64;
    char line[128];
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "FDSize: %u", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

/* One fd_set: guest bits (n of them, in 32-bit words) in host words. */
static long set_in(struct task *t, uint32_t va, uint32_t n, uint64_t *h, size_t hwords)
{
    memset(h, 0, hwords * 8);
    if (!va)
        return 0;
    uint32_t gwords = (n + 31) / 32;
    uint32_t *g = malloc(gwords ? gwords * 4 : 4);
    if (!g)
        return -ENOMEM;
    long r = gwords ? mm_copy_from(t->mm, g, va, gwords * 4) : 0;
    for (uint32_t i = 0; r == 0 && i < gwords; i++)
        h[i / 2] |= (uint64_t)g[i] << (32 * (i % 2));
    free(g);
    return r < 0 ? -EFAULT : 0;
}

static long set_out(struct task *t, uint32_t va, uint32_t n, const uint64_t *h)
{
    if (!va)
        return 0;
    uint32_t gwords = (n + 31) / 32;
    uint32_t *g = malloc(gwords ? gwords * 4 : 4);
    if (!g)
        return -ENOMEM;
    for (uint32_t i = 0; i < gwords; i++)
        g[i] = (uint32_t)(h[i / 2] >> (32 * (i % 2)));
    long r = gwords ? mm_copy_to(t->mm, va, g, gwords * 4) : 0;
    free(g);
    return r < 0 ? -EFAULT : 0;
}

/* core_sys_select(): n past the descriptor table is cut to its size; the
 * sets are written back only when the wait succeeded. */
static long do_select(struct task *t, int32_t n, const uint32_t sets[3], struct tmo *o)
{
    if (n < 0)
        return -EINVAL;
    size_t hwords = ((size_t)n + 63) / 64;
    uint64_t *h = calloc(3 * (hwords ? hwords : 1), 8);
    if (!h)
        return -ENOMEM;
    long r = 0;
    for (int i = 0; i < 3 && r == 0; i++)
        r = set_in(t, sets[i], (uint32_t)n, h + i * hwords, hwords);
    if (r == -EFAULT && (uint32_t)n > host_max_fds()) {
        /* The kernel reads no more than its table holds: retry so. */
        n = (int32_t)host_max_fds();
        r = 0;
        for (int i = 0; i < 3 && r == 0; i++)
            r = set_in(t, sets[i], (uint32_t)n, h + i * hwords, hwords);
    }
    if (r == 0) {
        uint64_t *p[3];
        for (int i = 0; i < 3; i++)
            p[i] = sets[i] ? h + i * hwords : NULL;
        r = host_blocking(t, SYS_pselect6, n, (long)p[0], (long)p[1], (long)p[2],
                          o->va ? (long)&o->ts : 0, 0);
    }
    for (int i = 0; i < 3 && r >= 0; i++)
        if (set_out(t, sets[i], (uint32_t)n, h + i * hwords) < 0)
            r = -EFAULT;
    free(h);
    return r;
}

static long select_args(struct task *t, const uint32_t *a)
{
    struct tmo o = {0};
    long r = tmo_read(t, a[4], TMO_TIMEVAL, &o);
    if (r < 0)
        return r;
    r = do_select(t, (int32_t)a[0], a + 1, &o);
    return tmo_finish(t, &o, TMO_TIMEVAL, r);
}

static long sys_newselect(struct task *t, const uint32_t *a)
{
    return select_args(t, a);
}

/* select (82): old_select, its five arguments in a struct sel_arg_struct. */
static long sys_old_select(struct task *t, const uint32_t *a)
{
    uint32_t args[5];
    if (mm_copy_from(t->mm, args, a[0], sizeof(args)) < 0)
        return -EFAULT;
    return select_args(t, args);
}

/* pselect6: the sixth argument points at { sigset_t *ss; size_t ss_len }. */
static long do_pselect6(struct task *t, const uint32_t *a, enum tmo_kind k)
{
    struct tmo o = {0};
    long r = tmo_read(t, a[4], k, &o);
    if (r < 0)
        return r;
    uint64_t mask = 0;
    bool mask_given = false;
    if (a[5]) {
        uint32_t sig[2];
        if (mm_copy_from(t->mm, sig, a[5], sizeof(sig)) < 0)
            return -EFAULT;
        if (sig[0] && (r = read_sigmask(t, sig[0], sig[1], &mask)) < 0)
            return r;
        mask_given = sig[0] != 0;
    }
    bool masked = a[5] && mask_given;
    if (masked && signal_wait_mask(t, mask))
        return -ERESTARTNOHAND;
    r = do_select(t, (int32_t)a[0], a + 1, &o);
    r = tmo_finish(t, &o, k, r);
    if (masked)
        signal_wait_done(t, r);
    return r;
}

static long sys_pselect6(struct task *t, const uint32_t *a)
{
    return do_pselect6(t, a, TMO_TIMESPEC32);
}

static long sys_pselect6_time64(struct task *t, const uint32_t *a)
{
    return do_pselect6(t, a, TMO_TIMESPEC64);
}

const struct sys_impl sys_poll_impls[] = {
    {"poll", sys_poll, "pud", "restarted (no handler ran) with the whole timeout"},
    {"ppoll", sys_ppoll, "puppu"},
    {"ppoll_time64", sys_ppoll_time64, "puppu"},
    {"select", sys_old_select, "p"},
    {"_newselect", sys_newselect, "dpppp"},
    {"pselect6", sys_pselect6, "dppppp"},
    {"pselect6_time64", sys_pselect6_time64, "dppppp"},
    {NULL, NULL, NULL},
};
