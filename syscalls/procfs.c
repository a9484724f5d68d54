/* The few /proc paths that must describe the guest, not relic itself. */
#define _GNU_SOURCE
#include "internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static bool is_self(const char *path, int pid, const char *leaf)
{
    char mine[64];
    snprintf(mine, sizeof(mine), "/proc/%d/%s", pid, leaf);
    char self[64];
    snprintf(self, sizeof(self), "/proc/self/%s", leaf);
    return strcmp(path, self) == 0 || strcmp(path, mine) == 0;
}

/* A read-only file holding text, as a guest-readable descriptor. */
static long text_fd(const char *name, const char *text, size_t len)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) < 0) {
        close(fd);
        return -EIO;
    }
    /* Reopen read-only through /proc so that writes fail as on procfs. */
    char p[64];
    snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
    int ro = open(p, O_RDONLY);
    close(fd);
    return ro < 0 ? -errno : ro;
}

long procfs_open(struct task *t, const char *path)
{
    if (is_self(path, t->pid, "maps")) {
        size_t len = mm_format_maps(t->mm, NULL, 0);
        char *buf = malloc(len + 1);
        if (!buf)
            return -ENOMEM;
        mm_format_maps(t->mm, buf, len + 1);
        long r = text_fd("maps", buf, len);
        free(buf);
        return r;
    }
    return -ENOENT;
}

long procfs_readlink(struct task *t, const char *path, char *buf, size_t len)
{
    if (is_self(path, t->pid, "exe") && t->exe_path) {
        size_t n = strlen(t->exe_path);
        if (n > len)
            n = len;
        memcpy(buf, t->exe_path, n);
        return (long)n;
    }
    return -ENOENT;
}
