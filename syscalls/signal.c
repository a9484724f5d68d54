/* Guest signals: pending queues, sending, routing within a thread group, and
 * get_signal() with the default actions. Host signals reach the guest through
 * signal_from_host(); the frames a handler runs on are the engine's
 * (emu/sigframe.c); the calls that set handlers and masks are sigcalls.c. */
#define _GNU_SOURCE
#include "internal.h"
#include "sig.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct task *all_tasks;

/* What SIG_DFL does with each standard signal (signal(7)); real-time signals
 * terminate. */
enum dfl { DFL_TERM, DFL_CORE, DFL_IGN, DFL_STOP, DFL_CONT };
static const unsigned char default_action[32] = {
    [SIGHUP] = DFL_TERM,    [SIGINT] = DFL_TERM,    [SIGQUIT] = DFL_CORE,
    [SIGILL] = DFL_CORE,    [SIGTRAP] = DFL_CORE,   [SIGABRT] = DFL_CORE,
    [SIGBUS] = DFL_CORE,    [SIGFPE] = DFL_CORE,    [SIGKILL] = DFL_TERM,
    [SIGUSR1] = DFL_TERM,   [SIGSEGV] = DFL_CORE,   [SIGUSR2] = DFL_TERM,
    [SIGPIPE] = DFL_TERM,   [SIGALRM] = DFL_TERM,   [SIGTERM] = DFL_TERM,
    [SIGSTKFLT] = DFL_TERM, [SIGCHLD] = DFL_IGN,    [SIGCONT] = DFL_CONT,
    [SIGSTOP] = DFL_STOP,   [SIGTSTP] = DFL_STOP,   [SIGTTIN] = DFL_STOP,
    [SIGTTOU] = DFL_STOP,   [SIGURG] = DFL_IGN,     [SIGXCPU] = DFL_CORE,
    [SIGXFSZ] = DFL_CORE,   [SIGVTALRM] = DFL_TERM, [SIGPROF] = DFL_TERM,
    [SIGWINCH] = DFL_IGN,   [SIGIO] = DFL_TERM,     [SIGPWR] = DFL_TERM,
    [SIGSYS] = DFL_CORE,
};

static enum dfl dfl_of(int sig)
{
    return sig < 32 ? (enum dfl)default_action[sig] : DFL_TERM;
}

#define SYNCHRONOUS                                                                      \
    (sigbit(SIGSEGV) | sigbit(SIGBUS) | sigbit(SIGILL) | sigbit(SIGTRAP) |               \
     sigbit(SIGFPE) | sigbit(SIGSYS))
