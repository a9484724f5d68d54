/* Each signal feature of issue 5, printed so that the native run and the
 * run under relic can be compared line by line. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile sig_atomic_t got, got_sig, depth, max_depth;
static volatile int got_code;
static volatile uintptr_t got_addr;
static volatile uintptr_t handler_sp;
static char *page;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

static void catch (int sig, int flags, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static void sync_signals(void)
{
    catch (SIGSEGV, 0, on_fault);
    catch (SIGBUS, 0, on_fault);
    catch (SIGILL, 0, on_fault);
    catch (SIGFPE, 0, on_fault);
    catch (SIGTRAP, 0, on_fault);
    page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!sigsetjmp(jb, 1))
        page[100] = 1;
    printf("SIGSEGV write to read-only: sig=%d code=%d addr=page+%ld\n", got_sig,
           got_code, (long)(got_addr - (uintptr_t)page));
    volatile int *volatile unmapped = (int *)0x10;
    if (!sigsetjmp(jb, 1))
        *unmapped = 1;
    printf("SIGSEGV unmapped: sig=%d code=%d addr=%#lx\n", got_sig, got_code,
           (unsigned long)got_addr);
    char path[] = "/tmp/relic-sigbus-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    ftruncate(fd, 100);
    char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    if (!sigsetjmp(jb, 1))
        (void)*(volatile char *)(m + 4096);
    printf("SIGBUS beyond EOF: sig=%d code=%d addr=map+%ld\n", got_sig, got_code,
           (long)(got_addr - (uintptr_t)m));
    close(fd);
    if (!sigsetjmp(jb, 1))
        __asm__ volatile("ud2");
    printf("SIGILL ud2: sig=%d code=%d\n", got_sig, got_code);
    volatile int zero = 0;
    if (!sigsetjmp(jb, 1))
        got = 10 / zero;
    printf("SIGFPE divide: sig=%d code=%d\n", got_sig, got_code);
    if (!sigsetjmp(jb, 1))
        __asm__ volatile("int3");
    printf("SIGTRAP int3: sig=%d code=%d\n", got_sig, got_code);
}

/* A handler that repairs the fault and returns through sigreturn. */
static void on_fix(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    mprotect((void *)((uintptr_t)si->si_addr & ~4095ul), 4096, PROT_READ | PROT_WRITE);
    got++;
}

static void fault_and_return(void)
{
    catch (SIGSEGV, 0, on_fix);
    got = 0;
    page[200] = 42;
    printf("fixed in handler, returned: handler ran %d time(s), value %d\n", (int)got,
           page[200]);
}

/* The old-style frame: handler(int), registers preserved across it. */
static void on_usr1(int sig)
{
    got_sig = sig;
    got++;
}

static void frames(void)
{
    signal(SIGUSR1, on_usr1);
    got = 0;
    register int keep asm("ebx") = 0x1234;
    raise(SIGUSR1);
    __asm__ volatile("" : "+r"(keep));
    printf("sigframe: sig=%d ran=%d ebx kept=%#x\n", got_sig, (int)got, keep);
    catch (SIGUSR2, 0, on_fault);
    if (!sigsetjmp(jb, 1))
        kill(getpid(), SIGUSR2);
    printf("rt_sigframe: sig=%d code=%d (SI_USER=%d)\n", got_sig, got_code, SI_USER);
    union sigval v = {.sival_int = 77};
    if (!sigsetjmp(jb, 1))
        sigqueue(getpid(), SIGUSR2, v);
    printf("sigqueue: code=%d (SI_QUEUE=%d)\n", got_code, SI_QUEUE);
}

static void on_alarm(int sig)
{
    (void)sig;
    got++;
}

/* A blocking read interrupted by SIGALRM: EINTR without SA_RESTART, the
 * read goes on with it. */
static void restart(void)
{
    for (int flags = 0; flags <= SA_RESTART; flags += SA_RESTART) {
        int p[2];
        pipe(p);
        pid_t c = fork();
        if (c == 0) {
            close(p[0]);
            usleep(300000);
            write(p[1], "x", 1);
            _exit(0);
        }
        close(p[1]);
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_alarm;
        sa.sa_flags = flags;
        sigaction(SIGALRM, &sa, NULL);
        got = 0;
        struct itimerval it = {{0, 0}, {0, 100000}};
        setitimer(ITIMER_REAL, &it, NULL);
        char ch;
        ssize_t r = read(p[0], &ch, 1);
        int e = errno;
        printf("read with%s SA_RESTART: r=%zd %s, handler ran %d\n", flags ? "" : "out",
               r, r < 0 ? strerrorname_np(e) : "data", (int)got);
        waitpid(c, NULL, 0);
        close(p[0]);
    }
}

static void on_stack(int sig)
{
    (void)sig;
    int here;
    handler_sp = (uintptr_t)&here;
    stack_t cur;
    sigaltstack(NULL, &cur);
    got = cur.ss_flags;
}

