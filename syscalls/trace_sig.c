/* Signal call decoders in strace 6.1's forms (i386): rt_sigaction,
 * rt_sigprocmask, sigreturn and rt_sigreturn, and the signal set and name
 * printers the process decoders share. */
#include "trace_desc.h"

#include <string.h>

#include "syscalls.h"

void td_signal(struct tcall *c, uint32_t sig)
{
    const char *name = trace_signal_name((int)sig);
    if (trace_opt.xlat == XLAT_RAW || !name) {
        tr_uint(c, sig);
        return;
    }
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, "%u /* %s */", sig, name);
    else
        tr_puts(c, name);
}

/* Bits of mask (words words), complemented when two thirds or more are
 * set, as strace keeps long sets short. */
static void print_mask(struct tcall *c, const uint32_t *mask, unsigned words)
{
    uint32_t m[2] = {mask[0], words > 1 ? mask[1] : 0};
    unsigned set = 0;
    for (unsigned i = 0; i < words; i++)
        set += (unsigned)__builtin_popcount(m[i]);
    if (set >= words * 32 * 2 / 3) {
        tr_puts(c, "~");
        m[0] = ~m[0];
        m[1] = ~m[1];
    }
    char sep = '[';
    for (unsigned bit = 0; bit < words * 32; bit++) {
        if (!(m[bit / 32] & (1u << (bit % 32))))
            continue;
        int sig = (int)bit + 1;
        tr_printf(c, "%c", sep);
        sep = ' ';
        if (trace_opt.xlat != XLAT_ABBREV)
            tr_printf(c, "%d", sig);
        if (trace_opt.xlat == XLAT_RAW)
            continue;
        const char *name = trace_signal_name(sig);
        tr_printf(c, trace_opt.xlat == XLAT_VERBOSE ? " /* %s */" : "%s",
                  name ? name + 3 : "");
    }
    if (sep == '[')
        tr_puts(c, "[");
    tr_puts(c, "]");
}

void td_sigset(struct tcall *c, uint32_t va, uint32_t size)
{
    uint32_t m[2];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (size == 0 || size > 8 || tr_read(c, va, m, size) < 0) {
        tr_addr(c, va);
        return;
    }
    print_mask(c, m, (size + 3) / 4);
}

static const struct xlat sa_flags[] = {
    {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},
    {0x10000000, "SA_RESTART"},  {0x20000000, "SA_INTERRUPT"},
    {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"},
    {4, "SA_SIGINFO"},           {1, "SA_NOCLDSTOP"},
    {2, "SA_NOCLDWAIT"},         {0, NULL},
};
static const struct xlat sa_handlers[] = {
    {0, "SIG_DFL"},
    {1, "SIG_IGN"},
    {0xffffffff, "SIG_ERR"},
    {0, NULL},
};

/* The kernel's struct sigaction on i386: handler, flags, restorer, mask. */
static void print_sigaction(struct tcall *c, uint32_t va)
{
    uint32_t sa[5];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (tr_read(c, va, sa, sizeof(sa)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_puts(c, "{sa_handler=");
    bool named = false;
    for (const struct xlat *x = sa_handlers; x->name; x++)
        named |= x->val == sa[0];
    if (named)
        tr_xval(c, sa_handlers, sa[0], "SIG_???");
    else
        tr_addr(c, sa[0]);
    tr_puts(c, ", sa_mask=");
    print_mask(c, &sa[3], 2);
    tr_puts(c, ", sa_flags=");
    tr_flags(c, sa_flags, sa[1], "SA_???");
    if (sa[1] & 0x04000000) {
        tr_puts(c, ", sa_restorer=");
        tr_addr(c, sa[2]);
    }
    tr_puts(c, "}");
}

int td_rt_sigaction(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        td_signal(c, c->args[0]);
        tr_arg(c);
        print_sigaction(c, c->args[1]);
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[2]);
    else
        print_sigaction(c, c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[3]);
    return TD_DONE;
}

static const struct xlat sigprocmask_how[] = {
    {0, "SIG_BLOCK"},
    {1, "SIG_UNBLOCK"},
    {2, "SIG_SETMASK"},
    {0, NULL},
};

int td_rt_sigprocmask(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, sigprocmask_how, c->args[0], "SIG_???");
        tr_arg(c);
        td_sigset(c, c->args[1], c->args[3]);
        tr_arg(c);
        return TD_EXIT;
    }
    if (c->ret < 0)
        tr_addr(c, c->args[2]);
    else
        td_sigset(c, c->args[2], c->args[3]);
    tr_arg(c);
    tr_uint(c, c->args[3]);
    return TD_DONE;
}

/* The mask the frame at sp restores (before the call changes sp). */
static void frame_mask(struct tcall *c, uint32_t lo_off, uint32_t hi_off)
{
    struct task *t = c->t;
    if (!t->cpu_ops || !t->cpu_ops->get_sp)
        return;
    uint32_t sp = t->cpu_ops->get_sp(t->cpu), m[2];
    tr_arg(c);
    tr_puts(c, "{mask=");
    if (tr_read(c, sp + lo_off, &m[0], 4) < 0 || tr_read(c, sp + hi_off, &m[1], 4) < 0)
        tr_addr(c, sp);
    else
        print_mask(c, m, 2);
    tr_puts(c, "}");
}

/* sigreturn: %esp is at the frame's sigcontext, whose oldmask is the low
 * word; the high word (extramask) follows the 624-byte fpstate after it. */
int td_sigreturn(struct tcall *c)
{
    frame_mask(c, 80, 88 + 624);
    c->rv = RV_DEC;
    return TD_DONE;
}

/* rt_sigreturn: %esp is 4 bytes into the rt frame (pretcode popped); the
 * ucontext's sigmask is 248 bytes into the frame. */
int td_rt_sigreturn(struct tcall *c)
{
    frame_mask(c, 244, 248);
    return TD_DONE;
}
