/* The stat family in each i386 layout: __old_kernel_stat (oldstat,
 * oldlstat, oldfstat), struct stat (stat, lstat, fstat), stat64 and
 * fstatat64, statx; and statfs/fstatfs/statfs64/fstatfs64. What does not
 * fit a layout is EOVERFLOW, as fs/stat.c and fs/statfs.c of a 32-bit
 * kernel decide. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* high2lowuid(): an id a 16-bit field cannot hold reads as the overflow id
 * (/proc/sys/kernel/overflowuid, 65534 by default). */
static uint16_t id16(uint32_t id)
{
    return id > 0xffff ? 65534 : (uint16_t)id;
}

/* old_encode_dev(): the 16-bit dev_t of 2.4, 8-bit major and minor. */
static uint16_t old_dev(dev_t d)
{
    return (uint16_t)((major(d) << 8) | minor(d));
}

static bool old_valid_dev(dev_t d)
{
    return major(d) < 256 && minor(d) < 256;
}

/* cp_old_stat(): 16-bit inode and link count, or EOVERFLOW. */
static long put_old_stat(struct task *t, uint32_t va, const struct stat *st)
{
    struct guest_old_stat g;
    memset(&g, 0, sizeof(g));
    g.dev = old_dev(st->st_dev);
    g.ino = (uint16_t)st->st_ino;
    if (g.ino != st->st_ino)
        return -EOVERFLOW;
    g.mode = (uint16_t)st->st_mode;
    g.nlink = (uint16_t)st->st_nlink;
    if (g.nlink != st->st_nlink)
        return -EOVERFLOW;
    g.uid = id16(st->st_uid);
    g.gid = id16(st->st_gid);
    g.rdev = old_dev(st->st_rdev);
    if (st->st_size > GUEST_MAX_NON_LFS)
        return -EOVERFLOW;
    g.size = (uint32_t)st->st_size;
    g.atime = (uint32_t)st->st_atim.tv_sec;
    g.mtime = (uint32_t)st->st_mtim.tv_sec;
    g.ctime = (uint32_t)st->st_ctim.tv_sec;
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

/* cp_new_stat() of a 32-bit kernel: old dev_t encoding (EOVERFLOW past 8
 * bits of major or minor), 32-bit inode and size, 16-bit link count. */
static long put_stat(struct task *t, uint32_t va, const struct stat *st)
{
    if (!old_valid_dev(st->st_dev) || !old_valid_dev(st->st_rdev))
        return -EOVERFLOW;
    if (st->st_size > GUEST_MAX_NON_LFS)
        return -EOVERFLOW;
    struct guest_stat g;
    memset(&g, 0, sizeof(g));
    g.dev = old_dev(st->st_dev);
    g.ino = (uint32_t)st->st_ino;
    if (g.ino != st->st_ino)
        return -EOVERFLOW;
    g.mode = (uint16_t)st->st_mode;
    g.nlink = (uint16_t)st->st_nlink;
    if (g.nlink != st->st_nlink)
        return -EOVERFLOW;
    g.uid = id16(st->st_uid);
    g.gid = id16(st->st_gid);
    g.rdev = old_dev(st->st_rdev);
    g.size = (uint32_t)st->st_size;
    g.blksize = (uint32_t)st->st_blksize;
    g.blocks = (uint32_t)st->st_blocks;
    g.atime = (uint32_t)st->st_atim.tv_sec;
    g.atime_nsec = (uint32_t)st->st_atim.tv_nsec;
    g.mtime = (uint32_t)st->st_mtim.tv_sec;
    g.mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
    g.ctime = (uint32_t)st->st_ctim.tv_sec;
    g.ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

/* cp_new_stat64(): 32-bit ids, the 64-bit inode twice (__st_ino low). */
static long put_stat64(struct task *t, uint32_t va, const struct stat *st)
{
    struct guest_stat64 g;
    memset(&g, 0, sizeof(g));
    g.dev = guest_encode_dev(st->st_dev);
    g.ino_lo = (uint32_t)st->st_ino;
    g.mode = st->st_mode;
    g.nlink = (uint32_t)st->st_nlink;
    g.uid = st->st_uid;
    g.gid = st->st_gid;
    g.rdev = guest_encode_dev(st->st_rdev);
    g.size = st->st_size;
    g.blksize = (uint32_t)st->st_blksize;
    g.blocks = (uint64_t)st->st_blocks;
    g.atime = (uint32_t)st->st_atim.tv_sec;
    g.atime_nsec = (uint32_t)st->st_atim.tv_nsec;
    g.mtime = (uint32_t)st->st_mtim.tv_sec;
    g.mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
    g.ctime = (uint32_t)st->st_ctim.tv_sec;
    g.ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
    g.ino = st->st_ino;
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

typedef long (*put_fn)(struct task *, uint32_t, const struct stat *);

static long stat_path(struct task *t, int dirfd, uint32_t path_va, uint32_t buf,
                      int flags, put_fn put)
{
    char path[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    struct stat st;
    r = HOST(fstatat(dirfd, path, &st, flags));
    return r < 0 ? r : put(t, buf, &st);
}

static long stat_fd(struct task *t, int fd, uint32_t buf, put_fn put)
{
    struct stat st;
    long r = HOST(fstat(fd, &st));
    return r < 0 ? r : put(t, buf, &st);
}

static long sys_oldstat(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], 0, put_old_stat);
}

static long sys_oldlstat(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW, put_old_stat);
}

static long sys_oldfstat(struct task *t, const uint32_t *a)
{
    return stat_fd(t, (int)a[0], a[1], put_old_stat);
}

static long sys_stat(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], 0, put_stat);
}

