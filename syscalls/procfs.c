/* The few /proc paths that must describe the guest, not relic itself. */
#define _GNU_SOURCE
#include "internal.h"
#include "personality.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A task of this process named by a /proc path prefix: "self",
 * "thread-self", its pid or a tid, optionally followed by task/TID. */
static struct task *own_task(struct task *t, const char **p)
{
    const char *s = *p;
    struct task *who = NULL;
    if (strncmp(s, "self/", 5) == 0) {
        who = t;
        s += 5;
    } else if (strncmp(s, "thread-self/", 12) == 0) {
        who = t;
        s += 12;
    } else {
        char *end;
        long n = strtol(s, &end, 10);
        if (end == s || *end != '/')
            return NULL;
        for (struct task *o = all_tasks; o && !who; o = o->next)
            if (!o->exited && (o->pid == n || o->tid == n))
                who = o;
        s = end + 1;
    }
    if (who && strncmp(s, "task/", 5) == 0) {
        char *end;
        long n = strtol(s + 5, &end, 10);
        struct task *th = NULL;
        for (struct task *o = all_tasks; o; o = o->next)
            if (!o->exited && o->tid == n && o->group == who->group)
                th = o;
        if (!th || *end != '/')
            return NULL;
        who = th;
        s = end + 1;
    }
    *p = s;
    return who;
}

/* Whether path is /proc/<one of our tasks>/leaf; *who says which. */
static bool is_own(struct task *t, const char *path, const char *leaf, struct task **who)
{
    if (strncmp(path, "/proc/", 6) != 0)
        return false;
    const char *rest = path + 6;
    struct task *w = own_task(t, &rest);
    if (!w || strcmp(rest, leaf) != 0)
        return false;
    if (who)
        *who = w;
    return true;
}

