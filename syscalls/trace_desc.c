/* File and descriptor call decoders in strace 6.1's forms (i386 values):
 * open, read/write, the stat family, seeks, fcntl, ioctl, dup, pipe, access,
 * directories and paths. trace_desc_decoders also lists the process and
 * signal decoders (trace_proc.c, trace_sig.c). */
#include "trace_desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct xlat open_access[] = {
    {0, "O_RDONLY"},
    {1, "O_WRONLY"},
    {2, "O_RDWR"},
    {0, NULL},
};
static const struct xlat open_flags[] = {
    {0100, "O_CREAT"},
    {0200, "O_EXCL"},
    {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},
    {02000, "O_APPEND"},
    {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"}, /* before O_DSYNC: it holds that bit */
    {010000, "O_DSYNC"},
    {020000, "O_ASYNC"},
    {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"},
    {0200000, "O_DIRECTORY"},
    {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},
    {020200000, "O_TMPFILE"},
    {0, NULL},
};

/* The access mode, then the flags, as strace prints open's flags. */
static void print_open_flags(struct tcall *c, uint32_t flags)
{
    if (trace_opt.xlat == XLAT_RAW) {
        tr_printf(c, "%#x", flags);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%#x /* ", flags);
    const char *acc = NULL;
    for (const struct xlat *x = open_access; x->name; x++)
        if (x->val == (flags & 3))
            acc = x->name;
    if (acc)
        tr_puts(c, acc);
    else
        tr_printf(c, "%#x /* O_??? */", flags & 3);
    uint32_t rest = flags & ~3u;
    for (const struct xlat *x = open_flags; x->name && rest; x++) {
        if ((rest & x->val) == x->val) {
            tr_printf(c, "|%s", x->name);
            rest &= ~(uint32_t)x->val;
        }
    }
    if (rest)
        tr_printf(c, "|%#x", rest);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

static void open_tail(struct tcall *c, uint32_t flags, uint32_t mode)
{
    tr_arg(c);
    print_open_flags(c, flags);
    if ((flags & 0100) || (flags & 020200000) == 020200000) { /* O_CREAT, O_TMPFILE */
        tr_arg(c);
        tr_printf(c, "%#03o", mode);
    }
    c->rv = RV_FD;
}

static int dec_open(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    open_tail(c, c->args[1], c->args[2]);
    return TD_DONE;
}

static int dec_openat(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_path(c, c->args[1]);
    open_tail(c, c->args[2], c->args[3]);
    return TD_DONE;
}

static int dec_creat(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    tr_arg(c);
    tr_printf(c, "%#03o", c->args[1]);
    c->rv = RV_FD;
    return TD_DONE;
}

static int dec_close(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    return TD_DONE;
}

/* read: the buffer is printed once the kernel has filled it. */
static int dec_read(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        tr_arg(c); /* begun at entry: strace's unfinished line ends "read(3, " */
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[1]);
    else
        tr_str(c, c->args[1], c->ret);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

static int dec_write(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_str(c, c->args[1], (long)c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

static int dec_fd(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    return TD_DONE;
}

static int dec_dup(struct tcall *c)
{
    dec_fd(c);
    c->rv = RV_FD;
    return TD_DONE;
}

static int dec_dup2(struct tcall *c)
{
    dec_fd(c);
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[1]);
    c->rv = RV_FD;
    if (strcmp(c->name, "dup3") == 0) {
        tr_arg(c);
        tr_flags(c, open_flags, c->args[2], "O_???");
    }
    return TD_DONE;
}

static int dec_path(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    return TD_DONE;
}

static int dec_path2(struct tcall *c)
{
    dec_path(c);
    tr_arg(c);
    tr_path(c, c->args[1]);
    return TD_DONE;
}

/* fd, path (the *at calls). */
static void at_path(struct tcall *c, uint32_t fd, uint32_t path)
{
    tr_arg(c);
    tr_fd(c, (int32_t)fd);
    tr_arg(c);
    tr_path(c, path);
}

static const struct xlat at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},
    {0x400, "AT_SYMLINK_FOLLOW"},   {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"},      {0, NULL},
};

static int dec_renameat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    at_path(c, c->args[2], c->args[3]);
    if (strcmp(c->name, "renameat2") == 0) {
        static const struct xlat rename_flags[] = {{1, "RENAME_NOREPLACE"},
                                                   {2, "RENAME_EXCHANGE"},
                                                   {4, "RENAME_WHITEOUT"},
                                                   {0, NULL}};
        tr_arg(c);
        tr_flags(c, rename_flags, c->args[4], "RENAME_???");
    }
    return TD_DONE;
}

static int dec_unlinkat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_flags(c, at_flags, c->args[2], "AT_???");
    return TD_DONE;
}

static int dec_mkdir(struct tcall *c)
{
    dec_path(c);
    tr_arg(c);
    tr_printf(c, "%#03o", c->args[1]);
    return TD_DONE;
}

static int dec_mkdirat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_printf(c, "%#03o", c->args[2]);
    return TD_DONE;
}

static const struct xlat access_modes[] = {
    {0, "F_OK"}, {4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}, {0, NULL}};

static int dec_access(struct tcall *c)
{
    dec_path(c);
    tr_arg(c);
    tr_flags(c, access_modes, c->args[1], "?_OK");
    return TD_DONE;
}

static int dec_faccessat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_flags(c, access_modes, c->args[2], "?_OK");
    if (strcmp(c->name, "faccessat2") == 0) {
        tr_arg(c);
        tr_flags(c, at_flags, c->args[3], "AT_???");
    }
    return TD_DONE;
}

