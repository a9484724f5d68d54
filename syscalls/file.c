/* Descriptors: open, close, dup, pipe, seek, fcntl and its record locks,
 * flock. Guest descriptors are host descriptors. */
#define _GNU_SOURCE
#include "internal.h"
#include "compat.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* open(2) flags and the release that brought each: an older kernel ignores
 * a bit it does not know, so the host must not see it either. */
static const struct {
    uint32_t flag;
    kver_t since;
} open_flags[] = {
    {GUEST_O_DIRECTORY, KV(2, 1, 126)}, {GUEST_O_NOFOLLOW, KV(2, 1, 126)},
    {GUEST_O_DIRECT, KV(2, 4, 10)},     {GUEST_O_NOATIME, KV(2, 6, 8)},
    {GUEST_O_CLOEXEC, KV(2, 6, 23)},    {GUEST_O_SYNC, KV(2, 6, 33)},
    {GUEST_O_PATH, KV(2, 6, 39)},       {GUEST_O_TMPFILE, KV(3, 11, 0)},
};

static uint32_t era_open_flags(uint32_t flags)
{
    for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
        if (guest_kernel.kernel < open_flags[i].since)
            flags &= ~open_flags[i].flag;
    return flags;
}

/* An open that can wait: a FIFO opened without O_NONBLOCK waits for the
 * other end. */
static bool open_may_block(int dirfd, const char *path, uint32_t flags)
{
    if (flags & (GUEST_O_NONBLOCK | GUEST_O_PATH))
        return false;
    struct stat st;
    int at = (flags & GUEST_O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0;
    return fstatat(dirfd, path, &st, at) == 0 && S_ISFIFO(st.st_mode);
}

/* Opens go through the host's 32-bit gate, so that O_LARGEFILE means what
 * it means to an i386 program (EOVERFLOW on a large file without it, and
 * the descriptor's flags as asked). A FIFO, which may wait, is opened with
 * the host's own call instead (its flags then show O_LARGEFILE). */
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
    flags = era_open_flags(flags);
    if (open_may_block(dirfd, path, flags))
        return host_blocking(t, SYS_openat, dirfd, (long)path, flags, mode, 0, 0);
    r = compat_openat(dirfd, path, (int)flags, mode);
    if (r == -ENOSYS) /* a host without 32-bit support: no large file check */
        r = HOST(syscall(SYS_openat, dirfd, path, flags, mode));
    return r;
}

static bool big_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > GUEST_MAX_NON_LFS;
}

static long openat2_host(struct task *t, int dirfd, const char *path, const uint8_t *how,
                         uint32_t size, bool may_block)
{
    if (may_block)
        return host_blocking(t, SYS_openat2, dirfd, (long)path, (long)how, size, 0, 0);
    long r = compat_openat2(dirfd, path, how, size);
    if (r == -ENOSYS)
        r = HOST(syscall(SYS_openat2, dirfd, path, how, (size_t)size));
    return r;
}

/* openat2(dirfd, path, how, size): struct open_how (u64 flags, mode,
 * resolve) has one layout everywhere; the host checks it whole. A 32-bit
 * kernel does not force O_LARGEFILE on here (x86-64's 32-bit gate does):
 * a large file without it is EOVERFLOW, before any O_TRUNC. (A descriptor
 * opened without it still shows O_LARGEFILE in F_GETFL.) */
