/* The Linux syscall layer: what a guest's int 0x80 reaches. */
#ifndef RELIC_SYSCALLS_H
#define RELIC_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kversion.h"

struct mm;

/* The kernel's internal restart codes (include/linux/errno.h). A call that a
 * guest signal interrupted returns one of them; the signal code then turns it
 * into EINTR or a restart of the call, as the handler's SA_RESTART says. The
 * guest never sees them. */
#define ERESTARTSYS           512
#define ERESTARTNOINTR        513
#define ERESTARTNOHAND        514
#define ERESTART_RESTARTBLOCK 516

/* What the syscall layer may ask of one CPU (it never sees Unicorn). */
struct cpu_ops {
    /* Store an 8-byte segment descriptor in GDT slot index. */
    void (*write_gdt)(void *cpu, int index, uint64_t desc);
    uint64_t (*read_gdt)(void *cpu, int index);
    /* sigreturn (rt: rt_sigreturn): restore the registers and mask saved in
     * the frame at the stack pointer; returns the restored %eax, or -EFAULT
     * when the frame cannot be read (the task then dies of SIGSEGV). */
    long (*sigreturn)(void *cpu, bool rt);
    uint32_t (*get_sp)(void *cpu); /* the user %esp */
    void (*set_sp)(void *cpu, uint32_t sp);
    void (*reload_segments)(void *cpu); /* after a TLS descriptor changed */
};

struct task;

/* What the syscall layer may ask of the engine as a whole (emu fills it). */
struct engine_ops {
    /* A host call that may block, through the safe-syscall gate with the run
     * lock dropped: result, -errno, or -ERESTARTSYS. */
    long (*blocking)(struct task *t, long nr, const long a[6]);
    /* Hand host signals caught on t's thread to the kernel layer. */
    void (*drain)(struct task *t);
    /* Make t notice new signals or work soon (t may be another thread). */
    void (*kick)(struct task *t);
    /* Start child as a new thread of this process on a CPU copied from
     * parent's (%eax 0, %esp newsp unless 0): 0 or -errno. */
    int (*spawn)(struct task *parent, struct task *child, uint32_t newsp);
    /* The process LDT (modify_ldt): write one entry, read the table. */
    int (*write_ldt)(int index, uint64_t desc);
    long (*read_ldt)(void *buf, uint32_t len);
    /* execve: re-execute relic on the program at host path (execfn: the
     * name the guest used, for AT_EXECFN); returns only on failure. */
    long (*exec)(struct task *t, const char *path, const char *execfn, char *const argv[],
                 char *const envp[]);
    /* A fork child starts: the engine drops other threads' state. */
    void (*fork_child)(struct task *t);
    /* Put relic's own host handler back on sig (after mirroring SIG_IGN). */
    void (*host_handler)(int sig);
};
extern const struct engine_ops *engine;

#define GUEST_NSIG 64

/* i386 struct sigaction as rt_sigaction(2) copies it: the mask at 12, 20
 * bytes in all (packed: a host uint64_t would be aligned to 16). */
struct __attribute__((packed)) guest_sigaction {
    uint32_t handler, flags, restorer;
    uint64_t mask;
};
_Static_assert(sizeof(struct guest_sigaction) == 20, "i386 struct sigaction is 20 bytes");

/* i386 siginfo_t (128 bytes). */
struct guest_siginfo {
    int32_t signo, err, code;
    union {
        uint32_t pad[29];
        struct {
            int32_t pid;
            uint32_t uid, value;
        } kill; /* kill, tkill, sigqueue: value for SI_QUEUE */
        struct {
            int32_t tid, overrun;
            uint32_t value;
        } timer;
        struct {
            int32_t pid;
            uint32_t uid;
            int32_t status, utime, stime;
        } chld;
        struct {
            uint32_t addr;
        } fault;
        struct {
            int32_t band, fd;
        } poll;
    } u;
};
_Static_assert(sizeof(struct guest_siginfo) == 128, "i386 siginfo_t is 128 bytes");

/* Signals pending for a task or a thread group, with their siginfo. */
struct sigpending {
    uint64_t set; /* bit sig-1 */
    struct sigq {
        int sig;
        struct guest_siginfo info;
    } * q;
    unsigned n, cap;
};

/* Signal handlers, shared by CLONE_SIGHAND. */
struct sighand {
    int refs;
    struct guest_sigaction action[GUEST_NSIG + 1];
};

/* A guest process (thread group): CLONE_THREAD tasks share one. */
struct tgroup {
    int tgid;
    unsigned long seq; /* creation order among the groups here */
    int refs, live;    /* task references; tasks still running */
    struct sigpending shared;
    bool exiting;       /* exit_group or a fatal signal: all tasks end */
    int exit_code;      /* the wait status it ends with */
    bool leader_exited; /* its first task called exit(2): leader_code */
    int leader_code;
    int fatal_signal;      /* the signal it dies of, if so */
    struct tgroup *parent; /* the creating group, for a clone child living in
                              this host process; NULL: the host parent */
    int exit_signal;       /* what that parent is sent when this group ends */
};

