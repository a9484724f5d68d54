/* futex(2) over guest memory: each guest futex word is host memory (the
 * frame behind it), so the host's futex does the atomic compare-and-sleep
 * and the wake-ups, between relic's threads and, for shared mappings (host
 * shared memory), between relic processes. Also the futex work of a task's
 * exit: clear_child_tid and the robust list. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "sig.h"

#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define L_FUTEX_WAIT           0
#define L_FUTEX_WAKE           1
#define L_FUTEX_FD             2
#define L_FUTEX_REQUEUE        3
#define L_FUTEX_CMP_REQUEUE    4
#define L_FUTEX_WAKE_OP        5
#define L_FUTEX_WAIT_BITSET    9
#define L_FUTEX_WAKE_BITSET    10
#define L_FUTEX_PRIVATE_FLAG   128
#define L_FUTEX_CLOCK_REALTIME 256
#define L_FUTEX_CMD_MASK       (~(L_FUTEX_PRIVATE_FLAG | L_FUTEX_CLOCK_REALTIME))
#define L_FUTEX_WAITERS        0x80000000u
#define L_FUTEX_OWNER_DIED     0x40000000u
#define L_FUTEX_TID_MASK       0x3fffffffu
#define ROBUST_LIST_LIMIT      2048

/* The host address of the aligned guest word at va, faulting it in. */
static uint32_t *futex_word(struct task *t, uint32_t va, long *err)
{
    if (va & 3) {
        *err = -EINVAL;
        return NULL;
    }
    struct iovec iov;
    size_t done;
    if (mm_iov(t->mm, va, 4, MM_READ, &iov, 1, &done) != 1 || done < 4) {
        *err = -EFAULT;
        return NULL;
    }
    return iov.iov_base;
}

static long host_futex(uint32_t *w, int op, uint32_t val, const struct timespec *ts,
                       uint32_t *w2, uint32_t val3)
{
    return HOST(syscall(SYS_futex, w, op, val, ts, w2, val3));
}

void futex_wake_va(struct task *t, uint32_t va, int n)
{
    long err;
    uint32_t *w = futex_word(t, va, &err);
    if (w)
        host_futex(w, FUTEX_WAKE, (uint32_t)n, NULL, NULL, 0);
}

/* A wait: the host's, blocking with the run lock dropped. abs: ts is an
 * absolute time on clock (FUTEX_WAIT_BITSET), else relative. */
static long wait_on(struct task *t, uint32_t *w, uint32_t val, const struct timespec *ts,
                    bool abs, bool realtime, bool private, uint32_t bitset)
{
    int op = FUTEX_WAIT_BITSET | (private ? FUTEX_PRIVATE_FLAG : 0) |
             (realtime ? FUTEX_CLOCK_REALTIME : 0);
    struct timespec deadline;
    if (ts && !abs) { /* the host's WAIT_BITSET wants an absolute time */
        clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += ts->tv_sec;
        deadline.tv_nsec += ts->tv_nsec;
        if (deadline.tv_nsec >= 1000000000L)
            deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        ts = &deadline;
    }
    long a[6] = {(long)w, op, val, (long)ts, 0, bitset};
    long r = engine->blocking(t, SYS_futex, a);
    if (r == -ERESTARTSYS && ts) {
        /* futex_wait_restart(): resume with the same deadline, unless a
         * handler runs (then EINTR). */
        memcpy(&t->restart_arg[0], ts, sizeof(*ts));
        t->restart_arg[2] = (uint64_t)(uintptr_t)w;
        t->restart_arg[3] = ((uint64_t)bitset << 32) | val;
        t->restart_fn = NULL; /* set by the caller that knows the flags */
        return -ERESTART_RESTARTBLOCK;
    }
    return r;
}

static long restart_wait(struct task *t, bool realtime, bool private)
{
    struct timespec ts;
    memcpy(&ts, &t->restart_arg[0], sizeof(ts));
    uint32_t *w = (uint32_t *)(uintptr_t)t->restart_arg[2];
    uint32_t val = (uint32_t)t->restart_arg[3],
             bitset = (uint32_t)(t->restart_arg[3] >> 32);
    long r = wait_on(t, w, val, &ts, true, realtime, private, bitset);
    return r;
}

static long restart_mono_shared(struct task *t)
{
    long r = restart_wait(t, false, false);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = restart_mono_shared;
    return r;
}
static long restart_mono_private(struct task *t)
{
    long r = restart_wait(t, false, true);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = restart_mono_private;
    return r;
}
static long restart_real_shared(struct task *t)
{
    long r = restart_wait(t, true, false);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = restart_real_shared;
    return r;
}
static long restart_real_private(struct task *t)
{
    long r = restart_wait(t, true, true);
    if (r == -ERESTART_RESTARTBLOCK)
        t->restart_fn = restart_real_private;
    return r;
}

static long (*const restarts[2][2])(struct task *) = {
    {restart_mono_shared, restart_mono_private},
    {restart_real_shared, restart_real_private},
};

static long get_timeout(struct task *t, uint32_t va, bool wide, struct timespec *ts)
{
    if (get_timespec(t, va, ts, wide) < 0)
        return -EFAULT;
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
        return -EINVAL;
    return 0;
}

