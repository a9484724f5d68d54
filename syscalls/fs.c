/* Paths and the file system: stat, access, links, directories, permissions.
 * Paths are copied from the guest (PATH_MAX) and handed to the host. */
#define _GNU_SOURCE
#include "internal.h"
#include "compat.h"
#include "guest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copy the guest path argument(s) into p1 (and p2), returning its error. */
#define PATHS1(a0)                                                                       \
    char p1[PATH_MAX];                                                                   \
    long e1 = get_path(t, a0, p1);                                                       \
    if (e1 < 0)                                                                          \
        return e1;
#define PATHS2(a0, a1)                                                                   \
    PATHS1(a0)                                                                           \
    char p2[PATH_MAX];                                                                   \
    long e2 = get_path(t, a1, p2);                                                       \
    if (e2 < 0)                                                                          \
        return e2;

/* struct stat64 of i386 from a host stat. */
static void to_stat64(const struct stat *st, struct guest_stat64 *g)
{
    memset(g, 0, sizeof(*g));
    g->dev = guest_encode_dev(st->st_dev);
    g->ino_lo = (uint32_t)st->st_ino;
    g->mode = st->st_mode;
    g->nlink = (uint32_t)st->st_nlink;
    g->uid = st->st_uid;
    g->gid = st->st_gid;
    g->rdev = guest_encode_dev(st->st_rdev);
    g->size = st->st_size;
    g->blksize = (uint32_t)st->st_blksize;
    g->blocks = (uint64_t)st->st_blocks;
    g->atime = (uint32_t)st->st_atim.tv_sec;
    g->atime_nsec = (uint32_t)st->st_atim.tv_nsec;
    g->mtime = (uint32_t)st->st_mtim.tv_sec;
    g->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
    g->ctime = (uint32_t)st->st_ctim.tv_sec;
    g->ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
    g->ino = st->st_ino;
}

static long put_stat64(struct task *t, uint32_t va, long r, const struct stat *st)
{
    if (r < 0)
        return r;
    struct guest_stat64 g;
    to_stat64(st, &g);
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

static long do_fstatat(struct task *t, int dirfd, uint32_t path_va, uint32_t buf,
                       int flags)
{
    PATHS1(path_va);
    struct stat st;
    return put_stat64(t, buf, HOST(fstatat(dirfd, p1, &st, flags)), &st);
}

static long sys_stat64(struct task *t, const uint32_t *a)
{
    return do_fstatat(t, AT_FDCWD, a[0], a[1], 0);
}

static long sys_lstat64(struct task *t, const uint32_t *a)
{
    return do_fstatat(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

static long sys_fstatat64(struct task *t, const uint32_t *a)
{
    if (a[3] & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    return do_fstatat(t, (int)a[0], a[1], a[2], (int)a[3]);
}

static long sys_fstat64(struct task *t, const uint32_t *a)
{
    struct stat st;
    return put_stat64(t, a[1], HOST(fstat((int)a[0], &st)), &st);
}

/* struct statx has one layout on every architecture: pass it through. */
static long sys_statx(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    struct statx sx;
    long r = HOST(statx((int)a[0], p1, (int)a[2], a[3], &sx));
    return r < 0 ? r : mm_copy_to(t->mm, a[4], &sx, sizeof(sx));
}

static long do_faccessat(struct task *t, int dirfd, uint32_t path_va, int mode, int flags)
{
    PATHS1(path_va);
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    return HOST(faccessat(dirfd, p1, mode, flags));
}

static long sys_access(struct task *t, const uint32_t *a)
{
    return do_faccessat(t, AT_FDCWD, a[0], (int)a[1], 0);
}

static long sys_faccessat(struct task *t, const uint32_t *a)
{
    return do_faccessat(t, (int)a[0], a[1], (int)a[2], 0);
}

static long do_readlinkat(struct task *t, int dirfd, uint32_t path_va, uint32_t buf,
                          int32_t size)
{
    PATHS1(path_va);
    if (size <= 0)
        return -EINVAL;
    char out[PATH_MAX];
    long r = procfs_readlink(t, p1, out, sizeof(out));
    if (r == -ENOENT)
        r = HOST(readlinkat(dirfd, p1, out, sizeof(out)));
    if (r < 0)
        return r;
    if (r > size)
        r = size;
    long e = mm_copy_to(t->mm, buf, out, (size_t)r);
    return e < 0 ? e : r;
}

static long sys_readlink(struct task *t, const uint32_t *a)
{
    return do_readlinkat(t, AT_FDCWD, a[0], a[1], (int32_t)a[2]);
}

static long sys_readlinkat(struct task *t, const uint32_t *a)
{
    return do_readlinkat(t, (int)a[0], a[1], a[2], (int32_t)a[3]);
}

static long sys_getcwd(struct task *t, const uint32_t *a)
{
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof(buf)))
        return -errno;
    size_t len = strlen(buf) + 1;
    if (len > a[1])
        return -ERANGE;
    long r = mm_copy_to(t->mm, a[0], buf, len);
    return r < 0 ? r : (long)len;
}

static long sys_getdents64(struct task *t, const uint32_t *a)
{
    uint32_t count = a[2] > 65536 ? 65536 : a[2];
    char *buf = malloc(count ? count : 1);
    if (!buf)
        return -ENOMEM;
    /* Through the 32-bit gate, so that d_off holds 32-bit cookies. */
    long r = compat_getdents64((int)a[0], buf, count);
    if (r > 0) {
        long e = mm_copy_to(t->mm, a[1], buf, (size_t)r);
        if (e < 0)
            r = e;
    }
    free(buf);
    return r;
}

static long sys_unlink(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(unlink(p1));
}

static long sys_unlinkat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(unlinkat((int)a[0], p1, (int)a[2]));
}

static long sys_mkdir(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(mkdir(p1, (mode_t)a[1]));
}

static long sys_mkdirat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(mkdirat((int)a[0], p1, (mode_t)a[2]));
}

