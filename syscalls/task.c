/* Tasks and thread groups of this host process: the first task, threads
 * (clone with CLONE_VM), a task's end, and the zombies of clone children
 * that live in this process (LinuxThreads' separate-pid threads).
 *
 * A guest thread is a host thread: its tid is the host tid, so kill(1) and
 * /proc/TID from outside find it. A CLONE_THREAD task reports its group's
 * tgid as pid; a CLONE_VM task without CLONE_THREAD is a process of its own
 * (tgid = its tid) that shares memory, as LinuxThreads used them. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "sig.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

__thread struct task *task_current;

void futex_wake_va(struct task *t, uint32_t va, int n);
void futex_exit_robust(struct task *t);

/* Zombies of clone children that lived in this process. */
struct zombie {
    unsigned long seq; /* creation order: wait takes the oldest child first */
    int pid, status, exit_signal;
    struct tgroup *parent;
    struct zombie *next;
};
static struct zombie *zombies;
/* The status the host process ends with once its own group is gone. */
static bool primary_done;
static int primary_status;

/* Host children (fork) and the guest process that made each. */
static struct host_child {
    int pid;
    struct tgroup *parent;
} host_children[256];
static unsigned n_host_children;

void host_child_add(int pid, struct tgroup *parent)
{
    unsigned i = n_host_children < 256 ? n_host_children++ : (unsigned)pid % 256;
    host_children[i] = (struct host_child){pid, parent};
}

struct tgroup *host_child_parent(int pid)
{
    for (unsigned i = 0; i < n_host_children; i++)
        if (host_children[i].pid == pid)
            return host_children[i].parent;
    return NULL;
}

static struct tgroup *group_new(int tgid)
{
    static unsigned long created;
    struct tgroup *g = calloc(1, sizeof(*g));
    if (g) {
        g->tgid = tgid;
        g->seq = ++created;
    }
    return g;
}

void task_init_first(struct task *t, uint64_t blocked, uint64_t ignored)
{
    t->group = group_new(t->pid);
    t->group->refs = t->group->live = 1;
    t->sighand = calloc(1, sizeof(*t->sighand));
    t->sighand->refs = 1;
    for (int sig = 1; sig <= GUEST_NSIG; sig++)
        if (ignored & sigbit(sig))
            t->sighand->action[sig].handler = GUEST_SIG_IGN;
    t->blocked = blocked & ~UNBLOCKABLE;
    t->ss_flags = GUEST_SS_DISABLE;
    t->next = NULL; /* the only task there is */
    all_tasks = t;
    task_current = t;
}

/* In a fork child: the calling task is the only one left, a process of its
 * own (its clone children stayed with the parent). */
void task_fork_child(struct task *t)
{
    all_tasks = t;
    t->next = NULL;
    /* Nothing else here refers to them now: reuse them for the new process. */
    struct tgroup *g = t->group;
    pending_free(&g->shared);
    unsigned long seq = g->seq;
    memset(g, 0, sizeof(*g));
    g->seq = seq;
    g->tgid = t->pid;
    g->refs = g->live = 1;
    t->sighand->refs = 1;
    pending_free(&t->pending); /* the child starts with none */
    while (zombies) {
        struct zombie *z = zombies;
        zombies = z->next;
        free(z);
    }
    n_host_children = 0;
    primary_done = false;
}

/* CLONE_* of i386 Linux. */
#define L_CLONE_VM             0x00000100
#define L_CLONE_SIGHAND        0x00000800
#define L_CLONE_VFORK          0x00004000
#define L_CLONE_PARENT         0x00008000
#define L_CLONE_THREAD         0x00010000
#define L_CLONE_SETTLS         0x00080000
#define L_CLONE_PARENT_SETTID  0x00100000
#define L_CLONE_CHILD_CLEARTID 0x00200000
#define L_CLONE_CHILD_SETTID   0x01000000
#define L_CSIGNAL              0x000000ff

long task_clone_thread(struct task *t, uint32_t flags, uint32_t newsp, uint32_t ptid,
                       uint32_t tls, uint32_t ctid)
{
    struct task *c = calloc(1, sizeof(*c));
    if (!c)
        return -ENOMEM;
    c->mm = t->mm;
    c->cpu_ops = t->cpu_ops;
    c->exe_path = t->exe_path;
    c->blocked = t->blocked;
    c->mempolicy = NULL;
    c->ss_flags = GUEST_SS_DISABLE; /* a thread never inherits the altstack */
    if (flags & L_CLONE_SIGHAND) {
        c->sighand = t->sighand;
        c->sighand->refs++;
    } else {
        c->sighand = malloc(sizeof(*c->sighand));
        *c->sighand = *t->sighand;
        c->sighand->refs = 1;
    }
    int r = engine->spawn(t, c, newsp);
    if (r < 0) {
        if (--c->sighand->refs == 0)
            free(c->sighand);
        free(c);
        return r;
    }
    trace_task_new(t); /* c waits for the run lock we hold */
    if (flags & L_CLONE_THREAD) {
        c->group = t->group;
        c->group->refs++;
        c->group->live++;
        c->pid = t->pid;
    } else {
        c->group = group_new(c->tid);
        c->group->refs = c->group->live = 1;
        c->group->exit_signal = (int)(flags & L_CSIGNAL);
        /* CLONE_PARENT: the child is our parent's; when that parent is
         * outside this process, the child is ours to wait for anyway. */
        struct tgroup *p = t->group;
        if ((flags & L_CLONE_PARENT) && p->parent)
            p = p->parent;
        c->group->parent = p;
        c->pid = c->tid;
    }
    if ((flags & L_CLONE_SETTLS) && task_set_thread_area(c, tls) < 0) {
        /* the kernel fails the clone before the child exists; here it has
         * not run yet, so end it quietly */
        c->exited = true;
        engine->kick(c);
        return -EINVAL;
    }
    if (flags & L_CLONE_SETTLS)
        c->cpu_ops->reload_segments(c->cpu);
    if (flags & L_CLONE_PARENT_SETTID)
        put_u32(t, ptid, (uint32_t)c->tid);
    if (flags & L_CLONE_CHILD_SETTID)
        put_u32(t, ctid, (uint32_t)c->tid);
    if (flags & L_CLONE_CHILD_CLEARTID)
        c->clear_child_tid = ctid;
    c->next = all_tasks;
    all_tasks = c;
    engine->kick(c); /* it waits for the run lock, then starts */
    return c->tid;
}

