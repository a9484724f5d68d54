/* One line per check, "what: result", never an address or a value that
 * differs between two runs, so that the output of a run under relic can be
 * compared with the native run byte for byte. */
#ifndef RELIC_SAMPLE_FILES_CK_H
#define RELIC_SAMPLE_FILES_CK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* A call's result: the value, or -1 and the errno's name. */
#define CHECK(what, call)                                                                \
    do {                                                                                 \
        errno = 0;                                                                       \
        long r_ = (long)(call);                                                          \
        if (r_ == -1)                                                                    \
            printf("%s: -1 %s\n", (what), strerrorname_np(errno));                       \
        else                                                                             \
            printf("%s: %ld\n", (what), r_);                                             \
    } while (0)

/* A call whose value differs between runs (a descriptor, a pid): "ok" or
 * the errno's name. */
#define CHECK_OK(what, call)                                                             \
    do {                                                                                 \
        errno = 0;                                                                       \
        long r_ = (long)(call);                                                          \
        if (r_ == -1)                                                                    \
            printf("%s: -1 %s\n", (what), strerrorname_np(errno));                       \
        else                                                                             \
            printf("%s: ok\n", (what));                                                  \
    } while (0)

/* The i386 syscall numbers glibc does not reach (or reaches otherwise). */
enum {
    NR_oldstat = 18,
    NR_oldfstat = 28,
    NR_oldlstat = 84,
    NR_readdir = 89,
    NR_stat = 106,
    NR_lstat = 107,
    NR_fstat = 108,
    NR_getdents = 141,
};

/* Wait for a child and print how it ended. */
static inline void reap(const char *what, pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st))
        printf("%s: exit %d\n", what, WEXITSTATUS(st));
    else
        printf("%s: signal %d\n", what, WTERMSIG(st));
}

#endif
