/* The tracer's printing helpers: arguments into a call's text, constants
 * by -X, strings as strace quotes them, errno and signal names, siginfo. */
#include "trace.h"

#include "syscalls.h"

#include "../mm/mm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void grow(struct tcall *c, size_t more)
{
    if (c->len + more + 1 <= c->cap)
        return;
    size_t cap = c->cap ? c->cap : 256;
    while (cap < c->len + more + 1)
        cap *= 2;
    char *p = realloc(c->text, cap);
    if (!p)
        abort(); /* a trace line cannot be half-built */
    c->text = p;
    c->cap = cap;
}

void tr_puts(struct tcall *c, const char *s)
{
    size_t n = strlen(s);
    grow(c, n);
    memcpy(c->text + c->len, s, n + 1);
    c->len += n;
}

void tr_printf(struct tcall *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(small)) {
        tr_puts(c, small);
        return;
    }
    grow(c, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(c->text + c->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    c->len += (size_t)n;
}

void tr_arg(struct tcall *c)
{
    if (c->nargs > 0)
        tr_puts(c, ", ");
    if (c->nargs < (int)(sizeof(c->arg) / sizeof(c->arg[0])))
        c->arg[c->nargs] = c->len;
    c->nargs++;
}

void tr_addr(struct tcall *c, uint32_t a)
{
    if (a == 0)
        tr_puts(c, "NULL");
    else
        tr_printf(c, "%#x", a);
}

void tr_int(struct tcall *c, int32_t v)
{
    tr_printf(c, "%d", v);
}

void tr_uint(struct tcall *c, uint32_t v)
{
    tr_printf(c, "%u", v);
}

void tr_hex(struct tcall *c, uint32_t v)
{
    tr_printf(c, "%#x", v);
}

void tr_fd(struct tcall *c, int32_t fd)
{
    if (fd == -100) { /* AT_FDCWD */
        tr_puts(c, "AT_FDCWD");
        return;
    }
    tr_int(c, fd);
    if (!trace_opt.decode_fds || fd < 0)
        return;
    char link[40], path[4096];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n < 0)
        return;
    path[n] = 0;
    /* strace shows an unlinked file's path with "(deleted)" after the '>' */
    static const char gone[] = " (deleted)";
    size_t g = sizeof(gone) - 1;
    bool deleted = (size_t)n > g && strcmp(path + n - g, gone) == 0;
    if (deleted)
        path[n - g] = 0;
    tr_printf(c, "<%s>%s", path, deleted ? "(deleted)" : "");
}

static const char *xlookup(const struct xlat *x, uint64_t v)
{
    for (; x->name; x++)
        if (x->val == v)
            return x->name;
    return NULL;
}

void tr_xval(struct tcall *c, const struct xlat *x, uint64_t v, const char *dflt)
{
    const char *name = xlookup(x, v);
    switch (trace_opt.xlat) {
    case XLAT_RAW:
        tr_printf(c, "%#llx", (unsigned long long)v);
        return;
    case XLAT_VERBOSE:
        tr_printf(c, "%#llx", (unsigned long long)v);
        tr_printf(c, " /* %s */", name ? name : dflt);
        return;
    case XLAT_ABBREV:
        break;
    }
    if (name)
        tr_puts(c, name);
    else
        tr_printf(c, "%#llx /* %s */", (unsigned long long)v, dflt);
}

/* The flags part alone: names joined by '|', the rest in hex. */
static void flag_names(struct tcall *c, const struct xlat *x, uint64_t v,
                       const char *dflt)
{
    if (v == 0) {
        const char *zero = xlookup(x, 0);
        tr_puts(c, zero ? zero : "0");
        return;
    }
    bool any = false;
    uint64_t left = v;
    for (; x->name; x++) {
        if (x->val == 0 || (left & x->val) != x->val)
            continue;
        tr_printf(c, "%s%s", any ? "|" : "", x->name);
        left &= ~x->val;
        any = true;
    }
    if (!any)
        tr_printf(c, "%#llx /* %s */", (unsigned long long)left, dflt);
    else if (left)
        tr_printf(c, "|%#llx", (unsigned long long)left);
}

/* Whether any flag of x is set in v (v != 0). */
static bool named_bits(const struct xlat *x, uint64_t v)
{
    for (; x->name; x++)
        if (x->val && (v & x->val) == x->val)
            return true;
    return false;
}

