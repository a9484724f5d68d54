/* Signal internals shared by signal.c, sigcalls.c, task.c and process.c. */
#ifndef RELIC_SYSCALLS_SIG_H
#define RELIC_SYSCALLS_SIG_H

#include "syscalls.h"

#include <stdint.h>

/* i386 values (asm/signal.h). */
#define GUEST_SIG_DFL       0u
#define GUEST_SIG_IGN       1u
#define GUEST_SA_NOCLDSTOP  0x00000001u
#define GUEST_SA_NOCLDWAIT  0x00000002u
#define GUEST_SA_SIGINFO    0x00000004u
#define GUEST_SA_RESTORER   0x04000000u
#define GUEST_SA_ONSTACK    0x08000000u
#define GUEST_SA_RESTART    0x10000000u
#define GUEST_SA_NODEFER    0x40000000u
#define GUEST_SA_RESETHAND  0x80000000u
#define GUEST_SS_ONSTACK    1
#define GUEST_SS_DISABLE    2
#define GUEST_SS_AUTODISARM (1u << 31)
#define GUEST_MINSIGSTKSZ   2048

static inline uint64_t sigbit(int sig)
{
    return 1ull << (sig - 1);
}
#define UNBLOCKABLE (sigbit(9) | sigbit(19)) /* SIGKILL, SIGSTOP */

static inline struct task *current_task(void)
{
    return task_current;
}

void pending_free(struct sigpending *p);
/* Take the next pending signal among mask (the task's own first). */
int signal_dequeue(struct task *t, uint64_t mask, struct guest_siginfo *info);
void signal_send_group(struct tgroup *g, int sig, const struct guest_siginfo *info,
                       struct task *prefer);
void signal_send_task(struct task *t, int sig, const struct guest_siginfo *info);
/* siginfo of a kill()-style signal from task from (NULL: the kernel). */
void siginfo_user(struct guest_siginfo *i, int sig, int code, const struct task *from);

struct task *task_by_tid(int tid);
struct tgroup *group_by_tgid(int tgid);
/* The guest process that forked host child pid (NULL: unknown). */
struct tgroup *host_child_parent(int pid);
void host_child_add(int pid, struct tgroup *parent);

#endif
