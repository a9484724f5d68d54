/* fcntl and flock in strace 6.1's forms (i386): the commands, their
 * arguments (descriptor and status flags, lock structures, owners,
 * signals, leases, seals) and the results some of them return. */
#include "trace_desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    F_DUPFD,
    F_GETFD,
    F_SETFD,
    F_GETFL,
    F_SETFL,
    F_GETLK,
    F_SETLK,
    F_SETLKW,
    F_SETOWN,
    F_GETOWN,
    F_SETSIG,
    F_GETSIG,
    F_GETLK64,
    F_SETLK64,
    F_SETLKW64,
    F_SETOWN_EX,
    F_GETOWN_EX,
    F_GETOWNER_UIDS,
    F_OFD_GETLK = 36,
    F_OFD_SETLK,
    F_OFD_SETLKW,
    F_SETLEASE = 1024,
    F_GETLEASE,
    F_NOTIFY,
    F_CANCELLK = 1029,
    F_DUPFD_CLOEXEC,
    F_SETPIPE_SZ,
    F_GETPIPE_SZ,
    F_ADD_SEALS,
    F_GET_SEALS,
};

static const struct xlat fcntl_cmds[] = {
    {F_DUPFD, "F_DUPFD"},
    {F_GETFD, "F_GETFD"},
    {F_SETFD, "F_SETFD"},
    {F_GETFL, "F_GETFL"},
    {F_SETFL, "F_SETFL"},
    {F_GETLK, "F_GETLK"},
    {F_SETLK, "F_SETLK"},
    {F_SETLKW, "F_SETLKW"},
    {F_SETOWN, "F_SETOWN"},
    {F_GETOWN, "F_GETOWN"},
    {F_SETSIG, "F_SETSIG"},
    {F_GETSIG, "F_GETSIG"},
    {F_GETLK64, "F_GETLK64"},
    {F_SETLK64, "F_SETLK64"},
    {F_SETLKW64, "F_SETLKW64"},
    {F_SETOWN_EX, "F_SETOWN_EX"},
    {F_GETOWN_EX, "F_GETOWN_EX"},
    {F_GETOWNER_UIDS, "F_GETOWNER_UIDS"},
    {F_OFD_GETLK, "F_OFD_GETLK"},
    {F_OFD_SETLK, "F_OFD_SETLK"},
    {F_OFD_SETLKW, "F_OFD_SETLKW"},
    {F_SETLEASE, "F_SETLEASE"},
    {F_GETLEASE, "F_GETLEASE"},
    {F_NOTIFY, "F_NOTIFY"},
    {F_CANCELLK, "F_CANCELLK"},
    {F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"},
    {F_SETPIPE_SZ, "F_SETPIPE_SZ"},
    {F_GETPIPE_SZ, "F_GETPIPE_SZ"},
    {F_ADD_SEALS, "F_ADD_SEALS"},
    {F_GET_SEALS, "F_GET_SEALS"},
    {0, NULL},
};
static const struct xlat fd_flags[] = {{1, "FD_CLOEXEC"}, {0, NULL}};
static const struct xlat lock_types[] = {
    {0, "F_RDLCK"}, {1, "F_WRLCK"}, {2, "F_UNLCK"},
    {4, "F_EXLCK"}, {8, "F_SHLCK"}, {0, NULL},
};
static const struct xlat notify_flags[] = {
    {1, "DN_ACCESS"},
    {2, "DN_MODIFY"},
    {4, "DN_CREATE"},
    {8, "DN_DELETE"},
    {16, "DN_RENAME"},
    {32, "DN_ATTRIB"},
    {0x80000000, "DN_MULTISHOT"},
    {0, NULL},
};
static const struct xlat seals[] = {
    {1, "F_SEAL_SEAL"},  {2, "F_SEAL_SHRINK"},        {4, "F_SEAL_GROW"},
    {8, "F_SEAL_WRITE"}, {16, "F_SEAL_FUTURE_WRITE"}, {0, NULL},
};
static const struct xlat owner_types[] = {
    {0, "F_OWNER_TID"}, {1, "F_OWNER_PID"}, {2, "F_OWNER_PGRP"}, {0, NULL}};

/* A result's meaning for rv_extra, " (flags O_RDWR)"; the value in hex. */
static void rv_text(struct tcall *c, const char *prefix, const struct xlat *x)
{
    struct tcall tmp = {.t = c->t};
    enum trace_xlat saved = trace_opt.xlat;
    if (!x) /* strace's note of open flags is by name whatever -X says */
        trace_opt.xlat = XLAT_ABBREV;
    tr_puts(&tmp, "");
    if (x)
        tr_flags(&tmp, x, (uint32_t)c->ret, "");
    else
        td_open_flags(&tmp, (uint32_t)c->ret);
    trace_opt.xlat = saved;
    snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s%s)", prefix, tmp.text);
    free(tmp.text);
    c->rv = RV_HEX;
}

/* struct flock (i386: short type, whence; 32-bit start, len, pid) or
 * flock64 (64-bit start and len, packed at 4-byte alignment). */
