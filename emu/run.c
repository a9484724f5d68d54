/* The run loop of a guest task, its host thread, and the engine operations
 * the syscall layer uses (engine_ops): blocking calls, kicks, new threads. */
#define _GNU_SOURCE
#include "cpu.h"

#include "../syscalls/sig.h"
#include "../syscalls/trace.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREAD_STACK (8u << 20) /* Unicorn's translator wants a deep stack */

/* How the host process ends (emu/main.c): status as wait(2) reports it. */
static void (*process_end)(int wait_status, const struct engine_exit *x);

static bool is_restart(long r)
{
    return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
           r == -ERESTART_RESTARTBLOCK;
}

/* A syscall a signal interrupted: EINTR, or back to the int 0x80 to run
 * again (handle_signal() and the no-handler case of do_signal()). */
static void fix_interrupted_call(struct i386_cpu *cpu, const struct guest_sigaction *ka)
{
    long r = cpu->sys_ret;
    cpu->in_syscall = false;
    if (!is_restart(r))
        return;
    uint32_t eax, eip;
    uc_reg_read(cpu->uc, UC_X86_REG_EIP, &eip);
    bool restart = !ka || r == -ERESTARTNOINTR ||
                   (r == -ERESTARTSYS && (ka->flags & GUEST_SA_RESTART));
    if (ka && (r == -ERESTART_RESTARTBLOCK || r == -ERESTARTNOHAND))
        restart = false;
    if (restart) {
        eax = r == -ERESTART_RESTARTBLOCK ? 0 /* restart_syscall */ : cpu->task->sys_nr;
        eip -= 2;
        uc_reg_write(cpu->uc, UC_X86_REG_EIP, &eip);
    } else {
        eax = (uint32_t)-EINTR;
        cpu->task->restart_fn = NULL;
    }
    uc_reg_write(cpu->uc, UC_X86_REG_EAX, &eax);
}

static void deliver_signals(struct i386_cpu *cpu, struct task *t)
{
    struct guest_siginfo info;
    struct guest_sigaction ka;
    bool ran = false;
    int sig;
    while ((sig = signal_get(t, &info, &ka)) > 0) {
        if (cpu->in_syscall)
            fix_interrupted_call(cpu, &ka);
        if (!sigframe_setup(cpu, sig, &info, &ka)) {
            /* force_sigsegv(): no room for the frame */
            if (sig == SIGSEGV)
                t->sighand->action[SIGSEGV].handler = GUEST_SIG_DFL;
            signal_force(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0);
            continue;
        }
        signal_delivered(t, sig, &ka);
        ran = true;
    }
    if (cpu->in_syscall)
        fix_interrupted_call(cpu, NULL);
    if (!ran && t->restore_blocked) { /* restore_saved_sigmask() */
        t->blocked = t->saved_blocked;
        t->restore_blocked = false;
    }
}

/* si_code of the signal a CPU exception raises (traps.c): FPE_INTDIV for a
 * divide error, ILL_ILLOPN for an invalid opcode, SI_KERNEL for the rest. */
static void trap_to_signal(struct i386_cpu *cpu, struct task *t, uint32_t pc)
{
    int sig = cpu->trap_sig, code = 0x80;
    uint32_t addr = 0;
    if (cpu->trap_vector == 0) {
        code = 1; /* FPE_INTDIV */
        addr = pc;
    } else if (cpu->trap_vector == 6) {
        code = 2; /* ILL_ILLOPN */
        addr = pc;
    }
    signal_force(t, sig, code, addr);
    t->fault_pc = pc;
    t->fault_has_addr = false;
}