static long sys_lstat(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW, put_stat);
}

static long sys_fstat(struct task *t, const uint32_t *a)
{
    return stat_fd(t, (int)a[0], a[1], put_stat);
}

static long sys_stat64(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], 0, put_stat64);
}

static long sys_lstat64(struct task *t, const uint32_t *a)
{
    return stat_path(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW, put_stat64);
}

static long sys_fstat64(struct task *t, const uint32_t *a)
{
    return stat_fd(t, (int)a[0], a[1], put_stat64);
}

/* AT_EMPTY_PATH came with 2.6.39 and AT_NO_AUTOMOUNT with 2.6.38. */
static long sys_fstatat64(struct task *t, const uint32_t *a)
{
    uint32_t ok = AT_SYMLINK_NOFOLLOW;
    if (guest_kernel.kernel >= KV(2, 6, 38))
        ok |= AT_NO_AUTOMOUNT;
    if (guest_kernel.kernel >= KV(2, 6, 39))
        ok |= AT_EMPTY_PATH;
    if (a[3] & ~ok)
        return -EINVAL;
    return stat_path(t, (int)a[0], a[1], a[2], (int)a[3], put_stat64);
}

/* struct statx has one layout on every architecture (explicit sizes, no
 * longs): the host's answer is the guest's. */
static long sys_statx(struct task *t, const uint32_t *a)
{
    char path[PATH_MAX];
    long r = 0;
    /* Since 6.11 a NULL path with AT_EMPTY_PATH means the descriptor. */
    bool null_ok = !a[1] && (a[2] & AT_EMPTY_PATH) && guest_kernel.kernel >= KV(6, 11, 0);
    if (!null_ok)
        r = get_path(t, a[1], path);
    if (r < 0)
        return r;
    struct statx sx;
    r = HOST(syscall(SYS_statx, (int)a[0], null_ok ? NULL : path, (int)a[2], a[3], &sx));
    _Static_assert(sizeof(sx) == 256, "struct statx is 256 bytes everywhere");
    return r < 0 ? r : mm_copy_to(t->mm, a[4], &sx, sizeof(sx));
}

/* statfs: f_flags (ST_*) came with 2.6.36; before, that word was spare. */
static uint32_t statfs_flags(const struct statfs *s)
{
    return guest_kernel.kernel >= KV(2, 6, 36) ? (uint32_t)s->f_flags : 0;
}

/* put_compat_statfs(): block counts and sizes must fit 32 bits; the file
 * counts may also be -1 (unknown). */
