/* One line per check: "what: result", never an address, so that the output
 * of a run under relic can be compared with the native run byte for byte. */
#ifndef RELIC_SAMPLE_CHECK_H
#define RELIC_SAMPLE_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define PG 4096

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

/* A call that returns a pointer: "ok" or -1 and the errno's name. */
#define CHECK_MAP(what, call)                                                            \
    do {                                                                                 \
        errno = 0;                                                                       \
        void *p_ = (void *)(call);                                                       \
        if (p_ == MAP_FAILED)                                                            \
            printf("%s: -1 %s\n", (what), strerrorname_np(errno));                       \
        else                                                                             \
            printf("%s: ok\n", (what));                                                  \
    } while (0)

static inline char *anon(size_t len, int prot, int flags)
{
    return mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/* mincore of n pages as a string of 0/1, or the error. */
static inline void residency(const char *what, void *addr, int pages)
{
    unsigned char v[64];
    errno = 0;
    if (mincore(addr, (size_t)pages * PG, v) < 0) {
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: ", what);
    for (int i = 0; i < pages; i++)
        putchar('0' + (v[i] & 1));
    putchar('\n');
}

#endif