#define STOP_SIGNALS                                                                     \
    (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

/* ---- pending queues ---- */

static void pending_add(struct sigpending *p, int sig, const struct guest_siginfo *info)
{
    if (sig < 32 && (p->set & sigbit(sig)))
        return; /* a standard signal is pending once, whatever was sent */
    if (p->n == p->cap) {
        unsigned cap = p->cap ? p->cap * 2 : 8;
        struct sigq *q = realloc(p->q, cap * sizeof(*q));
        if (!q)
            return; /* the kernel drops a real-time signal past its limit too */
        p->q = q;
        p->cap = cap;
    }
    p->q[p->n].sig = sig;
    p->q[p->n].info = *info;
    p->n++;
    p->set |= sigbit(sig);
}

static bool pending_take(struct sigpending *p, int sig, struct guest_siginfo *out)
{
    bool more = false, got = false;
    for (unsigned i = 0; i < p->n; i++) {
        if (p->q[i].sig != sig)
            continue;
        if (got) {
            more = true;
            break;
        }
        *out = p->q[i].info;
        memmove(&p->q[i], &p->q[i + 1], (p->n - i - 1) * sizeof(p->q[0]));
        p->n--;
        got = true;
        i--;
    }
    if (!more)
        p->set &= ~sigbit(sig);
    return got;
}

/* Drop every queued instance of the signals in mask. */
static void pending_flush(struct sigpending *p, uint64_t mask)
{
    unsigned j = 0;
    for (unsigned i = 0; i < p->n; i++)
        if (!(mask & sigbit(p->q[i].sig)))
            p->q[j++] = p->q[i];
    p->n = j;
    p->set &= ~mask;
}

void pending_free(struct sigpending *p)
{
    free(p->q);
    memset(p, 0, sizeof(*p));
}

/* The signal dequeue_signal() would take from set: synchronous ones first,
 * then the lowest number. */
static int next_signal(uint64_t set)
{
    if (!set)
        return 0;
    uint64_t sync = set & SYNCHRONOUS;
    return __builtin_ctzll(sync ? sync : set) + 1;
}

int signal_dequeue(struct task *t, uint64_t mask, struct guest_siginfo *info)
{
    int sig = next_signal(t->pending.set & mask);
    if (sig && pending_take(&t->pending, sig, info))
        return sig;
    sig = next_signal(t->group->shared.set & mask);
    if (sig && pending_take(&t->group->shared, sig, info))
        return sig;
    return 0;
}

/* ---- sending ---- */

struct task *task_by_tid(int tid)
{
    for (struct task *t = all_tasks; t; t = t->next)
        if (t->tid == tid && !t->exited)
            return t;
    return NULL;
}

struct tgroup *group_by_tgid(int tgid)
{
    for (struct task *t = all_tasks; t; t = t->next)
        if (t->pid == tgid && !t->exited && !t->group->exiting)
            return t->group;
    return NULL;
}

static bool handler_ignores(const struct task *t, int sig)
{
    uint32_t h = t->sighand->action[sig].handler;
    return h == GUEST_SIG_IGN || (h == GUEST_SIG_DFL && dfl_of(sig) == DFL_IGN);
}

/* sig_ignored(): a signal nobody would act on is dropped when sent, unless
 * it is blocked (the handler may change before it is unblocked). */
static bool ignored_now(const struct task *t, int sig)
{
    /* A traced task gets even those, as under ptrace: the tracer shows
     * them when they are dequeued (and dropped). */
    if (trace_on && sig != SIGKILL)
        return false;
    return !(t->blocked & sigbit(sig)) && handler_ignores(t, sig);
}

static bool wants(const struct task *t, int sig)
{
    return !t->exited && !(t->blocked & sigbit(sig));
}

/* complete_signal(): pick the thread that will take a group signal (the
 * preferred one if it can), and wake it. */
static void wake_for(struct tgroup *g, struct task *prefer, int sig)
{
    struct task *target = NULL;
    if (prefer && prefer->group == g && wants(prefer, sig))
        target = prefer;
    for (struct task *t = all_tasks; !target && t; t = t->next)
        if (t->group == g && wants(t, sig))
            target = t;
    if (target && target != current_task())
        engine->kick(target);
}

/* prepare_signal(): SIGCONT discards pending stops, a stop discards SIGCONT. */
static void prepare(struct tgroup *g, int sig)
{
    uint64_t drop = sig == SIGCONT                 ? STOP_SIGNALS
                    : (STOP_SIGNALS & sigbit(sig)) ? sigbit(SIGCONT)
                                                   : 0;
    if (!drop)
        return;
    pending_flush(&g->shared, drop);
    for (struct task *t = all_tasks; t; t = t->next)
        if (t->group == g)
            pending_flush(&t->pending, drop);
}

void signal_send_group(struct tgroup *g, int sig, const struct guest_siginfo *info,
                       struct task *prefer)
{
    struct task *any = NULL;
    for (struct task *t = all_tasks; t; t = t->next)
        if (t->group == g && !t->exited) {
            any = t;
            break;
        }
    if (!any)
        return;
    prepare(g, sig);
    if (ignored_now(prefer && prefer->group == g ? prefer : any, sig))
        return;
    pending_add(&g->shared, sig, info);
    wake_for(g, prefer, sig);
}

void signal_send_task(struct task *t, int sig, const struct guest_siginfo *info)
{
    prepare(t->group, sig);
    if (ignored_now(t, sig))
        return;
    pending_add(&t->pending, sig, info);
    if (t != current_task())
        engine->kick(t);
}

void siginfo_user(struct guest_siginfo *i, int sig, int code, const struct task *from)
{
    memset(i, 0, sizeof(*i));
    i->signo = sig;
    i->code = code;
    i->u.kill.pid = from ? from->pid : 0;
    i->u.kill.uid = (uint32_t)getuid();
}

/* A host siginfo as the i386 kernel would have filled it. */
static void from_host_info(const siginfo_t *h, struct guest_siginfo *g)
{
    memset(g, 0, sizeof(*g));
    g->signo = h->si_signo;
    g->err = h->si_errno;
    g->code = h->si_code;
    if (h->si_code == SI_TIMER) {
        g->u.timer.tid = h->si_timerid;
        g->u.timer.overrun = h->si_overrun;
        g->u.timer.value = (uint32_t)h->si_value.sival_int;
    } else if (h->si_code <= 0) { /* kill, sigqueue, tkill, mq_notify, ... */
        g->u.kill.pid = h->si_pid;
        g->u.kill.uid = h->si_uid;
        g->u.kill.value = (uint32_t)h->si_value.sival_int;
    } else if (h->si_signo == SIGCHLD) {
        g->u.chld.pid = h->si_pid;
        g->u.chld.uid = h->si_uid;
        g->u.chld.status = h->si_status;
        g->u.chld.utime = (int32_t)h->si_utime;
        g->u.chld.stime = (int32_t)h->si_stime;
    } else if (h->si_signo == SIGIO) {
        g->u.poll.band = (int32_t)h->si_band;
        g->u.poll.fd = h->si_fd;
    } else {
        g->u.kill.pid = h->si_pid;
        g->u.kill.uid = h->si_uid;
    }
}

void signal_from_host(struct task *t, int sig, const void *host_siginfo)
{
    const siginfo_t *h = host_siginfo;
    if (sig < 1 || sig > GUEST_NSIG)
        return;
    struct guest_siginfo info;
    from_host_info(h, &info);
    if (h->si_code == SI_TKILL) { /* tgkill from outside names this thread */
        signal_send_task(t, sig, &info);
        return;
    }
    struct tgroup *g = t->group;
    if (sig == SIGCHLD && h->si_code > 0) {
        struct tgroup *parent = host_child_parent(h->si_pid);
        if (parent)
            g = parent;
    }
    signal_send_group(g, sig, &info, t);
}

void signal_force(struct task *t, int sig, int code, uint32_t addr)
{
    struct guest_sigaction *ka = &t->sighand->action[sig];
    bool blocked = (t->blocked & sigbit(sig)) != 0;
    if (blocked || ka->handler == GUEST_SIG_IGN) {
        ka->handler = GUEST_SIG_DFL;
        t->blocked &= ~sigbit(sig);
    }
    struct guest_siginfo info;
    memset(&info, 0, sizeof(info));
    info.signo = sig;
    info.code = code;
    info.u.fault.addr = addr;
    pending_add(&t->pending, sig, &info);
}

/* ---- taking signals ---- */

bool signal_deliverable(struct task *t)
{
    engine->drain(t);
    if (t->fatal_signal || t->group->exiting)
        return true;
    return ((t->pending.set | t->group->shared.set) & ~t->blocked) != 0;
}

/* The whole guest process dies of sig (do_group_exit()). */
static void group_fatal(struct task *t, int sig)
{
    struct tgroup *g = t->group;
    t->fatal_signal = sig;
    if (!g->exiting) {
        g->exiting = true;
        g->exit_code = sig; /* a wait status; relic leaves no core file */
        g->fatal_signal = sig;
    }
    for (struct task *o = all_tasks; o; o = o->next)
        if (o->group == g && o != t && !o->exited)
            engine->kick(o);
}

/* A stop signal's default: stop the host process, as the kernel would stop
 * the thread group, so that the parent's waitpid(WUNTRACED) sees it. */
static void host_stop(int sig)
{
    struct sigaction dfl = {.sa_handler = SIG_DFL}, old;
    sigaction(sig, &dfl, &old);
    sigset_t one, prev;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, &prev);
    syscall(SYS_tgkill, getpid(), gettid(), sig); /* stops here until SIGCONT */
    pthread_sigmask(SIG_SETMASK, &prev, NULL);
    if (sig != SIGSTOP)
        sigaction(sig, &old, NULL);
}

