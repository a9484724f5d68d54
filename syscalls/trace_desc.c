/* Descriptor call decoders in strace 6.1's forms (i386 values): open,
 * read/write and their positioned and vector forms, seeks, dup, pipe; and
 * trace_desc_decoders, the table of this file's decoders and those of
 * the other files trace_desc.h names. */
#include "trace_desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct xlat open_access[] = {
    {0, "O_RDONLY"}, {1, "O_WRONLY"}, {2, "O_RDWR"}, {3, "O_ACCMODE"}, {0, NULL},
};
/* In strace's order, which the printed flags follow: a value holding
 * another's bits (O_SYNC, O_TMPFILE) comes before it. */
static const struct xlat open_flags[] = {
    {0100, "O_CREAT"},          {0200, "O_EXCL"},
    {0400, "O_NOCTTY"},         {01000, "O_TRUNC"},
    {02000, "O_APPEND"},        {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},       {04000000, "__O_SYNC"},
    {010000, "O_DSYNC"},        {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"},   {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},    {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},      {020200000, "O_TMPFILE"},
    {020000000, "__O_TMPFILE"}, {0200000, "O_DIRECTORY"},
    {020000, "FASYNC"},         {0, NULL},
};
#define O_CREAT     0100u
#define __O_TMPFILE 020000000u

/* The access mode, then the flags, as strace prints open's flags. */
void td_open_flags(struct tcall *c, uint32_t flags)
{
    if (trace_opt.xlat == XLAT_RAW) {
        tr_printf(c, "%#x", flags);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%#x /* ", flags);
    tr_puts(c, open_access[flags & 3].name); /* every mode has a name */
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

void td_flags_nodflt(struct tcall *c, const struct xlat *x, uint32_t v)
{
    uint32_t named = 0;
    for (const struct xlat *e = x; e->name; e++)
        if (e->val && (v & e->val) == e->val)
            named |= (uint32_t)e->val;
    if (v == 0)
        return;
    if (trace_opt.xlat == XLAT_RAW || named == 0) {
        tr_printf(c, "%#x", v);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%#x /* ", v);
    const char *sep = "";
    for (; x->name; x++) {
        if (x->val && (v & x->val) == x->val) {
            tr_printf(c, "%s%s", sep, x->name);
            v &= ~(uint32_t)x->val;
            sep = "|";
        }
    }
    if (v)
        tr_printf(c, "|%#x", v);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

void td_dirfd(struct tcall *c, uint32_t fd)
{
    if ((int32_t)fd != -100) {
        tr_fd(c, (int32_t)fd);
        return;
    }
    if (trace_opt.xlat != XLAT_ABBREV)
        tr_int(c, -100);
    if (trace_opt.xlat != XLAT_RAW)
        tr_puts(c, trace_opt.xlat == XLAT_VERBOSE ? " /* AT_FDCWD */" : "AT_FDCWD");
    char cwd[4096];
    ssize_t n;
    /* -y: the directory it stands for (the guest's is relic's own) */
    if (trace_opt.decode_fds &&
        (n = readlink("/proc/self/cwd", cwd, sizeof(cwd) - 1)) >= 0)
        tr_printf(c, "<%.*s>", (int)n, cwd);
}

/* ---- open, close ---- */

/* The flags, and the mode only when the call can create a file. */
static void open_tail(struct tcall *c, uint32_t flags, uint32_t mode)
{
    tr_arg(c);
    td_open_flags(c, flags);
    if (flags & (O_CREAT | __O_TMPFILE)) {
        tr_arg(c);
        td_umode(c, mode);
    }
    c->rv = RV_FD;
}

int td_open(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    open_tail(c, c->args[1], c->args[2]);
    return TD_DONE;
}

int td_openat(struct tcall *c)
{
    tr_arg(c);
    td_dirfd(c, c->args[0]);
    tr_arg(c);
    tr_path(c, c->args[1]);
    open_tail(c, c->args[2], c->args[3]);
    return TD_DONE;
}

int td_creat(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    tr_arg(c);
    td_umode(c, c->args[1]);
    c->rv = RV_FD;
    return TD_DONE;
}

/* close, fsync, fchdir and the rest whose one argument is a descriptor. */
int td_fd(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    return TD_DONE;
}

/* ---- read, write ---- */

/* i386 passes a 64-bit offset as two registers, low word first. */
static int64_t arg64(const struct tcall *c, int lo)
{
    return (int64_t)(((uint64_t)c->args[lo + 1] << 32) | c->args[lo]);
}

/* The buffer a call filled: its address when the call failed. */
static void filled(struct tcall *c, uint32_t va)
{
    if (c->ret < 0)
        tr_addr(c, va);
    else
        tr_str(c, va, c->ret);
}

/* read: the buffer is printed once the kernel has filled it (an
 * unfinished line ends "read(3, "). */
int td_read(struct tcall *c)
{
    if (!c->exiting) {
        td_fd(c);
        tr_arg(c);
        return TD_EXIT;
    }
    filled(c, c->args[1]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

int td_write(struct tcall *c)
{
    td_fd(c);
    tr_arg(c);
    tr_str(c, c->args[1], (long)c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

int td_pread(struct tcall *c)
{
    if (td_read(c) == TD_EXIT)
        return TD_EXIT;
    tr_arg(c);
    tr_printf(c, "%lld", (long long)arg64(c, 3));
    return TD_DONE;
}

int td_pwrite(struct tcall *c)
{
    td_write(c);
    tr_arg(c);
    tr_printf(c, "%lld", (long long)arg64(c, 3));
    return TD_DONE;
}

/* An iovec array of n entries: each buffer as a string, the strings
 * together cut to data bytes (what a read returned; -1: no cut), only
 * addresses when addr_only; past -s entries "..." (unless -v). */
static void print_iov(struct tcall *c, uint32_t va, uint32_t n, long data, bool addr_only)
{
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (n == 0) {
        tr_puts(c, "[]");
        return;
    }
    if ((uint64_t)va + (uint64_t)n * 8 > 0x100000000ull) {
        tr_addr(c, va);
        return;
    }
    uint32_t max = trace_opt.strsize > 0 ? (uint32_t)trace_opt.strsize : 32;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t iov[2];
        if (i)
            tr_puts(c, ", ");
        if (tr_read(c, va + 8 * i, iov, 8) < 0) {
            if (i == 0) {
                tr_addr(c, va);
                return;
            }
            tr_printf(c, "... /* %#x */", va + 8 * i);
            break;
        }
        if (i == 0)
            tr_puts(c, "[");
        if (!trace_opt.verbose && i >= max) {
            tr_puts(c, "...");
            break;
        }
        tr_puts(c, "{iov_base=");
        long len = iov[1];
        if (data >= 0 && len > data)
            len = data;
        if (data >= 0)
            data -= len;
        if (addr_only)
            tr_addr(c, iov[0]);
        else
            tr_str(c, iov[0], len);
        tr_printf(c, ", iov_len=%u}", iov[1]);
    }
    tr_puts(c, "]");
}

static const struct xlat rwf_flags[] = {
    {1, "RWF_HIPRI"},  {2, "RWF_DSYNC"},   {4, "RWF_SYNC"},
    {8, "RWF_NOWAIT"}, {16, "RWF_APPEND"}, {0, NULL},
};

/* The positioned forms' offset and preadv2/pwritev2's flags. */
static void iov_tail(struct tcall *c)
{
    const char *n = c->name;
    if (strncmp(n, "pread", 5) != 0 && strncmp(n, "pwrite", 6) != 0)
        return;
    tr_arg(c);
    tr_printf(c, "%lld", (long long)arg64(c, 3));
    if (n[strlen(n) - 1] == '2') {
        tr_arg(c);
        tr_flags(c, rwf_flags, c->args[5], "RWF_???");
    }
}

/* readv, preadv, preadv2: the buffers at exit, cut to what was read. */
int td_readv(struct tcall *c)
{
    if (!c->exiting) {
        td_fd(c);
        tr_arg(c);
        return TD_EXIT;
    }
    print_iov(c, c->args[1], c->args[2], c->ret < 0 ? 0 : c->ret, c->ret < 0);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    iov_tail(c);
    return TD_DONE;
}

int td_writev(struct tcall *c)
{
    td_fd(c);
    tr_arg(c);
    print_iov(c, c->args[1], c->args[2], -1, false);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    iov_tail(c);
    return TD_DONE;
}

/* ---- seeks ---- */

const struct xlat td_whences[] = {
    {0, "SEEK_SET"},  {1, "SEEK_CUR"},  {2, "SEEK_END"},
    {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}, {0, NULL},
};

int td_lseek(struct tcall *c)
{
    td_fd(c);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[1]);
    tr_arg(c);
    tr_xval(c, td_whences, c->args[2], "SEEK_???");
    return TD_DONE;
}

/* _llseek(fd, high, low, result, whence): the offset whole, the result
 * the kernel stored as [N] at exit. */
int td_llseek(struct tcall *c)
{
    if (!c->exiting) {
        td_fd(c);
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
    tr_xval(c, td_whences, c->args[4], "SEEK_???");
    return TD_DONE;
}

/* ---- dup, pipe ---- */

int td_dup(struct tcall *c)
{
    td_fd(c);
    c->rv = RV_FD;
    return TD_DONE;
}

int td_dup2(struct tcall *c)
{
    td_dup(c);
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[1]);
    if (strcmp(c->name, "dup3") == 0) {
        tr_arg(c);
        tr_flags(c, open_flags, c->args[2], "O_???");
    }
    return TD_DONE;
}

/* pipe, pipe2: the two descriptors the kernel stored, at exit. */
int td_pipe(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    int32_t fds[2];
    if (c->ret < 0 || tr_read(c, c->args[0], fds, 8) < 0) {
        tr_addr(c, c->args[0]);
    } else {
        /* an array like any other: -s bounds its entries */
        int max = trace_opt.verbose ? 2 : trace_opt.strsize;
        for (int i = 0; i < 2; i++) {
            tr_puts(c, i ? ", " : "[");
            if (i >= max) {
                tr_puts(c, "...");
                break;
            }
            tr_fd(c, fds[i]);
        }
        tr_puts(c, "]");
    }
    if (strcmp(c->name, "pipe2") == 0) {
        tr_arg(c);
        tr_flags(c, open_flags, c->args[1], "O_???");
    }
    return TD_DONE;
}

/* Every decoder of trace_desc.h, by the names the syscall table uses. */
const struct trace_decoder trace_desc_decoders[] = {
    /* descriptors */
    {"open", td_open},
    {"openat", td_openat},
    {"creat", td_creat},
    {"close", td_fd},
    {"fsync", td_fd},
    {"fdatasync", td_fd},
    {"fchdir", td_fd},
    {"syncfs", td_fd},
    {"read", td_read},
    {"write", td_write},
    {"pread64", td_pread},
    {"pwrite64", td_pwrite},
    {"readv", td_readv},
    {"writev", td_writev},
    {"preadv", td_readv},
    {"pwritev", td_writev},
    {"preadv2", td_readv},
    {"pwritev2", td_writev},
    {"lseek", td_lseek},
    {"_llseek", td_llseek},
    {"dup", td_dup},
    {"dup2", td_dup2},
    {"dup3", td_dup2},
    {"pipe", td_pipe},
    {"pipe2", td_pipe},
    {"fcntl", td_fcntl},
    {"fcntl64", td_fcntl},
    {"flock", td_flock},
    {"ioctl", td_ioctl},
    /* paths */
    {"chdir", td_path},
    {"chroot", td_path},
    {"rmdir", td_path},
    {"unlink", td_path},
    {"rename", td_path2},
    {"link", td_path2},
    {"symlink", td_path2},
    {"renameat", td_renameat},
    {"renameat2", td_renameat},
    {"unlinkat", td_unlinkat},
    {"linkat", td_linkat},
    {"symlinkat", td_symlinkat},
    {"mkdir", td_path_mode},
    {"chmod", td_path_mode},
    {"mkdirat", td_at_mode},
    {"fchmodat", td_at_mode},
    {"fchmod", td_fd_mode},
    {"mknod", td_mknod},
    {"mknodat", td_mknod},
    {"chown", td_chown},
    {"lchown", td_chown},
    {"fchown", td_chown},
    {"chown32", td_chown},
    {"lchown32", td_chown},
    {"fchown32", td_chown},
    {"fchownat", td_fchownat},
    {"access", td_access},
    {"faccessat", td_faccessat},
    {"faccessat2", td_faccessat},
    {"umask", td_umask},
    {"truncate", td_truncate},
    {"truncate64", td_truncate},
    {"ftruncate", td_truncate},
    {"ftruncate64", td_truncate},
    {"getcwd", td_getcwd},
    {"readlink", td_readlink},
    {"readlinkat", td_readlink},
    {"stat64", td_stat64},
    {"lstat64", td_stat64},
    {"fstat64", td_stat64},
    {"fstatat64", td_fstatat64},
    {"statx", td_statx},
    {"getdents", td_getdents},
    {"getdents64", td_getdents},
    /* processes */
    {"execve", td_execve},
    {"exit", td_exit},
    {"exit_group", td_exit},
    {"clone", td_clone},
    {"fork", td_none},
    {"vfork", td_none},
    {"wait4", td_wait4},
    {"waitpid", td_wait4},
    {"kill", td_kill},
    {"tkill", td_kill},
    {"tgkill", td_tgkill},
    {"set_thread_area", td_set_thread_area},
    {"get_thread_area", td_get_thread_area},
    {"set_tid_address", td_addr1},
    {"set_robust_list", td_robust},
    {"rseq", td_rseq},
    {"getrlimit", td_getrlimit},
    {"ugetrlimit", td_getrlimit},
    {"setrlimit", td_setrlimit},
    {"prlimit64", td_prlimit64},
    {"prctl", td_prctl},
    {"uname", td_uname},
    {"getrandom", td_getrandom},
    {"sched_yield", td_none},
    /* time */
    {"nanosleep", td_nanosleep},
    {"clock_nanosleep", td_clock_nanosleep},
    {"clock_nanosleep_time64", td_clock_nanosleep},
    {"clock_gettime", td_clock_gettime},
    {"clock_gettime64", td_clock_gettime},
    {"clock_getres", td_clock_gettime},
    {"clock_getres_time64", td_clock_gettime},
    {"clock_settime", td_clock_settime},
    {"clock_settime64", td_clock_settime},
    {"gettimeofday", td_gettimeofday},
    {"settimeofday", td_settimeofday},
    {"time", td_time},
    {"getitimer", td_getitimer},
    {"setitimer", td_setitimer},
    {"futex", td_futex},
    {"futex_time64", td_futex},
    /* signals */
    {"rt_sigaction", td_rt_sigaction},
    {"sigaction", td_sigaction},
    {"signal", td_signal_call},
    {"rt_sigprocmask", td_rt_sigprocmask},
    {"sigprocmask", td_sigprocmask},
    {"rt_sigsuspend", td_rt_sigsuspend},
    {"sigsuspend", td_sigsuspend},
    {"rt_sigpending", td_rt_sigpending},
    {"sigpending", td_sigpending},
    {"rt_sigtimedwait", td_rt_sigtimedwait},
    {"rt_sigtimedwait_time64", td_rt_sigtimedwait},
    {"sigaltstack", td_sigaltstack},
    {"sigreturn", td_sigreturn},
    {"rt_sigreturn", td_rt_sigreturn},
    {NULL, NULL},
};