static bool is_self(const char *path, int pid, const char *leaf)
{
    (void)pid;
    return is_own(task_current, path, leaf, NULL);
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

/* /proc/meminfo before the 2.6.27 re-alignment (fs/proc/proc_misc.c): the
 * byte table of 2.x up to 2.5 on top, 14-column labels, and the huge page
 * lines of the era (labels of 2.5.36-2.5.42 from the kernel-history notes).
 * Memory the model does not have reads as zero; all of it is low memory. */
static long old_meminfo(struct task *t)
{
    struct mm_meminfo mi;
    mm_meminfo(t->mm, &mi);
    char text[2048];
    size_t n = 0;
#define PUT(...) n += (size_t)snprintf(text + n, sizeof(text) - n, __VA_ARGS__)
    unsigned long long total = mi.total_kb * 1024, free_b = mi.free_kb * 1024;
    if (kfeature(&guest_kernel, KF_MEMINFO_OLD_TABLE)) {
        PUT("        total:    used:    free:  shared: buffers:  cached:\n");
        PUT("Mem:  %8llu %8llu %8llu %8llu %8llu %8llu\n", total, total - free_b, free_b,
            0ull, 0ull, 0ull);
        PUT("Swap: %8llu %8llu %8llu\n", 0ull, 0ull, 0ull);
    }
    static const char *const fields24[] = {
        "MemTotal",   "MemFree", "MemShared", "Buffers",   "Cached",
        "SwapCached", "Active",  "Inactive",  "HighTotal", "HighFree",
        "LowTotal",   "LowFree", "SwapTotal", "SwapFree"};
    static const char *const fields26[] = {
        "MemTotal",    "MemFree",     "Buffers",      "Cached",     "SwapCached",
        "Active",      "Inactive",    "HighTotal",    "HighFree",   "LowTotal",
        "LowFree",     "SwapTotal",   "SwapFree",     "Dirty",      "Writeback",
        "Mapped",      "Slab",        "Committed_AS", "PageTables", "VmallocTotal",
        "VmallocUsed", "VmallocChunk"};
    bool old = guest_kernel.kernel < KV(2, 6, 0);
    const char *const *f = old ? fields24 : fields26;
    size_t nf = old ? sizeof(fields24) / sizeof(fields24[0])
                    : sizeof(fields26) / sizeof(fields26[0]);
    for (size_t i = 0; i < nf; i++) {
        unsigned long long v = 0;
        if (!strcmp(f[i], "MemTotal") || !strcmp(f[i], "LowTotal"))
            v = mi.total_kb;
        else if (!strcmp(f[i], "MemFree") || !strcmp(f[i], "LowFree"))
            v = mi.free_kb;
        char label[32];
        snprintf(label, sizeof(label), "%s:", f[i]);
        PUT("%-13s %8llu kB\n", label, v);
    }
    if (guest_kernel.hugetlb && kfeature(&guest_kernel, KF_MEMINFO_HUGE_OLD)) {
        PUT("HugePages:    %8u\n", mi.huge_total);
        PUT("Available:    %8u\n", mi.huge_free);
        PUT("Size:         %8u kB\n", mi.hugepage_kb);
    } else if (guest_kernel.hugetlb && kfeature(&guest_kernel, KF_MEMINFO_HUGE)) {
        PUT("HugePages_Total: %5u\n", mi.huge_total);
        PUT("HugePages_Free:  %5u\n", mi.huge_free);
        if (kfeature(&guest_kernel, KF_MEMINFO_HUGE_RSVD))
            PUT("HugePages_Rsvd:  %5u\n", mi.huge_rsvd);
        if (kfeature(&guest_kernel, KF_MEMINFO_HUGE_SURP))
            PUT("HugePages_Surp:  %5u\n", mi.huge_surp);
        PUT("Hugepagesize:    %5u kB\n", mi.hugepage_kb);
    }
#undef PUT
    return text_fd("meminfo", text, n < sizeof(text) ? n : sizeof(text) - 1);
}

/* Writable sysctls of the guest machine: what a write(2) to an open
 * descriptor of one does. Never the host's /proc/sys. */
struct sysctl {
    const char *path;
    uint64_t (*get)(struct task *t);
    void (*set)(struct task *t, uint64_t v);
    enum kfeature era; /* the kernels that have the file */
};

static uint64_t get_nr_hugepages(struct task *t)
{
    return mm_hugepages(t->mm);
}

static void set_nr_hugepages(struct task *t, uint64_t v)
{
    mm_hugepages_set(t->mm, v > UINT32_MAX ? UINT32_MAX : (uint32_t)v);
}

/* The pool's sysctl had two names: kernel.numhugepages in 2.5.36 only
 * (KERN_HUGETLB_PAGE_NUM), vm.nr_hugepages from 2.5.37. */
static const struct sysctl sysctls[] = {
    {"/proc/sys/vm/nr_hugepages", get_nr_hugepages, set_nr_hugepages,
     KF_SYSCTL_NR_HUGEPAGES},
    {"/proc/sys/kernel/numhugepages", get_nr_hugepages, set_nr_hugepages,
     KF_SYSCTL_NUMHUGEPAGES},
};

static bool sysctl_exists(const struct sysctl *s)
{
    return guest_kernel.hugetlb && kfeature(&guest_kernel, s->era);
}

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

/* cmdline and environ: the guest's own strings, read from its memory as
 * the kernel reads them. */
static long strings_fd(struct task *t, const char *name, bool env)
{
    uint32_t start, end;
    mm_arg_area(t->mm, env, &start, &end);
    size_t len = end > start ? end - start : 0;
    char *buf = malloc(len + 1);
    if (!buf)
        return -ENOMEM;
    if (len && mm_copy_from(t->mm, buf, start, len) < 0)
        len = 0;
    long r = text_fd(name, buf, len);
    free(buf);
    return r;
}

long procfs_open(struct task *t, const char *path, int flags)
{
    struct task *who;
    if (is_own(t, path, "exe", &who) && who->exe_path)
        return HOST(open(who->exe_path, flags & (O_ACCMODE | O_CLOEXEC)));
    if (is_own(t, path, "cmdline", &who))
        return strings_fd(who, "cmdline", false);
    if (is_own(t, path, "environ", &who))
        return strings_fd(who, "environ", true);
    if (is_self(path, t->pid, "maps"))
        return formatted_fd(t, "maps", maps_text);
    if (is_self(path, t->pid, "smaps"))
        return formatted_fd(t, "smaps", mm_format_smaps);
    if (strcmp(path, "/proc/meminfo") == 0)
        return guest_kernel.kernel >= KV(2, 6, 27) && guest_kernel.hugetlb
                   ? formatted_fd(t, "meminfo", mm_format_meminfo)
                   : old_meminfo(t);
    for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
        if (strcmp(path, sysctls[i].path) == 0 && sysctl_exists(&sysctls[i]))
            return sysctl_open(t, &sysctls[i], flags);
    return -ENOENT;
}

bool procfs_hidden(const char *path)
{
    for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
        if (strcmp(path, sysctls[i].path) == 0 && !sysctl_exists(&sysctls[i]))
            return true;
    return false;
}

long procfs_readlink(struct task *t, const char *path, char *buf, size_t len)
{
    struct task *who;
    if (is_own(t, path, "exe", &who) && who->exe_path) {
        size_t n = strlen(who->exe_path);
        if (n > len)
            n = len;
        memcpy(buf, who->exe_path, n);
        return (long)n;
    }
    return -ENOENT;
}
