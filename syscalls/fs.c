/* What a name or descriptor allows and holds: access, permissions, owners
 * (16-bit and 32-bit ids), times, sizes, syncing, umask. Paths are copied
 * from the guest (get_path) and handed to the host's raw calls, so that no
 * libc emulation stands between the guest and the kernel's answer. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Copy the guest path argument into p1, returning its error. */
#define PATHS1(a0)                                                                       \
    char p1[PATH_MAX];                                                                   \
    long e1 = get_path(t, a0, p1);                                                       \
    if (e1 < 0)                                                                          \
        return e1;

static long sys_access(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(syscall(SYS_faccessat, AT_FDCWD, p1, (int)a[1]));
}

static long sys_faccessat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(syscall(SYS_faccessat, (int)a[0], p1, (int)a[2]));
}

static long sys_faccessat2(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(syscall(SYS_faccessat2, (int)a[0], p1, (int)a[2], (int)a[3]));
}

static long sys_chmod(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(syscall(SYS_fchmodat, AT_FDCWD, p1, (mode_t)a[1]));
}

static long sys_fchmod(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_fchmod, (int)a[0], (mode_t)a[1]));
}

static long sys_fchmodat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(syscall(SYS_fchmodat, (int)a[0], p1, (mode_t)a[2]));
}

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
static long sys_fchmodat2(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(syscall(SYS_fchmodat2, (int)a[0], p1, (mode_t)a[2], (int)a[3]));
}

/* low2highuid(): the 16-bit calls take old_uid_t, whose all-ones means
 * "leave unchanged" (-1). */
static uint32_t id32(uint32_t arg)
{
    uint16_t id = (uint16_t)arg;
    return id == 0xffff ? 0xffffffffu : id;
}

static long chown_path(struct task *t, int dirfd, uint32_t path_va, uint32_t uid,
                       uint32_t gid, int flags)
{
    PATHS1(path_va);
    return HOST(syscall(SYS_fchownat, dirfd, p1, uid, gid, flags));
}

/* chown (182; 16 before 2.1.86) follows symlinks, lchown (16) does not. */
static long sys_chown16(struct task *t, const uint32_t *a)
{
    return chown_path(t, AT_FDCWD, a[0], id32(a[1]), id32(a[2]), 0);
}

static long sys_lchown16(struct task *t, const uint32_t *a)
{
    return chown_path(t, AT_FDCWD, a[0], id32(a[1]), id32(a[2]), AT_SYMLINK_NOFOLLOW);
}

static long sys_fchown16(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_fchown, (int)a[0], id32(a[1]), id32(a[2])));
}

static long sys_chown32(struct task *t, const uint32_t *a)
{
    return chown_path(t, AT_FDCWD, a[0], a[1], a[2], 0);
}

static long sys_lchown32(struct task *t, const uint32_t *a)
{
    return chown_path(t, AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}

static long sys_fchown32(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_fchown, (int)a[0], a[1], a[2]));
}

static long sys_fchownat(struct task *t, const uint32_t *a)
{
    uint32_t ok = AT_SYMLINK_NOFOLLOW;
    if (guest_kernel.kernel >= KV(2, 6, 39))
        ok |= AT_EMPTY_PATH;
    if (a[4] & ~ok)
        return -EINVAL;
    return chown_path(t, (int)a[0], a[1], a[2], a[3], (int)a[4]);
}

/* All the utime calls end in utimensat with host timespecs; a NULL path
 * with a directory descriptor means that descriptor (do_utimes). */
static long set_times(struct task *t, int dirfd, uint32_t path_va,
                      const struct timespec *ts, int flags)
{
    if (!path_va && dirfd != AT_FDCWD)
        return HOST(syscall(SYS_utimensat, dirfd, NULL, ts, flags));
    PATHS1(path_va);
    return HOST(syscall(SYS_utimensat, dirfd, p1, ts, flags));
}

/* utime(2): struct utimbuf of two 32-bit times, NULL for now. */
static long sys_utime(struct task *t, const uint32_t *a)
{
    if (!a[1])
        return set_times(t, AT_FDCWD, a[0], NULL, 0);
    int32_t g[2];
    if (mm_copy_from(t->mm, g, a[1], sizeof(g)) < 0)
        return -EFAULT;
    struct timespec ts[2] = {{g[0], 0}, {g[1], 0}};
    return set_times(t, AT_FDCWD, a[0], ts, 0);
}

/* utimes/futimesat: two 32-bit timevals; microseconds out of range are
 * EINVAL. */
static long do_utimes(struct task *t, int dirfd, uint32_t path_va, uint32_t tv_va)
{
    if (!tv_va)
        return set_times(t, dirfd, path_va, NULL, 0);
    struct guest_timeval32 g[2];
    if (mm_copy_from(t->mm, g, tv_va, sizeof(g)) < 0)
        return -EFAULT;
    for (int i = 0; i < 2; i++)
        if (g[i].usec < 0 || g[i].usec >= 1000000)
            return -EINVAL;
    struct timespec ts[2] = {{g[0].sec, g[0].usec * 1000L},
                             {g[1].sec, g[1].usec * 1000L}};
    return set_times(t, dirfd, path_va, ts, 0);
}

