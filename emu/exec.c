/* execve of a guest program: relic executes itself again with the same
 * machine and personality options, so the new image is emulated too (the
 * host never runs guest code, with or without binfmt_misc). What the kernel
 * carries across an exec is left where the host carries it: the signal mask
 * and ignored signals (the new relic reads them back as the guest's), the
 * pending signals, the personality flags, open descriptors without
 * FD_CLOEXEC, the pid. */
#define _GNU_SOURCE
#include "cpu.h"

#include "../syscalls/trace.h"

#include "../syscalls/personality.h"
#include "../syscalls/sig.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *self_path;
static char **self_options;

void emu_exec_setup(const char *self, char **options)
{
    self_path = self;
    self_options = options;
}

/* The host side of the guest's signal state, as exec will see it. */
static void host_signals_for_exec(struct task *t, sigset_t *old_mask)
{
    sigset_t mask;
    sigemptyset(&mask);
    for (int sig = 1; sig <= GUEST_NSIG && sig < NSIG; sig++)
        if (t->blocked & sigbit(sig))
            sigaddset(&mask, sig);
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, old_mask);
    for (int sig = 1; sig <= GUEST_NSIG && sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || sig == 32 || sig == 33)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler =
            t->sighand->action[sig].handler == GUEST_SIG_IGN ? SIG_IGN : SIG_DFL;
        sigaction(sig, &sa, NULL);
    }
    /* Signals pending for the guest stay pending for the new image. */
    uint64_t pend = t->pending.set | t->group->shared.set;
    for (int sig = 1; sig <= GUEST_NSIG && sig < NSIG; sig++)
        if ((pend & sigbit(sig)) && sig != 32 && sig != 33)
            syscall(SYS_tgkill, getpid(), gettid(), sig);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
}

static void host_signals_back(sigset_t *old_mask)
{
    for (int sig = 1; sig < NSIG; sig++)
        hostsig_install(sig);
    pthread_sigmask(SIG_SETMASK, old_mask, NULL);
}

long emu_exec(struct task *t, const char *path, const char *execfn, char *const argv[],
              char *const envp[])
{
    size_t nopt = 0, nargs = 0;
    while (self_options[nopt])
        nopt++;
    while (argv[nargs])
        nargs++;
    char **hv = calloc(nopt + nargs + 8 + TRACE_EXEC_ARGS, sizeof(char *));
    if (!hv)
        return -ENOMEM;
    size_t n = 0;
    hv[n++] = (char *)self_path;
    for (size_t i = 0; i < nopt; i++)
        hv[n++] = self_options[i];
    n += (size_t)trace_exec_args((const char **)&hv[n]);
    hv[n++] = "--exec-child";
    hv[n++] = (char *)execfn;
    hv[n++] = "-0";
    hv[n++] = nargs ? argv[0] : "";
    hv[n++] = "--";
    hv[n++] = (char *)path;
    for (size_t i = 1; i < nargs; i++)
        hv[n++] = argv[i];
    hv[n] = NULL;

    fflush(NULL);
    sigset_t old_mask;
    host_signals_for_exec(t, &old_mask);
    int old_persona = personality(0xffffffff);
    personality(guest_kernel.persona);
    hugekey_release_all();
    execve(self_path, hv, envp);
    long r = -errno;
    personality((unsigned long)old_persona);
    host_signals_back(&old_mask);
    free(hv);
    return r;
}
