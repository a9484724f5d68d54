/* The signal system calls: handlers (sigaction, rt_sigaction, signal), masks
 * (sigprocmask, rt_sigprocmask, sgetmask, ssetmask), waiting (pause,
 * sigsuspend, rt_sigsuspend, rt_sigtimedwait), sending (kill, tkill, tgkill,
 * rt_sigqueueinfo, rt_tgsigqueueinfo), sigaltstack, sigreturn, and the
 * process timers that raise signals (alarm, setitimer, getitimer). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "sig.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static bool bad_sig(uint32_t sig)
{
    return sig < 1 || sig > GUEST_NSIG;
}

/* Mirror the guest's choice on the host where the host acts on it without
 * relic: an ignored SIGCHLD (or SA_NOCLDWAIT) makes the host reap children,
 * so that wait() then fails with ECHILD as it would. */
static void mirror_on_host(int sig, const struct guest_sigaction *a)
{
    if (sig != SIGCHLD)
        return;
    struct sigaction cur;
    if (sigaction(SIGCHLD, NULL, &cur) < 0)
        return;
    if (a->handler == GUEST_SIG_IGN || (a->flags & GUEST_SA_NOCLDWAIT)) {
        struct sigaction ign = cur;
        if (a->handler == GUEST_SIG_IGN)
            ign.sa_handler = SIG_IGN, ign.sa_flags = 0;
        else
            ign.sa_flags |= SA_NOCLDWAIT;
        sigaction(SIGCHLD, &ign, NULL);
    } else if (cur.sa_handler == SIG_IGN || (cur.sa_flags & SA_NOCLDWAIT)) {
        engine->host_handler(SIGCHLD);
    }
}