static long sys_rmdir(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(rmdir(p1));
}

static long sys_symlink(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[1]);
    return HOST(symlink(p1, p2));
}

static long sys_symlinkat(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[2]);
    return HOST(symlinkat(p1, (int)a[1], p2));
}

static long sys_link(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[1]);
    return HOST(link(p1, p2));
}

static long sys_linkat(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(linkat((int)a[0], p1, (int)a[2], p2, (int)a[4]));
}

static long sys_rename(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[1]);
    return HOST(rename(p1, p2));
}

static long sys_renameat2(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(renameat2((int)a[0], p1, (int)a[2], p2, a[4]));
}

static long sys_renameat(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(renameat((int)a[0], p1, (int)a[2], p2));
}

static long sys_chmod(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(chmod(p1, (mode_t)a[1]));
}

static long sys_fchmodat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(fchmodat((int)a[0], p1, (mode_t)a[2], 0));
}

static long sys_fchmod(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(fchmod((int)a[0], (mode_t)a[1]));
}

static long sys_truncate64(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(truncate(p1, (off_t)arg64(a[1], a[2])));
}

/* The 32-bit calls take a signed long length: negative is EINVAL. */
static long sys_truncate(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(truncate(p1, (off_t)(int32_t)a[1]));
}

static long sys_ftruncate(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(ftruncate((int)a[0], (off_t)(int32_t)a[1]));
}

static long sys_ftruncate64(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(ftruncate((int)a[0], (off_t)arg64(a[1], a[2])));
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

static long sys_umask(struct task *t, const uint32_t *a)
{
    (void)t;
    return umask((mode_t)(a[0] & 0777));
}

static long sys_chdir(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(chdir(p1));
}

static long sys_fchdir(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(fchdir((int)a[0]));
}

const struct sys_impl sys_fs_impls[] = {
    {"stat64", sys_stat64, "sp"},
    {"lstat64", sys_lstat64, "sp"},
    {"fstat64", sys_fstat64, "dp"},
    {"fstatat64", sys_fstatat64, "dspx"},
    {"statx", sys_statx, "dsxxp"},
    {"access", sys_access, "so"},
    {"faccessat", sys_faccessat, "dso"},
    {"readlink", sys_readlink, "spu"},
    {"readlinkat", sys_readlinkat, "dspu"},
    {"getcwd", sys_getcwd, "pu"},
    {"getdents64", sys_getdents64, "dpu"},
    {"umask", sys_umask, "o"},
    {"unlink", sys_unlink, "s"},
    {"unlinkat", sys_unlinkat, "dsx"},
    {"mkdir", sys_mkdir, "so"},
    {"mkdirat", sys_mkdirat, "dso"},
    {"rmdir", sys_rmdir, "s"},
    {"symlink", sys_symlink, "ss"},
    {"symlinkat", sys_symlinkat, "sds"},
    {"link", sys_link, "ss"},
    {"linkat", sys_linkat, "dsdsx"},
    {"rename", sys_rename, "ss"},
    {"renameat", sys_renameat, "dsds"},
    {"renameat2", sys_renameat2, "dsdsx"},
    {"chmod", sys_chmod, "so"},
    {"fchmod", sys_fchmod, "do"},
    {"fchmodat", sys_fchmodat, "dso"},
    {"truncate", sys_truncate, "sd"},
    {"ftruncate", sys_ftruncate, "dd"},
    {"truncate64", sys_truncate64, "suu"},
    {"ftruncate64", sys_ftruncate64, "duu"},
    {"fsync", sys_fsync, "d"},
    {"fdatasync", sys_fdatasync, "d"},
    {"chdir", sys_chdir, "s"},
    {"fchdir", sys_fchdir, "d"},
    {NULL, NULL, NULL},
};