void tr_flags(struct tcall *c, const struct xlat *x, uint64_t v, const char *dflt)
{
    switch (trace_opt.xlat) {
    case XLAT_RAW:
        tr_printf(c, "%#llx", (unsigned long long)v);
        return;
    case XLAT_VERBOSE:
        if (v == 0 && !xlookup(x, 0)) { /* nothing to name */
            tr_puts(c, "0");
            return;
        }
        tr_printf(c, "%#llx /* ", (unsigned long long)v);
        if (v == 0 || named_bits(x, v))
            flag_names(c, x, v, dflt);
        else /* the number is printed already: the comment is dflt alone */
            tr_puts(c, dflt);
        tr_puts(c, " */");
        return;
    case XLAT_ABBREV:
        break;
    }
    flag_names(c, x, v, dflt);
}

int tr_read(struct tcall *c, uint32_t va, void *dst, size_t len)
{
    if (len == 0)
        return 0;
    if (va == 0 || (uint64_t)va + len > 0x100000000ull)
        return -1;
    /* Looking faults nothing in: the guest's page events, resident size
     * and fault counts stay what they would be untraced. */
    return mm_peek(c->t->mm, dst, va, len) == 0 ? 0 : -1;
}

/* One byte as strace quotes it: next is the byte after it (for octal). */
static void quote_byte(struct tcall *c, unsigned char b, int next)
{
    static const char esc[] = {
        ['\n'] = 'n', ['\t'] = 't', ['\r'] = 'r', ['\v'] = 'v', ['\f'] = 'f'};
    if (b == '"' || b == '\\') {
        tr_printf(c, "\\%c", b);
    } else if (b >= 0x20 && b < 0x7f) {
        char s[2] = {(char)b, 0};
        tr_puts(c, s);
    } else if (b < sizeof(esc) && esc[b]) {
        tr_printf(c, "\\%c", esc[b]);
    } else if (next >= '0' && next <= '7') {
        tr_printf(c, "\\%03o", b); /* so the next digit is not read as octal */
    } else {
        tr_printf(c, "\\%o", b);
    }
}

static void quote_bytes(struct tcall *c, const unsigned char *p, size_t n, bool more)
{
    tr_puts(c, "\"");
    for (size_t i = 0; i < n; i++)
        quote_byte(c, p[i], i + 1 < n ? p[i + 1] : (more ? 'x' : -1));
    tr_puts(c, "\"");
}

void tr_str(struct tcall *c, uint32_t va, long len)
{
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    size_t max = trace_opt.strsize > 0 ? (size_t)trace_opt.strsize : 32;
    if (len >= 0) {
        size_t n = (size_t)len < max ? (size_t)len : max;
        unsigned char *buf = malloc(n ? n : 1);
        if (!buf || tr_read(c, va, buf, n) < 0) {
            free(buf);
            tr_addr(c, va);
            return;
        }
        quote_bytes(c, buf, n, false);
        free(buf);
        if ((size_t)len > max)
            tr_puts(c, "...");
        return;
    }
    /* NUL-terminated: at most max bytes show; a longer one gets "...". */
    unsigned char *buf = malloc(max + 1);
    size_t n = 0;
    bool ended = false;
    while (buf && n <= max) {
        unsigned char b;
        if (tr_read(c, va + (uint32_t)n, &b, 1) < 0)
            break;
        if (b == 0) {
            ended = true;
            break;
        }
        buf[n++] = b;
    }
    if (!buf || (!ended && n <= max)) { /* unreadable before its end */
        free(buf);
        tr_addr(c, va);
        return;
    }
    quote_bytes(c, buf, n > max ? max : n, false);
    if (n > max)
        tr_puts(c, "...");
    free(buf);
}

void tr_path(struct tcall *c, uint32_t va)
{
    int saved = trace_opt.strsize;
    trace_opt.strsize = 4096; /* paths print whole, as strace's printpath */
    tr_str(c, va, -1);
    trace_opt.strsize = saved;
}

/* errno names as strace prints them (asm-generic/errno*.h numbering, which
 * i386 and x86-64 share). */