/* do_sigaction(): the new action, and pending signals it now ignores go. */
static long do_sigaction(struct task *t, int sig, const struct guest_sigaction *act,
                         struct guest_sigaction *old)
{
    if (bad_sig((uint32_t)sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    struct guest_sigaction *k = &t->sighand->action[sig];
    if (old)
        *old = *k;
    if (!act)
        return 0;
    *k = *act;
    k->mask &= ~UNBLOCKABLE;
    mirror_on_host(sig, k);
    bool dfl_ignores = sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH;
    if (k->handler == GUEST_SIG_IGN || (k->handler == GUEST_SIG_DFL && dfl_ignores)) {
        struct guest_siginfo dummy;
        while (signal_dequeue(t, sigbit(sig), &dummy))
            ;
        for (struct task *o = all_tasks; o; o = o->next)
            if (o->group == t->group)
                while (signal_dequeue(o, sigbit(sig), &dummy))
                    ;
    }
    return 0;
}

static long sys_rt_sigaction(struct task *t, const uint32_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    struct guest_sigaction act, old;
    if (a[1] && mm_copy_from(t->mm, &act, a[1], sizeof(act)) < 0)
        return -EFAULT;
    long r = do_sigaction(t, (int)a[0], a[1] ? &act : NULL, &old);
    if (r == 0 && a[2] && mm_copy_to(t->mm, a[2], &old, sizeof(old)) < 0)
        return -EFAULT;
    return r;
}

/* struct old_sigaction of i386: handler, 32-bit mask, flags, restorer. */
struct guest_old_sigaction {
    uint32_t handler, mask, flags, restorer;
};

static long sys_sigaction(struct task *t, const uint32_t *a)
{
    struct guest_old_sigaction o;
    struct guest_sigaction act, old;
    if (a[1]) {
        if (mm_copy_from(t->mm, &o, a[1], sizeof(o)) < 0)
            return -EFAULT;
        act = (struct guest_sigaction){o.handler, o.flags, o.restorer, o.mask};
    }
    long r = do_sigaction(t, (int)a[0], a[1] ? &act : NULL, &old);
    if (r == 0 && a[2]) {
        o = (struct guest_old_sigaction){old.handler, (uint32_t)old.mask, old.flags,
                                         old.restorer};
        if (mm_copy_to(t->mm, a[2], &o, sizeof(o)) < 0)
            return -EFAULT;
    }
    return r;
}

/* signal(2) as the kernel has it: SA_ONESHOT | SA_NOMASK, System V style. */
static long sys_signal(struct task *t, const uint32_t *a)
{
    struct guest_sigaction act = {a[1], GUEST_SA_RESETHAND | GUEST_SA_NODEFER, 0, 0}, old;
    long r = do_sigaction(t, (int)a[0], &act, &old);
    return r < 0 ? r : (long)old.handler;
}

static long set_mask(struct task *t, int how, uint64_t set)
{
    switch (how) {
    case SIG_BLOCK:
        signal_set_blocked(t, t->blocked | set);
        return 0;
    case SIG_UNBLOCK:
        signal_set_blocked(t, t->blocked & ~set);
        return 0;
    case SIG_SETMASK:
        signal_set_blocked(t, set);
        return 0;
    }
    return -EINVAL;
}

static long sys_rt_sigprocmask(struct task *t, const uint32_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    uint64_t old = t->blocked, set = 0;
    if (a[1]) {
        if (mm_copy_from(t->mm, &set, a[1], 8) < 0)
            return -EFAULT;
        long r = set_mask(t, (int)a[0], set);
        if (r < 0)
            return r;
    }
    if (a[2] && mm_copy_to(t->mm, a[2], &old, 8) < 0)
        return -EFAULT;
    return 0;
}

/* The old calls see and change only the first 32 signals. */
static long sys_sigprocmask(struct task *t, const uint32_t *a)
{
    uint32_t old = (uint32_t)t->blocked, set;
    if (a[1]) {
        if (mm_copy_from(t->mm, &set, a[1], 4) < 0)
            return -EFAULT;
        uint64_t high = t->blocked & ~0xffffffffull;
        switch (a[0]) {
        case SIG_BLOCK:
            signal_set_blocked(t, t->blocked | set);
            break;
        case SIG_UNBLOCK:
            signal_set_blocked(t, t->blocked & ~(uint64_t)set);
            break;
        case SIG_SETMASK:
            signal_set_blocked(t, high | set);
            break;
        default:
            return -EINVAL;
        }
    }
    if (a[2] && mm_copy_to(t->mm, a[2], &old, 4) < 0)
        return -EFAULT;
    return 0;
}

static long sys_sgetmask(struct task *t, const uint32_t *a)
{
    (void)a;
    return (long)(uint32_t)t->blocked;
}

static long sys_ssetmask(struct task *t, const uint32_t *a)
{
    uint32_t old = (uint32_t)t->blocked;
    signal_set_blocked(t, (t->blocked & ~0xffffffffull) | a[0]);
    return (long)old;
}

static uint64_t pending_set(const struct task *t)
{
    return (t->pending.set | t->group->shared.set) & t->blocked;
}

static long sys_rt_sigpending(struct task *t, const uint32_t *a)
{
    if (a[1] > 8)
        return -EINVAL;
    uint64_t p = pending_set(t);
    return mm_copy_to(t->mm, a[0], &p, a[1]);
}

static long sys_sigpending(struct task *t, const uint32_t *a)
{
    uint32_t p = (uint32_t)pending_set(t);
    return mm_copy_to(t->mm, a[0], &p, 4);
}

/* Block in the host until something arrives for the guest. */
static long wait_for_signal(struct task *t)
{
    while (!signal_deliverable(t)) {
        long none[6] = {0, 0, 0, 0, 8, 0};
        long r = engine->blocking(t, SYS_ppoll, none);
        if (r < 0 && r != -ERESTARTSYS)
            return r;
    }
    return -ERESTARTNOHAND;
}

static long sys_pause(struct task *t, const uint32_t *a)
{
    (void)a;
    return wait_for_signal(t);
}

static long suspend(struct task *t, uint64_t mask)
{
    t->saved_blocked = t->blocked;
    t->restore_blocked = true;
    signal_set_blocked(t, mask);
    return wait_for_signal(t);
}

static long sys_rt_sigsuspend(struct task *t, const uint32_t *a)
{
    if (a[1] != 8)
        return -EINVAL;
    uint64_t mask;
    if (mm_copy_from(t->mm, &mask, a[0], 8) < 0)
        return -EFAULT;
    return suspend(t, mask);
}

/* i386 sigsuspend(history0, history1, old_sigset_t mask). */
static long sys_sigsuspend(struct task *t, const uint32_t *a)
{
    return suspend(t, (t->blocked & ~0xffffffffull) | a[2]);
}

/* rt_sigtimedwait: take a signal of set without running its handler. */
static long do_sigtimedwait(struct task *t, const uint32_t *a, bool wide)
{
    if (a[3] != 8)
        return -EINVAL;
    uint64_t set;
    if (mm_copy_from(t->mm, &set, a[0], 8) < 0)
        return -EFAULT;
    set &= ~UNBLOCKABLE;
    struct timespec ts, *tsp = NULL;
    if (a[2]) {
        long r = get_timespec(t, a[2], &ts, wide);
        if (r < 0)
            return r;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
            return -EINVAL;
        tsp = &ts;
    }
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (tsp) {
        end.tv_sec += ts.tv_sec;
        end.tv_nsec += ts.tv_nsec;
        if (end.tv_nsec >= 1000000000L)
            end.tv_sec++, end.tv_nsec -= 1000000000L;
    }
    for (;;) {
        engine->drain(t);
        struct guest_siginfo info;
        int sig = signal_dequeue(t, set, &info);
        if (sig) {
            if (a[1] && mm_copy_to(t->mm, a[1], &info, sizeof(info)) < 0)
                return -EFAULT;
            return sig;
        }
        if (((t->pending.set | t->group->shared.set) & ~t->blocked & ~set) ||
            t->group->exiting || t->fatal_signal)
            return -EINTR;
        struct timespec left = {0, 0};
        if (tsp) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            left.tv_sec = end.tv_sec - now.tv_sec;
            left.tv_nsec = end.tv_nsec - now.tv_nsec;
            if (left.tv_nsec < 0)
                left.tv_sec--, left.tv_nsec += 1000000000L;
            if (left.tv_sec < 0)
                return -EAGAIN;
        }
        long arg[6] = {0, 0, tsp ? (long)&left : 0, 0, 8, 0};
        long r = engine->blocking(t, SYS_ppoll, arg);
        if (r == 0 && tsp)
            return -EAGAIN;
    }
}

static long sys_rt_sigtimedwait(struct task *t, const uint32_t *a)
{
    return do_sigtimedwait(t, a, false);
}

static long sys_rt_sigtimedwait_time64(struct task *t, const uint32_t *a)
{
    return do_sigtimedwait(t, a, true);
}

/* ---- sending ---- */

static long kill_one(struct task *t, int pid, int sig, const struct guest_siginfo *info)
{
    struct tgroup *g = group_by_tgid(pid);
    if (!g)
        return HOST(kill(pid, sig));
    if (sig)
        signal_send_group(g, sig, info, t->group == g ? t : NULL);
    return 0;
}

static long sys_kill(struct task *t, const uint32_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > GUEST_NSIG)
        return -EINVAL;
    struct guest_siginfo info;
    siginfo_user(&info, sig, SI_USER, t);
    if (pid > 0)
        return kill_one(t, pid, sig, &info);
    /* Process groups and "everyone" are the host's to enumerate; relic's own
     * process is among them and takes its signal through the host. */
    return HOST(kill(pid, sig));
}