static void altstack(void)
{
    static char stack[65536];
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof(stack), .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stack;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("SA_ONSTACK: handler on the alternate stack: %s, ss_flags inside=%d\n",
           handler_sp > (uintptr_t)stack && handler_sp < (uintptr_t)stack + sizeof(stack)
               ? "yes"
               : "no",
           (int)got);
    stack_t old;
    sigaltstack(NULL, &old);
    printf("sigaltstack after: flags=%d size=%zu\n", old.ss_flags, old.ss_size);
    ss.ss_size = 100;
    errno = 0;
    int small = sigaltstack(&ss, NULL);
    printf("too small: %d %s\n", small, strerrorname_np(errno));
}

static void on_once(int sig)
{
    (void)sig;
    got++;
}

static volatile sig_atomic_t raises_left;

static void on_nested(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (raises_left > 0) {
        raises_left--;
        raise(sig);
    }
    depth--;
}

static void flags(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_once;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    got = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    printf("SA_RESETHAND: ran %d, handler now %s\n", (int)got,
           old.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
    sa.sa_handler = on_nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR2, &sa, NULL);
    depth = max_depth = 0;
    raises_left = 2;
    raise(SIGUSR2);
    printf("SA_NODEFER: nesting depth %d\n", (int)max_depth);
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    depth = max_depth = 0;
    raises_left = 2;
    raise(SIGUSR2);
    printf("without SA_NODEFER: depth %d\n", (int)max_depth);
}

static void masks(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    got = 0;
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: ran %d, pending %d\n", (int)got, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: ran %d\n", (int)got);
    /* sigsuspend: wait with SIGUSR1 let through, its mask back afterwards */
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    got = 0;
    int r = sigsuspend(&wait_mask);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigsuspend: r=%d %s ran=%d mask restored=%d\n", r, strerrorname_np(errno),
           (int)got, sigismember(&now, SIGUSR1));
    waitpid(c, NULL, 0);
    /* rt_sigtimedwait: take it without its handler */
    raise(SIGUSR1);
    siginfo_t si;
    struct timespec ts = {1, 0};
    got = 0;
    int s = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait: sig=%d code=%d handler ran %d\n", s, si.si_code, (int)got);
    ts.tv_sec = 0;
    ts.tv_nsec = 50000000;
    s = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait timeout: %d %s\n", s, strerrorname_np(errno));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* the old calls, by number */
    long m = syscall(68); /* sgetmask */
    printf("sgetmask=%#lx\n", m);
    syscall(69, 1ul << (SIGUSR2 - 1)); /* ssetmask */
    printf("ssetmask then sgetmask=%#lx\n", syscall(68));
    syscall(69, 0ul);
    long prev = syscall(48, SIGUSR2, (long)SIG_IGN); /* signal */
    long prev2 = syscall(48, SIGUSR2, (long)SIG_DFL);
    printf("signal(2): old handler was %s, then %s\n",
           prev == (long)SIG_IGN ? "IGN" : "a function",
           prev2 == (long)SIG_IGN ? "IGN" : "other");
    struct {
        unsigned long handler, mask, flags, restorer;
    } oa;
    syscall(67, SIGUSR2, NULL, &oa); /* sigaction */
    printf("old sigaction: handler=%lu\n", oa.handler);
}

static void timers(void)
{
    signal(SIGALRM, on_alarm);
    got = 0;
    alarm(1);
    printf("alarm left: %u\n", alarm(1));
    pause();
    printf("after pause: ran %d\n", (int)got);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    got = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (got < 3)
        pause();
    struct itimerval off = {{0, 0}, {0, 0}}, was;
    setitimer(ITIMER_REAL, &off, &was);
    printf("setitimer: %d ticks, interval %ld us\n", (int)got,
           (long)was.it_interval.tv_usec);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* nanosleep: a handler ends it with EINTR and the time left; a signal
 * nobody handles (a child's SIGCHLD) does not shorten it. */
static void sleeps(void)
{
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec req = {1, 0}, rem = {0, 0};
    int r = nanosleep(&req, &rem);
    printf("nanosleep with a handler: %d %s, time left between 0.5 and 1 s: %s\n", r,
           strerrorname_np(errno),
           rem.tv_sec == 0 && rem.tv_nsec > 500000000L ? "yes" : "no");
    signal(SIGCHLD, SIG_DFL);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        _exit(0);
    }
    double t0 = now();
    req = (struct timespec){0, 400000000L};
    r = nanosleep(&req, NULL);
    printf("nanosleep through a SIGCHLD: %d, slept the whole time: %s\n", r,
           now() - t0 >= 0.39 ? "yes" : "no");
    waitpid(c, NULL, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    sync_signals();
    fault_and_return();
    frames();
    restart();
    altstack();
    flags();
    masks();
    timers();
    sleeps();
    printf("done\n");
    return 0;
}
