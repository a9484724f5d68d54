/* Path call decoders in strace 6.1's forms (i386 layouts): names and
 * directory descriptors, modes and owners, links, the stat family and
 * statx, directories, umask and truncate. */
#include "trace_desc.h"

#include <string.h>

static const struct xlat at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"},
    {0x200, "AT_REMOVEDIR"},
    {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"},
    {0x8000, "AT_RECURSIVE"},
    {0, NULL},
};
/* faccessat2's own: 0x200 means AT_EACCESS there. */
static const struct xlat faccessat_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"},
    {0x200, "AT_EACCESS"},
    {0x1000, "AT_EMPTY_PATH"},
    {0, NULL},
};

void td_umode(struct tcall *c, uint32_t mode)
{
    tr_printf(c, "%#03o", mode & 0xffff); /* the kernel's umode_t is 16 bits */
}

static const struct xlat file_types[] = {
    {0100000, "S_IFREG"}, {0140000, "S_IFSOCK"},
    {0010000, "S_IFIFO"}, {0120000, "S_IFLNK"},
    {0040000, "S_IFDIR"}, {0060000, "S_IFBLK"},
    {0020000, "S_IFCHR"}, {0, NULL},
};

/* S_IFREG|S_ISUID|0755 as strace's symbolic mode; an unknown type makes
 * the whole mode a number. */
void td_mode(struct tcall *c, uint32_t m)
{
    const char *type = "";
    if (m & 0170000) {
        type = NULL;
        for (const struct xlat *x = file_types; x->name; x++)
            if (x->val == (m & 0170000))
                type = x->name;
    }
    if (!type || trace_opt.xlat != XLAT_ABBREV)
        tr_printf(c, "%#03o", m);
    if (!type || trace_opt.xlat == XLAT_RAW)
        return;
    tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? " /* " : "");
    tr_printf(c, "%s%s%s%s%s%#03o", type, type[0] ? "|" : "", m & 04000 ? "S_ISUID|" : "",
              m & 02000 ? "S_ISGID|" : "", m & 01000 ? "S_ISVTX|" : "", m & ~0177000u);
    tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? " */" : "");
}

/* ---- names ---- */

int td_path(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    return TD_DONE;
}

/* rename, link, symlink: two names. */
int td_path2(struct tcall *c)
{
    td_path(c);
    tr_arg(c);
    tr_path(c, c->args[1]);
    return TD_DONE;
}

/* fd, path: the *at calls' pair. */
static void at_path(struct tcall *c, uint32_t fd, uint32_t path)
{
    tr_arg(c);
    td_dirfd(c, fd);
    tr_arg(c);
    tr_path(c, path);
}

int td_renameat(struct tcall *c)
{
    static const struct xlat rename_flags[] = {{1, "RENAME_NOREPLACE"},
                                               {2, "RENAME_EXCHANGE"},
                                               {4, "RENAME_WHITEOUT"},
                                               {0, NULL}};
    at_path(c, c->args[0], c->args[1]);
    at_path(c, c->args[2], c->args[3]);
    if (strcmp(c->name, "renameat2") == 0) {
        tr_arg(c);
        tr_flags(c, rename_flags, c->args[4], "RENAME_???");
    }
    return TD_DONE;
}

int td_unlinkat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_flags(c, at_flags, c->args[2], "AT_???");
    return TD_DONE;
}

int td_linkat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    at_path(c, c->args[2], c->args[3]);
    tr_arg(c);
    tr_flags(c, at_flags, c->args[4], "AT_???");
    return TD_DONE;
}

/* symlinkat(target, newdirfd, linkpath) */
int td_symlinkat(struct tcall *c)
{
    td_path(c);
    at_path(c, c->args[1], c->args[2]);
    return TD_DONE;
}

/* ---- modes and owners ---- */

