/* The common file, descriptor, process and signal calls, each made so its
 * strace line is the same natively and under relic: files in a new
 * directory, a pipe, a fork and wait, a signal with a handler (and its
 * sigreturn), a short sleep. Compared with native strace 6.1 by
 * tests/integration/trace_desc.cmake. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
    got = sig;
}

static void files(void)
{
    /* Relative to the directory the test runs in, so every name is the
     * same from run to run. */
    if (mkdir("work", 0700) < 0 || chdir("work") < 0)
        exit(1);
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (write(fd, "hello, file\n", 12) != 12)
        exit(1);
    close(fd);
    fd = openat(AT_FDCWD, "a.txt", O_RDONLY | O_CLOEXEC);
    char buf[64];
    ssize_t n = read(fd, buf, sizeof(buf));
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
    if (chdir("..") < 0 || rmdir("work") < 0 || chdir("/") < 0)
        exit(1);
    char cwd[256];
    if (!getcwd(cwd, sizeof(cwd)))
        exit(1);
    (void)n;
}

static void pipes(void)
{
    int p[2];
    if (pipe(p) < 0)
        exit(1);
    if (write(p[1], "ping", 4) != 4)
        exit(1);
    char buf[8];
    if (read(p[0], buf, sizeof(buf)) != 4)
        exit(1);
    close(p[0]);
    close(p[1]);
    if (pipe2(p, O_CLOEXEC) < 0)
        exit(1);
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

static void signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
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

int main(void)
{
    files();
    pipes();
    process();
    signals();
    printf("done %d\n", got);
    return 0;
}
