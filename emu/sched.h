/* Host threads of guest tasks: the run lock, kicks, host signals and the
 * safe-syscall gate.
 *
 * Guest threads run one at a time, as on a uniprocessor: each holds the run
 * lock while it executes guest code or kernel work and drops it only around
 * host calls that block. Unicorn translates lock-prefixed instructions as
 * plain load/compare/store sequences (it never sets CF_PARALLEL), so two
 * instances running at once over shared guest memory would break every guest
 * mutex; under the lock a guest atomic is never interleaved, because a thread
 * only gives the lock up at a translation-block boundary or in a syscall. */
#ifndef RELIC_SCHED_H
#define RELIC_SCHED_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/types.h>

struct i386_cpu;
struct task;

#define HOSTSIG_INBOX 64

/* One per host thread that runs a guest task. */
struct hostthread {
    volatile int interrupted; /* the safe-syscall flag: a host signal came */
    atomic_int yield;         /* another thread waits for the run lock */
    atomic_int flush;         /* FLUSH_* to apply before running guest code */
    struct i386_cpu *cpu;
    struct task *task;
    pid_t tid;
    /* Host signals caught on this thread and not yet handed to the kernel
     * layer: filled by the handler, emptied by the thread itself. */
    struct {
        int sig;
        siginfo_t info;
    } inbox[HOSTSIG_INBOX];
    volatile unsigned head, tail;
};

enum { FLUSH_TLB = 1, FLUSH_CODE = 2 };

extern __thread struct hostthread *current_ht;

/* The run lock (first come, first served; a waiter asks the holder to yield
 * after a time slice). */
void sched_acquire(struct hostthread *ht);
void sched_release(struct hostthread *ht);
/* Give the lock up for a moment if another thread asked for it. */
void sched_yield_if_asked(struct hostthread *ht);
/* In a fork child: the caller is the only thread and holds the lock. */
void sched_fork_child(struct hostthread *ht);

/* Host signal handling: install once at start, with every catchable signal
 * blocked until the first guest thread is ready. Returns the host mask and
 * ignored set relic was started with (the guest's initial ones). */
void hostsig_init(sigset_t *initial_mask, sigset_t *initial_ignored);
/* Put relic's handler (back) on one host signal. */
void hostsig_install(int sig);
/* Let host signals in on this thread (its hostthread is current). */
void hostsig_unblock(void);
/* Hand the signals caught on this thread to the kernel layer. */
void hostsig_drain(struct hostthread *ht);
/* Make the thread with host tid notice new work (a kick). */
void hostsig_kick(pid_t tid);
/* After fork, in the child. */
void hostsig_fork_child(void);

/* A host call through the safe-syscall gate, with the run lock dropped:
 * the result, -errno, or -ERESTARTSYS when a signal interrupted it. */
long sched_blocking_call(struct hostthread *ht, long nr, const long a[6]);

#endif