static void fault_to_signal(struct i386_cpu *cpu, struct task *t, uint32_t pc)
{
    uint32_t addr = i386_fault_addr(cpu, pc);
    int sig = SIGSEGV, code = cpu->fault == MM_ACCERR ? 2 : 1; /* SEGV_ACCERR/MAPERR */
    if (cpu->fault == MM_BUSERR)
        sig = SIGBUS, code = 2; /* BUS_ADRERR */
    else if (cpu->fault == MM_HWPOISON)
        sig = SIGBUS, code = 4; /* BUS_MCEERR_AR */
    signal_force(t, sig, code, addr);
    t->fault_pc = pc;
    t->fault_addr = addr;
    t->fault_has_addr = true;
}

static void apply_flushes(struct i386_cpu *cpu)
{
    int f = atomic_exchange(&cpu->ht->flush, 0);
    if (f & FLUSH_CODE)
        uc_ctl_flush_tb(cpu->uc);
    if (f)
        uc_ctl_flush_tlb(cpu->uc);
}

void i386_run(struct i386_cpu *cpu, struct task *t, struct engine_exit *out)
{
    memset(out, 0, sizeof(*out));
    struct hostthread *ht = cpu->ht;
    for (;;) {
        bool work = !t->exited && !t->fatal_signal &&
                    (cpu->in_syscall || signal_deliverable(t) || t->restore_blocked);
        /* A CPU that has not reached user mode yet has no user registers to
         * save: its handlers wait for its first stop there. */
        if (work && i386_in_user_mode(cpu))
            deliver_signals(cpu, t);
        else if (work && t->group->exiting)
            t->exited = true;
        if (t->exited || t->fatal_signal)
            break;
        apply_flushes(cpu);
        sched_yield_if_asked(ht);
        uc_err e = i386_enter(cpu);
        uint32_t pc;
        uc_reg_read(cpu->uc, UC_X86_REG_EIP, &pc);
        out->pc = pc;
        if (cpu->fault == MM_OOM) {
            out->kind = ENGINE_OOM;
            return;
        }
        if (cpu->fault != MM_OK)
            fault_to_signal(cpu, t, pc);
        else if (cpu->trap_sig)
            trap_to_signal(cpu, t, pc);
        else if (e == UC_ERR_INSN_INVALID) {
            cpu->trap_sig = SIGILL;
            cpu->trap_vector = 6;
            trap_to_signal(cpu, t, pc);
        } else if (e != UC_ERR_OK) {
            out->kind = ENGINE_ERROR;
            snprintf(out->why, sizeof(out->why), "the CPU stopped at 0x%08x: %s", pc,
                     uc_strerror(e));
            return;
        }
    }
    if (t->fatal_signal) {
        out->kind = ENGINE_SIGNALED;
        out->sig = t->fatal_signal;
        if (t->fault_pc)
            out->pc = t->fault_pc;
        out->has_addr = t->fault_has_addr;
        out->addr = t->fault_addr;
    } else {
        out->kind = ENGINE_EXITED;
        out->status = t->exit_status;
    }
}

/* ---- threads ---- */

struct start {
    struct hostthread *ht;
    sem_t started;
};

/* A task's run is over: its end as the kernel sees it, and the host
 * thread's (or the whole process's). */
static void task_finished(struct hostthread *ht, const struct engine_exit *x)
{
    struct task *t = ht->task;
    int status = 0;
    if (x->kind == ENGINE_OOM || x->kind == ENGINE_ERROR) {
        process_end(-1, x);
        return;
    }
    if (trace_on) { /* what strace's "+++" line says of this task */
        struct tgroup *g = t->group;
        int killed = t->fatal_signal ? t->fatal_signal : g->exiting ? g->fatal_signal : 0;
        int code = g->exiting && !killed ? (g->exit_code >> 8) & 0xff : t->exit_status;
        trace_task_exit(t, code, killed, false);
    }
    if (task_exit(t, &status))
        process_end(status, x);
    struct i386_cpu *cpu = ht->cpu;
    ht->cpu = NULL;
    i386_free(cpu);
    sched_release(ht);
    current_ht = NULL;
}

