/* File and descriptor calls. Guest descriptors are host descriptors; guest
 * buffers are reached through mm, so I/O goes straight into guest memory. */
#define _GNU_SOURCE
#include "internal.h"
#include "compat.h"
#include "guest.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_RW   0x7ffff000u /* MAX_RW_COUNT: the kernel's cap on one transfer */
#define IOV_SPAN 256

static bool is_regular(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* A read into a bad buffer: the kernel only notices when it copies, so a
 * pipe or terminal first waits for data (or says EAGAIN when non-blocking). */
static long bad_buffer(int fd, bool to_guest)
{
    if (!to_guest || is_regular(fd))
        return -EFAULT;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -EBADF;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (fl & O_NONBLOCK) ? 0 : -1);
    return r == 0 ? -EAGAIN : -EFAULT;
}

/* Transfer up to len bytes between fd and guest memory at buf, as one host
 * call per run of guest pages. Only regular files are read on after a full
 * run (a pipe or terminal must not block for more than it has). */
static long do_io(struct task *t, int fd, uint32_t buf, uint32_t len, bool to_guest,
                  int64_t pos)
{
    if (len > MAX_RW)
        len = MAX_RW;
    if (len == 0)
        return HOST(to_guest ? read(fd, NULL, 0) : write(fd, NULL, 0));
    long total = 0;
    while (len) {
        struct iovec iov[IOV_SPAN];
        size_t covered;
        int n = mm_iov(t->mm, buf, len, to_guest ? MM_WRITE : MM_READ, iov, IOV_SPAN,
                       &covered);
        if (n <= 0)
            return total ? total : bad_buffer(fd, to_guest);
        ssize_t r;
        if (pos >= 0)
            r = to_guest ? preadv(fd, iov, n, pos + total)
                         : pwritev(fd, iov, n, pos + total);
        else
            r = to_guest ? readv(fd, iov, n) : writev(fd, iov, n);
        if (r < 0)
            return total ? total : -errno;
        total += r;
        buf += (uint32_t)r;
        len -= (uint32_t)r;
        if ((size_t)r < covered || (len && total == r && !is_regular(fd)))
            break;
    }
    return total;
}

static long sys_read(struct task *t, const uint32_t *a)
{
    return do_io(t, (int)a[0], a[1], a[2], true, -1);
}

static long sys_write(struct task *t, const uint32_t *a)
{
    return do_io(t, (int)a[0], a[1], a[2], false, -1);
}

static long sys_pread64(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_io(t, (int)a[0], a[1], a[2], true, pos);
}

static long sys_pwrite64(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_io(t, (int)a[0], a[1], a[2], false, pos);
}

static long do_iov(struct task *t, const uint32_t *a, bool to_guest)
{
    uint32_t cnt = a[2];
    if (cnt == 0)
        return 0;
    if (cnt > 1024)
        return -EINVAL;
    struct guest_iovec *g = malloc(cnt * sizeof(*g));
    if (!g)
        return -ENOMEM;
    long r = mm_copy_from(t->mm, g, a[1], cnt * sizeof(*g));
    uint64_t sum = 0;
    for (uint32_t i = 0; r == 0 && i < cnt; i++) {
        sum += g[i].len;
        if ((int32_t)g[i].len < 0 || sum > 0x7fffffff)
            r = -EINVAL;
    }
    long total = 0;
    for (uint32_t i = 0; r == 0 && i < cnt; i++) {
        if (!g[i].len)
            continue;
        long n = do_io(t, (int)a[0], g[i].base, g[i].len, to_guest, -1);
        if (n < 0) {
            if (!total)
                total = n;
            break;
        }
        total += n;
        if ((uint32_t)n < g[i].len)
            break;
    }
    free(g);
    return r ? r : total;
}

static long sys_readv(struct task *t, const uint32_t *a)
{
    return do_iov(t, a, true);
}

static long sys_writev(struct task *t, const uint32_t *a)
{
    return do_iov(t, a, false);
}