static long send_thread(int tgid, int tid, int sig, const struct guest_siginfo *info)
{
    struct task *target = task_by_tid(tid);
    if (target && (tgid < 0 || target->pid == tgid)) {
        if (sig)
            signal_send_task(target, sig, info);
        return 0;
    }
    if (tgid < 0)
        return HOST(syscall(SYS_tkill, tid, sig));
    return HOST(syscall(SYS_tgkill, tgid, tid, sig));
}

static long sys_tgkill(struct task *t, const uint32_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (sig < 0 || sig > GUEST_NSIG || tgid <= 0 || tid <= 0)
        return -EINVAL;
    struct guest_siginfo info;
    siginfo_user(&info, sig, SI_TKILL, t);
    return send_thread(tgid, tid, sig, &info);
}

static long sys_tkill(struct task *t, const uint32_t *a)
{
    int tid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > GUEST_NSIG || tid <= 0)
        return -EINVAL;
    struct guest_siginfo info;
    siginfo_user(&info, sig, SI_TKILL, t);
    return send_thread(-1, tid, sig, &info);
}

/* rt_sigqueueinfo: the caller's siginfo, but it may not pose as the kernel
 * or as kill() towards others. */
static long get_queued_info(struct task *t, int pid, int sig, uint32_t va,
                            struct guest_siginfo *info)
{
    if (mm_copy_from(t->mm, info, va, sizeof(*info)) < 0)
        return -EFAULT;
    if ((info->code >= 0 || info->code == SI_TKILL) && pid != t->pid)
        return -EPERM;
    info->signo = sig;
    return 0;
}

