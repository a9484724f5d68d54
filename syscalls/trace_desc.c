/* Decoders of the commonest file and process calls, in strace 6.1's forms
 * (i386 values): execve, open/openat/creat, read/write, close, exit. The
 * other calls print through their handlers' argument kinds (trace.c). */
#include "trace.h"

#include <string.h>

#define AT_FDCWD (-100)

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

static int dec_exit(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    return TD_DONE;
}

/* argv: its strings, "..." after -s of them (unless -v). */
static void print_argv(struct tcall *c, uint32_t va)
{
    uint32_t p;
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (tr_read(c, va, &p, 4) < 0) {
        tr_addr(c, va);
        return;
    }
    uint32_t max = trace_opt.strsize > 0 ? (uint32_t)trace_opt.strsize : 32;
    tr_puts(c, "[");
    for (uint32_t i = 0; i < 65536; i++) {
        if (tr_read(c, va + 4 * i, &p, 4) < 0 || p == 0)
            break;
        if (i)
            tr_puts(c, ", ");
        if (!trace_opt.verbose && i >= max) {
            tr_puts(c, "...");
            break;
        }
        tr_str(c, p, -1);
    }
    tr_puts(c, "]");
}

/* envp: strace shows only its address and length unless -v. */
static void print_envp(struct tcall *c, uint32_t va)
{
    if (trace_opt.verbose || va == 0) {
        print_argv(c, va);
        return;
    }
    uint32_t n = 0, p;
    while (n < 65536 && tr_read(c, va + 4 * n, &p, 4) == 0 && p)
        n++;
    tr_printf(c, "%#x /* %u var%s */", va, n, n == 1 ? "" : "s");
}

static int dec_execve(struct tcall *c)
{
    tr_arg(c);
    tr_path(c, c->args[0]);
    tr_arg(c);
    print_argv(c, c->args[1]);
    tr_arg(c);
    print_envp(c, c->args[2]);
    return TD_DONE;
}

const struct trace_decoder trace_desc_decoders[] = {
    {"execve", dec_execve}, {"open", dec_open},   {"openat", dec_openat},
    {"creat", dec_creat},   {"close", dec_close}, {"read", dec_read},
    {"write", dec_write},   {"exit", dec_exit},   {"exit_group", dec_exit},
    {NULL, NULL},
};
