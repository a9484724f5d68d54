/* Children's ends as the parent sees them: exit codes, deaths by signal,
 * stops and continues, exec of a program and of a #! script, vfork and
 * posix_spawn, and what an exec'd child inherits. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void show(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
    else if (WIFSTOPPED(st))
        printf("%s: stopped by %s\n", what, sigabbrev_np(WSTOPSIG(st)));
    else if (WIFCONTINUED(st))
        printf("%s: continued\n", what);
}

static int run(const char *what, void (*body)(void))
{
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        body();
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    show(what, st);
    return st;
}

static void exit7(void)
{
    exit(7);
}
static void segv(void)
{
    *(volatile int *)0 = 1;
}
static void self_term(void)
{
    kill(getpid(), SIGTERM);
    pause();
}
static void do_abort(void)
{
    abort();
}
static void fpe(void)
{
    volatile int z = 0;
    printf("%d", 1 / z);
}

/* The exec'd side: prints what it inherited and exits with a code. */
static int child_main(int argc, char **argv)
{
    char exe[256] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0)
        exe[n] = 0;
    const char *base = strrchr(exe, '/');
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    struct sigaction sa;
    sigaction(SIGUSR2, NULL, &sa);
    printf("exec'd: argc=%d argv[0]=%s argv[1]=%s exe=%s fd9 %s usr1 blocked %d usr2 %s "
           "env %s\n",
           argc, strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0], argv[1],
           base ? base + 1 : "?", fcntl(9, F_GETFD) >= 0 ? "open" : "closed",
           sigismember(&m, SIGUSR1), sa.sa_handler == SIG_IGN ? "ignored" : "default",
           getenv("CHILD_VAR") ? getenv("CHILD_VAR") : "(none)");
    return 33;
}

static const char *self;

static void do_exec(void)
{
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    signal(SIGUSR2, SIG_IGN);
    dup2(1, 9); /* kept across exec */
    int cloexec = dup(1);
    fcntl(cloexec, F_SETFD, FD_CLOEXEC);
    char *argv[] = {"renamed", "--child", NULL};
    char *envp[] = {"CHILD_VAR=yes", NULL};
    execve(self, argv, envp);
    _exit(99);
}

static void exec_missing(void)
{
    char *argv[] = {"x", NULL};
    execve("/nonexistent/program", argv, environ);
    printf("execve missing: %s\n", strerrorname_np(errno));
    execve("/etc/hostname", argv, environ);
    printf("execve non-executable: %s\n", strerrorname_np(errno));
    fflush(stdout);
    _exit(0);
}

static char script[256];

static void exec_script(void)
{
    char *argv[] = {script, "arg1", NULL};
    execve(script, argv, environ);
    _exit(98);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--child") == 0)
        return child_main(argc, argv);
    if (argc > 2 && strcmp(argv[2], "--child") == 0) /* run by the #! line */
        return child_main(argc - 1, argv + 1);
    self = argv[0];
    run("exit(7)", exit7);
    run("null write", segv);
    run("kill self SIGTERM", self_term);
    run("abort", do_abort);
    run("divide by zero", fpe);
    /* stop and continue */
    pid_t p = fork();
    if (p == 0) {
        for (;;)
            pause();
    }
    int st;
    kill(p, SIGSTOP);
    waitpid(p, &st, WUNTRACED);
    show("SIGSTOP", st);
    kill(p, SIGCONT);
    waitpid(p, &st, WCONTINUED);
    show("SIGCONT", st);
    kill(p, SIGKILL);
    waitpid(p, &st, 0);
    show("SIGKILL", st);
    run("exec", do_exec);
    run("exec errors", exec_missing);
    /* a #! script whose interpreter is this program */
    snprintf(script, sizeof(script), "%s.sh-XXXXXX", "/tmp/relic-children");
    int fd = mkstemp(script);
    dprintf(fd, "#!%s --child\n", self);
    close(fd);
    chmod(script, 0755);
    run("script", exec_script);
    unlink(script);
    /* vfork + exec, and posix_spawn */
    fflush(stdout);
    pid_t v = vfork();
    if (v == 0) {
        char *a[] = {"vforked", "--child", NULL};
        execv(self, a);
        _exit(97);
    }
    waitpid(v, &st, 0);
    show("vfork+exec", st);
    char *a[] = {"spawned", "--child", NULL};
    pid_t s;
    int r = posix_spawn(&s, self, NULL, NULL, a, environ);
    waitpid(s, &st, 0);
    printf("posix_spawn returned %d\n", r);
    show("posix_spawn", st);
    if (argc > 1 && strcmp(argv[1], "--spawn-missing") == 0) {
        /* glibc's child reports the failed exec through the memory it
         * shares with the parent (CLONE_VM|CLONE_VFORK) */
        r = posix_spawn(&s, "/nonexistent", NULL, NULL, a, environ);
        printf("posix_spawn of a missing file: %s\n", strerrorname_np(r));
        if (r == 0) {
            waitpid(s, &st, 0);
            show("  its child", st);
        }
    }
    /* wait with no children */
    int w = (int)wait(&st);
    printf("wait with none: %d %s\n", w, strerrorname_np(errno));
    return 0;
}
