/* ioctl in strace 6.1's forms (i386): the terminal and descriptor
 * requests by name with their arguments (struct termios and winsize, the
 * integers behind a pointer); others as _IOC(dir, type, nr, size) with
 * the argument as a number. */
#include "trace_desc.h"

#include <string.h>

/* How a request's argument prints. */
enum ioarg {
    IA_HEX,      /* not decoded: the number */
    IA_NONE,     /* no argument */
    IA_INT,      /* the value itself, as int */
    IA_PINT_IN,  /* [int] the caller passes */
    IA_PINT_OUT, /* [int] the kernel stores (at exit) */
    IA_CHAR,     /* one byte: "c" */
    IA_TERMIOS_IN,
    IA_TERMIOS_OUT,
    IA_TERMIOS2_IN,
    IA_TERMIOS2_OUT,
    IA_TERMIO_IN,
    IA_TERMIO_OUT,
    IA_WINSZ_IN,
    IA_WINSZ_OUT,
    IA_XONC,
    IA_FLSH,
};

static const struct ioreq {
    uint32_t code;
    const char *name;
    enum ioarg arg;
} ioreqs[] = {
    {0x5401, "TCGETS", IA_TERMIOS_OUT},
    {0x5402, "SNDCTL_TMR_START or TCSETS", IA_TERMIOS_IN}, /* one number, two names */
    {0x5403, "SNDCTL_TMR_STOP or TCSETSW", IA_TERMIOS_IN},
    {0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF", IA_TERMIOS_IN},
    {0x5405, "TCGETA", IA_TERMIO_OUT},
    {0x5406, "TCSETA", IA_TERMIO_IN},
    {0x5407, "TCSETAW", IA_TERMIO_IN},
    {0x5408, "TCSETAF", IA_TERMIO_IN},
    {0x5409, "TCSBRK", IA_INT},
    {0x540a, "TCXONC", IA_XONC},
    {0x540b, "TCFLSH", IA_FLSH},
    {0x540c, "TIOCEXCL", IA_NONE},
    {0x540d, "TIOCNXCL", IA_NONE},
    {0x540e, "TIOCSCTTY", IA_INT},
    {0x540f, "TIOCGPGRP", IA_PINT_OUT},
    {0x5410, "TIOCSPGRP", IA_PINT_IN},
    {0x5411, "TIOCOUTQ", IA_PINT_OUT},
    {0x5412, "TIOCSTI", IA_CHAR},
    {0x5413, "TIOCGWINSZ", IA_WINSZ_OUT},
    {0x5414, "TIOCSWINSZ", IA_WINSZ_IN},
    {0x5415, "TIOCMGET", IA_HEX},
    {0x5416, "TIOCMBIS", IA_HEX},
    {0x5417, "TIOCMBIC", IA_HEX},
    {0x5418, "TIOCMSET", IA_HEX},
    {0x5419, "TIOCGSOFTCAR", IA_PINT_OUT},
    {0x541a, "TIOCSSOFTCAR", IA_PINT_IN},
    {0x541b, "FIONREAD", IA_PINT_OUT},
    {0x541c, "TIOCLINUX", IA_HEX},
    {0x541d, "TIOCCONS", IA_NONE},
    {0x541e, "TIOCGSERIAL", IA_HEX},
    {0x541f, "TIOCSSERIAL", IA_NONE},
    {0x5420, "TIOCPKT", IA_PINT_IN},
    {0x5421, "FIONBIO", IA_PINT_IN},
    {0x5422, "TIOCNOTTY", IA_NONE},
    {0x5423, "TIOCSETD", IA_PINT_IN},
    {0x5424, "TIOCGETD", IA_PINT_OUT},
    {0x5425, "TCSBRKP", IA_INT},
    {0x5427, "TIOCSBRK", IA_NONE},
    {0x5428, "TIOCCBRK", IA_NONE},
    {0x5429, "TIOCGSID", IA_PINT_OUT},
    {0x802c542a, "TCGETS2", IA_TERMIOS2_OUT},
    {0x402c542b, "TCSETS2", IA_TERMIOS2_IN},
    {0x402c542c, "TCSETSW2", IA_TERMIOS2_IN},
    {0x402c542d, "TCSETSF2", IA_TERMIOS2_IN},
    {0x542e, "TIOCGRS485", IA_HEX},
    {0x542f, "TIOCSRS485", IA_HEX},
    {0x80045430, "TIOCGPTN", IA_PINT_OUT},
    {0x40045431, "TIOCSPTLCK", IA_PINT_IN},
    {0x80045432, "TIOCGDEV", IA_PINT_OUT},
    {0x5432, "TCGETX", IA_HEX},
    {0x5433, "TCSETX", IA_HEX},
    {0x5434, "TCSETXF", IA_HEX},
    {0x5435, "TCSETXW", IA_HEX},
    {0x40045436, "TIOCSIG", IA_HEX},
    {0x5437, "TIOCVHANGUP", IA_NONE},
    {0x80045438, "TIOCGPKT", IA_HEX},
    {0x80045439, "TIOCGPTLCK", IA_HEX},
    {0x80045440, "TIOCGEXCL", IA_PINT_OUT},
    {0x5441, "TIOCGPTPEER", IA_HEX},
    {0x80285442, "TIOCGISO7816", IA_HEX},
    {0xc0285443, "TIOCSISO7816", IA_HEX},
    {0x5450, "FIONCLEX", IA_NONE},
    {0x5451, "FIOCLEX", IA_NONE},
    {0x5452, "FIOASYNC", IA_PINT_IN},
    {0x5453, "TIOCSERCONFIG", IA_HEX},
    {0x5454, "TIOCSERGWILD", IA_HEX},
    {0x5455, "TIOCSERSWILD", IA_HEX},
    {0x5456, "TIOCGLCKTRMIOS", IA_TERMIOS_OUT},
    {0x5457, "TIOCSLCKTRMIOS", IA_TERMIOS_IN},
    {0x5458, "TIOCSERGSTRUCT", IA_HEX},
    {0x5459, "TIOCSERGETLSR", IA_HEX},
    {0x545a, "TIOCSERGETMULTI", IA_HEX},
    {0x545b, "TIOCSERSETMULTI", IA_HEX},
    {0x545c, "TIOCMIWAIT", IA_HEX},
    {0x545d, "TIOCGICOUNT", IA_HEX},
    {0x5460, "FIOQSIZE", IA_HEX},
};

/* ---- struct termios ---- */

static const struct xlat iflags[] = {
    {01, "IGNBRK"},    {02, "BRKINT"},      {04, "IGNPAR"},    {010, "PARMRK"},
    {020, "INPCK"},    {040, "ISTRIP"},     {0100, "INLCR"},   {0200, "IGNCR"},
    {0400, "ICRNL"},   {01000, "IUCLC"},    {02000, "IXON"},   {04000, "IXANY"},
    {010000, "IXOFF"}, {020000, "IMAXBEL"}, {040000, "IUTF8"}, {0, NULL},
};
static const struct xlat oflags[] = {
    {01, "OPOST"},   {02, "OLCUC"},   {04, "ONLCR"},   {010, "OCRNL"}, {020, "ONOCR"},
    {040, "ONLRET"}, {0100, "OFILL"}, {0200, "OFDEL"}, {0, NULL},
};
static const struct xlat cflags[] = {
    {0100, "CSTOPB"},         {0200, "CREAD"},           {0400, "PARENB"},
    {01000, "PARODD"},        {02000, "HUPCL"},          {04000, "CLOCAL"},
    {010000000000, "CMSPAR"}, {020000000000, "CRTSCTS"}, {0, NULL},
};
static const struct xlat lflags[] = {
    {01, "ISIG"},        {02, "ICANON"},     {04, "XCASE"},      {010, "ECHO"},
    {020, "ECHOE"},      {040, "ECHOK"},     {0100, "ECHONL"},   {0200, "NOFLSH"},
    {0100000, "IEXTEN"}, {01000, "ECHOCTL"}, {02000, "ECHOPRT"}, {04000, "ECHOKE"},
    {010000, "FLUSHO"},  {040000, "PENDIN"}, {0400, "TOSTOP"},   {0200000, "EXTPROC"},
    {0, NULL},
};
/* The line speeds by their CBAUD value; B19200 and B38400 before their
 * aliases EXTA and EXTB, as strace finds them. */
static const struct xlat bauds[] = {
    {0, "B0"},
    {1, "B50"},
    {2, "B75"},
    {3, "B110"},
    {4, "B134"},
    {5, "B150"},
    {6, "B200"},
    {7, "B300"},
    {010, "B600"},
    {011, "B1200"},
    {012, "B1800"},
    {013, "B2400"},
    {014, "B4800"},
    {015, "B9600"},
    {016, "B19200"},
    {017, "B38400"},
    {010001, "B57600"},
    {010002, "B115200"},
    {010003, "B230400"},
    {010004, "B460800"},
    {010005, "B500000"},
    {010006, "B576000"},
    {010007, "B921600"},
    {010010, "B1000000"},
    {010011, "B1152000"},
    {010012, "B1500000"},
    {010013, "B2000000"},
    {010014, "B2500000"},
    {010015, "B3000000"},
    {010016, "B3500000"},
    {010017, "B4000000"},
    {010000, "BOTHER"},
    {0, NULL},
};

/* The output delays: each a field of the flags with its own names. */
static const struct xlat nldly[] = {{0, "NL0"}, {0400, "NL1"}, {0, NULL}};
static const struct xlat crdly[] = {
    {0, "CR0"}, {01000, "CR1"}, {02000, "CR2"}, {03000, "CR3"}, {0, NULL}};
static const struct xlat tabdly[] = {
    {014000, "XTABS"}, {0, "TAB0"}, {04000, "TAB1"}, {010000, "TAB2"}, {0, NULL}};
static const struct xlat bsdly[] = {{020000, "BS1"}, {0, "BS0"}, {0, NULL}};
static const struct xlat vtdly[] = {{0, "VT0"}, {040000, "VT1"}, {0, NULL}};
static const struct xlat ffdly[] = {{0, "FF0"}, {0100000, "FF1"}, {0, NULL}};
static const struct xlat csizes[] = {
    {0, "CS5"}, {020, "CS6"}, {040, "CS7"}, {060, "CS8"}, {0, NULL}};

/* The delay fields, each "|" after, then the output flags. */
static void print_oflag(struct tcall *c, uint32_t v)
{
    static const struct {
        const struct xlat *x;
        uint32_t mask;
        const char *dflt;
    } delays[] = {
        {nldly, 0400, "NL?"},   {crdly, 03000, "CR?"},  {tabdly, 014000, "TAB?"},
        {bsdly, 020000, "BS?"}, {vtdly, 040000, "VT?"}, {ffdly, 0100000, "FF?"},
    };
    for (size_t i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
        tr_xval(c, delays[i].x, v & delays[i].mask, delays[i].dflt);
        tr_puts(c, "|");
        v &= ~delays[i].mask;
    }
    td_flags_nodflt(c, oflags, v);
}

/* Speed, the input speed when set apart (<<IBSHIFT), size, flags. */
static void print_cflag(struct tcall *c, uint32_t v)
{
    tr_xval(c, bauds, v & 010017, "B???");
    tr_puts(c, "|");
    if (v & 002003600000) {
        tr_xval(c, bauds, (v & 002003600000) >> 16, "B???");
        tr_puts(c, trace_opt.xlat == XLAT_RAW       ? "<<16|"
                   : trace_opt.xlat == XLAT_VERBOSE ? "<<16 /* IBSHIFT */|"
                                                    : "<<IBSHIFT|");
    }
    tr_xval(c, csizes, v & 060, "CS?");
    tr_puts(c, "|");
    td_flags_nodflt(c, cflags, v & ~(010017u | 002003600000u | 060u));
}

/* The control characters (-v): [VINTR]=0x3, ... */
static void print_cc(struct tcall *c, const uint8_t *cc, unsigned n)
{
    static const char *const names[] = {
        "VINTR",    "VQUIT",    "VERASE",  "VKILL",  "VEOF",  "VTIME",
        "VMIN",     "VSWTC",    "VSTART",  "VSTOP",  "VSUSP", "VEOL",
        "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2"};
    tr_puts(c, ", c_cc=[");
    for (unsigned i = 0; i < n; i++) {
        if (i < sizeof(names) / sizeof(names[0]))
            tr_printf(c, "%s[%s]=%#x", i ? ", " : "", names[i], cc[i]);
        else
            tr_printf(c, "%s[%u]=%#x", i ? ", " : "", i, cc[i]);
    }
    tr_puts(c, "]");
}

/* struct termios (36 bytes), termios2 (44: the speeds after) or the old
 * struct termio (16-bit flags, 8 control characters). */
static void print_termios(struct tcall *c, uint32_t va, enum ioarg kind)
{
    static const struct xlat discs[] = {{0, "N_TTY"}, {0, NULL}};
    unsigned char b[44];
    bool old = kind == IA_TERMIO_IN || kind == IA_TERMIO_OUT;
    bool two = kind == IA_TERMIOS2_IN || kind == IA_TERMIOS2_OUT;
    uint32_t f[4];
    if (tr_read(c, va, b, old ? 18 : two ? 44 : 36) < 0) {
        tr_addr(c, va);
        return;
    }
    for (int i = 0; i < 4; i++) {
        uint16_t h;
        memcpy(&h, b + 2 * i, 2);
        if (old)
            f[i] = h;
        else
            memcpy(&f[i], b + 4 * i, 4);
    }
    tr_puts(c, "{c_iflag=");
    td_flags_nodflt(c, iflags, f[0]);
    tr_puts(c, ", c_oflag=");
    print_oflag(c, f[1]);
    tr_puts(c, ", c_cflag=");
    print_cflag(c, f[2]);
    tr_puts(c, ", c_lflag=");
    td_flags_nodflt(c, lflags, f[3]);
    if (!trace_opt.verbose) {
        tr_puts(c, ", ...}");
        return;
    }
    unsigned line = old ? 8 : 16;
    tr_puts(c, ", c_line=");
    tr_xval(c, discs, b[line], "N_???");
    print_cc(c, b + line + 1, old ? 8 : 19);
    if (two) {
        uint32_t sp[2];
        memcpy(sp, b + 36, 8);
        tr_printf(c, ", c_ispeed=%u, c_ospeed=%u", sp[0], sp[1]);
    }
    tr_puts(c, "}");
}

static void print_winsize(struct tcall *c, uint32_t va)
{
    uint16_t w[4];
    if (tr_read(c, va, w, sizeof(w)) < 0) {
        tr_addr(c, va);
        return;
    }
    tr_printf(c, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w[0], w[1], w[2],
              w[3]);
}

/* ---- the call ---- */

static const struct ioreq *lookup(uint32_t code)
{
    for (size_t i = 0; i < sizeof(ioreqs) / sizeof(ioreqs[0]); i++)
        if (ioreqs[i].code == code)
            return &ioreqs[i];
    return NULL;
}

/* The request: its name, or the fields of its number. */
static void print_code(struct tcall *c, uint32_t code, const struct ioreq *r)
{
    static const char *const dirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
                                       "_IOC_READ|_IOC_WRITE"};
    if (trace_opt.xlat != XLAT_ABBREV)
        tr_hex(c, code);
    if (trace_opt.xlat == XLAT_RAW)
        return;
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " /* ");
    if (r)
        tr_puts(c, r->name);
    else
        tr_printf(c, "_IOC(%s, %#x, %#x, %#x)", dirs[code >> 30], (code >> 8) & 0xff,
                  code & 0xff, (code >> 16) & 0x3fff);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

