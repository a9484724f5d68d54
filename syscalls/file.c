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
    long r;
    if (procfs_write(t, (int)a[0], a[1], a[2], &r))
        return r;
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
    r = procfs_open(t, path, (int)flags);
    if (r != -ENOENT || procfs_hidden(path))
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
    procfs_close((int)a[0]);
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

/* fadvise64 (i386 250 since 2.5.60): a 32-bit length; fadvise64_64 (272)
 * a 64-bit one. The advice goes to the host file as given. */
static long sys_fadvise64(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(
        syscall(SYS_fadvise64, (int)a[0], arg64(a[1], a[2]), (off_t)a[3], (int)a[4]));
}

static long sys_fadvise64_64(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_fadvise64, (int)a[0], arg64(a[1], a[2]), arg64(a[3], a[4]),
                        (int)a[5]));
}

const struct sys_impl sys_file_impls[] = {
    {"fadvise64", sys_fadvise64, "duuud"},
    {"fadvise64_64", sys_fadvise64_64, "duuuud"},
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
    {"dup", sys_dup, "d"},
    {"dup2", sys_dup2, "dd"},
    {"dup3", sys_dup3, "ddx"},
    {"pipe", sys_pipe, "p"},
    {"pipe2", sys_pipe2, "px"},
    {"fcntl", sys_fcntl, "ddx"},
    {"fcntl64", sys_fcntl64, "ddx"},
    {"ioctl", sys_ioctl, "dxx",
     "terminal requests (TCGETS, TCSETS*, TIOC[GS]WINSZ, TIOC[GS]PGRP) and FIONREAD, "
     "FIONBIO, FIOCLEX, FIONCLEX only; others ENOTTY"},
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

/* A guest struct flock, either width, as the 64-bit layout. */
static long read_flock(struct task *t, uint32_t va, bool is64, struct guest_flock64 *out)
{
    if (is64)
        return mm_copy_from(t->mm, out, va, sizeof(*out));
    struct guest_flock g;
    if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
        return -EFAULT;
    *out = (struct guest_flock64){g.type, g.whence, g.start, g.len, g.pid};
    return 0;
}

/* Record locks: convert struct flock(64) of i386 to the host's and back. */
long guest_flock(struct task *t, int fd, int cmd, uint32_t va, bool is64)
{
    struct guest_flock64 in;
    if (read_flock(t, va, is64, &in) < 0)
        return -EFAULT;
    struct flock fl = {.l_type = in.type,
                       .l_whence = in.whence,
                       .l_start = in.start,
                       .l_len = in.len,
                       .l_pid = in.pid};
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