static long do_openat(struct task *t, int dirfd, uint32_t path_va, uint32_t flags,
                      uint32_t mode)
{
    char path[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    r = procfs_open(t, path);
    if (r != -ENOENT)
        return r;
    return HOST(openat(dirfd, path, (int)flags, (mode_t)mode));
}

static long sys_open(struct task *t, const uint32_t *a)
{
    return do_openat(t, AT_FDCWD, a[0], a[1], a[2]);
}

static long sys_openat(struct task *t, const uint32_t *a)
{
    return do_openat(t, (int)a[0], a[1], a[2], a[3]);
}

static long sys_creat(struct task *t, const uint32_t *a)
{
    return do_openat(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

static long sys_close(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(close((int)a[0]));
}

/* Seeks go through the 32-bit gate too: on a directory the position is a
 * cookie from getdents64, which only a compat caller gets in 32 bits. */
static long sys_lseek(struct task *t, const uint32_t *a)
{
    (void)t;
    int64_t pos;
    long r = compat_llseek((int)a[0], (int32_t)a[1], (int)a[2], &pos);
    if (r < 0)
        return r;
    return pos > 0x7fffffff ? -EOVERFLOW : (long)pos;
}

static long sys_llseek(struct task *t, const uint32_t *a)
{
    int64_t pos;
    long r = compat_llseek((int)a[0], arg64(a[2], a[1]), (int)a[4], &pos);
    return r < 0 ? r : mm_copy_to(t->mm, a[3], &pos, 8);
}

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
    char path[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    struct stat st;
    return put_stat64(t, buf, HOST(fstatat(dirfd, path, &st, flags)), &st);
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
    char path[PATH_MAX];
    long r = get_path(t, a[1], path);
    if (r < 0)
        return r;
    struct statx sx;
    r = HOST(statx((int)a[0], path, (int)a[2], a[3], &sx));
    return r < 0 ? r : mm_copy_to(t->mm, a[4], &sx, sizeof(sx));
}

static long do_faccessat(struct task *t, int dirfd, uint32_t path_va, int mode, int flags)
{
    char path[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    return HOST(faccessat(dirfd, path, mode, flags));
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
    char path[PATH_MAX], out[PATH_MAX];
    long r = get_path(t, path_va, path);
    if (r < 0)
        return r;
    if (size <= 0)
        return -EINVAL;
    r = procfs_readlink(t, path, out, sizeof(out));
    if (r == -ENOENT)
        r = HOST(readlinkat(dirfd, path, out, sizeof(out)));
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

static long sys_dup(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(dup((int)a[0]));
}

static long sys_dup2(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(dup2((int)a[0], (int)a[1]));
}

static long sys_dup3(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(dup3((int)a[0], (int)a[1], (int)a[2]));
}

static long do_pipe2(struct task *t, uint32_t va, int flags)
{
    int fds[2];
    long r = HOST(pipe2(fds, flags));
    if (r < 0)
        return r;
    int32_t g[2] = {fds[0], fds[1]};
    r = mm_copy_to(t->mm, va, g, sizeof(g));
    if (r < 0) {
        close(fds[0]);
        close(fds[1]);
    }
    return r;
}

static long sys_pipe(struct task *t, const uint32_t *a)
{
    return do_pipe2(t, a[0], 0);
}

static long sys_pipe2(struct task *t, const uint32_t *a)
{
    return do_pipe2(t, a[0], (int)a[1]);
}

static long do_fcntl(struct task *t, const uint32_t *a, bool is64)
{
    int fd = (int)a[0];
    switch (a[1]) {
    case GUEST_F_DUPFD:
    case GUEST_F_DUPFD_CLOEXEC:
    case GUEST_F_SETFD:
    case GUEST_F_SETFL:
    case GUEST_F_SETOWN:
    case GUEST_F_SETSIG:
    case GUEST_F_SETLEASE:
    case GUEST_F_NOTIFY:
    case GUEST_F_SETPIPE_SZ:
    case GUEST_F_ADD_SEALS:
        return HOST(fcntl(fd, (int)a[1], (int)a[2]));
    case GUEST_F_GETFD:
    case GUEST_F_GETFL:
    case GUEST_F_GETOWN:
    case GUEST_F_GETSIG:
    case GUEST_F_GETLEASE:
    case GUEST_F_GETPIPE_SZ:
    case GUEST_F_GET_SEALS:
        return HOST(fcntl(fd, (int)a[1]));
    case GUEST_F_GETLK:
    case GUEST_F_SETLK:
    case GUEST_F_SETLKW:
        return guest_flock(t, fd, (int)a[1], a[2], false);
    case GUEST_F_GETLK64:
    case GUEST_F_SETLK64:
    case GUEST_F_SETLKW64:
        return is64 ? guest_flock(t, fd, (int)a[1], a[2], true) : -EINVAL;
    case GUEST_F_OFD_GETLK:
    case GUEST_F_OFD_SETLK:
    case GUEST_F_OFD_SETLKW:
        return is64 ? guest_flock(t, fd, (int)a[1], a[2], true) : -EINVAL;
    default:
        return -EINVAL;
    }
}

static long sys_fcntl(struct task *t, const uint32_t *a)
{
    return do_fcntl(t, a, false);
}

static long sys_fcntl64(struct task *t, const uint32_t *a)
{
    return do_fcntl(t, a, true);
}

static long sys_ioctl(struct task *t, const uint32_t *a)
{
    int fd = (int)a[0];
    uint32_t cmd = a[1], arg = a[2];
    uint8_t buf[64];
    size_t in = 0, out = 0;
    switch (cmd) {
    case GUEST_TCGETS:
        out = GUEST_TERMIOS_SIZE;
        break;
    case GUEST_TCSETS:
    case GUEST_TCSETSW:
    case GUEST_TCSETSF:
        in = GUEST_TERMIOS_SIZE;
        break;
    case GUEST_TIOCGWINSZ:
        out = 8;
        break;
    case GUEST_TIOCSWINSZ:
        in = 8;
        break;
    case GUEST_TIOCGPGRP:
    case GUEST_FIONREAD:
        out = 4;
        break;
    case GUEST_TIOCSPGRP:
    case GUEST_FIONBIO:
        in = 4;
        break;
    case GUEST_FIOCLEX:
    case GUEST_FIONCLEX:
        return HOST(ioctl(fd, cmd));
    default:
        if (fcntl(fd, F_GETFD) < 0)
            return -EBADF;
        return -ENOTTY;
    }
    /* The termios, winsize and int layouts are the same for i386 and the host. */
    if (in && mm_copy_from(t->mm, buf, arg, in) < 0)
        return -EFAULT;
    long r = HOST(ioctl(fd, cmd, buf));
    if (r >= 0 && out && mm_copy_to(t->mm, arg, buf, out) < 0)
        return -EFAULT;
    return r;
}

/* Calls that take one or two paths and pass them to the host as they are. */
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
    char path[PATH_MAX];
    long r = get_path(t, a[0], path);
    return r < 0 ? r : HOST(chdir(path));
}

static long sys_fchdir(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(fchdir((int)a[0]));
}

const struct sys_impl sys_file_impls[] = {
    {"read", sys_read, "dpu"},
    {"write", sys_write, "dpu"},
    {"pread64", sys_pread64, "dpuuu"},
    {"pwrite64", sys_pwrite64, "dpuuu"},
    {"readv", sys_readv, "dpu"},
    {"writev", sys_writev, "dpu"},
    {"open", sys_open, "sxo"},
    {"openat", sys_openat, "dsxo"},
    {"creat", sys_creat, "so"},
    {"close", sys_close, "d"},
    {"lseek", sys_lseek, "ddd"},
    {"_llseek", sys_llseek, "duupd"},
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
    {"dup", sys_dup, "d"},
    {"dup2", sys_dup2, "dd"},
    {"dup3", sys_dup3, "ddx"},
    {"pipe", sys_pipe, "p"},
    {"pipe2", sys_pipe2, "px"},
    {"fcntl", sys_fcntl, "ddx"},
    {"fcntl64", sys_fcntl64, "ddx"},
    {"ioctl", sys_ioctl, "dxx"},
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
    {"truncate64", sys_truncate64, "suu"},
    {"ftruncate64", sys_ftruncate64, "duu"},
    {"fsync", sys_fsync, "d"},
    {"fdatasync", sys_fdatasync, "d"},
    {"chdir", sys_chdir, "s"},
    {"fchdir", sys_fchdir, "d"},
    {NULL, NULL, NULL},
};

static int host_lock_cmd(int cmd)
{
    switch (cmd) {
    case GUEST_F_GETLK:
    case GUEST_F_GETLK64:
        return F_GETLK;
    case GUEST_F_SETLK:
    case GUEST_F_SETLK64:
        return F_SETLK;
    case GUEST_F_SETLKW:
    case GUEST_F_SETLKW64:
        return F_SETLKW;
    case GUEST_F_OFD_GETLK:
        return F_OFD_GETLK;
    case GUEST_F_OFD_SETLK:
        return F_OFD_SETLK;
    default:
        return F_OFD_SETLKW;
    }
}

/* Record locks: convert struct flock(64) of i386 to the host's and back. */
long guest_flock(struct task *t, int fd, int cmd, uint32_t va, bool is64)
{
    struct flock fl = {0};
    if (is64) {
        struct guest_flock64 g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        fl = (struct flock){.l_type = g.type,
                            .l_whence = g.whence,
                            .l_start = g.start,
                            .l_len = g.len,
                            .l_pid = g.pid};
    } else {
        struct guest_flock g;
        if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        fl = (struct flock){.l_type = g.type,
                            .l_whence = g.whence,
                            .l_start = g.start,
                            .l_len = g.len,
                            .l_pid = g.pid};
    }
    int hcmd = host_lock_cmd(cmd);
    long r = HOST(fcntl(fd, hcmd, &fl));
    if (r < 0 || (hcmd != F_GETLK && hcmd != F_OFD_GETLK))
        return r;
    if (is64) {
        struct guest_flock64 g = {fl.l_type, fl.l_whence, fl.l_start, fl.l_len, fl.l_pid};
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (fl.l_start > INT32_MAX || fl.l_len > INT32_MAX)
        return -EOVERFLOW;
    struct guest_flock g = {fl.l_type, fl.l_whence, (int32_t)fl.l_start,
                            (int32_t)fl.l_len, fl.l_pid};
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}