/* mkdir, chmod: path, mode. */
int td_path_mode(struct tcall *c)
{
    td_path(c);
    tr_arg(c);
    td_umode(c, c->args[1]);
    return TD_DONE;
}

/* mkdirat, fchmodat: dirfd, path, mode. */
int td_at_mode(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    td_umode(c, c->args[2]);
    return TD_DONE;
}

int td_fd_mode(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    tr_arg(c);
    td_umode(c, c->args[1]);
    return TD_DONE;
}

/* A dev_t as makedev(major, minor), the kernel's split (glibc's
 * gnu_dev_*); -X shows the number. */
static void print_dev(struct tcall *c, uint64_t dev)
{
    uint32_t major = (uint32_t)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff));
    uint32_t minor = (uint32_t)(((dev >> 12) & 0xffffff00) | (dev & 0xff));
    if (trace_opt.xlat != XLAT_ABBREV)
        tr_printf(c, "%#llx", (unsigned long long)dev);
    if (trace_opt.xlat == XLAT_RAW)
        return;
    tr_printf(c,
              trace_opt.xlat == XLAT_VERBOSE ? " /* makedev(%#x, %#x) */"
                                             : "makedev(%#x, %#x)",
              major, minor);
}

/* mknod(path, mode, dev), mknodat(dirfd, path, mode, dev): the device
 * only for device nodes. */
int td_mknod(struct tcall *c)
{
    int at = strcmp(c->name, "mknodat") == 0;
    if (at)
        at_path(c, c->args[0], c->args[1]);
    else
        td_path(c);
    uint32_t mode = c->args[1 + at] & 0xffff;
    tr_arg(c);
    td_mode(c, mode);
    if ((mode & 0170000) == 0020000 || (mode & 0170000) == 0060000) {
        tr_arg(c);
        print_dev(c, c->args[2 + at]);
    }
    return TD_DONE;
}

/* An owner: -1 (no change) by name, at the call's width (the old i386
 * calls take 16-bit ids). */
static void print_id(struct tcall *c, uint32_t id, bool narrow)
{
    if (narrow)
        id = id == 0xffff ? UINT32_MAX : id & 0xffff;
    if (id == UINT32_MAX)
        tr_puts(c, "-1");
    else
        tr_uint(c, id);
}

/* chown, lchown, fchown and their 32-bit-id forms. */
int td_chown(struct tcall *c)
{
    bool narrow = strstr(c->name, "32") == NULL;
    tr_arg(c);
    if (c->name[0] == 'f')
        tr_fd(c, (int32_t)c->args[0]);
    else
        tr_path(c, c->args[0]);
    tr_arg(c);
    print_id(c, c->args[1], narrow);
    tr_arg(c);
    print_id(c, c->args[2], narrow);
    return TD_DONE;
}

int td_fchownat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    print_id(c, c->args[2], false);
    tr_arg(c);
    print_id(c, c->args[3], false);
    tr_arg(c);
    tr_flags(c, at_flags, c->args[4], "AT_???");
    return TD_DONE;
}

static const struct xlat access_modes[] = {
    {0, "F_OK"}, {4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}, {0, NULL}};

int td_access(struct tcall *c)
{
    td_path(c);
    tr_arg(c);
    tr_flags(c, access_modes, c->args[1], "?_OK");
    return TD_DONE;
}

