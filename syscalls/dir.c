/* Directories and names: reading directories (getdents, getdents64, the
 * old one-entry readdir), making and removing names (mkdir, mknod, link,
 * symlink, unlink, rename), readlink, the working directory and chroot.
 *
 * Directory reads go through the host's 32-bit gate (compat.c), where ext4
 * and others hand out 32-bit cookies; relic reads linux_dirent64 records
 * there and re-encodes them. When fewer records fit the guest's buffer than
 * were read, the directory is sought back to the cookie of the last one
 * given, so no entry is lost or repeated. */
#define _GNU_SOURCE
#include "internal.h"
#include "compat.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DIRENT_BUF 65536

/* struct linux_dirent64 as the host writes it. */
struct __attribute__((packed)) host_dirent64 {
    uint64_t ino;
    int64_t off;
    uint16_t reclen;
    uint8_t type;
    char name[];
};

static long getdents64_at(int fd, int64_t *pos0, char *buf, size_t count)
{
    long r = compat_llseek(fd, 0, SEEK_CUR, pos0);
    if (r < 0)
        return r;
    return compat_getdents64(fd, buf, count);
}

/* Seek the directory back to where the guest's read ended (off). */
static void rewind_to(int fd, int64_t off)
{
    int64_t dummy;
    compat_llseek(fd, off, SEEK_SET, &dummy);
}

/* getdents (141): struct linux_dirent with 32-bit d_ino (EOVERFLOW when an
 * inode number does not fit, fs/readdir.c filldir) and d_off (the cookie,
 * cut to 32 bits). The record ends with a NUL and, since 2.6.4, d_type. */
static long sys_getdents(struct task *t, const uint32_t *a)
{
    int fd = (int)a[0];
    uint32_t count = a[2] > DIRENT_BUF ? DIRENT_BUF : a[2];
    bool typed = guest_kernel.kernel >= KV(2, 6, 4);
    /* A linux_dirent is never longer than the linux_dirent64 it comes from;
     * the slack lets the first record be read whenever it would fit. */
    size_t want = count + 512 > DIRENT_BUF ? DIRENT_BUF : count + 512;
    char *in = malloc(want), *out = malloc(count ? count : 1);
    long r = -ENOMEM;
    int64_t pos0;
    if (!in || !out)
        goto done;
    long n = getdents64_at(fd, &pos0, in, want);
    if (n <= 0) {
        r = n;
        goto done;
    }
    uint32_t used = 0;
    long at = 0;
    int64_t resume = pos0;
    r = -EINVAL; /* the first record does not fit */
    while (at < n) {
        const struct host_dirent64 *d = (const void *)(in + at);
        size_t namlen =
            strnlen(d->name, d->reclen - offsetof(struct host_dirent64, name));
        uint32_t reclen =
            (uint32_t)(sizeof(struct guest_dirent) + namlen + (typed ? 2 : 1));
        reclen = (reclen + 3) & ~3u;
        if (reclen > count - used)
            break;
        if (d->ino > UINT32_MAX) {
            r = -EOVERFLOW;
            break;
        }
        char *o = out + used;
        memset(o, 0, reclen);
        struct guest_dirent g = {(uint32_t)d->ino, (uint32_t)d->off, (uint16_t)reclen};
        memcpy(o, &g, sizeof(g));
        memcpy(o + sizeof(g), d->name, namlen);
        if (typed)
            o[reclen - 1] = (char)d->type;
        used += reclen;
        resume = d->off;
        at += d->reclen;
    }
    if (used)
        r = mm_copy_to(t->mm, a[1], out, used) < 0 ? -EFAULT : (long)used;
    if (at < n || r < 0)
        rewind_to(fd, r == -EFAULT ? pos0 : resume);
done:
    free(in);
    free(out);
    return r;
}

static long sys_getdents64(struct task *t, const uint32_t *a)
{
    uint32_t count = a[2] > DIRENT_BUF ? DIRENT_BUF : a[2];
    char *buf = malloc(count ? count : 1);
    if (!buf)
        return -ENOMEM;
    int64_t pos0;
    long r = getdents64_at((int)a[0], &pos0, buf, count);
    if (r > 0 && mm_copy_to(t->mm, a[1], buf, (size_t)r) < 0) {
        rewind_to((int)a[0], pos0);
        r = -EFAULT;
    }
    free(buf);
    return r;
}

/* readdir (89): one struct old_linux_dirent per call, whatever the count
 * argument: 1, or 0 at the end. Its d_offset is the entry's own position,
 * which only the kernel's own old readdir tells, so this one is the host's
 * 32-bit call itself. */
static long sys_readdir(struct task *t, const uint32_t *a)
{
    char out[sizeof(struct guest_old_dirent) + 256];
    long r = compat_readdir((int)a[0], out, sizeof(out));
    if (r != 1)
        return r;
    struct guest_old_dirent g;
    memcpy(&g, out, sizeof(g));
    size_t len = sizeof(g) + g.namlen + 1;
    if (mm_copy_to(t->mm, a[1], out, len) < 0)
        return -EFAULT;
    return 1;
}

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

