/* The run lock, kicks and host signals (see sched.h). */
#define _GNU_SOURCE
#include "sched.h"
#include "engine.h"

#include "../syscalls/syscalls.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define TIME_SLICE_NS 10000000L /* how long a waiter lets the holder run on */

__thread struct hostthread *current_ht;

static pthread_mutex_t lock_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lock_c = PTHREAD_COND_INITIALIZER;
static unsigned long next_ticket, now_serving;
static struct hostthread *holder;

void sched_acquire(struct hostthread *ht)
{
    pthread_mutex_lock(&lock_m);
    unsigned long me = next_ticket++;
    while (now_serving != me) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += TIME_SLICE_NS;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        if (pthread_cond_timedwait(&lock_c, &lock_m, &ts) == ETIMEDOUT && holder &&
            now_serving != me) {
            atomic_store(&holder->yield, 1);
            if (holder->cpu)
                i386_stop(holder->cpu);
        }
    }
    holder = ht;
    pthread_mutex_unlock(&lock_m);
}

void sched_release(struct hostthread *ht)
{
    (void)ht;
    pthread_mutex_lock(&lock_m);
    holder = NULL;
    now_serving++;
    pthread_cond_broadcast(&lock_c);
    pthread_mutex_unlock(&lock_m);
}

void sched_yield_if_asked(struct hostthread *ht)
{
    if (!atomic_exchange(&ht->yield, 0))
        return;
    sched_release(ht);
    sched_acquire(ht);
}

void sched_fork_child(struct hostthread *ht)
{
    /* Other threads may have held the mutex or tickets at the fork: they do
     * not exist here. */
    pthread_mutex_init(&lock_m, NULL);
    pthread_cond_init(&lock_c, NULL);
    now_serving = 0;
    next_ticket = 1;
    holder = ht;
    ht->tid = gettid();
    atomic_store(&ht->yield, 0);
}

long safe_syscall_base(volatile int *flag, long nr, long a1, long a2, long a3, long a4,
                       long a5, long a6);
extern char safe_syscall_start[], safe_syscall_end[], safe_syscall_interrupted[];

long sched_blocking_call(struct hostthread *ht, long nr, const long a[6])
{
    sched_release(ht);
    long r = safe_syscall_base(&ht->interrupted, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    sched_acquire(ht);
    if (r == -EINTR || r == -ERESTARTSYS)
        return -ERESTARTSYS;
    return r;
}

/* ---- host signals ---- */

static pid_t host_pid;
static int sig_kick;

static bool is_fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
           sig == SIGTRAP || sig == SIGSYS;
}

static void on_host_signal(int sig, siginfo_t *si, void *ctx)
{
    int saved_errno = errno;
    if (is_fault_signal(sig) && si->si_code > 0) {
        /* relic itself faulted: die of it as a plain program would. */
        signal(sig, SIG_DFL);
        errno = saved_errno;
        return;
    }
    struct hostthread *ht = current_ht;
    if (!ht) { /* not a guest thread: nothing to interrupt */
        errno = saved_errno;
        return;
    }
    bool kick = sig == sig_kick && si->si_code == SI_TKILL && si->si_pid == host_pid;
    if (!kick) {
        unsigned h = ht->head;
        if (h - ht->tail < HOSTSIG_INBOX) {
            ht->inbox[h % HOSTSIG_INBOX].sig = sig;
            ht->inbox[h % HOSTSIG_INBOX].info = *si;
            __atomic_store_n(&ht->head, h + 1, __ATOMIC_RELEASE);
        }
    }
    ht->interrupted = 1;
    ucontext_t *uc = ctx;
    char *pc = (char *)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= safe_syscall_start && pc < safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)safe_syscall_interrupted;
    if (ht->cpu)
        i386_stop(ht->cpu);
    errno = saved_errno;
}

static bool catchable(int sig)
{
    /* glibc keeps 32 and 33 for itself (pthread cancellation, setxid). */
    return sig != SIGKILL && sig != SIGSTOP && sig != 32 && sig != 33;
}

void hostsig_init(sigset_t *initial_mask, sigset_t *initial_ignored)
{
    host_pid = getpid();
    sig_kick = SIGRTMAX;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, initial_mask);
    sigemptyset(initial_ignored);
    for (int sig = 1; sig < NSIG; sig++) {
        if (!catchable(sig))
            continue;
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN &&
            !is_fault_signal(sig) && sig != sig_kick) {
            /* Ignored when relic started (nohup, or a parent's exec): the
             * guest starts with it ignored too, and it stays so on the host
             * until the guest installs a handler. */
            sigaddset(initial_ignored, sig);
            continue;
        }
        hostsig_install(sig);
    }
}

void hostsig_install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_host_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&sa.sa_mask);
    if (catchable(sig))
        sigaction(sig, &sa, NULL);
}

void hostsig_unblock(void)
{
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

void hostsig_drain(struct hostthread *ht)
{
    unsigned h = __atomic_load_n(&ht->head, __ATOMIC_ACQUIRE);
    while (ht->tail != h) {
        unsigned i = ht->tail % HOSTSIG_INBOX;
        signal_from_host(ht->task, ht->inbox[i].sig, &ht->inbox[i].info);
        ht->tail++;
        h = __atomic_load_n(&ht->head, __ATOMIC_ACQUIRE);
    }
}

void hostsig_kick(pid_t tid)
{
    syscall(SYS_tgkill, host_pid, tid, sig_kick);
}

void hostsig_fork_child(void)
{
    host_pid = getpid();
}