static long put_statfs(struct task *t, uint32_t va, const struct statfs *s)
{
    const uint64_t hi = 0xffffffff00000000ull;
    if (((uint64_t)s->f_blocks | s->f_bfree | s->f_bavail | (uint64_t)s->f_bsize |
         (uint64_t)s->f_frsize) &
        hi)
        return -EOVERFLOW;
    if (((uint64_t)s->f_files != UINT64_MAX && (s->f_files & hi)) ||
        ((uint64_t)s->f_ffree != UINT64_MAX && (s->f_ffree & hi)))
        return -EOVERFLOW;
    struct guest_statfs g;
    memset(&g, 0, sizeof(g));
    g.type = (uint32_t)s->f_type;
    g.bsize = (uint32_t)s->f_bsize;
    g.blocks = (uint32_t)s->f_blocks;
    g.bfree = (uint32_t)s->f_bfree;
    g.bavail = (uint32_t)s->f_bavail;
    g.files = (uint32_t)s->f_files;
    g.ffree = (uint32_t)s->f_ffree;
    memcpy(g.fsid, &s->f_fsid, sizeof(g.fsid));
    g.namelen = (uint32_t)s->f_namelen;
    g.frsize = (uint32_t)s->f_frsize;
    g.flags = statfs_flags(s);
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

static long put_statfs64(struct task *t, uint32_t va, const struct statfs *s)
{
    if (((uint64_t)s->f_bsize | (uint64_t)s->f_frsize) & 0xffffffff00000000ull)
        return -EOVERFLOW;
    struct guest_statfs64 g;
    memset(&g, 0, sizeof(g));
    g.type = (uint32_t)s->f_type;
    g.bsize = (uint32_t)s->f_bsize;
    g.blocks = s->f_blocks;
    g.bfree = s->f_bfree;
    g.bavail = s->f_bavail;
    g.files = s->f_files;
    g.ffree = s->f_ffree;
    memcpy(g.fsid, &s->f_fsid, sizeof(g.fsid));
    g.namelen = (uint32_t)s->f_namelen;
    g.frsize = (uint32_t)s->f_frsize;
    g.flags = statfs_flags(s);
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

typedef long (*putfs_fn)(struct task *, uint32_t, const struct statfs *);

static long statfs_path(struct task *t, uint32_t path_va, uint32_t buf, putfs_fn put)
{
    char path[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    struct statfs s;
    r = HOST(statfs(path, &s));
    return r < 0 ? r : put(t, buf, &s);
}

static long statfs_fd(struct task *t, int fd, uint32_t buf, putfs_fn put)
{
    struct statfs s;
    long r = HOST(fstatfs(fd, &s));
    return r < 0 ? r : put(t, buf, &s);
}

static long sys_statfs(struct task *t, const uint32_t *a)
{
    return statfs_path(t, a[0], a[1], put_statfs);
}

static long sys_fstatfs(struct task *t, const uint32_t *a)
{
    return statfs_fd(t, (int)a[0], a[1], put_statfs);
}

/* statfs64(path, size, buf): size must be that of the i386 struct. */
static long sys_statfs64(struct task *t, const uint32_t *a)
{
    if (a[1] != sizeof(struct guest_statfs64))
        return -EINVAL;
    return statfs_path(t, a[0], a[2], put_statfs64);
}

static long sys_fstatfs64(struct task *t, const uint32_t *a)
{
    if (a[1] != sizeof(struct guest_statfs64))
        return -EINVAL;
    return statfs_fd(t, (int)a[0], a[2], put_statfs64);
}

const struct sys_impl sys_stat_impls[] = {
    {"oldstat", sys_oldstat, "sp"},      {"oldlstat", sys_oldlstat, "sp"},
    {"oldfstat", sys_oldfstat, "dp"},    {"stat", sys_stat, "sp"},
    {"lstat", sys_lstat, "sp"},          {"fstat", sys_fstat, "dp"},
    {"stat64", sys_stat64, "sp"},        {"lstat64", sys_lstat64, "sp"},
    {"fstat64", sys_fstat64, "dp"},      {"fstatat64", sys_fstatat64, "dspx"},
    {"statx", sys_statx, "dsxxp"},       {"statfs", sys_statfs, "sp"},
    {"fstatfs", sys_fstatfs, "dp"},      {"statfs64", sys_statfs64, "sup"},
    {"fstatfs64", sys_fstatfs64, "dup"}, {NULL, NULL, NULL},
};