static long sys_openat2(struct task *t, const uint32_t *a)
{
    if (a[3] < 24) /* OPEN_HOW_SIZE_VER0 */
        return -EINVAL;
    if (a[3] > 4096)
        return -E2BIG;
    uint8_t how[4096];
    if (mm_copy_from(t->mm, how, a[2], a[3]) < 0)
        return -EFAULT;
    char path[PATH_MAX];
    long r = get_path(t, a[1], path);
    if (r < 0)
        return r;
    int dirfd = (int)a[0];
    uint64_t flags;
    memcpy(&flags, how, 8);
    r = procfs_open(t, path, (int)flags);
    if (r != -ENOENT || procfs_hidden(path))
        return r;
    bool block = open_may_block(dirfd, path, (uint32_t)flags);
    bool lfs = !(flags & (GUEST_O_LARGEFILE | GUEST_O_PATH));
    struct stat st;
    int at = (flags & GUEST_O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0;
    if (lfs && (flags & GUEST_O_TRUNC) && fstatat(dirfd, path, &st, at) == 0 &&
        S_ISREG(st.st_mode) && st.st_size > GUEST_MAX_NON_LFS) {
        /* Every other answer first, from an open that truncates nothing. */
        uint64_t keep = flags & ~(uint64_t)GUEST_O_TRUNC;
        uint8_t probe[4096];
        memcpy(probe, how, a[3]);
        memcpy(probe, &keep, 8);
        r = openat2_host(t, dirfd, path, probe, a[3], block);
        if (r < 0)
            return r;
        bool big = big_file((int)r);
        close((int)r);
        if (big)
            return -EOVERFLOW;
    }
    r = openat2_host(t, dirfd, path, how, a[3], block);
    if (r >= 0 && lfs && big_file((int)r)) {
        close((int)r);
        return -EOVERFLOW;
    }
    return r;
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
    return do_openat(t, AT_FDCWD, a[0], GUEST_O_CREAT | 1 /* O_WRONLY */ | GUEST_O_TRUNC,
                     a[1]);
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
    return HOST(syscall(SYS_dup, (int)a[0]));
}

static long sys_dup2(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_dup2, (int)a[0], (int)a[1]));
}

static long sys_dup3(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_dup3, (int)a[0], (int)a[1], (int)a[2]));
}

static long do_pipe2(struct task *t, uint32_t va, int flags)
{
    int fds[2];
    long r = HOST(syscall(SYS_pipe2, fds, flags));
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

/* pipe2 flags and the release that brought each (EINVAL before). */
static const struct {
    uint32_t flag;
    kver_t since;
} pipe2_flags[] = {
    {GUEST_O_CLOEXEC, KV(2, 6, 27)},
    {GUEST_O_NONBLOCK, KV(2, 6, 27)},
    {GUEST_O_DIRECT, KV(3, 4, 0)}, /* packet mode */
    {00000200, KV(5, 8, 0)},       /* O_NOTIFICATION_PIPE (O_EXCL) */
};

static long sys_pipe2(struct task *t, const uint32_t *a)
{
    uint32_t known = 0;
    for (size_t i = 0; i < sizeof(pipe2_flags) / sizeof(pipe2_flags[0]); i++)
        if (guest_kernel.kernel >= pipe2_flags[i].since)
            known |= pipe2_flags[i].flag;
    if (a[1] & ~known)
        return -EINVAL;
    return do_pipe2(t, a[0], (int)a[1]);
}

/* How an fcntl command takes its argument. */
enum fc_kind {
    FC_NONE,  /* no argument */
    FC_INT,   /* an int by value */
    FC_LOCK,  /* struct flock, by either call */
    FC_LK64,  /* struct flock64, fcntl64 only */
    FC_OWNER, /* F_GETOWN: the owner, a process group as its negative */
    FC_OWNEX, /* struct f_owner_ex in or out */
    FC_UIDS,  /* F_GETOWNER_UIDS: two uids out */
    FC_HINT,  /* a u64 in or out */
};

/* The commands of fs/fcntl.c, each with the release that brought it. */
static const struct fcntl_cmd {
    uint32_t cmd;
    enum fc_kind kind;
    bool out;
    kver_t since;
} fcntl_cmds[] = {
    {GUEST_F_DUPFD, FC_INT, false, KV(0, 1, 0)},
    {GUEST_F_GETFD, FC_NONE, false, KV(0, 1, 0)},
    {GUEST_F_SETFD, FC_INT, false, KV(0, 1, 0)},
    {GUEST_F_GETFL, FC_NONE, false, KV(0, 1, 0)},
    {GUEST_F_SETFL, FC_INT, false, KV(0, 1, 0)},
    {GUEST_F_GETLK, FC_LOCK, true, KV(0, 1, 0)},
    {GUEST_F_SETLK, FC_LOCK, false, KV(0, 1, 0)},
    {GUEST_F_SETLKW, FC_LOCK, false, KV(0, 1, 0)},
    {GUEST_F_SETOWN, FC_INT, false, KV(1, 0, 0)},
    {GUEST_F_GETOWN, FC_OWNER, false, KV(1, 0, 0)},
    {GUEST_F_SETSIG, FC_INT, false, KV(2, 2, 0)},
    {GUEST_F_GETSIG, FC_NONE, false, KV(2, 2, 0)},
    {GUEST_F_GETLK64, FC_LK64, true, KV(2, 4, 0)},
    {GUEST_F_SETLK64, FC_LK64, false, KV(2, 4, 0)},
    {GUEST_F_SETLKW64, FC_LK64, false, KV(2, 4, 0)},
    {15 /* F_SETOWN_EX */, FC_OWNEX, false, KV(2, 6, 32)},
    {16 /* F_GETOWN_EX */, FC_OWNEX, true, KV(2, 6, 32)},
    {17 /* F_GETOWNER_UIDS */, FC_UIDS, true, KV(3, 6, 0)},
    {GUEST_F_OFD_GETLK, FC_LK64, true, KV(3, 15, 0)},
    {GUEST_F_OFD_SETLK, FC_LK64, false, KV(3, 15, 0)},
    {GUEST_F_OFD_SETLKW, FC_LK64, false, KV(3, 15, 0)},
    {GUEST_F_SETLEASE, FC_INT, false, KV(2, 4, 0)},
    {GUEST_F_GETLEASE, FC_NONE, false, KV(2, 4, 0)},
    {GUEST_F_NOTIFY, FC_INT, false, KV(2, 4, 0)},
    {1027 /* F_DUPFD_QUERY */, FC_INT, false, KV(6, 10, 0)},
    {1028 /* F_CREATED_QUERY */, FC_NONE, false, KV(6, 12, 0)},
    {GUEST_F_DUPFD_CLOEXEC, FC_INT, false, KV(2, 6, 24)},
    {GUEST_F_SETPIPE_SZ, FC_INT, false, KV(2, 6, 35)},
    {GUEST_F_GETPIPE_SZ, FC_NONE, false, KV(2, 6, 35)},
    {GUEST_F_ADD_SEALS, FC_INT, false, KV(3, 17, 0)},
    {GUEST_F_GET_SEALS, FC_NONE, false, KV(3, 17, 0)},
    {1035 /* F_GET_RW_HINT */, FC_HINT, true, KV(4, 13, 0)},
    {1036 /* F_SET_RW_HINT */, FC_HINT, false, KV(4, 13, 0)},
};

static const struct fcntl_cmd *fcntl_find(uint32_t cmd)
{
    for (size_t i = 0; i < sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]); i++)
        if (fcntl_cmds[i].cmd == cmd && guest_kernel.kernel >= fcntl_cmds[i].since)
            return &fcntl_cmds[i];
    return NULL;
}

