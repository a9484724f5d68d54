/* Processes: fork, vfork and clone without CLONE_VM become a fork of the
 * host process, so the child runs on in its own relic with a copy of the
 * guest machine (mm_fork_child does the per-mapping rest); wait4 and
 * waitpid wait for those host children. Threads (CLONE_VM) come later. */
#define _GNU_SOURCE
#include "internal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define L_CLONE_VM             0x00000100
#define L_CLONE_FS             0x00000200
#define L_CLONE_FILES          0x00000400
#define L_CLONE_SIGHAND        0x00000800
#define L_CLONE_VFORK          0x00004000
#define L_CLONE_PARENT         0x00008000
#define L_CLONE_THREAD         0x00010000
#define L_CLONE_SETTLS         0x00080000
#define L_CLONE_PARENT_SETTID  0x00100000
#define L_CLONE_CHILD_CLEARTID 0x00200000
#define L_CLONE_CHILD_SETTID   0x01000000
#define L_CSIGNAL              0x000000ff

/* What a fork-like clone may carry: the tid and TLS bookkeeping flags. */
#define L_CLONE_FORKLIKE                                                                 \
    (L_CSIGNAL | L_CLONE_VFORK | L_CLONE_SETTLS | L_CLONE_PARENT_SETTID |                \
     L_CLONE_CHILD_CLEARTID | L_CLONE_CHILD_SETTID)

static long do_fork(struct task *t, uint32_t flags, uint32_t ptid, uint32_t tls,
                    uint32_t ctid)
{
    int exit_signal = (int)(flags & L_CSIGNAL);
    if (exit_signal >= 65)
        return -EINVAL;
    /* Sharing memory, files or handlers with the parent needs threads. */
    if (flags & ~(uint32_t)L_CLONE_FORKLIKE)
        return -ENOSYS;
    fflush(NULL);
    long pid = syscall(SYS_clone, (unsigned long)exit_signal, 0UL, NULL, NULL, 0UL);
    if (pid < 0)
        return -errno;
    if (pid == 0) {
        t->pid = t->tid = (int)getpid();
        mm_fork_child(t->mm);
        if ((flags & L_CLONE_SETTLS) && task_set_thread_area(t, tls) < 0)
            _exit(127);
        if (flags & L_CLONE_CHILD_SETTID)
            put_u32(t, ctid, (uint32_t)t->tid);
        if (flags & L_CLONE_CHILD_CLEARTID)
            t->clear_child_tid = ctid;
        return 0;
    }
    if (flags & L_CLONE_PARENT_SETTID)
        put_u32(t, ptid, (uint32_t)pid);
    return pid;
}

static long sys_fork(struct task *t, const uint32_t *a)
{
    (void)a;
    return do_fork(t, SIGCHLD, 0, 0, 0);
}

/* vfork: the parent's memory is a copy here, so the child cannot harm it;
 * the parent is not held until the child execs or exits. */
static long sys_vfork(struct task *t, const uint32_t *a)
{
    (void)a;
    return do_fork(t, SIGCHLD, 0, 0, 0);
}

/* i386 clone(flags, newsp, parent_tid, tls, child_tid). */
static long sys_clone(struct task *t, const uint32_t *a)
{
    if (a[1]) /* a new stack only makes sense with shared memory */
        return (a[0] & L_CLONE_VM) ? -ENOSYS : -EINVAL;
    return do_fork(t, a[0], a[2], a[3], a[4]);
}

/* struct rusage of i386: two 32-bit timevals and fourteen longs. */
static long put_rusage(struct task *t, uint32_t va, const struct rusage *ru)
{
    uint32_t g[18];
    g[0] = (uint32_t)ru->ru_utime.tv_sec;
    g[1] = (uint32_t)ru->ru_utime.tv_usec;
    g[2] = (uint32_t)ru->ru_stime.tv_sec;
    g[3] = (uint32_t)ru->ru_stime.tv_usec;
    const long *rest = &ru->ru_maxrss;
    for (int i = 0; i < 14; i++)
        g[4 + i] = (uint32_t)rest[i];
    return mm_copy_to(t->mm, va, g, sizeof(g));
}

static long do_wait4(struct task *t, int32_t pid, uint32_t status_va, uint32_t options,
                     uint32_t rusage_va)
{
    int status = 0;
    struct rusage ru;
    long r = wait4(pid, &status, (int)options, rusage_va ? &ru : NULL);
    if (r < 0)
        return -errno;
    if (r > 0 && status_va && put_u32(t, status_va, (uint32_t)status) < 0)
        return -EFAULT;
    if (r > 0 && rusage_va && put_rusage(t, rusage_va, &ru) < 0)
        return -EFAULT;
    return r;
}

static long sys_wait4(struct task *t, const uint32_t *a)
{
    return do_wait4(t, (int32_t)a[0], a[1], a[2], a[3]);
}

static long sys_waitpid(struct task *t, const uint32_t *a)
{
    return do_wait4(t, (int32_t)a[0], a[1], a[2], 0);
}

const struct sys_impl sys_process_impls[] = {
    {"fork", sys_fork, ""},
    {"vfork", sys_vfork, "",
     "the parent runs on at once instead of waiting for the child's exec or exit"},
    {"clone", sys_clone, "xpppp",
     "no threads: CLONE_VM and the other sharing flags (CLONE_FILES, CLONE_FS, "
     "CLONE_SIGHAND, CLONE_THREAD) return ENOSYS"},
    {"wait4", sys_wait4, "dpxp",
     "waits for forked children only: no threads for __WCLONE or __WALL"},
    {"waitpid", sys_waitpid, "dpx",
     "waits for forked children only: no threads for __WCLONE or __WALL"},
    {NULL, NULL, NULL},
};