/* getcwd: the path the kernel wrote, whole. */
static int dec_getcwd(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[0]);
    else
        tr_path(c, c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    return TD_DONE;
}

/* readlink(path, buf, size), readlinkat(fd, path, buf, size): buf is the
 * link's text, ret bytes without a NUL, cut at -s. */
static int dec_readlink(struct tcall *c)
{
    int at = strcmp(c->name, "readlinkat") == 0;
    if (!c->exiting) {
        if (at)
            at_path(c, c->args[0], c->args[1]);
        else
            dec_path(c);
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[1 + at]);
    else
        tr_str(c, c->args[1 + at], c->ret);
    tr_arg(c);
    tr_uint(c, c->args[2 + at]);
    return TD_DONE;
}

/* ---- stat ---- */

static const struct xlat file_types[] = {
    {0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"},
    {0100000, "S_IFREG"},  {0060000, "S_IFBLK"},
    {0040000, "S_IFDIR"},  {0020000, "S_IFCHR"},
    {0010000, "S_IFIFO"},  {0, NULL},
};

/* S_IFREG|S_ISUID|0755, as strace's symbolic mode. */
static void print_mode(struct tcall *c, uint32_t m)
{
    if (trace_opt.xlat == XLAT_RAW) {
        tr_printf(c, "%#o", m);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%#o /* ", m);
    const char *type = NULL;
    for (const struct xlat *x = file_types; x->name; x++)
        if (x->val == (m & 0170000))
            type = x->name;
    if (type)
        tr_printf(c, "%s|", type);
    else if (m & 0170000)
        tr_printf(c, "%#o|", m & 0170000);
    tr_printf(c, "%s%s%s%#03o", m & 04000 ? "S_ISUID|" : "", m & 02000 ? "S_ISGID|" : "",
              m & 01000 ? "S_ISVTX|" : "", m & 0777);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

static void print_dev(struct tcall *c, const char *field, uint64_t dev)
{
    /* The kernel's 64-bit dev_t split (glibc's gnu_dev_major/minor). */
    uint32_t major = (uint32_t)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff));
    uint32_t minor = (uint32_t)(((dev >> 12) & 0xffffff00) | (dev & 0xff));
    tr_printf(c, "%s=makedev(%#x, %#x)", field, major, minor);
}

/* struct stat64 on i386: the fields strace shows without -v. */
static void print_stat64(struct tcall *c, uint32_t va)
{
    unsigned char b[96];
    if (tr_read(c, va, b, sizeof(b)) < 0) {
        tr_addr(c, va);
        return;
    }
    uint32_t mode, nlink, uid, gid;
    uint64_t dev, rdev, size, ino, blocks;
    uint32_t blksize;
    memcpy(&dev, b, 8);
    memcpy(&mode, b + 16, 4);
    memcpy(&nlink, b + 20, 4);
    memcpy(&uid, b + 24, 4);
    memcpy(&gid, b + 28, 4);
    memcpy(&rdev, b + 32, 8);
    memcpy(&size, b + 44, 8);
    memcpy(&blksize, b + 52, 4);
    memcpy(&blocks, b + 56, 8);
    memcpy(&ino, b + 88, 8);
    tr_puts(c, "{");
    if (trace_opt.verbose) {
        print_dev(c, "st_dev", dev);
        tr_printf(c, ", st_ino=%llu, st_mode=", (unsigned long long)ino);
        print_mode(c, mode);
        tr_printf(c, ", st_nlink=%u, st_uid=%u, st_gid=%u, st_blksize=%u, st_blocks=%llu",
                  nlink, uid, gid, blksize, (unsigned long long)blocks);
    } else {
        tr_puts(c, "st_mode=");
        print_mode(c, mode);
    }
    tr_puts(c, ", ");
    uint32_t type = mode & 0170000;
    if (type == 0020000 || type == 0060000)
        print_dev(c, "st_rdev", rdev);
    else
        tr_printf(c, "st_size=%llu", (unsigned long long)size);
    tr_puts(c, trace_opt.verbose ? "}" : ", ...}");
}

static void stat_buf(struct tcall *c, uint32_t va)
{
    if (c->ret < 0)
        tr_addr(c, va);
    else
        print_stat64(c, va);
}

/* stat64/lstat64(path, buf), fstat64(fd, buf): the buffer at exit. */
static int dec_stat64(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        if (strcmp(c->name, "fstat64") == 0)
            tr_fd(c, (int32_t)c->args[0]);
        else
            tr_path(c, c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    stat_buf(c, c->args[1]);
    return TD_DONE;
}

static int dec_fstatat64(struct tcall *c)
{
    if (!c->exiting) {
        at_path(c, c->args[0], c->args[1]);
        tr_arg(c);
        return TD_EXIT;
    }
    stat_buf(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, at_flags, c->args[3], "AT_???");
    return TD_DONE;
}

static const struct xlat statx_masks[] = {
    {0xfff, "STATX_ALL"},
    {0x7ff, "STATX_BASIC_STATS"},
    {0x1, "STATX_TYPE"},
    {0x2, "STATX_MODE"},
    {0x4, "STATX_NLINK"},
    {0x8, "STATX_UID"},
    {0x10, "STATX_GID"},
    {0x20, "STATX_ATIME"},
    {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"},
    {0x100, "STATX_INO"},
    {0x200, "STATX_SIZE"},
    {0x400, "STATX_BLOCKS"},
    {0x800, "STATX_BTIME"},
    {0x1000, "STATX_MNT_ID"},
    {0x2000, "STATX_DIOALIGN"},
    {0, NULL},
};
static const struct xlat statx_attrs[] = {
    {0x4, "STATX_ATTR_COMPRESSED"},    {0x10, "STATX_ATTR_IMMUTABLE"},
    {0x20, "STATX_ATTR_APPEND"},       {0x40, "STATX_ATTR_NODUMP"},
    {0x800, "STATX_ATTR_ENCRYPTED"},   {0x1000, "STATX_ATTR_AUTOMOUNT"},
    {0x2000, "STATX_ATTR_MOUNT_ROOT"}, {0x100000, "STATX_ATTR_VERITY"},
    {0x200000, "STATX_ATTR_DAX"},      {0, NULL},
};

/* The sync type (a two-bit value, AT_STATX_SYNC_AS_STAT when 0), then the
 * other AT_* flags. */
static void statx_flags(struct tcall *c, uint32_t f)
{
    static const char *const sync[] = {"AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC",
                                       "AT_STATX_DONT_SYNC", "0x6000"};
    if (trace_opt.xlat == XLAT_RAW) {
        tr_hex(c, f);
        return;
    }
    tr_puts(c, sync[(f >> 13) & 3]);
    if (f & ~0x6000u) {
        tr_puts(c, "|");
        tr_flags(c, at_flags, f & ~0x6000u, "AT_???");
    }
}

/* statx(dirfd, path, flags, mask, buf): abbreviated to what strace shows
 * without -v (mask, attributes, mode, size). */
static int dec_statx(struct tcall *c)
{
    if (!c->exiting) {
        at_path(c, c->args[0], c->args[1]);
        tr_arg(c);
        statx_flags(c, c->args[2]);
        tr_arg(c);
        tr_flags(c, statx_masks, c->args[3], "STATX_???");
        tr_arg(c);
        return TD_EXIT;
    }
    unsigned char b[0x100];
    if (c->ret < 0 || tr_read(c, c->args[4], b, sizeof(b)) < 0) {
        tr_addr(c, c->args[4]);
        return TD_DONE;
    }
    uint32_t mask;
    uint16_t mode;
    uint64_t attrs, size;
    memcpy(&mask, b, 4);
    memcpy(&attrs, b + 8, 8);
    memcpy(&mode, b + 28, 2);
    memcpy(&size, b + 40, 8);
    tr_puts(c, "{stx_mask=");
    tr_flags(c, statx_masks, mask, "STATX_???");
    tr_puts(c, ", stx_attributes=");
    tr_flags(c, statx_attrs, attrs, "STATX_ATTR_???");
    if (mask & 3) {
        tr_puts(c, ", stx_mode=");
        print_mode(c, mode);
    }
    if (mask & 0x200)
        tr_printf(c, ", stx_size=%llu", (unsigned long long)size);
    tr_puts(c, ", ...}");
    return TD_DONE;
}

/* ---- seeks, fcntl, ioctl ---- */

static const struct xlat whences[] = {
    {0, "SEEK_SET"},  {1, "SEEK_CUR"},  {2, "SEEK_END"},
    {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}, {0, NULL},
};

static int dec_lseek(struct tcall *c)
{
    dec_fd(c);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[1]);
    tr_arg(c);
    tr_xval(c, whences, c->args[2], "SEEK_???");
    return TD_DONE;
}

/* _llseek(fd, high, low, result, whence): the offset whole, the result
 * the kernel stored as [N] at exit. */
static int dec_llseek(struct tcall *c)
{
    if (!c->exiting) {
        dec_fd(c);
        tr_arg(c);
        tr_printf(c, "%lld", (long long)(((uint64_t)c->args[1] << 32) | c->args[2]));
        tr_arg(c);
        return TD_EXIT;
    }
    int64_t r;
    if (c->ret < 0 || tr_read(c, c->args[3], &r, 8) < 0)
        tr_addr(c, c->args[3]);
    else
        tr_printf(c, "[%lld]", (long long)r);
    tr_arg(c);
    tr_xval(c, whences, c->args[4], "SEEK_???");
    return TD_DONE;
}

static const struct xlat fcntl_cmds[] = {
    {0, "F_DUPFD"},
    {1, "F_GETFD"},
    {2, "F_SETFD"},
    {3, "F_GETFL"},
    {4, "F_SETFL"},
    {5, "F_GETLK"},
    {6, "F_SETLK"},
    {7, "F_SETLKW"},
    {8, "F_SETOWN"},
    {9, "F_GETOWN"},
    {10, "F_SETSIG"},
    {11, "F_GETSIG"},
    {12, "F_GETLK64"},
    {13, "F_SETLK64"},
    {14, "F_SETLKW64"},
    {15, "F_SETOWN_EX"},
    {16, "F_GETOWN_EX"},
    {17, "F_GETOWNER_UIDS"},
    {36, "F_OFD_GETLK"},
    {37, "F_OFD_SETLK"},
    {38, "F_OFD_SETLKW"},
    {1024, "F_SETLEASE"},
    {1025, "F_GETLEASE"},
    {1026, "F_NOTIFY"},
    {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},
    {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},
    {1034, "F_GET_SEALS"},
    {0, NULL},
};
static const struct xlat fd_flags[] = {{1, "FD_CLOEXEC"}, {0, NULL}};

/* A result's flags for rv_extra: " (flags O_RDONLY|O_NONBLOCK)". */
static void rv_flags(struct tcall *c, bool open_modes)
{
    struct tcall tmp = {0};
    tmp.t = c->t;
    if (open_modes)
        print_open_flags(&tmp, (uint32_t)c->ret);
    else
        tr_flags(&tmp, fd_flags, (uint32_t)c->ret, "FD_???");
    snprintf(c->rv_extra, sizeof(c->rv_extra), " (flags %s)", tmp.text ? tmp.text : "");
    free(tmp.text);
    c->rv = RV_HEX;
}

static int dec_fcntl(struct tcall *c)
{
    uint32_t cmd = c->args[1];
    if (c->exiting) {
        if (c->ret > 0 && cmd == 1)
            rv_flags(c, false);
        else if (c->ret >= 0 && cmd == 3)
            rv_flags(c, true);
        return TD_DONE;
    }
    dec_fd(c);
    tr_arg(c);
    tr_xval(c, fcntl_cmds, cmd, "F_???");
    switch (cmd) {
    case 1: /* F_GETFD, F_GETFL: the result is flags */
    case 3:
        return TD_EXIT;
    case 0: /* F_DUPFD, F_DUPFD_CLOEXEC */
    case 1030:
        c->rv = RV_FD;
        /* fall through */
    case 8: /* F_SETOWN, F_SETPIPE_SZ */
    case 1031:
        tr_arg(c);
        tr_int(c, (int32_t)c->args[2]);
        break;
    case 2:
        tr_arg(c);
        tr_flags(c, fd_flags, c->args[2], "FD_???");
        break;
    case 4:
        tr_arg(c);
        print_open_flags(c, c->args[2]);
        break;
    case 10:
        tr_arg(c);
        td_signal(c, c->args[2]);
        break;
    case 9: /* no argument */
    case 11:
    case 1025:
    case 1032:
    case 1034:
        break;
    default:
        tr_arg(c);
        tr_addr(c, c->args[2]);
        break;
    }
    return TD_DONE;
}

/* The terminal and file ioctls programs make at start; others print as
 * strace's _IOC(dir, type, nr, size) or hex. */
static const struct xlat ioctls[] = {
    {0x5401, "TCGETS"},       {0x5402, "TCSETS"},         {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},      {0x5405, "TCGETA"},         {0x5406, "TCSETA"},
    {0x5407, "TCSETAW"},      {0x5408, "TCSETAF"},        {0x5409, "TCSBRK"},
    {0x540a, "TCXONC"},       {0x540b, "TCFLSH"},         {0x540c, "TIOCEXCL"},
    {0x540d, "TIOCNXCL"},     {0x540e, "TIOCSCTTY"},      {0x540f, "TIOCGPGRP"},
    {0x5410, "TIOCSPGRP"},    {0x5411, "TIOCOUTQ"},       {0x5412, "TIOCSTI"},
    {0x5413, "TIOCGWINSZ"},   {0x5414, "TIOCSWINSZ"},     {0x541b, "FIONREAD"},
    {0x5421, "FIONBIO"},      {0x5422, "TIOCNOTTY"},      {0x5429, "TIOCGSID"},
    {0x5450, "FIONCLEX"},     {0x5451, "FIOCLEX"},        {0x5452, "FIOASYNC"},
    {0x80045430, "TIOCGPTN"}, {0x40045431, "TIOCSPTLCK"}, {0, NULL},
};

/* The code; false when unknown (its argument then prints as a number). */
static bool ioctl_code(struct tcall *c, uint32_t code)
{
    for (const struct xlat *x = ioctls; x->name; x++)
        if (x->val == code) {
            tr_xval(c, ioctls, code, "");
            return true;
        }
    static const char *const dirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
                                       "_IOC_READ|_IOC_WRITE"};
    if (trace_opt.xlat == XLAT_RAW)
        tr_hex(c, code);
    else
        tr_printf(c, "_IOC(%s, %#x, %#x, %#x)", dirs[code >> 30], (code >> 8) & 0xff,
                  code & 0xff, (code >> 16) & 0x3fff);
    return false;
}

static int dec_ioctl(struct tcall *c)
{
    dec_fd(c);
    tr_arg(c);
    bool known = ioctl_code(c, c->args[1]);
    tr_arg(c);
    if (known)
        tr_addr(c, c->args[2]);
    else
        tr_hex(c, c->args[2]);
    return TD_DONE;
}

/* ---- pipes, directories ---- */

static int dec_pipe(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    int32_t fds[2];
    if (c->ret < 0 || tr_read(c, c->args[0], fds, 8) < 0) {
        tr_addr(c, c->args[0]);
    } else {
        tr_puts(c, "[");
        tr_fd(c, fds[0]);
        tr_puts(c, ", ");
        tr_fd(c, fds[1]);
        tr_puts(c, "]");
    }
    if (strcmp(c->name, "pipe2") == 0) {
        tr_arg(c);
        tr_flags(c, open_flags, c->args[1], "O_???");
    }
    return TD_DONE;
}

/* getdents64 (and the old getdents): the entries counted, not listed,
 * as strace without -v. */
static int dec_getdents(struct tcall *c)
{
    if (!c->exiting) {
        dec_fd(c);
        tr_arg(c);
        return TD_EXIT;
    }
    uint32_t reclen_off = strcmp(c->name, "getdents64") == 0 ? 16 : 8;
    if (c->ret < 0 || (uint32_t)c->ret > c->args[2]) {
        tr_addr(c, c->args[1]);
    } else {
        uint32_t n = 0;
        for (uint32_t off = 0; off < (uint32_t)c->ret; n++) {
            uint16_t len;
            if (tr_read(c, c->args[1] + off + reclen_off, &len, 2) < 0 || len == 0)
                break;
            off += len;
        }
        tr_printf(c, "%#x /* %u entries */", c->args[1], n);
    }
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

const struct trace_decoder trace_desc_decoders[] = {
    TD_PROC_DECODERS,
    TD_SIG_DECODERS,
    {"open", dec_open},
    {"openat", dec_openat},
    {"creat", dec_creat},
    {"close", dec_close},
    {"read", dec_read},
    {"write", dec_write},
    {"dup", dec_dup},
    {"dup2", dec_dup2},
    {"dup3", dec_dup2},
    {"chdir", dec_path},
    {"rmdir", dec_path},
    {"unlink", dec_path},
    {"fchdir", dec_fd},
    {"rename", dec_path2},
    {"renameat", dec_renameat},
    {"renameat2", dec_renameat},
    {"unlinkat", dec_unlinkat},
    {"mkdir", dec_mkdir},
    {"mkdirat", dec_mkdirat},
    {"access", dec_access},
    {"faccessat", dec_faccessat},
    {"faccessat2", dec_faccessat},
    {"getcwd", dec_getcwd},
    {"readlink", dec_readlink},
    {"readlinkat", dec_readlink},
    {"stat64", dec_stat64},
    {"lstat64", dec_stat64},
    {"fstat64", dec_stat64},
    {"fstatat64", dec_fstatat64},
    {"statx", dec_statx},
    {"lseek", dec_lseek},
    {"_llseek", dec_llseek},
    {"fcntl", dec_fcntl},
    {"fcntl64", dec_fcntl},
    {"ioctl", dec_ioctl},
    {"pipe", dec_pipe},
    {"pipe2", dec_pipe},
    {"getdents", dec_getdents},
    {"getdents64", dec_getdents},
    {NULL, NULL},
};