static int live_tasks(void)
{
    int n = 0;
    for (struct task *o = all_tasks; o; o = o->next)
        n += !o->exited;
    return n;
}

/* A clone child group living here has ended: a zombie for its parent, and
 * the exit signal (exit_notify()). */
static void notify_parent(struct tgroup *g, int status)
{
    struct zombie *z = calloc(1, sizeof(*z));
    if (z) {
        *z = (struct zombie){g->seq, g->tgid, status, g->exit_signal, g->parent, zombies};
        zombies = z;
    }
    struct guest_siginfo info;
    memset(&info, 0, sizeof(info));
    info.signo = g->exit_signal;
    info.code = WIFSIGNALED(status) ? CLD_KILLED : CLD_EXITED;
    info.u.chld.pid = g->tgid;
    info.u.chld.uid = (uint32_t)getuid();
    info.u.chld.status = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
    if (g->exit_signal)
        signal_send_group(g->parent, g->exit_signal, &info, NULL);
    /* waiters in the parent look again */
    for (struct task *o = all_tasks; o; o = o->next)
        if (o->group == g->parent && !o->exited && o != current_task())
            engine->kick(o);
}

bool task_exit(struct task *t, int *wait_status)
{
    struct tgroup *g = t->group;
    bool others = false;
    for (struct task *o = all_tasks; o; o = o->next)
        if (o != t && !o->exited)
            others = true;
    if (others) { /* mm_release(): only matters while someone can look */
        futex_exit_robust(t);
        if (t->clear_child_tid && put_u32(t, t->clear_child_tid, 0) == 0)
            futex_wake_va(t, t->clear_child_tid, 1);
    }
    t->exited = true;
    if (t->tid == g->tgid && !g->exiting) {
        g->leader_exited = true;
        g->leader_code = (t->exit_status & 0xff) << 8;
    }
    g->live--;
    int status = g->exiting         ? g->exit_code
                 : g->leader_exited ? g->leader_code
                                    : (t->exit_status & 0xff) << 8;
    if (t->fatal_signal && !g->exiting) {
        g->exiting = true;
        g->fatal_signal = t->fatal_signal;
        g->exit_code = status = t->fatal_signal;
    }
    if (g->exiting) /* the rest of the group follows */
        for (struct task *o = all_tasks; o; o = o->next)
            if (o->group == g && !o->exited)
                engine->kick(o);
    if (g->live == 0) {
        if (g->parent) {
            notify_parent(g, status);
        } else {
            primary_done = true;
            primary_status = status;
        }
    }
    bool outside = false; /* live tasks of other guest processes here */
    for (struct task *o = all_tasks; o; o = o->next)
        if (!o->exited && o->group != g)
            outside = true;
    if (g->exiting && !g->parent && !outside) {
        *wait_status = status; /* exit_group or death: the host process ends */
        return true;
    }
    if (live_tasks() > 0)
        return false;
    *wait_status = primary_done ? primary_status : status;
    return true;
}

/* wait for clone children of group g that live here: the matching zombie's
 * pid (and *status), 0 when only live ones match, -ECHILD when none. */
long task_reap(struct tgroup *g, int pid, int options, int *status)
{
    bool all = options & __WALL, clone = options & __WCLONE;
    bool live = false;
    struct zombie **best = NULL;
    for (struct zombie **zp = &zombies; *zp; zp = &(*zp)->next) {
        struct zombie *z = *zp;
        bool is_clone = z->exit_signal != SIGCHLD;
        if (z->parent != g || (pid > 0 && z->pid != pid) || (!all && is_clone != clone))
            continue;
        if (!best || z->seq < (*best)->seq)
            best = zp;
    }
    if (best) {
        struct zombie *z = *best;
        *status = z->status;
        int zpid = z->pid;
        if (!(options & WNOWAIT)) {
            *best = z->next;
            free(z);
        }
        return zpid;
    }
    for (struct task *o = all_tasks; o; o = o->next) {
        struct tgroup *c = o->group;
        bool is_clone = c->exit_signal != SIGCHLD;
        if (!o->exited && c->parent == g && (pid <= 0 || c->tgid == pid) &&
            (all || is_clone == clone))
            live = true;
    }
    return live ? 0 : -ECHILD;
}
