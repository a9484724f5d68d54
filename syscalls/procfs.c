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

/* A file holding text, as a descriptor opened with the guest's access mode
 * (so that reads of a write-only one fail as they would). */
static long text_fd_mode(const char *name, const char *text, size_t len, int accmode)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) < 0) {
        close(fd);
        return -EIO;
    }
    /* Reopen through /proc so that the access mode is the guest's. */
    char p[64];
    snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
    int ro = open(p, accmode | O_CLOEXEC);
    close(fd);
    return ro < 0 ? -errno : ro;
}

/* A read-only file holding text: writes fail as on procfs. */
static long text_fd(const char *name, const char *text, size_t len)
{
    return text_fd_mode(name, text, len, O_RDONLY);
}

/* A file whose text comes from one of mm's formatters. */
static long formatted_fd(struct task *t, const char *name,
                         size_t (*fmt)(struct mm *, char *, size_t))
{
    size_t len = fmt(t->mm, NULL, 0);
    char *buf = malloc(len + 1);
    if (!buf)
        return -ENOMEM;
    fmt(t->mm, buf, len + 1);
    long r = text_fd(name, buf, len);
    free(buf);
    return r;
}

static size_t maps_text(struct mm *mm, char *buf, size_t cap)
{
    return mm_format_maps(mm, buf, cap);
}

/* Writable sysctls of the guest machine: what a write(2) to an open
 * descriptor of one does. Never the host's /proc/sys. */
struct sysctl {
    const char *path;
    uint64_t (*get)(struct task *t);
    void (*set)(struct task *t, uint64_t v);
};

static uint64_t get_nr_hugepages(struct task *t)
{
    return mm_hugepages(t->mm);
}

static void set_nr_hugepages(struct task *t, uint64_t v)
{
    mm_hugepages_set(t->mm, v > UINT32_MAX ? UINT32_MAX : (uint32_t)v);
}

static const struct sysctl sysctls[] = {
    {"/proc/sys/vm/nr_hugepages", get_nr_hugepages, set_nr_hugepages},
};

#define MAX_SYSCTL_FDS 16
static struct {
    int fd;
    const struct sysctl *s;
} open_sysctls[MAX_SYSCTL_FDS];
static int n_open_sysctls;

static long sysctl_open(struct task *t, const struct sysctl *s, int flags)
{
    int acc = flags & O_ACCMODE;
    if (acc != O_RDONLY && geteuid() != 0) /* the files are root's, mode 0644 */
        return -EACCES;
    char text[32];
    int n = snprintf(text, sizeof(text), "%llu\n", (unsigned long long)s->get(t));
    long fd = text_fd_mode("sysctl", text, (size_t)n, acc);
    if (fd < 0 || acc == O_RDONLY)
        return fd;
    if (n_open_sysctls == MAX_SYSCTL_FDS) {
        close((int)fd);
        return -ENFILE;
    }
    open_sysctls[n_open_sysctls].fd = (int)fd;
    open_sysctls[n_open_sysctls++].s = s;
    return fd;
}

/* proc_doulongvec_minmax(): one unsigned number, surrounded by blanks. */
static long sysctl_write(struct task *t, const struct sysctl *s, uint32_t buf,
                         uint32_t len)
{
    char text[64];
    size_t n = len < sizeof(text) - 1 ? len : sizeof(text) - 1;
    if (mm_copy_from(t->mm, text, buf, n) < 0)
        return -EFAULT;
    text[n] = 0;
    char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (*p < '0' || *p > '9')
        return -EINVAL;
    char *end;
    unsigned long long v = strtoull(p, &end, 10);
    if (*end && *end != ' ' && *end != '\t' && *end != '\n')
        return -EINVAL;
    s->set(t, v);
    return len;
}

bool procfs_write(struct task *t, int fd, uint32_t buf, uint32_t len, long *ret)
{
    for (int i = 0; i < n_open_sysctls; i++) {
        if (open_sysctls[i].fd == fd) {
            *ret = sysctl_write(t, open_sysctls[i].s, buf, len);
            return true;
        }
    }
    return false;
}

void procfs_close(int fd)
{
    for (int i = 0; i < n_open_sysctls; i++) {
        if (open_sysctls[i].fd == fd) {
            open_sysctls[i] = open_sysctls[--n_open_sysctls];
            return;
        }
    }
}

long procfs_open(struct task *t, const char *path, int flags)
{
    if (is_self(path, t->pid, "maps"))
        return formatted_fd(t, "maps", maps_text);
    if (is_self(path, t->pid, "smaps"))
        return formatted_fd(t, "smaps", mm_format_smaps);
    if (strcmp(path, "/proc/meminfo") == 0)
        return formatted_fd(t, "meminfo", mm_format_meminfo);
    for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
        if (strcmp(path, sysctls[i].path) == 0)
            return sysctl_open(t, &sysctls[i], flags);
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
