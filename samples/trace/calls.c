/* The common file, descriptor, process, time and signal calls, each made
 * so its strace line is the same natively and under relic: files in a new
 * directory, positioned and vector I/O, locks, terminal ioctls on a pty,
 * a pipe, forks and waits, signals with handlers (and their sigreturn),
 * the alternate stack, a timer, short sleeps. Compared with native strace
 * 6.1 by tests/integration/trace_desc.cmake.
 *
 * "calls gaps" instead makes the calls whose lines differ under relic
 * because relic answers differently (not because of the tracer): see the
 * list in trace_desc.cmake. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
    got = sig;
}

static void check(int ok)
{
    if (!ok)
        exit(1);
}

static void files(void)
{
    /* Relative to the directory the test runs in, so every name is the
     * same from run to run. */
    check(mkdir("work", 0700) == 0 && chdir("work") == 0);
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    check(write(fd, "hello, file\n", 12) == 12);
    close(fd);
    fd = openat(AT_FDCWD, "a.txt", O_RDONLY | O_CLOEXEC);
    char buf[64];
    check(read(fd, buf, sizeof(buf)) == 12);
    lseek(fd, 2, SEEK_SET);
    struct stat st;
    fstat(fd, &st);
    int fd2 = dup(fd);
    dup2(fd, 10);
    fcntl(fd, F_GETFD);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_GETFL);
    close(10);
    close(fd2);
    close(fd);
    stat("a.txt", &st);
    lstat("a.txt", &st);
    access("a.txt", R_OK | W_OK);
    access("missing", F_OK);
    open("missing", O_RDONLY);
    mkdir("sub", 0755);
    rename("a.txt", "sub/b.txt");
    unlink("sub/b.txt");
    rmdir("sub");
    check(chdir("..") == 0 && rmdir("work") == 0 && chdir("/") == 0);
    char cwd[256];
    check(getcwd(cwd, sizeof(cwd)) != NULL);
}

/* Positioned and vector I/O, modes, owners, links, the stat family by
 * its own numbers (glibc uses statx), a directory listing, locks. */
static void more_files(void)
{
    check(mkdir("more", 0700) == 0 && chdir("more") == 0);
    int fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0600);
    check(pwrite(fd, "abcdef", 6, 100) == 6);
    char b[16];
    check(pread(fd, b, 4, 100) == 4);
    struct iovec out[2] = {{"one", 3}, {"two!", 4}};
    check(writev(fd, out, 2) == 7);
    char x1[3], x2[10];
    struct iovec in[2] = {{x1, sizeof(x1)}, {x2, sizeof(x2)}};
    lseek(fd, 100, SEEK_SET);
    check(readv(fd, in, 2) == 6);
    syscall(SYS_lseek, fd, 0, SEEK_END);
    dup3(fd, 20, O_CLOEXEC);
    close(20);
    umask(022);
    chmod("f", 0644);
    fchmod(fd, 0600);
    fchmodat(AT_FDCWD, "f", 0640, 0);
    check(fchown(fd, getuid(), getgid()) == 0);
    check(chown("f", -1, -1) == 0);
    check(ftruncate(fd, 10) == 0 && truncate("f", 20) == 0);
    check(symlink("f", "l") == 0 && link("f", "h") == 0);
    char lb[32];
    check(readlink("l", lb, sizeof(lb)) == 1);
    mkdirat(AT_FDCWD, "d", 0755);
    unlinkat(AT_FDCWD, "d", AT_REMOVEDIR);
    DIR *d = opendir(".");
    while (readdir(d))
        ;
    closedir(d);
    struct stat st;
    syscall(SYS_stat64, "f", &st);
    syscall(SYS_lstat64, "l", &st);
    syscall(SYS_fstat64, fd, &st);
    syscall(SYS_fstatat64, AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_stat64, "/dev/null", &st);
    close(fcntl(fd, F_DUPFD, 30));
    fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND);
    fcntl(fd, F_GETFL);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 4, .l_len = 8};
    fcntl(fd, F_SETLK, &fl);
    fcntl(fd, F_GETLK, &fl);
    flock(fd, LOCK_EX | LOCK_NB);
    flock(fd, LOCK_UN);
    close(fd);
    unlink("h");
    unlink("l");
    unlink("f");
    check(chdir("..") == 0 && rmdir("more") == 0);
}