/* futex(uaddr, op, val, timeout|val2, uaddr2, val3) */
static long do_futex(struct task *t, const uint32_t *a, bool wide)
{
    uint32_t op = a[1], cmd = op & L_FUTEX_CMD_MASK;
    bool private = op & L_FUTEX_PRIVATE_FLAG, realtime = op & L_FUTEX_CLOCK_REALTIME;
    if (realtime && cmd != L_FUTEX_WAIT_BITSET && cmd != L_FUTEX_WAIT)
        return -ENOSYS;
    long err = 0;
    uint32_t *w = futex_word(t, a[0], &err);
    if (!w)
        return err;
    int host_private = private ? FUTEX_PRIVATE_FLAG : 0;
    switch (cmd) {
    case L_FUTEX_WAIT:
    case L_FUTEX_WAIT_BITSET: {
        uint32_t bitset = cmd == L_FUTEX_WAIT ? 0xffffffffu : a[5];
        if (!bitset)
            return -EINVAL;
        struct timespec ts;
        if (a[3]) {
            long r = get_timeout(t, a[3], wide, &ts);
            if (r < 0)
                return r;
        }
        long r = wait_on(t, w, a[2], a[3] ? &ts : NULL, cmd == L_FUTEX_WAIT_BITSET,
                         realtime, private, bitset);
        if (r == -ERESTART_RESTARTBLOCK)
            t->restart_fn = restarts[realtime][private];
        return r;
    }
    case L_FUTEX_WAKE:
        return host_futex(w, FUTEX_WAKE | host_private, a[2], NULL, NULL, 0);
    case L_FUTEX_WAKE_BITSET:
        if (!a[5])
            return -EINVAL;
        return host_futex(w, FUTEX_WAKE_BITSET | host_private, a[2], NULL, NULL, a[5]);
    case L_FUTEX_REQUEUE:
    case L_FUTEX_CMP_REQUEUE:
    case L_FUTEX_WAKE_OP: {
        uint32_t *w2 = futex_word(t, a[4], &err);
        if (!w2)
            return err;
        int hcmd = cmd == L_FUTEX_REQUEUE       ? FUTEX_REQUEUE
                   : cmd == L_FUTEX_CMP_REQUEUE ? FUTEX_CMP_REQUEUE
                                                : FUTEX_WAKE_OP;
        if (cmd == L_FUTEX_WAKE_OP) { /* it writes *uaddr2 */
            struct iovec iov;
            size_t done;
            if (mm_iov(t->mm, a[4], 4, MM_WRITE, &iov, 1, &done) != 1)
                return -EFAULT;
        }
        return host_futex(w, hcmd | host_private, a[2],
                          (const struct timespec *)(uintptr_t)a[3], w2, a[5]);
    }
    case L_FUTEX_FD: /* removed in 2.6.26 */
    default:
        return -ENOSYS;
    }
}

static long sys_futex(struct task *t, const uint32_t *a)
{
    return do_futex(t, a, false);
}

static long sys_futex_time64(struct task *t, const uint32_t *a)
{
    return do_futex(t, a, true);
}

static long sys_get_robust_list(struct task *t, const uint32_t *a)
{
    struct task *who = a[0] ? task_by_tid((int)a[0]) : t;
    if (!who)
        return -ESRCH;
    if (put_u32(t, a[1], who->robust_list) < 0 || put_u32(t, a[2], 12) < 0)
        return -EFAULT;
    return 0;
}

/* handle_futex_death(): the owner died holding the lock at va. */
static void futex_owner_died(struct task *t, uint32_t va, int tid)
{
    long err;
    uint32_t *w = futex_word(t, va, &err);
    if (!w)
        return;
    uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
    while ((v & L_FUTEX_TID_MASK) == (uint32_t)tid) {
        uint32_t nv = (v & L_FUTEX_WAITERS) | L_FUTEX_OWNER_DIED;
        if (__atomic_compare_exchange_n(w, &v, nv, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            if (v & L_FUTEX_WAITERS)
                host_futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
            break;
        }
    }
}

/* exit_robust_list(): walk the dying task's list of held robust mutexes. */
void futex_exit_robust(struct task *t)
{
    uint32_t head[3]; /* next, futex_offset, list_op_pending */
    if (!t->robust_list || mm_copy_from(t->mm, head, t->robust_list, sizeof(head)) < 0)
        return;
    int32_t off = (int32_t)head[1];
    uint32_t entry = head[0], pending = head[2];
    for (int n = 0; entry != t->robust_list && n < ROBUST_LIST_LIMIT; n++) {
        uint32_t next;
        if (mm_copy_from(t->mm, &next, entry & ~1u, 4) < 0)
            return;
        if (entry != pending)
            futex_owner_died(t, (entry & ~1u) + (uint32_t)off, t->tid);
        entry = next;
    }
    if (pending)
        futex_owner_died(t, (pending & ~1u) + (uint32_t)off, t->tid);
}

const struct sys_impl sys_futex_impls[] = {
    {"futex", sys_futex, "pxupPx",
     "no PI futexes (LOCK_PI, WAIT_REQUEUE_PI), no FUTEX_FD"},
    {"futex_time64", sys_futex_time64, "pxupPx", "no PI futexes"},
    {"get_robust_list", sys_get_robust_list, "dpp"},
    {NULL, NULL, NULL},
};
