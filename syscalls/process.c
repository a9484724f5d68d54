/* Processes: exit, fork, vfork and clone, and waiting for children.
 *
 * A fork-like clone (no CLONE_VM) is a host clone: the child runs on in its
 * own relic with a copy of the guest machine (mm_fork_child does the
 * per-mapping rest), and CLONE_FILES / CLONE_FS share the host's fd table
 * and cwd exactly as they would. CLONE_VM makes a host thread (task.c). A
 * vfork child (CLONE_VFORK) has a copy of memory rather than the parent's
 * own, but the parent waits, as it must, until the child execs or exits. */
#define _GNU_SOURCE
#include "internal.h"
#include "sig.h"

#include <fcntl.h>
#include <poll.h>
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
#define L_CLONE_PIDFD          0x00001000
#define L_CLONE_PTRACE         0x00002000
#define L_CLONE_VFORK          0x00004000
#define L_CLONE_PARENT         0x00008000
#define L_CLONE_THREAD         0x00010000
#define L_CLONE_NEWNS          0x00020000
#define L_CLONE_SYSVSEM        0x00040000
#define L_CLONE_SETTLS         0x00080000
#define L_CLONE_PARENT_SETTID  0x00100000
#define L_CLONE_CHILD_CLEARTID 0x00200000
#define L_CLONE_DETACHED       0x00400000
#define L_CLONE_UNTRACED       0x00800000
#define L_CLONE_CHILD_SETTID   0x01000000
#define L_CSIGNAL              0x000000ff

long task_clone_thread(struct task *t, uint32_t flags, uint32_t newsp, uint32_t ptid,
                       uint32_t tls, uint32_t ctid);
long task_reap(struct tgroup *g, int pid, int options, int *status);
void task_fork_child(struct task *t);

static long sys_exit(struct task *t, const uint32_t *a)
{
    t->exited = true;
    t->exit_status = (int)(a[0] & 0xff);
    return 0;
}

static long sys_exit_group(struct task *t, const uint32_t *a)
{
    struct tgroup *g = t->group;
    if (!g->exiting) {
        g->exiting = true;
        g->exit_code = (int)(a[0] & 0xff) << 8;
    }
    for (struct task *o = all_tasks; o; o = o->next)
        if (o->group == g && o != t && !o->exited)
            engine->kick(o);
    t->exited = true;
    t->exit_status = (int)(a[0] & 0xff);
    return 0;
}

/* The parent of a vfork waits until the child has exec'd or exited: both
 * close the child's end of a close-on-exec pipe. */
static void vfork_wait(struct task *t, int fd)
{
    char c;
    long a[6] = {fd, (long)&c, 1, 0, 0, 0};
    while (engine->blocking(t, SYS_read, a) == -ERESTARTSYS) {
        /* The kernel's vfork wait is killable only: a fatal end stops it,
         * other signals wait for the child (their delivery comes after). */
        if (t->fatal_signal || t->group->exiting)
            break;
        /* A guest signal is pending (a traced task gets even ignored ones,
         * the child's SIGCHLD among them): the gate returns at once while it
         * is, so wait on the pipe here, with the run lock held (rarely and
         * briefly: until the child execs or exits). */
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 10) > 0) {
            ssize_t n = read(fd, &c, 1);
            (void)n;
            break;
        }
    }
    close(fd);
}

static long do_fork(struct task *t, uint32_t flags, uint32_t newsp, uint32_t ptid,
                    uint32_t tls, uint32_t ctid)
{
    int vfork_pipe[2] = {-1, -1};
    if ((flags & L_CLONE_VFORK) && pipe2(vfork_pipe, O_CLOEXEC) < 0)
        return -errno;
    fflush(NULL);
    trace_task_new(t);
    unsigned long host_flags = (flags & (L_CSIGNAL | L_CLONE_FILES | L_CLONE_FS));
    long pid = syscall(SYS_clone, host_flags, 0UL, NULL, NULL, 0UL);
    if (pid < 0) {
        long e = -errno;
        trace_task_new_failed();
        if (vfork_pipe[0] >= 0)
            close(vfork_pipe[0]), close(vfork_pipe[1]);
        return e;
    }
    if (pid == 0) {
        if (vfork_pipe[0] >= 0)
            close(vfork_pipe[0]);
        t->pid = t->tid = (int)getpid();
        task_fork_child(t);
        trace_fork_child(t);
        engine->fork_child(t);
        mm_fork_child(t->mm);
        if (!(flags & L_CLONE_VM))
            mm_fork_cow(t->mm);
        if (newsp)
            t->cpu_ops->set_sp(t->cpu, newsp);
        if ((flags & L_CLONE_SETTLS) && task_set_thread_area(t, tls) < 0)
            _exit(127);
        if (flags & L_CLONE_CHILD_SETTID)
            put_u32(t, ctid, (uint32_t)t->tid);
        if (flags & L_CLONE_CHILD_CLEARTID)
            t->clear_child_tid = ctid;
        return 0;
    }
    host_child_add((int)pid, t->group);
    if (!(flags & L_CLONE_VM)) /* vfork shares the memory: nothing to copy */
        mm_fork_cow(t->mm);
    if (flags & L_CLONE_PARENT_SETTID)
        put_u32(t, ptid, (uint32_t)pid);
    if (vfork_pipe[0] >= 0) {
        close(vfork_pipe[1]);
        vfork_wait(t, vfork_pipe[0]);
    }
    return pid;
}

