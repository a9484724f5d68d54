/* One line per check: "what: result", never an address, so that the output
 * of a run under relic can be compared with the native run byte for byte. */
#ifndef RELIC_SAMPLE_CHECK_H
#define RELIC_SAMPLE_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* A fresh file of size bytes named DIR/file, open for reading and writing;
 * its path is left in path (for reopening with other modes). */
static inline int scratch_file(const char *dir, off_t size, char path[4096])
{
    snprintf(path, 4096, "%s/file", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && ftruncate(fd, size) < 0)
        return -1;
    return fd;
}

/* Run fn(p) in a child: "what: ok", or the name of the signal it died of. */
static inline void in_child(const char *what, void (*fn)(volatile char *),
                            volatile char *p)
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        fn(p);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    printf("%s: %s\n", what, WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "ok");
}

static inline void read_byte(volatile char *p)
{
    (void)p[0];
}

static inline void write_byte(volatile char *p)
{
    p[0] = 1;
}

/* Print "what: LINE" for the smaps field of the mapping that starts at
 * addr; field NULL prints the perms and every field but THPeligible (which
 * follows the host's transparent huge page setting). */
static inline void smaps_field(const char *what, void *addr, const char *field)
{
    char key[32], line[512];
    snprintf(key, sizeof(key), "%08lx-", (unsigned long)addr);
    FILE *f = fopen("/proc/self/smaps", "r");
    int in = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[8] == '-') { /* a mapping's header line */
            in = strncmp(line, key, 9) == 0;
            if (in && !field)
                printf("%s: %.4s\n", what, line + 18);
        } else if (in && (field ? strncmp(line, field, strlen(field)) == 0
                                : strncmp(line, "THPeligible", 11) != 0)) {
            printf("%s: %s", what, line);
        }
    }
    fclose(f);
}

#endif