static siginfo_t to_host_info(const struct guest_siginfo *g)
{
    siginfo_t h;
    memset(&h, 0, sizeof(h));
    h.si_signo = g->signo;
    h.si_errno = g->err;
    h.si_code = g->code;
    h.si_pid = g->u.kill.pid;
    h.si_uid = g->u.kill.uid;
    h.si_value.sival_int = (int)g->u.kill.value;
    return h;
}

static long sys_rt_sigqueueinfo(struct task *t, const uint32_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (bad_sig((uint32_t)sig))
        return -EINVAL;
    struct guest_siginfo info;
    long r = get_queued_info(t, pid, sig, a[2], &info);
    if (r < 0)
        return r;
    struct tgroup *g = group_by_tgid(pid);
    if (g) {
        signal_send_group(g, sig, &info, t->group == g ? t : NULL);
        return 0;
    }
    siginfo_t h = to_host_info(&info);
    return HOST(syscall(SYS_rt_sigqueueinfo, pid, sig, &h));
}

static long sys_rt_tgsigqueueinfo(struct task *t, const uint32_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (bad_sig((uint32_t)sig) || tgid <= 0 || tid <= 0)
        return -EINVAL;
    struct guest_siginfo info;
    long r = get_queued_info(t, tgid, sig, a[3], &info);
    if (r < 0)
        return r;
    struct task *target = task_by_tid(tid);
    if (target && target->pid == tgid) {
        signal_send_task(target, sig, &info);
        return 0;
    }
    siginfo_t h = to_host_info(&info);
    return HOST(syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &h));
}

/* ---- sigaltstack, sigreturn ---- */

struct guest_stack {
    uint32_t sp;
    int32_t flags;
    uint32_t size;
};