int signal_get(struct task *t, struct guest_siginfo *info, struct guest_sigaction *ka)
{
    for (;;) {
        if (t->fatal_signal)
            return 0;
        if (t->group->exiting) {
            t->fatal_signal = t->group->fatal_signal;
            t->exited = !t->fatal_signal;
            return 0;
        }
        int sig = signal_dequeue(t, ~t->blocked, info);
        if (!sig)
            return 0;
        trace_signal(t, info);
        struct guest_sigaction *act = &t->sighand->action[sig];
        if (sig == SIGKILL || sig == SIGSTOP || act->handler == GUEST_SIG_DFL) {
            switch (dfl_of(sig)) {
            case DFL_IGN:
            case DFL_CONT:
                continue;
            case DFL_STOP:
                host_stop(sig);
                continue;
            default:
                group_fatal(t, sig);
                return 0;
            }
        }
        if (act->handler == GUEST_SIG_IGN)
            continue;
        *ka = *act;
        if (act->flags & GUEST_SA_RESETHAND)
            act->handler = GUEST_SIG_DFL;
        return sig;
    }
}

void signal_delivered(struct task *t, int sig, const struct guest_sigaction *ka)
{
    uint64_t block = ka->mask;
    if (!(ka->flags & GUEST_SA_NODEFER))
        block |= sigbit(sig);
    t->blocked = (signal_frame_mask(t) | block) & ~UNBLOCKABLE;
    t->restore_blocked = false;
}

uint64_t signal_frame_mask(struct task *t)
{
    return t->restore_blocked ? t->saved_blocked : t->blocked;
}

void signal_set_blocked(struct task *t, uint64_t mask)
{
    t->blocked = mask & ~UNBLOCKABLE;
}

bool signal_on_altstack(const struct task *t, uint32_t sp)
{
    return t->ss_size && sp > t->ss_sp && sp - t->ss_sp <= t->ss_size;
}

uint32_t signal_stack_for(const struct task *t, uint32_t sp, uint32_t flags)
{
    if ((flags & GUEST_SA_ONSTACK) && t->ss_size && !(t->ss_flags & GUEST_SS_DISABLE) &&
        !signal_on_altstack(t, sp))
        return t->ss_sp + t->ss_size;
    return sp;
}

bool signal_wait_mask(struct task *t, uint64_t mask)
{
    if (!t->restore_blocked) { /* a restarted call keeps the first saved mask */
        t->saved_blocked = t->blocked;
        t->restore_blocked = true;
    }
    signal_set_blocked(t, mask);
    return signal_deliverable(t);
}

void signal_wait_done(struct task *t, long result)
{
    if (result == -ERESTARTNOHAND || result == -ERESTARTSYS || result == -EINTR ||
        result == -ERESTART_RESTARTBLOCK)
        return;
    t->blocked = t->saved_blocked;
    t->restore_blocked = false;
}