/* Terminal requests on a pipe (which is no terminal) and on a pty. */
static void ioctls(void)
{
    int p[2], n;
    struct termios t;
    struct winsize ws;
    check(pipe(p) == 0 && write(p[1], "zz", 2) == 2);
    ioctl(p[0], FIONREAD, &n);
    ioctl(p[0], TCGETS, &t);
    ioctl(p[0], TIOCGWINSZ, &ws);
    ioctl(p[0], FIOCLEX);
    ioctl(p[0], 0x12345678, 0x42);
    close(p[0]);
    close(p[1]);
    int pt = posix_openpt(O_RDWR | O_NOCTTY);
    check(pt >= 0);
    tcgetattr(pt, &t);
    cfmakeraw(&t);
    tcsetattr(pt, TCSANOW, &t);
    ioctl(pt, TIOCGWINSZ, &ws);
    ws.ws_row = 24;
    ws.ws_col = 80;
    ioctl(pt, TIOCSWINSZ, &ws);
    unlockpt(pt);
    close(pt);
}

static void pipes(void)
{
    int p[2];
    check(pipe(p) == 0);
    check(write(p[1], "ping", 4) == 4);
    char buf[8];
    check(read(p[0], buf, sizeof(buf)) == 4);
    close(p[0]);
    close(p[1]);
    check(pipe2(p, O_CLOEXEC) == 0);
    close(p[0]);
    close(p[1]);
}

static void process(void)
{
    /* Each child waits a moment, so that the parent is already blocked in
     * its wait (an unfinished/resumed pair), natively as under relic. */
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        _exit(3);
    }
    int status;
    waitpid(pid, &status, 0);
    pid = fork();
    if (pid == 0) {
        usleep(100000);
        kill(getpid(), SIGTERM);
        _exit(0);
    }
    wait4(pid, &status, 0, NULL);
}

/* Calls in no class of their own (the test names them). */
static void named(void)
{
    struct utsname u;
    uname(&u);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    setrlimit(RLIMIT_NOFILE, &rl);
    prlimit(0, RLIMIT_CORE, NULL, &rl);
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    struct timeval tv;
    struct timezone tz;
    syscall(SYS_gettimeofday, &tv, &tz);
    time_t now;
    syscall(SYS_time, &now);
    alarm(0);
}

static void signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_BLOCK, &set, &old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    kill(getpid(), SIGUSR1);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGUSR2, SIG_DFL);
    struct timespec ts = {0, 10000000};
    nanosleep(&ts, NULL);
    clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
}

/* Waiting for signals, the alternate stack, the old calls. */
static void more_signals(void)
{
    static char stack[65536];
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof(stack)}, oss;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &oss);
    sigset_t all, old, none, one;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old); /* everything: strace shows ~[...] */
    kill(getpid(), SIGUSR1);
    sigemptyset(&none);
    sigsuspend(&none); /* the handler runs, sigreturn restores ~[...] */
    sigemptyset(&one);
    sigaddset(&one, SIGUSR2);
    kill(getpid(), SIGUSR2);
    siginfo_t si;
    struct timespec ts = {1, 0};
    check(sigtimedwait(&one, &si, &ts) == SIGUSR2);
    sigpending(&one);
    sigprocmask(SIG_SETMASK, &old, NULL);
    struct itimerval it = {{0, 0}, {0, 20000}};
    signal(SIGALRM, on_signal);
    setitimer(ITIMER_REAL, &it, NULL);
    pause();
    getitimer(ITIMER_REAL, &it);
    syscall(SYS_tgkill, getpid(), gettid(), 0);
    kill(getpid(), 0);
    struct sigaction osa;
    syscall(SYS_sigaction, SIGUSR2, NULL, &osa);
    syscall(SYS_sigprocmask, SIG_BLOCK, NULL, &one);
}

/* The calls where relic answers otherwise (trace_desc.cmake lists why). */
static void gaps(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL); /* vDSO natively, a syscall under relic */
    sched_yield();
    prctl(PR_SET_NAME, "calls");
    prctl(PR_GET_DUMPABLE);
    pid_t pid = vfork();
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "gaps") == 0) {
        gaps();
        return 0;
    }
    more_files();
    files();
    ioctls();
    pipes();
    process();
    named();
    signals();
    more_signals();
    printf("done %d\n", got);
    return 0;
}