static const char *const errno_names[] = {
    [1] = "EPERM",
    [2] = "ENOENT",
    [3] = "ESRCH",
    [4] = "EINTR",
    [5] = "EIO",
    [6] = "ENXIO",
    [7] = "E2BIG",
    [8] = "ENOEXEC",
    [9] = "EBADF",
    [10] = "ECHILD",
    [11] = "EAGAIN",
    [12] = "ENOMEM",
    [13] = "EACCES",
    [14] = "EFAULT",
    [15] = "ENOTBLK",
    [16] = "EBUSY",
    [17] = "EEXIST",
    [18] = "EXDEV",
    [19] = "ENODEV",
    [20] = "ENOTDIR",
    [21] = "EISDIR",
    [22] = "EINVAL",
    [23] = "ENFILE",
    [24] = "EMFILE",
    [25] = "ENOTTY",
    [26] = "ETXTBSY",
    [27] = "EFBIG",
    [28] = "ENOSPC",
    [29] = "ESPIPE",
    [30] = "EROFS",
    [31] = "EMLINK",
    [32] = "EPIPE",
    [33] = "EDOM",
    [34] = "ERANGE",
    [35] = "EDEADLK",
    [36] = "ENAMETOOLONG",
    [37] = "ENOLCK",
    [38] = "ENOSYS",
    [39] = "ENOTEMPTY",
    [40] = "ELOOP",
    [42] = "ENOMSG",
    [43] = "EIDRM",
    [44] = "ECHRNG",
    [45] = "EL2NSYNC",
    [46] = "EL3HLT",
    [47] = "EL3RST",
    [48] = "ELNRNG",
    [49] = "EUNATCH",
    [50] = "ENOCSI",
    [51] = "EL2HLT",
    [52] = "EBADE",
    [53] = "EBADR",
    [54] = "EXFULL",
    [55] = "ENOANO",
    [56] = "EBADRQC",
    [57] = "EBADSLT",
    [59] = "EBFONT",
    [60] = "ENOSTR",
    [61] = "ENODATA",
    [62] = "ETIME",
    [63] = "ENOSR",
    [64] = "ENONET",
    [65] = "ENOPKG",
    [66] = "EREMOTE",
    [67] = "ENOLINK",
    [68] = "EADV",
    [69] = "ESRMNT",
    [70] = "ECOMM",
    [71] = "EPROTO",
    [72] = "EMULTIHOP",
    [73] = "EDOTDOT",
    [74] = "EBADMSG",
    [75] = "EOVERFLOW",
    [76] = "ENOTUNIQ",
    [77] = "EBADFD",
    [78] = "EREMCHG",
    [79] = "ELIBACC",
    [80] = "ELIBBAD",
    [81] = "ELIBSCN",
    [82] = "ELIBMAX",
    [83] = "ELIBEXEC",
    [84] = "EILSEQ",
    [85] = "ERESTART",
    [86] = "ESTRPIPE",
    [87] = "EUSERS",
    [88] = "ENOTSOCK",
    [89] = "EDESTADDRREQ",
    [90] = "EMSGSIZE",
    [91] = "EPROTOTYPE",
    [92] = "ENOPROTOOPT",
    [93] = "EPROTONOSUPPORT",
    [94] = "ESOCKTNOSUPPORT",
    [95] = "EOPNOTSUPP",
    [96] = "EPFNOSUPPORT",
    [97] = "EAFNOSUPPORT",
    [98] = "EADDRINUSE",
    [99] = "EADDRNOTAVAIL",
    [100] = "ENETDOWN",
    [101] = "ENETUNREACH",
    [102] = "ENETRESET",
    [103] = "ECONNABORTED",
    [104] = "ECONNRESET",
    [105] = "ENOBUFS",
    [106] = "EISCONN",
    [107] = "ENOTCONN",
    [108] = "ESHUTDOWN",
    [109] = "ETOOMANYREFS",
    [110] = "ETIMEDOUT",
    [111] = "ECONNREFUSED",
    [112] = "EHOSTDOWN",
    [113] = "EHOSTUNREACH",
    [114] = "EALREADY",
    [115] = "EINPROGRESS",
    [116] = "ESTALE",
    [117] = "EUCLEAN",
    [118] = "ENOTNAM",
    [119] = "ENAVAIL",
    [120] = "EISNAM",
    [121] = "EREMOTEIO",
    [122] = "EDQUOT",
    [123] = "ENOMEDIUM",
    [124] = "EMEDIUMTYPE",
    [125] = "ECANCELED",
    [126] = "ENOKEY",
    [127] = "EKEYEXPIRED",
    [128] = "EKEYREVOKED",
    [129] = "EKEYREJECTED",
    [130] = "EOWNERDEAD",
    [131] = "ENOTRECOVERABLE",
    [132] = "ERFKILL",
    [133] = "EHWPOISON",
};