int td_faccessat(struct tcall *c)
{
    at_path(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_flags(c, access_modes, c->args[2], "?_OK");
    if (strcmp(c->name, "faccessat2") == 0) {
        tr_arg(c);
        tr_flags(c, faccessat_flags, c->args[3], "AT_???");
    }
    return TD_DONE;
}

/* umask: the old mask it returns prints in octal too. */
int td_umask(struct tcall *c)
{
    tr_arg(c);
    td_umode(c, c->args[0]);
    c->rv = RV_OCT;
    return TD_DONE;
}

/* truncate/ftruncate take a 32-bit length, the *64 forms a register pair. */
int td_truncate(struct tcall *c)
{
    tr_arg(c);
    if (c->name[0] == 'f')
        tr_fd(c, (int32_t)c->args[0]);
    else
        tr_path(c, c->args[0]);
    tr_arg(c);
    if (strstr(c->name, "64"))
        tr_printf(c, "%llu", (unsigned long long)c->args[2] << 32 | c->args[1]);
    else
        tr_uint(c, c->args[1]);
    return TD_DONE;
}

/* ---- names the kernel writes ---- */

/* getcwd: the path the kernel wrote, whole. */
int td_getcwd(struct tcall *c)
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
int td_readlink(struct tcall *c)
{
    int at = strcmp(c->name, "readlinkat") == 0;
    if (!c->exiting) {
        if (at)
            at_path(c, c->args[0], c->args[1]);
        else
            td_path(c);
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

static uint32_t get32(const unsigned char *b, size_t off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

static uint64_t get64(const unsigned char *b, size_t off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

/* One of the three times: seconds with the date, then nanoseconds. */
static void stat_time(struct tcall *c, const char *name, const unsigned char *b,
                      size_t off)
{
    int32_t sec = (int32_t)get32(b, off);
    uint32_t nsec = get32(b, off + 4);
    tr_printf(c, ", st_%s=%d", name, sec);
    td_date_comment(c, sec, nsec, 9);
    tr_printf(c, ", st_%s_nsec=%u", name, nsec);
}

/* struct stat64 on i386 (96 bytes): what strace shows, all with -v. */
static void print_stat64(struct tcall *c, uint32_t va)
{
    unsigned char b[96];
    if (c->ret < 0 || tr_read(c, va, b, sizeof(b)) < 0) {
        tr_addr(c, va);
        return;
    }
    uint32_t mode = get32(b, 16);
    tr_puts(c, "{");
    if (trace_opt.verbose) {
        tr_puts(c, "st_dev=");
        print_dev(c, get64(b, 0));
        tr_printf(c, ", st_ino=%llu, st_mode=", (unsigned long long)get64(b, 88));
        td_mode(c, mode);
        tr_printf(c, ", st_nlink=%u, st_uid=%u, st_gid=%u, st_blksize=%u, st_blocks=%llu",
                  get32(b, 20), get32(b, 24), get32(b, 28), get32(b, 52),
                  (unsigned long long)get64(b, 56));
    } else {
        tr_puts(c, "st_mode=");
        td_mode(c, mode);
    }
    uint32_t type = mode & 0170000;
    if (type == 0020000 || type == 0060000) {
        tr_puts(c, ", st_rdev=");
        print_dev(c, get64(b, 32));
    } else {
        tr_printf(c, ", st_size=%llu", (unsigned long long)get64(b, 44));
    }
    if (!trace_opt.verbose) {
        tr_puts(c, ", ...}");
        return;
    }
    stat_time(c, "atime", b, 64);
    stat_time(c, "mtime", b, 72);
    stat_time(c, "ctime", b, 80);
    tr_puts(c, "}");
}

/* stat64/lstat64(path, buf), fstat64(fd, buf): the buffer at exit. */
int td_stat64(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        if (c->name[0] == 'f')
            tr_fd(c, (int32_t)c->args[0]);
        else
            tr_path(c, c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    print_stat64(c, c->args[1]);
    return TD_DONE;
}

int td_fstatat64(struct tcall *c)
{
    if (!c->exiting) {
        at_path(c, c->args[0], c->args[1]);
        tr_arg(c);
        return TD_EXIT;
    }
    print_stat64(c, c->args[2]);
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
enum {
    STATX_NLINK = 0x4,
    STATX_UID = 0x8,
    STATX_GID = 0x10,
    STATX_ATIME = 0x20,
    STATX_MTIME = 0x40,
    STATX_CTIME = 0x80,
    STATX_INO = 0x100,
    STATX_SIZE = 0x200,
    STATX_BLOCKS = 0x400,
    STATX_BTIME = 0x800,
    STATX_MNT_ID = 0x1000,
    STATX_DIOALIGN = 0x2000,
};

static const struct xlat statx_sync[] = {{0, "AT_STATX_SYNC_AS_STAT"},
                                         {0x2000, "AT_STATX_FORCE_SYNC"},
                                         {0x4000, "AT_STATX_DONT_SYNC"},
                                         {0, NULL}};

/* The sync type (two bits, AT_STATX_SYNC_AS_STAT when 0), then the other
 * AT_* flags: strace prints them as two flag sets joined by "|" (so with
 * -X raw a zero sync type leaves "|0x1800"). */
static void statx_flags(struct tcall *c, uint32_t f)
{
    uint32_t sync = f & 0x6000, rest = f & ~0x6000u;
    if (sync == 0 && trace_opt.xlat != XLAT_RAW)
        tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? "0 /* AT_STATX_SYNC_AS_STAT */"
                                                  : "AT_STATX_SYNC_AS_STAT");
    else
        td_flags_nodflt(c, statx_sync, sync);
    if (rest) {
        tr_puts(c, "|");
        td_flags_nodflt(c, at_flags, rest);
    }
}

/* A statx timestamp {tv_sec, tv_nsec} with its date. */
static void statx_time(struct tcall *c, const char *name, const unsigned char *b,
                       size_t off)
{
    int64_t sec = (int64_t)get64(b, off);
    uint32_t nsec = get32(b, off + 8);
    tr_printf(c, ", %s={tv_sec=%lld, tv_nsec=%u}", name, (long long)sec, nsec);
    td_date_comment(c, sec, nsec, 9);
}

/* The fields past the mode and size that -v adds. */
static void statx_verbose(struct tcall *c, const unsigned char *b, uint32_t mask)
{
    if (mask & STATX_BLOCKS)
        tr_printf(c, ", stx_blocks=%llu", (unsigned long long)get64(b, 48));
    tr_puts(c, ", stx_attributes_mask=");
    tr_flags(c, statx_attrs, get64(b, 56), "STATX_ATTR_???");
    if (mask & STATX_ATIME)
        statx_time(c, "stx_atime", b, 64);
    if (mask & STATX_BTIME)
        statx_time(c, "stx_btime", b, 80);
    if (mask & STATX_CTIME)
        statx_time(c, "stx_ctime", b, 96);
    if (mask & STATX_MTIME)
        statx_time(c, "stx_mtime", b, 112);
    tr_printf(
        c, ", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, stx_dev_minor=%u",
        get32(b, 128), get32(b, 132), get32(b, 136), get32(b, 140));
    if (mask & STATX_MNT_ID)
        tr_printf(c, ", stx_mnt_id=%#llx", (unsigned long long)get64(b, 144));
    if (mask & STATX_DIOALIGN)
        tr_printf(c, ", stx_dio_mem_align=%u, stx_dio_offset_align=%u", get32(b, 152),
                  get32(b, 156));
}

/* statx(dirfd, path, flags, mask, buf): the fields the kernel filled, as
 * its mask says. */
int td_statx(struct tcall *c)
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
    uint32_t mask = get32(b, 0);
    bool v = trace_opt.verbose;
    tr_puts(c, "{stx_mask=");
    tr_flags(c, statx_masks, mask, "STATX_???");
    if (v)
        tr_printf(c, ", stx_blksize=%u", get32(b, 4));
    tr_puts(c, ", stx_attributes=");
    tr_flags(c, statx_attrs, get64(b, 8), "STATX_ATTR_???");
    if (v && (mask & STATX_NLINK))
        tr_printf(c, ", stx_nlink=%u", get32(b, 16));
    if (v && (mask & STATX_UID))
        tr_printf(c, ", stx_uid=%u", get32(b, 20));
    if (v && (mask & STATX_GID))
        tr_printf(c, ", stx_gid=%u", get32(b, 24));
    if (mask & 3) { /* STATX_TYPE, STATX_MODE */
        tr_puts(c, ", stx_mode=");
        td_mode(c, b[28] | (uint32_t)b[29] << 8);
    }
    if (v && (mask & STATX_INO))
        tr_printf(c, ", stx_ino=%llu", (unsigned long long)get64(b, 32));
    if (mask & STATX_SIZE)
        tr_printf(c, ", stx_size=%llu", (unsigned long long)get64(b, 40));
    if (v)
        statx_verbose(c, b, mask);
    tr_puts(c, v ? "}" : ", ...}");
    return TD_DONE;
}

/* ---- directories ---- */

static const struct xlat dirent_types[] = {
    {0, "DT_UNKNOWN"}, {1, "DT_FIFO"}, {2, "DT_CHR"},   {4, "DT_DIR"},  {6, "DT_BLK"},
    {8, "DT_REG"},     {10, "DT_LNK"}, {12, "DT_SOCK"}, {14, "DT_WHT"}, {0, NULL},
};

/* One entry of the buffer at va (-v): linux_dirent64 {u64 ino, s64 off,
 * u16 reclen, u8 type, name} or the old linux_dirent {u32 ino, u32 off,
 * u16 reclen, name, NUL, u8 type}. Its length, 0 when unreadable. */
static uint32_t dirent(struct tcall *c, uint32_t va, uint32_t left, bool wide)
{
    uint32_t head = wide ? 19 : 10;
    unsigned char h[19];
    if (left < head || tr_read(c, va, h, head) < 0)
        return 0;
    uint16_t reclen;
    memcpy(&reclen, h + (wide ? 16 : 8), 2);
    if (reclen > left || reclen < head + (wide ? 0 : 1))
        return 0;
    uint8_t type = h[18];
    if (wide)
        tr_printf(c, "{d_ino=%llu, d_off=%llu", (unsigned long long)get64(h, 0),
                  (unsigned long long)get64(h, 8));
    else
        tr_printf(c, "{d_ino=%u, d_off=%u", get32(h, 0), get32(h, 4));
    tr_printf(c, ", d_reclen=%u", reclen);
    uint32_t namelen = reclen - head - (wide ? 0 : 1);
    if (wide) {
        tr_puts(c, ", d_type=");
        tr_xval(c, dirent_types, type, "DT_???");
    } else if (tr_read(c, va + reclen - 1, &type, 1) < 0) {
        return 0;
    }
    if (namelen) {
        tr_puts(c, ", d_name=");
        tr_path(c, va + head);
    }
    if (!wide) {
        tr_puts(c, ", d_type=");
        tr_xval(c, dirent_types, type, "DT_???");
    }
    tr_puts(c, "}");
    return reclen;
}

/* getdents64 and the old getdents: the entries counted, or listed with -v. */
int td_getdents(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    bool wide = strcmp(c->name, "getdents64") == 0;
    uint32_t va = c->args[1], len = (uint32_t)c->ret;
    if (c->ret < 0 || len > c->args[2]) {
        tr_addr(c, va);
    } else if (trace_opt.verbose) {
        tr_puts(c, "[");
        for (uint32_t off = 0, n; off < len; off += n) {
            tr_puts(c, off ? ", " : "");
            if ((n = dirent(c, va + off, len - off, wide)) == 0) {
                tr_printf(c, "... /* %#x */", va + off);
                break;
            }
        }
        tr_puts(c, "]");
    } else {
        uint32_t n = 0;
        for (uint32_t off = 0; off < len; n++) {
            uint16_t reclen;
            if (tr_read(c, va + off + (wide ? 16 : 8), &reclen, 2) < 0 || reclen == 0)
                break;
            off += reclen;
        }
        tr_printf(c, "%#x /* %u entries */", va, n);
    }
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}