/* One guest task's kernel-side state. */
struct task {
    struct mm *mm;
    const struct cpu_ops *cpu_ops;
    void *cpu;
    void *host;           /* the engine's per-thread state */
    const char *exe_path; /* absolute host path of the program (/proc/self/exe) */
    int pid, tid;         /* fixed for the life of a task: asked once, not per call */
    struct tgroup *group;
    struct sighand *sighand;
    uint64_t blocked;       /* the signal mask */
    uint64_t saved_blocked; /* sigsuspend & co: the mask to restore */
    bool restore_blocked;   /* saved_blocked is live */
    struct sigpending pending;
    uint32_t ss_sp, ss_size; /* sigaltstack */
    int ss_flags;            /* SS_DISABLE when none */
    bool exited;             /* this task has ended (exit, or its group's end) */
    int exit_status;         /* exit(2)'s status */
    int fatal_signal;        /* nonzero: the task dies of this signal */
    uint32_t clear_child_tid;
    uint32_t robust_list, robust_len;
    struct mpol *mempolicy; /* set_mempolicy; NULL is MPOL_DEFAULT */
    /* The syscall in progress, for restarts after a signal. */
    uint32_t sys_nr;
    long (*restart_fn)(struct task *t); /* ERESTART_RESTARTBLOCK's resume */
    uint64_t restart_arg[4];
    /* Where the last synchronous fault happened, for relic's message. */
    uint32_t fault_pc, fault_addr;
    bool fault_has_addr;
    void *trace;       /* the tracer's state (trace.c), NULL when off */
    struct task *next; /* every task of this host process */
};

/* The tasks of this host process (all share the run lock), and the one
 * the calling host thread runs. */
extern struct task *all_tasks;
extern __thread struct task *task_current;

#define GDT_TLS_FIRST 6 /* GDT_ENTRY_TLS_MIN on i386 */
#define GDT_TLS_COUNT 3

/* Build the dispatch table for kernel version kernel; call once. */
void syscalls_init(kver_t kernel);
/* Run syscall nr with its six argument registers; the value for %eax. */
long syscalls_dispatch(struct task *t, uint32_t nr, const uint32_t args[6]);
/* The first call the guest made that the chosen kernel lacks but later ones
 * have (its name, and *nr), or NULL: why an old kernel could not run it. */
const char *syscalls_missing(int *nr);
/* Name of a number for messages ("syscall_123" when unknown). */
const char *syscalls_name(uint32_t nr);
/* Why nr gives ENOSYS when it does: 0 it has a handler (its answer is the
 * kernel's), 1 the running kernel has no such call, 2 relic lacks it
 * (trace.h's enum trace_enosys). */
int syscalls_enosys_why(uint32_t nr);
/* The kernel version the guest sees. */
kver_t syscalls_kernel(void);

/* ---- signals (signal.c, sigdeliver.c) ---- */

/* The first task: its process, handlers, and the mask and ignored signals
 * relic inherited (bit sig-1). */
void task_init_first(struct task *t, uint64_t blocked, uint64_t ignored);
/* A host signal caught on t's thread, handed over by the engine. */
void signal_from_host(struct task *t, int sig, const void *host_siginfo);
/* A CPU fault or trap of t: the kernel's force_sig_fault(). */
void signal_force(struct task *t, int sig, int code, uint32_t addr);
/* Is a signal waiting that t must act on (a handler to run, a default
 * action to take)? Drains t's host signals first. */
bool signal_deliverable(struct task *t);
/* get_signal(): take the next signal to handle. Default actions happen
 * here (ignore, stop, or death: t->fatal_signal set, returns 0). Returns
 * the signal with its siginfo and action for a handler, or 0. */
int signal_get(struct task *t, struct guest_siginfo *info, struct guest_sigaction *ka);
/* The frame for sig is on the stack: block what the action says. */
void signal_delivered(struct task *t, int sig, const struct guest_sigaction *ka);
/* The mask a signal frame saves (sigsuspend's original, if any). */
uint64_t signal_frame_mask(struct task *t);
/* sigreturn's mask, with SIGKILL and SIGSTOP never blocked. */
void signal_set_blocked(struct task *t, uint64_t mask);
/* Whether sp lies on t's alternate signal stack, and the stack a handler
 * with flags runs on given the current sp. */
bool signal_on_altstack(const struct task *t, uint32_t sp);
uint32_t signal_stack_for(const struct task *t, uint32_t sp, uint32_t flags);

/* ---- tasks (task.c) ---- */

/* A task has finished (exit, exit_group, or death): clear_child_tid,
 * robust futexes, its group's end. Returns true when the host process
 * must end now, with *wait_status its status as the host parent sees it. */
bool task_exit(struct task *t, int *wait_status);

/* relic's status for i386 syscall nr in kernel v, written into buf:
 * "implemented", "partial: <what is missing>", "not implemented by relic", or
 * "not in Linux <v>" (no such number then, or only the kernel's ENOSYS stub).
 * Returns buf. */
const char *syscalls_status(kver_t v, int nr, char *buf, size_t len);
/* Write every i386 syscall number of kernel v with its name, the versions it
 * has that meaning and relic's status, as the dispatcher sees them (report.c).
 * format: "text", "md" (Markdown), or "doc" (the page docs/compatibility.md:
 * the newest kernel, then every history row; v is not used). 0, or -1 for
 * an unknown format. */
int syscalls_report(FILE *f, kver_t v, const char *format);

#endif