static long sys_utimes(struct task *t, const uint32_t *a)
{
    return do_utimes(t, AT_FDCWD, a[0], a[1]);
}

static long sys_futimesat(struct task *t, const uint32_t *a)
{
    return do_utimes(t, (int)a[0], a[1], a[2]);
}

/* utimensat: two timespecs, 32-bit or time64 (whose tv_nsec is a 32-bit
 * long to an i386 kernel: the upper half is padding). UTIME_NOW and
 * UTIME_OMIT have the same values everywhere. */
static long do_utimensat(struct task *t, const uint32_t *a, bool wide)
{
    struct timespec ts[2];
    if (a[2]) {
        if (wide) {
            struct guest_timespec64 g[2];
            if (mm_copy_from(t->mm, g, a[2], sizeof(g)) < 0)
                return -EFAULT;
            for (int i = 0; i < 2; i++)
                ts[i] = (struct timespec){(time_t)g[i].sec, (int32_t)g[i].nsec};
        } else {
            struct guest_timespec32 g[2];
            if (mm_copy_from(t->mm, g, a[2], sizeof(g)) < 0)
                return -EFAULT;
            for (int i = 0; i < 2; i++)
                ts[i] = (struct timespec){g[i].sec, g[i].nsec};
        }
    }
    return set_times(t, (int)a[0], a[1], a[2] ? ts : NULL, (int)a[3]);
}

static long sys_utimensat(struct task *t, const uint32_t *a)
{
    return do_utimensat(t, a, false);
}

static long sys_utimensat_time64(struct task *t, const uint32_t *a)
{
    return do_utimensat(t, a, true);
}

static long sys_truncate64(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(syscall(SYS_truncate, p1, arg64(a[1], a[2])));
}

/* The 32-bit calls take a signed long length: negative is EINVAL. */
static long sys_truncate(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(syscall(SYS_truncate, p1, (long)(int32_t)a[1]));
}

static long sys_ftruncate(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_ftruncate, (int)a[0], (long)(int32_t)a[1]));
}

static long sys_ftruncate64(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_ftruncate, (int)a[0], arg64(a[1], a[2])));
}

/* fallocate(fd, mode, offset, len) with 64-bit halves on i386. */
static long sys_fallocate(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_fallocate, (int)a[0], (int)a[1], arg64(a[2], a[3]),
                        arg64(a[4], a[5])));
}

static long sys_sync(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    sync();
    return 0;
}

static long sys_syncfs(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_syncfs, (int)a[0]));
}

static long sys_fsync(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(fsync((int)a[0]));
}

static long sys_fdatasync(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(fdatasync((int)a[0]));
}

/* sync_file_range(fd, offset, nbytes, flags), the 64-bit values in halves. */
static long sys_sync_file_range(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_sync_file_range, (int)a[0], arg64(a[1], a[2]),
                        arg64(a[3], a[4]), a[5]));
}

static long sys_umask(struct task *t, const uint32_t *a)
{
    (void)t;
    return umask((mode_t)(a[0] & 0777));
}

const struct sys_impl sys_fs_impls[] = {
    {"access", sys_access, "so"},
    {"faccessat", sys_faccessat, "dso"},
    {"faccessat2", sys_faccessat2, "dsox"},
    {"chmod", sys_chmod, "so"},
    {"fchmod", sys_fchmod, "do"},
    {"fchmodat", sys_fchmodat, "dso"},
    {"fchmodat2", sys_fchmodat2, "dsox"},
    {"chown", sys_chown16, "suu"},
    {"lchown", sys_lchown16, "suu"},
    {"fchown", sys_fchown16, "duu"},
    {"chown32", sys_chown32, "suu"},
    {"lchown32", sys_lchown32, "suu"},
    {"fchown32", sys_fchown32, "duu"},
    {"fchownat", sys_fchownat, "dsuux"},
    {"utime", sys_utime, "sp"},
    {"utimes", sys_utimes, "sp"},
    {"futimesat", sys_futimesat, "dsp"},
    {"utimensat", sys_utimensat, "dspx"},
    {"utimensat_time64", sys_utimensat_time64, "dspx"},
    {"truncate", sys_truncate, "sd"},
    {"ftruncate", sys_ftruncate, "dd"},
    {"truncate64", sys_truncate64, "suu"},
    {"ftruncate64", sys_ftruncate64, "duu"},
    {"fallocate", sys_fallocate, "dduuuu"},
    {"sync", sys_sync, ""},
    {"syncfs", sys_syncfs, "d"},
    {"fsync", sys_fsync, "d"},
    {"fdatasync", sys_fdatasync, "d"},
    {"sync_file_range", sys_sync_file_range, "duuuux"},
    {"umask", sys_umask, "o"},
    {NULL, NULL, NULL},
};
