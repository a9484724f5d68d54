/* Signal dispositions and masks. They are recorded as the kernel would keep
 * them; delivery to guest handlers comes with the real-programs work, so a
 * signal a guest sends itself takes its default action (or is ignored). */
#define _GNU_SOURCE
#include "internal.h"

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GUEST_NSIG    64
#define GUEST_SIG_DFL 0u
#define GUEST_SIG_IGN 1u

static bool bad_sig(uint32_t sig)
{
    return sig < 1 || sig > GUEST_NSIG;
}

static long sys_rt_sigaction(struct task *t, const uint32_t *a)
{
    uint32_t sig = a[0];
    if (a[3] != 8 || bad_sig(sig))
        return -EINVAL;
    struct guest_sigaction old = t->sigactions[sig], act;
    if (a[1]) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if (mm_copy_from(t->mm, &act, a[1], sizeof(act)) < 0)
            return -EFAULT;
        act.mask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    }
    if (a[2] && mm_copy_to(t->mm, a[2], &old, sizeof(old)) < 0)
        return -EFAULT;
    if (a[1])
        t->sigactions[sig] = act;
    return 0;
}

static long sys_rt_sigprocmask(struct task *t, const uint32_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    uint64_t old = t->sigmask, set = 0;
    if (a[1]) {
        if (mm_copy_from(t->mm, &set, a[1], 8) < 0)
            return -EFAULT;
        switch (a[0]) {
        case SIG_BLOCK:
            t->sigmask |= set;
            break;
        case SIG_UNBLOCK:
            t->sigmask &= ~set;
            break;
        case SIG_SETMASK:
            t->sigmask = set;
            break;
        default:
            return -EINVAL;
        }
        t->sigmask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    }
    if (a[2] && mm_copy_to(t->mm, a[2], &old, 8) < 0)
        return -EFAULT;
    return 0;
}

static bool ignored_by_default(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* A signal the guest sends to itself. */
static long self_signal(struct task *t, int sig)
{
    if (sig == 0)
        return 0;
    uint32_t h = t->sigactions[sig].handler;
    if (sig != SIGKILL && sig != SIGSTOP) {
        if (h == GUEST_SIG_IGN || (h == GUEST_SIG_DFL && ignored_by_default(sig)))
            return 0;
        if (h != GUEST_SIG_DFL)
            fprintf(stderr,
                    "relic: guest handler for signal %d not run (signal delivery "
                    "is not implemented yet); taking the default action\n",
                    sig);
    }
    t->fatal_signal = sig;
    return 0;
}

static long sys_kill(struct task *t, const uint32_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > GUEST_NSIG)
        return -EINVAL;
    if (pid == t->pid || pid == 0)
        return self_signal(t, sig);
    return HOST(kill(pid, sig));
}

static long sys_tgkill(struct task *t, const uint32_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (sig < 0 || sig > GUEST_NSIG || tgid <= 0 || tid <= 0)
        return -EINVAL;
    if (tgid == t->pid && tid == t->tid)
        return self_signal(t, sig);
    return -ESRCH;
}

static long sys_tkill(struct task *t, const uint32_t *a)
{
    int tid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > GUEST_NSIG || tid <= 0)
        return -EINVAL;
    if (tid == t->tid)
        return self_signal(t, sig);
    return -ESRCH;
}

const struct sys_impl sys_signal_impls[] = {
    {"rt_sigaction", sys_rt_sigaction, "dppu",
     "handlers are recorded but not run: a signal takes its default action"},
    {"rt_sigprocmask", sys_rt_sigprocmask, "dppu",
     "the mask is recorded but holds nothing back: no pending signals yet"},
    {"kill", sys_kill, "dd",
     "no delivery to guest handlers: a signal to itself takes its default action"},
    {"tgkill", sys_tgkill, "ddd",
     "the calling thread only, and no delivery to guest handlers"},
    {"tkill", sys_tkill, "dd",
     "the calling thread only, and no delivery to guest handlers"},
    {NULL, NULL, NULL},
};
