/* Two kinds of ENOSYS for the tracer to tell apart: i386 number 250, which
 * is alloc_hugepages in Linux 2.5.36-2.5.53 and exists in 2.4.20 without
 * doing anything (sys_ni_syscall), and kexec_load (283), a real call of
 * Linux 2.6.13 on that relic does not implement. Then a thread that blocks
 * in read while the main thread writes, for unfinished/resumed lines. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg)
{
    (void)arg;
    char c;
    return (void *)(long)read(fds[0], &c, 1);
}

int main(int argc, char **argv)
{
    long r = syscall(250, 0, 0, 4 << 20, 3, 0);
    printf("250: %ld\n", r);
    r = syscall(283, 0, 0, 0, 0);
    printf("283: %ld\n", r);
    if (argc > 1 && argv[1][0] == 't') {
        if (pipe(fds) < 0)
            return 1;
        pthread_t t;
        pthread_create(&t, NULL, reader, NULL);
        usleep(200000); /* the reader is blocked in read by now */
        if (write(fds[1], "x", 1) != 1)
            return 1;
        void *got;
        pthread_join(t, &got);
        printf("reader got %ld\n", (long)got);
    }
    return 0;
}