/* The kernel's internal restart codes, which strace names when a signal
 * interrupts a call (include/linux/errno.h). */
static const struct {
    int err;
    const char *name, *text;
} restart_codes[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {515, "ENOIOCTLCMD", "Unknown ioctl command"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

const char *trace_errno_name(int err)
{
    if (err > 0 && (size_t)err < sizeof(errno_names) / sizeof(errno_names[0]))
        return errno_names[err];
    for (size_t i = 0; i < sizeof(restart_codes) / sizeof(restart_codes[0]); i++)
        if (restart_codes[i].err == err)
            return restart_codes[i].name;
    return NULL;
}

const char *trace_errno_text(int err)
{
    for (size_t i = 0; i < sizeof(restart_codes) / sizeof(restart_codes[0]); i++)
        if (restart_codes[i].err == err)
            return restart_codes[i].text;
    return strerror(err); /* the host's text is strace's: the same libc's */
}

static const char *const signal_names[] = {
    [1] = "SIGHUP",   [2] = "SIGINT",     [3] = "SIGQUIT",  [4] = "SIGILL",
    [5] = "SIGTRAP",  [6] = "SIGABRT",    [7] = "SIGBUS",   [8] = "SIGFPE",
    [9] = "SIGKILL",  [10] = "SIGUSR1",   [11] = "SIGSEGV", [12] = "SIGUSR2",
    [13] = "SIGPIPE", [14] = "SIGALRM",   [15] = "SIGTERM", [16] = "SIGSTKFLT",
    [17] = "SIGCHLD", [18] = "SIGCONT",   [19] = "SIGSTOP", [20] = "SIGTSTP",
    [21] = "SIGTTIN", [22] = "SIGTTOU",   [23] = "SIGURG",  [24] = "SIGXCPU",
    [25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH",
    [29] = "SIGIO",   [30] = "SIGPWR",    [31] = "SIGSYS",  [32] = "SIGRTMIN",
};

const char *trace_signal_name(int sig)
{
    static __thread char rt[16];
    if (sig > 0 && sig <= 32)
        return signal_names[sig];
    if (sig > 32 && sig <= GUEST_NSIG) {
        snprintf(rt, sizeof(rt), "SIGRT_%d", sig - 32);
        return rt;
    }
    return NULL;
}

/* si_code names: the generic ones, then each signal's own. */
static const struct xlat si_generic[] = {
    {0, "SI_USER"},
    {0x80, "SI_KERNEL"},
    {(uint32_t)-1, "SI_QUEUE"},
    {(uint32_t)-2, "SI_TIMER"},
    {(uint32_t)-3, "SI_MESGQ"},
    {(uint32_t)-4, "SI_ASYNCIO"},
    {(uint32_t)-5, "SI_SIGIO"},
    {(uint32_t)-6, "SI_TKILL"},
    {(uint32_t)-7, "SI_DETHREAD"},
    {(uint32_t)-60, "SI_ASYNCNL"},
    {0, NULL},
};
static const struct xlat si_segv[] = {
    {1, "SEGV_MAPERR"},  {2, "SEGV_ACCERR"},  {3, "SEGV_BNDERR"},  {4, "SEGV_PKUERR"},
    {5, "SEGV_ACCADI"},  {6, "SEGV_ADIDERR"}, {7, "SEGV_ADIPERR"}, {8, "SEGV_MTEAERR"},
    {9, "SEGV_MTESERR"}, {0, NULL},
};
static const struct xlat si_bus[] = {
    {1, "BUS_ADRALN"},    {2, "BUS_ADRERR"},    {3, "BUS_OBJERR"},
    {4, "BUS_MCEERR_AR"}, {5, "BUS_MCEERR_AO"}, {0, NULL},
};
static const struct xlat si_ill[] = {
    {1, "ILL_ILLOPC"},   {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"}, {4, "ILL_ILLTRP"},
    {5, "ILL_PRVOPC"},   {6, "ILL_PRVREG"}, {7, "ILL_COPROC"}, {8, "ILL_BADSTK"},
    {9, "ILL_BADIADDR"}, {0, NULL},
};
static const struct xlat si_fpe[] = {
    {1, "FPE_INTDIV"}, {2, "FPE_INTOVF"},    {3, "FPE_FLTDIV"}, {4, "FPE_FLTOVF"},
    {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"},    {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"},
    {9, "FPE_FLTUNK"}, {10, "FPE_CONDTRAP"}, {0, NULL},
};
static const struct xlat si_trap[] = {
    {1, "TRAP_BRKPT"}, {2, "TRAP_TRACE"}, {3, "TRAP_BRANCH"}, {4, "TRAP_HWBKPT"},
    {5, "TRAP_UNK"},   {6, "TRAP_PERF"},  {0, NULL},
};
static const struct xlat si_chld[] = {
    {1, "CLD_EXITED"},  {2, "CLD_KILLED"},    {3, "CLD_DUMPED"}, {4, "CLD_TRAPPED"},
    {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"}, {0, NULL},
};
static const struct xlat si_poll[] = {
    {1, "POLL_IN"},  {2, "POLL_OUT"}, {3, "POLL_MSG"}, {4, "POLL_ERR"},
    {5, "POLL_PRI"}, {6, "POLL_HUP"}, {0, NULL},
};

static const char *si_code_name(int sig, int32_t code, char *buf, size_t len)
{
    const struct xlat *own[] = {
        [4] = si_ill,   [5] = si_trap,  [7] = si_bus,  [8] = si_fpe,
        [11] = si_segv, [17] = si_chld, [29] = si_poll};
    const char *n = xlookup(si_generic, (uint32_t)code);
    if (!n && sig > 0 && sig < (int)(sizeof(own) / sizeof(own[0])) && own[sig])
        n = xlookup(own[sig], (uint32_t)code);
    if (n)
        return n;
    snprintf(buf, len, "%#x", (uint32_t)code);
    return buf;
}

void trace_format_siginfo(const struct guest_siginfo *si, char *buf, size_t len)
{
    char codebuf[16], errbuf[16];
    const char *sig = trace_signal_name(si->signo);
    int n = snprintf(buf, len, "{si_signo=%s, si_code=%s", sig ? sig : "0",
                     si_code_name(si->signo, si->code, codebuf, sizeof(codebuf)));
#define MORE(...)                                                                        \
    do {                                                                                 \
        if (n >= 0 && (size_t)n < len)                                                   \
            n += snprintf(buf + n, len - (size_t)n, __VA_ARGS__);                        \
    } while (0)
    if (si->err) {
        const char *e = trace_errno_name(si->err);
        if (!e) {
            snprintf(errbuf, sizeof(errbuf), "%d", si->err);
            e = errbuf;
        }
        MORE(", si_errno=%s", e);
    }
    if (si->code <= 0) { /* from a process: who sent it */
        switch (si->code) {
        case -2: /* SI_TIMER */
            MORE(", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=%#x",
                 si->u.timer.tid, si->u.timer.overrun, (int32_t)si->u.timer.value,
                 si->u.timer.value);
            break;
        case -5: /* SI_SIGIO */
            MORE(", si_band=%d, si_fd=%d", si->u.poll.band, si->u.poll.fd);
            break;
        default:
            MORE(", si_pid=%d, si_uid=%u", si->u.kill.pid, si->u.kill.uid);
            if (si->code != 0 && si->code != -6 && si->u.kill.value)
                MORE(", si_int=%d, si_ptr=%#x", (int32_t)si->u.kill.value,
                     si->u.kill.value);
            break;
        }
    } else {
        switch (si->signo) {
        case 17: { /* SIGCHLD */
            MORE(", si_pid=%d, si_uid=%u", si->u.chld.pid, si->u.chld.uid);
            if (si->code == 1) {
                MORE(", si_status=%d", si->u.chld.status);
            } else {
                const char *s = trace_signal_name(si->u.chld.status);
                if (s)
                    MORE(", si_status=%s", s);
                else
                    MORE(", si_status=%d", si->u.chld.status);
            }
            MORE(", si_utime=%d, si_stime=%d", si->u.chld.utime, si->u.chld.stime);
            break;
        }
        case 4:
        case 5:
        case 7:
        case 8:
        case 11: /* ILL TRAP BUS FPE SEGV */
            if (si->u.fault.addr)
                MORE(", si_addr=%#x", si->u.fault.addr);
            else
                MORE(", si_addr=NULL");
            break;
        case 29: /* SIGIO */
            MORE(", si_band=%d, si_fd=%d", si->u.poll.band, si->u.poll.fd);
            break;
        default:
            break;
        }
    }
    MORE("}");
#undef MORE
}