static long sys_mkdir(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(mkdirat(AT_FDCWD, p1, (mode_t)a[1]));
}

static long sys_mkdirat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(mkdirat((int)a[0], p1, (mode_t)a[2]));
}

/* The dev_t of mknod: new_decode_dev() (12-bit major, 20-bit minor split
 * around it) since 2.6; the 8:8 bits of old_decode_dev() before. */
static dev_t guest_decode_dev(uint32_t d)
{
    if (guest_kernel.kernel < KV(2, 6, 0))
        return makedev((d >> 8) & 0xff, d & 0xff);
    return makedev((d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
}

static long sys_mknod(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(mknodat(AT_FDCWD, p1, (mode_t)a[1], guest_decode_dev(a[2])));
}

static long sys_mknodat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(mknodat((int)a[0], p1, (mode_t)a[2], guest_decode_dev(a[3])));
}

static long sys_rmdir(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(unlinkat(AT_FDCWD, p1, AT_REMOVEDIR));
}

static long sys_unlink(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(unlinkat(AT_FDCWD, p1, 0));
}

static long sys_unlinkat(struct task *t, const uint32_t *a)
{
    PATHS1(a[1]);
    return HOST(unlinkat((int)a[0], p1, (int)a[2]));
}

/* The target is stored as the guest wrote it: it is not looked up (-L). */
static long do_symlink(struct task *t, uint32_t target_va, int dirfd, uint32_t link_va)
{
    char target[PATH_MAX], link[PATH_MAX];
    long r = get_path_verbatim(t, target_va, target);
    if (r < 0 || (r = get_path(t, link_va, link)) < 0)
        return r;
    return HOST(symlinkat(target, dirfd, link));
}

static long sys_symlink(struct task *t, const uint32_t *a)
{
    return do_symlink(t, a[0], AT_FDCWD, a[1]);
}

static long sys_symlinkat(struct task *t, const uint32_t *a)
{
    return do_symlink(t, a[0], (int)a[1], a[2]);
}

static long sys_link(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[1]);
    return HOST(linkat(AT_FDCWD, p1, AT_FDCWD, p2, 0));
}

static long sys_linkat(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(linkat((int)a[0], p1, (int)a[2], p2, (int)a[4]));
}

static long sys_rename(struct task *t, const uint32_t *a)
{
    PATHS2(a[0], a[1]);
    return HOST(renameat(AT_FDCWD, p1, AT_FDCWD, p2));
}

static long sys_renameat(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(renameat((int)a[0], p1, (int)a[2], p2));
}

static long sys_renameat2(struct task *t, const uint32_t *a)
{
    PATHS2(a[1], a[3]);
    return HOST(syscall(SYS_renameat2, (int)a[0], p1, (int)a[2], p2, a[4]));
}

static long do_readlinkat(struct task *t, int dirfd, uint32_t path_va, uint32_t buf,
                          int32_t size)
{
    if (size <= 0)
        return -EINVAL;
    PATHS1(path_va);
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

/* getcwd: the kernel's own answer (also "(unreachable)/..." outside the
 * root), its length with the NUL, ERANGE when the buffer is short. */
static long sys_getcwd(struct task *t, const uint32_t *a)
{
    char buf[PATH_MAX];
    long len = HOST(syscall(SYS_getcwd, buf, sizeof(buf)));
    if (len < 0)
        return len;
    if ((uint32_t)len > a[1])
        return -ERANGE;
    long r = mm_copy_to(t->mm, a[0], buf, (size_t)len);
    return r < 0 ? r : len;
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

/* chroot changes relic's own root with the guest's: it needs privilege. */
static long sys_chroot(struct task *t, const uint32_t *a)
{
    PATHS1(a[0]);
    return HOST(chroot(p1));
}

const struct sys_impl sys_dir_impls[] = {
    {"getdents", sys_getdents, "dpu"},
    {"getdents64", sys_getdents64, "dpu"},
    {"readdir", sys_readdir, "dpu"},
    {"mkdir", sys_mkdir, "so"},
    {"mkdirat", sys_mkdirat, "dso"},
    {"mknod", sys_mknod, "sox"},
    {"mknodat", sys_mknodat, "dsox"},
    {"rmdir", sys_rmdir, "s"},
    {"unlink", sys_unlink, "s"},
    {"unlinkat", sys_unlinkat, "dsx"},
    {"symlink", sys_symlink, "ss"},
    {"symlinkat", sys_symlinkat, "sds"},
    {"link", sys_link, "ss"},
    {"linkat", sys_linkat, "dsdsx"},
    {"rename", sys_rename, "ss"},
    {"renameat", sys_renameat, "dsds"},
    {"renameat2", sys_renameat2, "dsdsx"},
    {"readlink", sys_readlink, "spu"},
    {"readlinkat", sys_readlinkat, "dspu"},
    {"getcwd", sys_getcwd, "pu"},
    {"chdir", sys_chdir, "s"},
    {"fchdir", sys_fchdir, "d"},
    {"chroot", sys_chroot, "s",
     "relic's own root changes with the guest's (its later host paths, such as "
     "/proc/self/fd, resolve inside it)"},
    {NULL, NULL, NULL},
};