/* F_GETOWN through F_GETOWN_EX: the raw call returns a process group as a
 * negative number, which a host syscall() would take for an error. */
static long fcntl_getown(int fd)
{
    struct f_owner_ex o;
    long r = HOST(syscall(SYS_fcntl, fd, F_GETOWN_EX, &o));
    if (r < 0)
        return r;
    return o.type == F_OWNER_PGRP ? -(long)o.pid : o.pid;
}

static long fcntl_ptr(struct task *t, int fd, const struct fcntl_cmd *c, uint32_t va)
{
    if (c->kind == FC_OWNEX) {
        struct guest_f_owner_ex g = {0, 0};
        if (!c->out && mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
            return -EFAULT;
        struct f_owner_ex h = {(enum __pid_type)g.type, g.pid};
        long r = HOST(syscall(SYS_fcntl, fd, c->cmd, &h));
        g = (struct guest_f_owner_ex){h.type, h.pid};
        return r < 0 || !c->out ? r : mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (c->kind == FC_UIDS) {
        uint32_t h[2] = {0, 0};
        long r = HOST(syscall(SYS_fcntl, fd, c->cmd, h));
        return r < 0 ? r : mm_copy_to(t->mm, va, h, sizeof(h));
    }
    uint64_t hint = 0; /* FC_HINT */
    if (!c->out && mm_copy_from(t->mm, &hint, va, 8) < 0)
        return -EFAULT;
    long r = HOST(syscall(SYS_fcntl, fd, c->cmd, &hint));
    return r < 0 || !c->out ? r : mm_copy_to(t->mm, va, &hint, 8);
}

static long do_fcntl(struct task *t, const uint32_t *a, bool is64)
{
    int fd = (int)a[0];
    const struct fcntl_cmd *c = fcntl_find(a[1]);
    /* fcntl (not 64) knows no flock64 commands, OFD ones included: on a
     * 32-bit kernel those need fcntl64. */
    if (!c || (c->kind == FC_LK64 && !is64)) {
        if (fcntl(fd, F_GETFD) < 0)
            return -EBADF;
        return -EINVAL;
    }
    switch (c->kind) {
    case FC_NONE:
        return HOST(syscall(SYS_fcntl, fd, c->cmd));
    case FC_INT:
        return HOST(syscall(SYS_fcntl, fd, c->cmd, (int)a[2]));
    case FC_OWNER:
        return fcntl_getown(fd);
    case FC_LOCK: /* struct flock, from fcntl64 too */
    case FC_LK64:
        return guest_flock(t, fd, (int)c->cmd, a[2], c->kind == FC_LK64);
    default:
        return fcntl_ptr(t, fd, c, a[2]);
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

/* flock(2): a wait for the lock is a blocking host call. */
static long sys_flock(struct task *t, const uint32_t *a)
{
    if (a[1] & LOCK_NB)
        return HOST(syscall(SYS_flock, (int)a[0], (int)a[1]));
    return host_blocking(t, SYS_flock, (int)a[0], (int)a[1], 0, 0, 0, 0);
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

#define FIFO_FLAGS "a FIFO's descriptor shows O_LARGEFILE in F_GETFL"

const struct sys_impl sys_file_impls[] = {
    {"fadvise64", sys_fadvise64, "duuud"},
    {"fadvise64_64", sys_fadvise64_64, "duuuud"},
    {"open", sys_open, "sxo", FIFO_FLAGS},
    {"openat", sys_openat, "dsxo", FIFO_FLAGS},
    {"openat2", sys_openat2, "dspu"},
    {"creat", sys_creat, "so"},
    {"close", sys_close, "d"},
    {"lseek", sys_lseek, "ddd"},
    {"_llseek", sys_llseek, "duupd"},
    {"dup", sys_dup, "d"},
    {"dup2", sys_dup2, "dd"},
    {"dup3", sys_dup3, "ddx"},
    {"pipe", sys_pipe, "p"},
    {"pipe2", sys_pipe2, "px"},
    {"fcntl", sys_fcntl, "ddx",
     "F_SETOWN/F_SETSIG/F_NOTIFY/F_SETLEASE signals reach "
     "relic's host process, not yet the guest"},
    {"fcntl64", sys_fcntl64, "ddx",
     "F_SETOWN/F_SETSIG/F_NOTIFY/F_SETLEASE signals reach "
     "relic's host process, not yet the guest"},
    {"flock", sys_flock, "dx"},
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

/* The answer of F_GETLK in a 32-bit struct flock: a lock that reaches past
 * 2 GiB - 1 cannot be told (posix_lock_to_flock of a 32-bit kernel). */
static long put_flock32(struct task *t, uint32_t va, const struct flock *fl)
{
    if (fl->l_type != F_UNLCK) {
        int64_t end = fl->l_len ? fl->l_start + fl->l_len - 1 : -1;
        if (fl->l_start > GUEST_MAX_NON_LFS || end > GUEST_MAX_NON_LFS)
            return -EOVERFLOW;
    }
    struct guest_flock g = {fl->l_type, fl->l_whence, (int32_t)fl->l_start,
                            (int32_t)fl->l_len, fl->l_pid};
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

/* Record locks: convert struct flock(64) of i386 to the host's and back.
 * A wait for a lock is a blocking host call. */
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
    long r;
    if (hcmd == F_SETLKW || hcmd == F_OFD_SETLKW)
        r = host_blocking(t, SYS_fcntl, fd, hcmd, (long)&fl, 0, 0, 0);
    else
        r = HOST(syscall(SYS_fcntl, fd, hcmd, &fl));
    if (r < 0 || (hcmd != F_GETLK && hcmd != F_OFD_GETLK))
        return r;
    if (!is64)
        return put_flock32(t, va, &fl);
    struct guest_flock64 g = {fl.l_type, fl.l_whence, fl.l_start, fl.l_len, fl.l_pid};
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}