static long sys_fork(struct task *t, const uint32_t *a)
{
    (void)a;
    return do_fork(t, SIGCHLD, 0, 0, 0, 0);
}

static long sys_vfork(struct task *t, const uint32_t *a)
{
    (void)a;
    return do_fork(t, L_CLONE_VM | L_CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

/* The flag rules of copy_process(). */
static long check_clone_flags(uint32_t flags)
{
    if ((flags & (L_CLONE_NEWNS | L_CLONE_FS)) == (L_CLONE_NEWNS | L_CLONE_FS))
        return -EINVAL;
    if ((flags & L_CLONE_THREAD) && !(flags & L_CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & L_CLONE_SIGHAND) && !(flags & L_CLONE_VM))
        return -EINVAL;
    if ((flags & L_CSIGNAL) > GUEST_NSIG)
        return -EINVAL;
    return 0;
}

/* i386 clone(flags, newsp, parent_tid, tls, child_tid). */
static long sys_clone(struct task *t, const uint32_t *a)
{
    uint32_t flags = a[0];
    long r = check_clone_flags(flags);
    if (r < 0)
        return r;
    if (flags & L_CLONE_NEWNS)
        return -EPERM; /* namespaces are the host's to give, and relic does not */
    if ((flags & L_CLONE_VM) && !(flags & L_CLONE_VFORK))
        return task_clone_thread(t, flags, a[1], a[2], a[3], a[4]);
    return do_fork(t, flags, a[1], a[2], a[3], a[4]);
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

static long wait_done(struct task *t, long pid, int status, uint32_t status_va,
                      const struct rusage *ru, uint32_t rusage_va)
{
    if (pid > 0 && status_va && put_u32(t, status_va, (uint32_t)status) < 0)
        return -EFAULT;
    if (pid > 0 && rusage_va && put_rusage(t, rusage_va, ru) < 0)
        return -EFAULT;
    return pid;
}

#define WAIT_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)

/* do_wait(): clone children living in this process (their zombies are
 * relic's) and host children (the host's), blocking until one is ready. */
static long do_wait4(struct task *t, int32_t pid, uint32_t status_va, uint32_t options,
                     uint32_t rusage_va)
{
    if (options & ~(uint32_t)WAIT_OPTIONS)
        return -EINVAL;
    int opt = (int)options;
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    for (;;) {
        int status = 0;
        long r = task_reap(t->group, pid, opt, &status);
        if (r > 0)
            return wait_done(t, r, status, status_va, &ru, rusage_va);
        bool internal_live = r == 0;
        long h = wait4(pid, &status, opt | WNOHANG, &ru);
        if (h > 0)
            return wait_done(t, h, status, status_va, &ru, rusage_va);
        bool host_live = h == 0;
        if (!internal_live && !host_live)
            return -ECHILD;
        if (opt & WNOHANG)
            return 0;
        if (!internal_live) {
            long a[6] = {pid, (long)&status, opt, (long)&ru, 0, 0};
            h = engine->blocking(t, SYS_wait4, a);
            if (h == 0)
                continue;
            return h < 0 ? h : wait_done(t, h, status, status_va, &ru, rusage_va);
        }
        /* A clone child here will kick us when it ends; a host child's
         * SIGCHLD interrupts the wait. A signal for the guest ends it, but
         * only once no child is ready (the kernel's wait looks first). */
        if (signal_deliverable(t))
            return -ERESTARTSYS;
        long none[6] = {0, 0, 0, 0, 8, 0};
        engine->blocking(t, SYS_ppoll, none);
    }
}

static long sys_wait4(struct task *t, const uint32_t *a)
{
    return do_wait4(t, (int32_t)a[0], a[1], a[2], a[3]);
}

static long sys_waitpid(struct task *t, const uint32_t *a)
{
    return do_wait4(t, (int32_t)a[0], a[1], a[2], 0);
}

/* waitid(idtype, id, infop, options, rusage): host children only. */
static long sys_waitid(struct task *t, const uint32_t *a)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    long args[6] = {(long)a[0], (long)a[1], (long)&si, (long)a[3], (long)&ru, 0};
    long r = (a[3] & WNOHANG)
                 ? HOST(syscall(SYS_waitid, args[0], args[1], &si, args[3], &ru))
                 : engine->blocking(t, SYS_waitid, args);
    if (r < 0)
        return r;
    if (a[2]) {
        struct guest_siginfo g;
        memset(&g, 0, sizeof(g));
        if (si.si_pid) {
            g.signo = si.si_signo;
            g.code = si.si_code;
            g.u.chld.pid = si.si_pid;
            g.u.chld.uid = si.si_uid;
            g.u.chld.status = si.si_status;
        }
        if (mm_copy_to(t->mm, a[2], &g, sizeof(g)) < 0)
            return -EFAULT;
    }
    if (a[4] && put_rusage(t, a[4], &ru) < 0)
        return -EFAULT;
    return 0;
}

const struct sys_impl sys_process_impls[] = {
    {"exit", sys_exit, "d"},
    {"exit_group", sys_exit_group, "d"},
    {"fork", sys_fork, ""},
    {"vfork", sys_vfork, "", "the child has a copy of memory, not the parent's"},
    {"clone", sys_clone, "xpppp", "no namespaces; CLONE_VM|CLONE_VFORK copies memory"},
    {"wait4", sys_wait4, "dpxp"},
    {"waitpid", sys_waitpid, "dpx"},
    {"waitid", sys_waitid, "ddpxp",
     "clone children living in relic's process are not seen"},
    {NULL, NULL, NULL},
};
