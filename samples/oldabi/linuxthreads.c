/* LinuxThreads' thread model, as glibc 2.0-2.3 used it on Linux 2.0-2.4:
 * clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND) children with pids of
 * their own sharing memory, a per-thread %gs from modify_ldt, signals sent
 * between them with kill(), and waits with __WCLONE. Freestanding, so the
 * same binary starts on 2.4.20 and on a modern kernel alike. */
#include "rt.h"

#define CLONE_VM       0x00000100
#define CLONE_FS       0x00000200
#define CLONE_FILES    0x00000400
#define CLONE_SIGHAND  0x00000800
#define SIGUSR1        10
#define SIGUSR2        12
#define WCLONE         0x80000000
#define NR_sigaction   67
#define NR_getppid     64
#define NR_modify_ldt  123
#define NR_sched_yield 158
#define NR_pause       29
#define ECHILD         10
#define KIDS           3

/* Shared between the processes: they have one address space. */
static volatile int lock;
static volatile int counter;
static volatile int ready[KIDS];
static volatile int got_usr2[KIDS];
static volatile int usr1_exits;
static volatile int child_pid[KIDS];
static int tls_block[KIDS + 1];
static char stacks[KIDS][16384] __attribute__((aligned(16)));

/* clone(flags, stack) with fn(arg) on the new stack; the child exits with
 * fn's value. The parent gets the child's pid. */
static long clone_thread(unsigned long flags, void *stack_top, int (*fn)(int), int arg)
{
    long *sp = (long *)stack_top;
    *--sp = arg;
    *--sp = (long)fn;
    long r;
    __asm__ volatile("pushl %%ebx\n\t"
                     "movl %2, %%ebx\n\t"
                     "int $0x80\n\t"
                     "testl %%eax, %%eax\n\t"
                     "jnz 1f\n\t"
                     /* child: on the new stack, fn then arg */
                     "popl %%eax\n\t"
                     "call *%%eax\n\t"
                     "movl %%eax, %%ebx\n\t"
                     "movl $1, %%eax\n\t"
                     "int $0x80\n\t"
                     "1:\n\t"
                     "popl %%ebx"
                     : "=a"(r)
                     : "0"(120), "r"(flags), "c"(sp)
                     : "memory", "edx");
    return r;
}

static void spin_lock(void)
{
    int one = 1;
    for (;;) {
        int was;
        __asm__ volatile("xchgl %0, %1" : "=r"(was), "+m"(lock) : "0"(one) : "memory");
        if (!was)
            return;
        SYS0(NR_sched_yield);
    }
}

static void spin_unlock(void)
{
    __asm__ volatile("movl $0, %0" : "+m"(lock)::"memory");
}

struct user_desc {
    unsigned entry_number, base_addr, limit, flags;
};

/* LinuxThreads' i386 TLS: an LDT entry per thread, %gs = (n << 3) | 7. */
static int set_ldt_gs(int n)
{
    struct user_desc d = {(unsigned)n, (unsigned)&tls_block[n], 0xfffff,
                          1 /* seg_32bit */ | (1 << 4) /* limit_in_pages */};
    long r = SYS3(NR_modify_ldt, 1, &d, sizeof(d));
    if (r)
        return (int)r;
    int sel = (n << 3) | 7;
    __asm__ volatile("movw %w0, %%gs" ::"r"(sel));
    return 0;
}

static int read_gs0(void)
{
    int v;
    __asm__ volatile("movl %%gs:0, %0" : "=r"(v));
    return v;
}

static void on_usr2(int sig)
{
    (void)sig;
    long me = SYS0(NR_getpid);
    for (int i = 0; i < KIDS; i++)
        if (child_pid[i] == me)
            got_usr2[i] = 1;
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_exits++;
}

static int child(int i)
{
    tls_block[i + 1] = 1000 + i;
    int e = set_ldt_gs(i + 1);
    child_pid[i] = (int)SYS0(NR_getpid);
    for (int k = 0; k < 1000; k++) {
        spin_lock();
        counter++;
        spin_unlock();
    }
    ready[i] = 1;
    while (!got_usr2[i])
        SYS0(NR_pause);
    /* its own %gs still reaches its own block after the others ran */
    return e ? 99 : (read_gs0() == 1000 + i ? 10 + i : 98);
}

static void handle(int sig, void (*fn)(int))
{
    unsigned long act[4] = {(unsigned long)fn, 0, 0, 0};
    SYS3(NR_sigaction, sig, act, 0);
}

int main(void)
{
    long me = SYS0(NR_getpid);
    handle(SIGUSR2, on_usr2);
    handle(SIGUSR1, on_usr1);
    tls_block[0] = 4242;
    int e = set_ldt_gs(0);
    rt_printf("main: modify_ldt %s, gs:0 = %d\n", e ? rt_errname(e) : "ok", read_gs0());
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGUSR1;
    long pids[KIDS];
    for (int i = 0; i < KIDS; i++) {
        pids[i] = clone_thread(flags, stacks[i] + sizeof(stacks[i]), child, i);
        if (rt_is_err(pids[i])) {
            rt_printf("clone: %s\n", rt_errname(pids[i]));
            return 1;
        }
    }
    for (int i = 0; i < KIDS; i++)
        while (!ready[i])
            SYS0(NR_sched_yield);
    int distinct = 1;
    for (int i = 0; i < KIDS; i++)
        if (pids[i] == me || child_pid[i] != pids[i])
            distinct = 0;
    rt_printf("children have pids of their own, as clone returned them: %s\n",
              distinct ? "yes" : "no");
    rt_printf("shared counter: %d\n", counter);
    int status = 0;
    long r = SYS3(NR_waitpid, -1, &status, 0);
    rt_printf("waitpid without __WCLONE: %s\n", rt_result(r));
    /* one at a time, so that which child the wait reports is certain */
    for (int n = 0; n < KIDS; n++) {
        SYS2(NR_kill, pids[n], SIGUSR2);
        r = SYS3(NR_waitpid, -1, &status, WCLONE);
        int which = -1;
        for (int i = 0; i < KIDS; i++)
            if (r == pids[i])
                which = i;
        rt_printf("__WCLONE wait: child %d exited with %d\n", which, (status >> 8) & 0xff);
    }
    r = SYS3(NR_waitpid, -1, &status, WCLONE);
    rt_printf("no more clone children: %s\n", rt_result(r));
    rt_printf("SIGUSR1 (their exit signal) arrived: %s\n", usr1_exits > 0 ? "yes" : "no");
    rt_printf("main gs:0 is still %d\n", read_gs0());
    return 0;
}
