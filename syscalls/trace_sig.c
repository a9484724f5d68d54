/* Signal call decoders in strace 6.1's forms (i386): handlers (the rt
 * and old sigaction, signal), masks, waits for signals, the alternate
 * stack, sigreturn; and the signal name and set printers the other
 * decoders share. */
#include "trace_desc.h"

#include <stdio.h>
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

static void print_handler(struct tcall *c, uint32_t h)
{
    bool named = false;
    for (const struct xlat *x = sa_handlers; x->name; x++)
        named |= x->val == h;
    if (named)
        tr_xval(c, sa_handlers, h, "SIG_???");
    else
        tr_addr(c, h);
}

/* A struct sigaction: the kernel's (handler, flags, restorer, 64-bit
 * mask) or the old one (handler, 32-bit mask, flags, restorer). */
static void print_sigaction(struct tcall *c, uint32_t va, bool old)
{
    uint32_t sa[5], mask[2];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if ((c->exiting && c->ret < 0) || tr_read(c, va, sa, old ? 16 : 20) < 0) {
        tr_addr(c, va);
        return;
    }
    if (old) { /* to the kernel's order */
        mask[0] = sa[1];
        sa[1] = sa[2];
        sa[2] = sa[3];
    } else {
        mask[0] = sa[3];
        mask[1] = sa[4];
    }
    tr_puts(c, "{sa_handler=");
    print_handler(c, sa[0]);
    tr_puts(c, ", sa_mask=");
    print_mask(c, mask, old ? 1 : 2);
    tr_puts(c, ", sa_flags=");
    tr_flags(c, sa_flags, sa[1], "SA_???");
    if (sa[1] & 0x04000000) {
        tr_puts(c, ", sa_restorer=");
        tr_addr(c, sa[2]);
    }
    tr_puts(c, "}");
}

/* rt_sigaction(sig, act, oldact, size), sigaction(sig, act, oldact):
 * the old action once the kernel stored it. */
static int sigaction_common(struct tcall *c, bool old)
{
    if (!c->exiting) {
        tr_arg(c);
        td_signal(c, c->args[0]);
        tr_arg(c);
        print_sigaction(c, c->args[1], old);
        tr_arg(c);
        return TD_EXIT;
    }
    print_sigaction(c, c->args[2], old);
    if (!old) {
        tr_arg(c);
        tr_uint(c, c->args[3]);
    }
    return TD_DONE;
}

int td_rt_sigaction(struct tcall *c)
{
    return sigaction_common(c, false);
}

int td_sigaction(struct tcall *c)
{
    return sigaction_common(c, true);
}

/* signal(sig, handler): the old handler is the result, in hex with its
 * name. */
int td_signal_call(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        td_signal(c, c->args[0]);
        tr_arg(c);
        print_handler(c, c->args[1]);
        return TD_EXIT;
    }
    if (c->ret < 0 && c->ret >= -4095)
        return TD_DONE;
    c->rv = RV_HEX;
    for (const struct xlat *x = sa_handlers; x->name; x++)
        if (x->val == (uint32_t)c->ret)
            snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)", x->name);
    return TD_DONE;
}

static const struct xlat sigprocmask_how[] = {
    {0, "SIG_BLOCK"},
    {1, "SIG_UNBLOCK"},
    {2, "SIG_SETMASK"},
    {0, NULL},
};

/* A set the kernel stored: its address when the call failed. */
static void sigset_out(struct tcall *c, uint32_t va, uint32_t size)
{
    if (c->ret < 0)
        tr_addr(c, va);
    else
        td_sigset(c, va, size);
}

/* rt_sigprocmask(how, set, oldset, size) and the old sigprocmask(how,
 * set, oldset) with 4-byte sets. */
static int sigprocmask_common(struct tcall *c, uint32_t size, bool rt)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, sigprocmask_how, c->args[0], "SIG_???");
        tr_arg(c);
        td_sigset(c, c->args[1], size);
        tr_arg(c);
        return TD_EXIT;
    }
    sigset_out(c, c->args[2], size);
    if (rt) {
        tr_arg(c);
        tr_uint(c, size);
    }
    return TD_DONE;
}

int td_rt_sigprocmask(struct tcall *c)
{
    return sigprocmask_common(c, c->args[3], true);
}

int td_sigprocmask(struct tcall *c)
{
    return sigprocmask_common(c, 4, false);
}

int td_rt_sigsuspend(struct tcall *c)
{
    tr_arg(c);
    td_sigset(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    return TD_DONE;
}

/* i386 sigsuspend(history0, history1, mask): the mask is a value. */
int td_sigsuspend(struct tcall *c)
{
    tr_arg(c);
    print_mask(c, &c->args[2], 1);
    return TD_DONE;
}

/* rt_sigpending accepts any size up to 8 (the old sigpending uses it). */
int td_rt_sigpending(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    sigset_out(c, c->args[0], c->args[1]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    return TD_DONE;
}

int td_sigpending(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT;
    tr_arg(c);
    sigset_out(c, c->args[0], 4);
    return TD_DONE;
}

static void timeout_size(struct tcall *c)
{
    tr_arg(c);
    td_timespec(c, c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[3]);
}

/* rt_sigtimedwait(set, info, timeout, size): the siginfo at exit (all at
 * entry when there is none to show); the signal taken, by name, after
 * the result. */
int td_rt_sigtimedwait(struct tcall *c)
{
    uint32_t info = c->args[1];
    if (!c->exiting) {
        tr_arg(c);
        td_sigset(c, c->args[0], c->args[3]);
        tr_arg(c);
        if (!info) {
            tr_puts(c, "NULL");
            timeout_size(c);
        }
        return TD_EXIT;
    }
    if (info) {
        struct guest_siginfo si;
        char buf[512];
        if (c->ret < 0 || tr_read(c, info, &si, sizeof(si)) < 0) {
            tr_addr(c, info);
        } else {
            trace_format_siginfo(&si, buf, sizeof(buf));
            tr_puts(c, buf);
        }
        timeout_size(c);
    }
    if (c->ret > 0 && trace_signal_name((int)c->ret))
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)",
                 trace_signal_name((int)c->ret));
    return TD_DONE;
}

static const struct xlat ss_flags[] = {
    {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {0x80000000, "SS_AUTODISARM"}, {0, NULL}};

/* stack_t on i386: ss_sp, ss_flags, ss_size. */
static void print_stack(struct tcall *c, uint32_t va)
{
    uint32_t ss[3];
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if ((c->exiting && c->ret < 0) || tr_read(c, va, ss, sizeof(ss)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_puts(c, "{ss_sp=");
    tr_addr(c, ss[0]);
    tr_puts(c, ", ss_flags=");
    tr_flags(c, ss_flags, ss[1], "SS_???");
    tr_printf(c, ", ss_size=%u}", ss[2]);
}

int td_sigaltstack(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        print_stack(c, c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    print_stack(c, c->args[1]);
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
