/* Shared anonymous memory: each object is a host memfd, so the pages stay
 * shared with fork children, as the kernel's shmem objects are. A frame that
 * holds one of its pages has the memfd page mapped over it (FRAME_OVERLAY). */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct mm_shmem *shmem_new(uint64_t size)
{
    struct mm_shmem *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->fd = mm_hide_fd(memfd_create("relic-shmem", MFD_CLOEXEC));
    if (s->fd < 0 || ftruncate(s->fd, (off_t)size) < 0) {
        if (s->fd >= 0)
            close(s->fd);
        free(s);
        return NULL;
    }
    s->refs = 1;
    s->size = size;
    return s;
}

struct mm_shmem *shmem_get(struct mm_shmem *s)
{
    if (s)
        s->refs++;
    return s;
}

struct mm_shmem *shmem_wrap(int fd, uint64_t size)
{
    struct mm_shmem *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->fd = fd;
    s->refs = 1;
    s->size = size;
    return s;
}

void shmem_put(struct mm_shmem *s)
{
    if (!s || --s->refs > 0)
        return;
    close(s->fd);
    if (s->key > 0)
        hugekey_release(s->key, s->gen);
    free(s);
}
