/* Shared helpers of the syscall handler families. */
#ifndef RELIC_SYSCALLS_INTERNAL_H
#define RELIC_SYSCALLS_INTERNAL_H

#include "syscalls.h"
#include "trace.h"
#include "table.h"

#include "../loader/loader.h"
#include "../mm/mm.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

/* A host call's result as the kernel would return it: value or -errno. */
#define HOST(expr) host_result((long)(expr))
static inline long host_result(long r)
{
    return r < 0 ? -errno : r;
}

/* A path the guest named, as the host path to use: 0 or -ENAMETOOLONG. */
long guest_path_to_host(const char *guest, char *host);

/* Copy a guest string that is not looked up as a path (a symlink's
 * target) into buf, PATH_MAX with its NUL: 0 or -errno. */
static inline long get_path_verbatim(struct task *t, uint32_t va, char *buf)
{
    if (va == 0)
        return -EFAULT;
    long n = mm_copy_str(t->mm, buf, va, PATH_MAX);
    return n < 0 ? n : 0;
}

/* Copy a guest path into buf (PATH_MAX with its NUL) as the host path to
 * use: the same, or its twin under the -L sysroot (loader/sysroot.c).
 * 0 or -errno. */
static inline long get_path(struct task *t, uint32_t va, char *buf)
{
    long r = get_path_verbatim(t, va, buf);
    if (r < 0 || buf[0] != '/' || !sysroot_dir())
        return r;
    char host[PATH_MAX];
    const char *p = sysroot_path(buf, host, sizeof(host));
    if (p != buf)
        strcpy(buf, p);
    return 0;
}

/* A guest struct timespec: the 32-bit one, or (wide) the time64 one whose
 * upper nanosecond half an i386 kernel ignores. 0 or -EFAULT. (time.c) */
struct timespec;
long get_timespec(struct task *t, uint32_t va, struct timespec *ts, bool wide);

static inline long put_u32(struct task *t, uint32_t va, uint32_t v)
{
    return mm_copy_to(t->mm, va, &v, 4);
}

static inline int64_t arg64(uint32_t lo, uint32_t hi)
{
    return (int64_t)(((uint64_t)hi << 32) | lo);
}

/* Guest paths that name the guest's own machine rather than the host's
 * (procfs.c): an open host fd, or -ENOENT when the path is not one of them. */
long procfs_open(struct task *t, const char *path, int flags);
/* A guest /proc path the chosen kernel does not have (the host's must not
 * show through): ENOENT. */
bool procfs_hidden(const char *path);
/* A write to a guest sysctl descriptor: true (and *ret set) if fd is one. */
bool procfs_write(struct task *t, int fd, uint32_t buf, uint32_t len, long *ret);
void procfs_close(int fd);
/* readlink of such a path into buf; -ENOENT when it is not one. */
long procfs_readlink(struct task *t, const char *path, char *buf, size_t len);

/* A host system call that may block: a read from a pipe or terminal, a wait,
 * a sleep, a lock, a futex. Guest signals interrupt it (the result is then
 * -ERESTARTSYS, to be returned unchanged) and other guest threads run while
 * it blocks. Every host call that can wait for something outside relic goes
 * through here; the result is the value or -errno. (block.c) */
long host_blocking(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                   long a6);

/* ppoll, pselect6 and the like wait with the guest's mask set to mask: true
 * when a signal that mask lets through is pending already (the call then
 * returns -ERESTARTNOHAND at once). signal_wait_done() puts the mask back
 * after the wait, unless a signal interrupted it: then the mask comes back
 * when the handler's frame is set up (the frame saves it). */
bool signal_wait_mask(struct task *t, uint64_t mask);
void signal_wait_done(struct task *t, long result);

/* set_thread_area(2) on the calling task (proc.c); also clone's SETTLS. */
long task_set_thread_area(struct task *t, uint32_t desc_va);

#endif