/* [int] at va. */
static void print_pint(struct tcall *c, uint32_t va)
{
    int32_t v;
    if (tr_read(c, va, &v, 4) < 0)
        tr_addr(c, va);
    else
        tr_printf(c, "[%d]", v);
}

/* The argument of request kind k; TD_EXIT when the kernel writes it. */
static int print_arg(struct tcall *c, enum ioarg k, uint32_t a)
{
    static const struct xlat xonc[] = {
        {0, "TCOOFF"}, {1, "TCOON"}, {2, "TCIOFF"}, {3, "TCION"}, {0, NULL}};
    static const struct xlat flsh[] = {
        {0, "TCIFLUSH"}, {1, "TCOFLUSH"}, {2, "TCIOFLUSH"}, {0, NULL}};
    if (!c->exiting && (k == IA_PINT_OUT || k == IA_TERMIOS_OUT || k == IA_TERMIOS2_OUT ||
                        k == IA_TERMIO_OUT || k == IA_WINSZ_OUT))
        return TD_EXIT;
    if (k == IA_NONE)
        return TD_DONE;
    tr_arg(c);
    if (c->exiting && c->ret < 0) { /* nothing was written */
        tr_addr(c, a);
        return TD_DONE;
    }
    switch (k) {
    case IA_INT:
        tr_int(c, (int32_t)a);
        break;
    case IA_PINT_IN:
    case IA_PINT_OUT:
        print_pint(c, a);
        break;
    case IA_CHAR:
        tr_str(c, a, 1);
        break;
    case IA_WINSZ_IN:
    case IA_WINSZ_OUT:
        print_winsize(c, a);
        break;
    case IA_XONC:
        tr_xval(c, xonc, a, "TC???");
        break;
    case IA_FLSH:
        tr_xval(c, flsh, a, "TC???");
        break;
    case IA_HEX:
        tr_hex(c, a);
        break;
    default:
        print_termios(c, a, k);
        break;
    }
    return TD_DONE;
}

int td_ioctl(struct tcall *c)
{
    uint32_t code = c->args[1];
    const struct ioreq *r = lookup(code);
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        tr_arg(c);
        print_code(c, code, r);
    }
    return print_arg(c, r ? r->arg : IA_HEX, c->args[2]);
}