static void *thread_main(void *arg)
{
    struct start *s = arg;
    struct hostthread *ht = s->ht;
    current_ht = ht;
    task_current = ht->task;
    ht->tid = gettid();
    ht->task->tid = ht->tid;
    sem_post(&s->started); /* s is gone after this */
    sched_acquire(ht);
    hostsig_unblock();
    struct engine_exit x;
    memset(&x, 0, sizeof(x));
    if (!ht->task->exited)
        i386_run(ht->cpu, ht->task, &x);
    else
        x.kind = ENGINE_EXITED;
    task_finished(ht, &x);
    return NULL;
}

static int spawn(struct task *parent, struct task *child, uint32_t newsp)
{
    char err[160];
    struct i386_cpu *pc = parent->cpu;
    struct i386_cpu *c = i386_clone(pc, newsp, err, sizeof(err));
    if (!c)
        return -ENOMEM;
    struct hostthread *ht = calloc(1, sizeof(*ht));
    if (!ht) {
        i386_free(c);
        return -ENOMEM;
    }
    ht->cpu = c;
    ht->task = child;
    c->ht = ht;
    c->task = child;
    child->cpu = c;
    child->host = ht;
    child->cpu_ops = i386_cpu_ops();
    struct start s = {.ht = ht};
    sem_init(&s.started, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, THREAD_STACK);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* the thread unblocks when ready */
    pthread_t th;
    int r = pthread_create(&th, &attr, thread_main, &s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (r != 0) {
        c->ht = NULL;
        i386_free(c);
        free(ht);
        sem_destroy(&s.started);
        return -EAGAIN;
    }
    while (sem_wait(&s.started) < 0 && errno == EINTR)
        ;
    sem_destroy(&s.started);
    return 0;
}

/* ---- engine operations ---- */

static long op_blocking(struct task *t, long nr, const long a[6])
{
    trace_syscall_blocking(t);
    return sched_blocking_call(t->host, nr, a);
}

static void op_drain(struct task *t)
{
    struct hostthread *ht = t->host;
    if (ht != current_ht)
        return;
    ht->interrupted = 0;
    hostsig_drain(ht);
}

static void op_kick(struct task *t)
{
    struct hostthread *ht = t->host;
    if (!ht || ht == current_ht)
        return;
    hostsig_kick(ht->tid);
}

static int op_write_ldt(int index, uint64_t desc)
{
    return ldt_write(index, desc);
}

static long op_read_ldt(void *buf, uint32_t len)
{
    return ldt_read(buf, len);
}

static void op_fork_child(struct task *t)
{
    struct hostthread *ht = t->host;
    struct i386_cpu *mine = ht->cpu;
    all_cpus = mine; /* the other threads' CPUs did not come along */
    mine->next = NULL;
    sched_fork_child(ht);
    hostsig_fork_child();
}

static long op_exec(struct task *t, const char *path, const char *execfn,
                    char *const argv[], char *const envp[])
{
    return emu_exec(t, path, execfn, argv, envp);
}

static const struct engine_ops ops = {
    .blocking = op_blocking,
    .drain = op_drain,
    .kick = op_kick,
    .spawn = spawn,
    .write_ldt = op_write_ldt,
    .read_ldt = op_read_ldt,
    .exec = op_exec,
    .fork_child = op_fork_child,
    .host_handler = hostsig_install,
};
const struct engine_ops *engine = &ops;

_Noreturn void run_first_task(struct i386_cpu *cpu, struct task *t,
                              void (*end)(int wait_status, const struct engine_exit *x))
{
    process_end = end;
    struct hostthread *ht = calloc(1, sizeof(*ht));
    ht->cpu = cpu;
    ht->task = t;
    ht->tid = gettid();
    cpu->ht = ht;
    cpu->task = t;
    t->host = ht;
    current_ht = ht;
    task_current = t;
    sched_acquire(ht);
    hostsig_unblock();
    struct engine_exit x;
    i386_run(cpu, t, &x);
    task_finished(ht, &x);
    /* Other tasks run on: the host process ends with the last of them. */
    pthread_exit(NULL);
}