static void print_flock(struct tcall *c, uint32_t va, bool wide, bool getlk)
{
    unsigned char b[24];
    if (c->exiting && c->ret < 0) {
        tr_addr(c, va);
        return;
    }
    if (tr_read(c, va, b, wide ? 24 : 16) < 0) {
        tr_addr(c, va);
        return;
    }
    int16_t type, whence;
    int64_t start, len;
    int32_t pid, s32, l32;
    memcpy(&type, b, 2);
    memcpy(&whence, b + 2, 2);
    if (wide) {
        memcpy(&start, b + 4, 8);
        memcpy(&len, b + 12, 8);
        memcpy(&pid, b + 20, 4);
    } else {
        memcpy(&s32, b + 4, 4);
        memcpy(&l32, b + 8, 4);
        memcpy(&pid, b + 12, 4);
        start = s32;
        len = l32;
    }
    tr_puts(c, "{l_type=");
    tr_xval(c, lock_types, (uint16_t)type, "F_???");
    tr_puts(c, ", l_whence=");
    tr_xval(c, td_whences, (uint16_t)whence, "SEEK_???");
    tr_printf(c, ", l_start=%lld, l_len=%lld", (long long)start, (long long)len);
    if (getlk)
        tr_printf(c, ", l_pid=%d", pid);
    tr_puts(c, "}");
}

static void print_owner_ex(struct tcall *c, uint32_t va)
{
    int32_t o[2];
    if ((c->exiting && c->ret < 0) || tr_read(c, va, o, 8) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_puts(c, "{type=");
    tr_xval(c, owner_types, (uint32_t)o[0], "F_OWNER_???");
    tr_printf(c, ", pid=%d}", o[1]);
}

/* The commands whose argument or result is read at exit. */
static int fcntl_exit(struct tcall *c, uint32_t cmd)
{
    bool ok = c->ret >= 0;
    switch (cmd) {
    case F_GETFD:
        if (ok && c->ret != 0)
            rv_text(c, "flags ", fd_flags);
        break;
    case F_GETFL:
        if (ok)
            rv_text(c, "flags ", NULL);
        break;
    case F_GETLEASE:
        if (ok) {
            const char *n = NULL;
            for (const struct xlat *x = lock_types; x->name; x++)
                if (x->val == (uint64_t)c->ret)
                    n = x->name;
            c->rv = RV_HEX;
            if (n)
                snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)", n);
        }
        break;
    case F_GET_SEALS:
        if (ok && c->ret != 0)
            rv_text(c, "seals ", seals);
        break;
    case F_GETSIG:
        if (ok && c->ret != 0 && trace_signal_name((int)c->ret))
            snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)",
                     trace_signal_name((int)c->ret));
        break;
    case F_GETOWN_EX:
        tr_arg(c);
        print_owner_ex(c, c->args[2]);
        break;
    default: /* the lock queries */
        tr_arg(c);
        print_flock(c, c->args[2], cmd != F_GETLK, true);
        break;
    }
    return TD_DONE;
}

/* The argument as the command reads it; TD_EXIT for what the kernel
 * writes back. */
static int fcntl_arg(struct tcall *c, uint32_t cmd, bool is64)
{
    uint32_t a = c->args[2];
    switch (cmd) {
    case F_GETFD:
    case F_GETFL:
    case F_GETLEASE:
    case F_GET_SEALS:
    case F_GETSIG:
    case F_GETLK:
    case F_OFD_GETLK:
    case F_GETOWN_EX:
        return TD_EXIT;
    case F_GETLK64:
    case F_SETLK64:
    case F_SETLKW64:
        if (!is64)
            break;
        if (cmd == F_GETLK64)
            return TD_EXIT;
        tr_arg(c);
        print_flock(c, a, true, false);
        return TD_DONE;
    case F_GETOWN:
    case F_GETPIPE_SZ:
        return TD_DONE;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        c->rv = RV_FD;
        /* fall through */
    case F_SETOWN:
    case F_SETPIPE_SZ:
        tr_arg(c);
        tr_int(c, (int32_t)a);
        return TD_DONE;
    case F_SETFD:
        tr_arg(c);
        tr_flags(c, fd_flags, a, "FD_???");
        return TD_DONE;
    case F_SETFL:
        tr_arg(c);
        td_open_flags(c, a);
        return TD_DONE;
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        tr_arg(c);
        print_flock(c, a, cmd >= F_OFD_SETLK, false);
        return TD_DONE;
    case F_SETOWN_EX:
        tr_arg(c);
        print_owner_ex(c, a);
        return TD_DONE;
    case F_NOTIFY:
        tr_arg(c);
        tr_flags(c, notify_flags, a, "DN_???");
        return TD_DONE;
    case F_SETLEASE:
        tr_arg(c);
        tr_xval(c, lock_types, a, "F_???");
        return TD_DONE;
    case F_ADD_SEALS:
        tr_arg(c);
        tr_flags(c, seals, a, "F_SEAL_???");
        return TD_DONE;
    case F_SETSIG:
        tr_arg(c);
        td_signal(c, a);
        return TD_DONE;
    }
    tr_arg(c);
    tr_hex(c, a);
    return TD_DONE;
}

/* fcntl and fcntl64 (which alone knows the *LK64 commands). */
int td_fcntl(struct tcall *c)
{
    uint32_t cmd = c->args[1];
    if (c->exiting)
        return fcntl_exit(c, cmd);
    td_fd(c);
    tr_arg(c);
    tr_xval(c, fcntl_cmds, cmd, "F_???");
    return fcntl_arg(c, cmd, strcmp(c->name, "fcntl64") == 0);
}

static const struct xlat flock_ops[] = {
    {1, "LOCK_SH"},    {2, "LOCK_EX"},      {4, "LOCK_NB"},
    {8, "LOCK_UN"},    {32, "LOCK_MAND"},   {192, "LOCK_RW"},
    {64, "LOCK_READ"}, {128, "LOCK_WRITE"}, {0, NULL},
};

int td_flock(struct tcall *c)
{
    td_fd(c);
    tr_arg(c);
    tr_flags(c, flock_ops, c->args[1], "LOCK_???");
    return TD_DONE;
}