static long sys_sigaltstack(struct task *t, const uint32_t *a)
{
    uint32_t sp = t->cpu_ops->get_sp(t->cpu);
    bool on = signal_on_altstack(t, sp);
    struct guest_stack old = {t->ss_sp, on ? GUEST_SS_ONSTACK : t->ss_flags, t->ss_size};
    if (!t->ss_size && !on)
        old.flags = GUEST_SS_DISABLE;
    if (a[0]) {
        struct guest_stack ss;
        if (mm_copy_from(t->mm, &ss, a[0], sizeof(ss)) < 0)
            return -EFAULT;
        if (on)
            return -EPERM;
        uint32_t mode = (uint32_t)ss.flags & ~GUEST_SS_AUTODISARM;
        if (mode != GUEST_SS_DISABLE && mode != GUEST_SS_ONSTACK && mode != 0)
            return -EINVAL;
        if (mode == GUEST_SS_DISABLE) {
            ss.size = 0;
            ss.sp = 0;
        } else if (ss.size < GUEST_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        t->ss_sp = ss.sp;
        t->ss_size = ss.size;
        t->ss_flags = mode == GUEST_SS_DISABLE ? GUEST_SS_DISABLE : 0;
    }
    if (a[1] && mm_copy_to(t->mm, a[1], &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

static long sys_sigreturn(struct task *t, const uint32_t *a)
{
    (void)a;
    return t->cpu_ops->sigreturn(t->cpu, false);
}

static long sys_rt_sigreturn(struct task *t, const uint32_t *a)
{
    (void)a;
    return t->cpu_ops->sigreturn(t->cpu, true);
}

static long sys_restart_syscall(struct task *t, const uint32_t *a)
{
    (void)a;
    long (*fn)(struct task *) = t->restart_fn;
    t->restart_fn = NULL;
    return fn ? fn(t) : -EINTR;
}

/* ---- timers that raise signals: the host's, which are per process too ---- */

static long sys_alarm(struct task *t, const uint32_t *a)
{
    (void)t;
    return alarm(a[0]);
}

static long put_itimer(struct task *t, uint32_t va, const struct itimerval *v)
{
    int32_t g[4] = {(int32_t)v->it_interval.tv_sec, (int32_t)v->it_interval.tv_usec,
                    (int32_t)v->it_value.tv_sec, (int32_t)v->it_value.tv_usec};
    return mm_copy_to(t->mm, va, g, sizeof(g));
}

static long sys_setitimer(struct task *t, const uint32_t *a)
{
    struct itimerval nv, ov;
    memset(&nv, 0, sizeof(nv));
    if (a[1]) {
        int32_t g[4];
        if (mm_copy_from(t->mm, g, a[1], sizeof(g)) < 0)
            return -EFAULT;
        nv.it_interval = (struct timeval){g[0], g[1]};
        nv.it_value = (struct timeval){g[2], g[3]};
    }
    long r = HOST(setitimer((int)a[0], &nv, &ov));
    if (r == 0 && a[2])
        r = put_itimer(t, a[2], &ov);
    return r;
}

static long sys_getitimer(struct task *t, const uint32_t *a)
{
    struct itimerval v;
    long r = HOST(getitimer((int)a[0], &v));
    return r < 0 ? r : put_itimer(t, a[1], &v);
}

const struct sys_impl sys_signal_impls[] = {
    {"rt_sigaction", sys_rt_sigaction, "dppu"},
    {"sigaction", sys_sigaction, "dpp"},
    {"signal", sys_signal, "dp"},
    {"rt_sigprocmask", sys_rt_sigprocmask, "dppu"},
    {"sigprocmask", sys_sigprocmask, "dpp"},
    {"sgetmask", sys_sgetmask, ""},
    {"ssetmask", sys_ssetmask, "x"},
    {"rt_sigpending", sys_rt_sigpending, "pu"},
    {"sigpending", sys_sigpending, "p"},
    {"pause", sys_pause, ""},
    {"rt_sigsuspend", sys_rt_sigsuspend, "pu"},
    {"sigsuspend", sys_sigsuspend, "ddx"},
    {"rt_sigtimedwait", sys_rt_sigtimedwait, "pppu"},
    {"rt_sigtimedwait_time64", sys_rt_sigtimedwait_time64, "pppu"},
    {"kill", sys_kill, "dd"},
    {"tgkill", sys_tgkill, "ddd"},
    {"tkill", sys_tkill, "dd"},
    {"rt_sigqueueinfo", sys_rt_sigqueueinfo, "ddp"},
    {"rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo, "dddp"},
    {"sigaltstack", sys_sigaltstack, "pp"},
    {"sigreturn", sys_sigreturn, ""},
    {"rt_sigreturn", sys_rt_sigreturn, ""},
    {"restart_syscall", sys_restart_syscall, ""},
    {"alarm", sys_alarm, "u"},
    {"setitimer", sys_setitimer, "dpp"},
    {"getitimer", sys_getitimer, "dp"},
    {NULL, NULL, NULL},
};
