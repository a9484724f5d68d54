/* fcntl and fcntl64 (flags, descriptors, owners, pipe sizes, record locks
 * between a parent and a forked child, OFD locks), flock(2), dup/dup2/dup3
 * and pipe2. Compared with the native run. Usage: fcntl TMPDIR */
#include "ck.h"

#include <signal.h>
#include <sys/file.h>

struct k_flock {
    int16_t type, whence;
    int32_t start, len, pid;
};

/* A one-byte message through a pipe, to order parent and child without
 * timing. */
static void say(int fd)
{
    write(fd, "x", 1);
}
static void hear(int fd)
{
    char c;
    read(fd, &c, 1);
}

static void getlk(const char *what, int fd, int cmd, int16_t type, int32_t start,
                  int32_t len, pid_t owner)
{
    struct k_flock l = {type, SEEK_SET, start, len, 0};
    errno = 0;
    long r = syscall(SYS_fcntl, fd, cmd, &l);
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: type %d whence %d start %d len %d pid is owner %d\n", what, l.type,
               l.whence, l.start, l.len, l.pid == owner);
}

static void locks(void)
{
    int fd = open("locked", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    int to_child[2], to_parent[2];
    pipe(to_child);
    pipe(to_parent);
    struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
    CHECK("parent F_SETLK 0-3", fcntl(fd, F_SETLK, &w));
    struct flock64 big = {
        .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0x10000000, .l_len = 0x1000};
    CHECK("parent F_SETLK64 high", fcntl(fd, F_SETLK64, &big));
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        getlk("child F_GETLK 2-5", fd, F_GETLK, F_WRLCK, 2, 4, parent);
        getlk("child F_GETLK 8-9", fd, F_GETLK, F_WRLCK, 8, 2, parent);
        getlk("child F_GETLK high (read)", fd, F_GETLK, F_RDLCK, 0x10000000, 1, parent);
        struct flock t = {
            .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1};
        CHECK("child F_SETLK on the parent's range", fcntl(fd, F_SETLK, &t));
        say(to_parent[1]);
        /* Waits until the parent lets go. */
        CHECK("child F_SETLKW", fcntl(fd, F_SETLKW, &t));
        say(to_parent[1]);
        hear(to_child[0]);
        _exit(0);
    }
    hear(to_parent[0]);
    struct flock u = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
    int unlocked = fcntl(fd, F_SETLK, &u);
    hear(to_parent[0]); /* the child has the lock now, and said so */
    printf("parent unlocked: %d\n", unlocked);
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(fd, F_GETLK, &q);
    printf("parent F_GETLK whole file: type %d start %lld len %lld pid is child %d\n",
           q.l_type, (long long)q.l_start, (long long)q.l_len, q.l_pid == c);
    say(to_child[1]);
    reap("child", c);

    /* Open file description locks: owned by the description, pid -1. */
    int a = open("locked", O_RDWR), b = open("locked", O_RDWR);
    struct flock o = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    CHECK("F_OFD_SETLK a", fcntl(a, F_OFD_SETLK, &o));
    CHECK("F_OFD_SETLK b", fcntl(b, F_OFD_SETLK, &o));
    struct flock g = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    CHECK("F_OFD_GETLK b", fcntl(b, F_OFD_GETLK, &g));
    printf("F_OFD_GETLK b: type %d pid %d\n", g.l_type, g.l_pid);
    struct flock bad = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 5};
    CHECK("F_OFD_SETLK with l_pid set", fcntl(a, F_OFD_SETLK, &bad));
    struct flock badtype = {.l_type = 7, .l_whence = SEEK_SET};
    CHECK("F_SETLK bad type", fcntl(a, F_SETLK, &badtype));
    CHECK("F_SETLK bad pointer", fcntl(a, F_SETLK, (void *)16));

    /* flock(2) between two descriptions. */
    CHECK("flock a LOCK_EX", flock(a, LOCK_EX));
    CHECK("flock b LOCK_EX|LOCK_NB", flock(b, LOCK_EX | LOCK_NB));
    CHECK("flock b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
    CHECK("flock a LOCK_UN", flock(a, LOCK_UN));
    CHECK("flock b LOCK_SH|LOCK_NB after", flock(b, LOCK_SH | LOCK_NB));
    CHECK("flock bad operation", flock(a, 0));
    CHECK("flock bad fd", flock(99, LOCK_SH));
    close(a);
    close(b);
    close(fd);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) < 0)
        return 2;
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK("F_GETFD", fcntl(fd, F_GETFD));
    CHECK("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
    CHECK("F_GETFD", fcntl(fd, F_GETFD));
    printf("F_GETFL: %o\n", fcntl(fd, F_GETFL));
    CHECK("F_SETFL O_APPEND|O_NONBLOCK|O_NOATIME",
          fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    printf("F_GETFL: %o\n", fcntl(fd, F_GETFL));
    CHECK("F_SETFL O_DIRECT on ext4", fcntl(fd, F_SETFL, O_DIRECT));
    int d = fcntl(fd, F_DUPFD, 50);
    printf("F_DUPFD 50: %d, cloexec %d\n", d, fcntl(d, F_GETFD));
    d = fcntl(fd, F_DUPFD_CLOEXEC, 60);
    printf("F_DUPFD_CLOEXEC 60: %d, cloexec %d\n", d, fcntl(d, F_GETFD));
    CHECK("F_DUPFD negative", fcntl(fd, F_DUPFD, -1));
    CHECK("F_GETOWN", fcntl(fd, F_GETOWN));
    CHECK("F_SETOWN self", fcntl(fd, F_SETOWN, getpid()));
    printf("F_GETOWN is me: %d\n", fcntl(fd, F_GETOWN) == getpid());
    struct f_owner_ex ox;
    CHECK("F_GETOWN_EX", fcntl(fd, F_GETOWN_EX, &ox));
    printf("F_GETOWN_EX: type %d pid is me %d\n", ox.type, ox.pid == getpid());
    CHECK("F_SETOWN own group", fcntl(fd, F_SETOWN, -getpgrp()));
    printf("F_GETOWN is minus my group: %d\n", fcntl(fd, F_GETOWN) == -getpgrp());
    CHECK("F_GETSIG", fcntl(fd, F_GETSIG));
    CHECK("F_SETSIG SIGUSR1", fcntl(fd, F_SETSIG, SIGUSR1));
    CHECK("F_GETSIG", fcntl(fd, F_GETSIG));
    CHECK("F_SETSIG 99", fcntl(fd, F_SETSIG, 99));
    CHECK("F_GETLEASE", fcntl(fd, F_GETLEASE));
    CHECK("unknown command 99", fcntl(fd, 99));
    CHECK("unknown command on bad fd", syscall(SYS_fcntl64, 99, 99, 0));
    CHECK("F_GETFD bad fd", fcntl(99, F_GETFD));
    CHECK("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));

    int p[2];
    CHECK("pipe2 bad flags", pipe2(p, 0x1));
    CHECK("pipe2 O_CLOEXEC|O_NONBLOCK", pipe2(p, O_CLOEXEC | O_NONBLOCK));
    printf("pipe2 flags: fd %d fl %o %o\n", fcntl(p[0], F_GETFD), fcntl(p[0], F_GETFL),
           fcntl(p[1], F_GETFL));
    CHECK("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    CHECK("F_SETPIPE_SZ 8192", fcntl(p[1], F_SETPIPE_SZ, 8192));
    CHECK("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
    char c;
    CHECK("read empty non-blocking pipe", read(p[0], &c, 1));

    CHECK("dup2 same fd", dup2(fd, fd));
    CHECK("dup2 bad old", dup2(99, 70));
    CHECK("dup2 to 70", dup2(fd, 70));
    CHECK("dup3 same fd", dup3(fd, fd, 0));
    CHECK("dup3 bad flags", dup3(fd, 71, 0x1));
    CHECK("dup3 O_CLOEXEC to 71", dup3(fd, 71, O_CLOEXEC));
    CHECK("F_GETFD 71", fcntl(71, F_GETFD));
    CHECK("dup2 to a huge fd", dup2(fd, 1 << 30));
    CHECK("dup bad fd", dup(99));
    locks();
    return 0;
}
