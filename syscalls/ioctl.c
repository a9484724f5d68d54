/* ioctl: terminal, pty and file commands, one table row each. Nothing goes
 * to the host blindly: a row names the host's command (the same number
 * unless the size encoded in it differs between i386 and x86-64) and how
 * the argument is carried; structures are translated field by field. A
 * command without a row is ENOTTY, what the kernel answers for a command no
 * layer of a descriptor knows (RELIC_DEBUG names it). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The host kernel's termios structures (asm-generic/termbits.h on x86-64),
 * not libc's struct termios, which has more c_cc and speed fields. */
#define HOST_NCCS 19
#define HOST_NCC  8
struct host_ktermios {
    unsigned int iflag, oflag, cflag, lflag;
    unsigned char line;
    unsigned char cc[HOST_NCCS];
};
struct host_ktermios2 {
    unsigned int iflag, oflag, cflag, lflag;
    unsigned char line;
    unsigned char cc[HOST_NCCS];
    unsigned int ispeed, ospeed;
};
struct host_termio {
    unsigned short iflag, oflag, cflag, lflag;
    unsigned char line;
    unsigned char cc[HOST_NCC];
};

/* How a command carries its argument. */
enum io_kind {
    IO_NONE,     /* no argument */
    IO_VAL,      /* an integer by value (TCFLSH, TIOCSCTTY, TIOCGPTPEER...) */
    IO_IN,       /* size bytes of plain integers from the guest */
    IO_OUT,      /* size bytes of plain integers to the guest */
    IO_INOUT,    /* both */
    IO_LONG_OUT, /* an unsigned long: 8 bytes on the host, 4 in the guest */
    IO_TERMIOS,  /* struct termios, in or out */
    IO_TERMIOS2, /* struct termios2 */
    IO_TERMIO,   /* struct termio */
};

struct ioctl_cmd {
    uint32_t cmd, host;
    uint8_t kind, size;
    bool out;    /* the structure kinds: a get */
    bool blocks; /* waits for output to drain, a break, or such */
    bool tty;    /* a terminal command: ENOTTY comes before EFAULT */
    kver_t since;
};

#define T(cmd, kind, size, out, blocks)                                                  \
    {                                                                                    \
        cmd, cmd, kind, size, out, blocks, true, 0                                       \
    }
#define F(cmd, host, kind, size, since)                                                  \
    {                                                                                    \
        cmd, host, kind, size, false, false, false, since                                \
    }

static const struct ioctl_cmd cmds[] = {
    T(0x5401, IO_TERMIOS, 0, true, false),  /* TCGETS */
    T(0x5402, IO_TERMIOS, 0, false, false), /* TCSETS */
    T(0x5403, IO_TERMIOS, 0, false, true),  /* TCSETSW */
    T(0x5404, IO_TERMIOS, 0, false, true),  /* TCSETSF */
    T(0x5405, IO_TERMIO, 0, true, false),   /* TCGETA */
    T(0x5406, IO_TERMIO, 0, false, false),  /* TCSETA */
    T(0x5407, IO_TERMIO, 0, false, true),   /* TCSETAW */
    T(0x5408, IO_TERMIO, 0, false, true),   /* TCSETAF */
    T(0x5409, IO_VAL, 0, false, true),      /* TCSBRK */
    T(0x540A, IO_VAL, 0, false, false),     /* TCXONC */
    T(0x540B, IO_VAL, 0, false, false),     /* TCFLSH */
    T(0x540C, IO_NONE, 0, false, false),    /* TIOCEXCL */
    T(0x540D, IO_NONE, 0, false, false),    /* TIOCNXCL */
    T(0x540E, IO_VAL, 0, false, false),     /* TIOCSCTTY */
    T(0x540F, IO_OUT, 4, false, false),     /* TIOCGPGRP */
    T(0x5410, IO_IN, 4, false, false),      /* TIOCSPGRP */
    T(0x5411, IO_OUT, 4, false, false),     /* TIOCOUTQ */
    T(0x5412, IO_IN, 1, false, false),      /* TIOCSTI */
    T(0x5413, IO_OUT, 8, false, false),     /* TIOCGWINSZ */
    T(0x5414, IO_IN, 8, false, false),      /* TIOCSWINSZ */
    T(0x5415, IO_OUT, 4, false, false),     /* TIOCMGET */
    T(0x5416, IO_IN, 4, false, false),      /* TIOCMBIS */
    T(0x5417, IO_IN, 4, false, false),      /* TIOCMBIC */
    T(0x5418, IO_IN, 4, false, false),      /* TIOCMSET */
    T(0x5419, IO_OUT, 4, false, false),     /* TIOCGSOFTCAR */
    T(0x541A, IO_IN, 4, false, false),      /* TIOCSSOFTCAR */
    T(0x541D, IO_NONE, 0, false, false),    /* TIOCCONS */
    T(0x5420, IO_IN, 4, false, false),      /* TIOCPKT */
    T(0x5422, IO_NONE, 0, false, false),    /* TIOCNOTTY */
    T(0x5423, IO_IN, 4, false, false),      /* TIOCSETD */
    T(0x5424, IO_OUT, 4, false, false),     /* TIOCGETD */
    T(0x5425, IO_VAL, 0, false, true),      /* TCSBRKP */
    T(0x5427, IO_NONE, 0, false, false),    /* TIOCSBRK */
    T(0x5428, IO_NONE, 0, false, false),    /* TIOCCBRK */
    T(0x5429, IO_OUT, 4, false, false),     /* TIOCGSID */
    T(0x80045430, IO_OUT, 4, false, false), /* TIOCGPTN */
    T(0x40045431, IO_IN, 4, false, false),  /* TIOCSPTLCK */
    T(0x80045432, IO_OUT, 4, false, false), /* TIOCGDEV */
    T(0x40045436, IO_VAL, 0, false, false), /* TIOCSIG: the signal by value */
    T(0x5437, IO_NONE, 0, false, false),    /* TIOCVHANGUP */
    /* Generic descriptor commands (fs/ioctl.c), on any file. */
    F(0x541B, 0x541B, IO_OUT, 4, 0),                    /* FIONREAD */
    F(0x5421, 0x5421, IO_IN, 4, 0),                     /* FIONBIO */
    F(0x5450, 0x5450, IO_NONE, 0, 0),                   /* FIONCLEX */
    F(0x5451, 0x5451, IO_NONE, 0, 0),                   /* FIOCLEX */
    F(0x5452, 0x5452, IO_IN, 4, 0),                     /* FIOASYNC */
    F(0x5460, 0x5460, IO_OUT, 8, 0),                    /* FIOQSIZE: a loff_t */
    F(1, 1, IO_INOUT, 4, 0),                            /* FIBMAP */
    F(2, 2, IO_OUT, 4, 0),                              /* FIGETBSZ */
    F(0xc0045877, 0xc0045877, IO_VAL, 0, KV(2, 6, 29)), /* FIFREEZE */
    F(0xc0045878, 0xc0045878, IO_VAL, 0, KV(2, 6, 29)), /* FITHAW */
    F(0x40049409, 0x40049409, IO_VAL, 0, KV(4, 5, 0)),  /* FICLONE: the source fd */
    F(0x4020940d, 0x4020940d, IO_IN, 32, KV(4, 5, 0)),  /* FICLONERANGE */
    /* Commands whose number encodes sizeof(long): i386's and the host's
     * differ; the kernel reads and writes an int for the flags ones. */
    F(0x80046601, 0x80086601, IO_OUT, 4, 0), /* FS_IOC_GETFLAGS */
    F(0x40046602, 0x40086602, IO_IN, 4, 0),  /* FS_IOC_SETFLAGS */
    F(0x80047601, 0x80087601, IO_OUT, 4, 0), /* FS_IOC_GETVERSION */
    F(0x40047602, 0x40087602, IO_IN, 4, 0),  /* FS_IOC_SETVERSION */
    /* Block devices. */
    F(0x125e, 0x125e, IO_OUT, 4, 0),                    /* BLKROGET */
    F(0x125f, 0x125f, IO_NONE, 0, 0),                   /* BLKRRPART */
    F(0x1260, 0x1260, IO_LONG_OUT, 0, 0),               /* BLKGETSIZE */
    F(0x1261, 0x1261, IO_NONE, 0, 0),                   /* BLKFLSBUF */
    F(0x1268, 0x1268, IO_OUT, 4, 0),                    /* BLKSSZGET */
    F(0x80041270, 0x80081270, IO_OUT, 4, 0),            /* BLKBSZGET */
    F(0x80041272, 0x80081272, IO_OUT, 8, KV(2, 4, 18)), /* BLKGETSIZE64 */
};

/* Terminal commands that came later than the rest. */
static const struct ioctl_cmd later[] = {
    {0x802c542a, 0x802c542a, IO_TERMIOS2, 0, true, false, true,
     KV(2, 6, 20)}, /* TCGETS2 */
    {0x402c542b, 0x402c542b, IO_TERMIOS2, 0, false, false, true,
     KV(2, 6, 20)}, /* TCSETS2 */
    {0x402c542c, 0x402c542c, IO_TERMIOS2, 0, false, true, true,
     KV(2, 6, 20)}, /* TCSETSW2 */
    {0x402c542d, 0x402c542d, IO_TERMIOS2, 0, false, true, true,
     KV(2, 6, 20)},                                                       /* TCSETSF2 */
    {0x80045438, 0x80045438, IO_OUT, 4, false, false, true, KV(3, 8, 0)}, /* TIOCGPKT */
    {0x80045439, 0x80045439, IO_OUT, 4, false, false, true, KV(3, 8, 0)}, /* TIOCGPTLCK */
    {0x80045440, 0x80045440, IO_OUT, 4, false, false, true, KV(3, 8, 0)}, /* TIOCGEXCL */
    {0x5441, 0x5441, IO_VAL, 0, false, false, true,
     KV(4, 13, 0)}, /* TIOCGPTPEER: flags */
};

static const struct ioctl_cmd *find(uint32_t cmd)
{
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (cmds[i].cmd == cmd)
            return guest_kernel.kernel >= cmds[i].since ? &cmds[i] : NULL;
    for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
        if (later[i].cmd == cmd)
            return guest_kernel.kernel >= later[i].since ? &later[i] : NULL;
    return NULL;
}

static long host_ioctl(struct task *t, int fd, const struct ioctl_cmd *c, long arg)
{
    if (c->blocks)
        return host_blocking(t, SYS_ioctl, fd, c->host, arg, 0, 0, 0);
    return HOST(syscall(SYS_ioctl, fd, (unsigned long)c->host, arg));
}

/* A terminal command whose argument could not be read: a descriptor that is
 * no terminal says so first (tty_ioctl is never reached). */
static long bad_arg(int fd, const struct ioctl_cmd *c)
{
    if (c->tty) {
        struct host_ktermios k;
        long r = HOST(syscall(SYS_ioctl, fd, 0x5401UL /* TCGETS */, &k));
        if (r == -EBADF || r == -ENOTTY)
            return r;
    }
    return -EFAULT;
}

/* The termios fields, one by one (termios and termios2 share them). */
#define COPY_TERMIOS(dst, src, ncc)                                                      \
    do {                                                                                 \
        (dst)->iflag = (src)->iflag;                                                     \
        (dst)->oflag = (src)->oflag;                                                     \
        (dst)->cflag = (src)->cflag;                                                     \
        (dst)->lflag = (src)->lflag;                                                     \
        (dst)->line = (src)->line;                                                       \
        for (int i_ = 0; i_ < (ncc); i_++)                                               \
            (dst)->cc[i_] = (src)->cc[i_];                                               \
    } while (0)

static long do_termios(struct task *t, int fd, const struct ioctl_cmd *c, uint32_t va)
{
    struct guest_termios g;
    struct host_ktermios h;
    if (c->out) {
        long r = host_ioctl(t, fd, c, (long)&h);
        if (r < 0)
            return r;
        COPY_TERMIOS(&g, &h, GUEST_NCCS);
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
        return bad_arg(fd, c);
    COPY_TERMIOS(&h, &g, HOST_NCCS);
    return host_ioctl(t, fd, c, (long)&h);
}

static long do_termios2(struct task *t, int fd, const struct ioctl_cmd *c, uint32_t va)
{
    struct guest_termios2 g;
    struct host_ktermios2 h;
    if (c->out) {
        long r = host_ioctl(t, fd, c, (long)&h);
        if (r < 0)
            return r;
        COPY_TERMIOS(&g, &h, GUEST_NCCS);
        g.ispeed = h.ispeed;
        g.ospeed = h.ospeed;
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
        return bad_arg(fd, c);
    COPY_TERMIOS(&h, &g, HOST_NCCS);
    h.ispeed = g.ispeed;
    h.ospeed = g.ospeed;
    return host_ioctl(t, fd, c, (long)&h);
}

static long do_termio(struct task *t, int fd, const struct ioctl_cmd *c, uint32_t va)
{
    struct guest_termio g;
    struct host_termio h;
    if (c->out) {
        long r = host_ioctl(t, fd, c, (long)&h);
        if (r < 0)
            return r;
        g = (struct guest_termio){h.iflag, h.oflag, h.cflag, h.lflag, h.line, {0}};
        for (int i = 0; i < GUEST_NCC; i++)
            g.cc[i] = h.cc[i];
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    if (mm_copy_from(t->mm, &g, va, sizeof(g)) < 0)
        return bad_arg(fd, c);
    h = (struct host_termio){g.iflag, g.oflag, g.cflag, g.lflag, g.line, {0}};
    for (int i = 0; i < HOST_NCC; i++)
        h.cc[i] = g.cc[i];
    return host_ioctl(t, fd, c, (long)&h);
}

/* Plain integers (ints, shorts of a winsize, a loff_t) have the same bytes
 * on i386 and x86-64: they cross as they are. */
static long do_plain(struct task *t, int fd, const struct ioctl_cmd *c, uint32_t va)
{
    uint8_t buf[32] = {0};
    if ((c->kind == IO_IN || c->kind == IO_INOUT) &&
        mm_copy_from(t->mm, buf, va, c->size) < 0)
        return bad_arg(fd, c);
    long r = host_ioctl(t, fd, c, (long)buf);
    if (r < 0 || c->kind == IO_IN)
        return r;
    long e = mm_copy_to(t->mm, va, buf, c->size);
    return e < 0 ? e : r;
}

/* An unsigned long result: EFBIG when it does not fit 32 bits (compat
 * BLKGETSIZE). */
static long do_long_out(struct task *t, int fd, const struct ioctl_cmd *c, uint32_t va)
{
    unsigned long v = 0;
    long r = host_ioctl(t, fd, c, (long)&v);
    if (r < 0)
        return r;
    if (v > UINT32_MAX)
        return -EFBIG;
    return put_u32(t, va, (uint32_t)v) < 0 ? -EFAULT : r;
}

static void report_unknown(uint32_t cmd)
{
    static int debug = -1;
    if (debug < 0)
        debug = getenv("RELIC_DEBUG") != NULL;
    if (debug)
        fprintf(stderr, "relic: ioctl 0x%x: not a command relic translates (ENOTTY)\n",
                cmd);
}

static long sys_ioctl(struct task *t, const uint32_t *a)
{
    int fd = (int)a[0];
    const struct ioctl_cmd *c = find(a[1]);
    if (!c) {
        if (fcntl(fd, F_GETFD) < 0)
            return -EBADF;
        report_unknown(a[1]);
        return -ENOTTY;
    }
    switch (c->kind) {
    case IO_NONE:
        return host_ioctl(t, fd, c, 0);
    case IO_VAL:
        return host_ioctl(t, fd, c, (long)a[2]);
    case IO_TERMIOS:
        return do_termios(t, fd, c, a[2]);
    case IO_TERMIOS2:
        return do_termios2(t, fd, c, a[2]);
    case IO_TERMIO:
        return do_termio(t, fd, c, a[2]);
    case IO_LONG_OUT:
        return do_long_out(t, fd, c, a[2]);
    default:
        return do_plain(t, fd, c, a[2]);
    }
}

const struct sys_impl sys_ioctl_impls[] = {
    {"ioctl", sys_ioctl, "dxx",
     "terminal, pty, generic file and a few block commands; others are ENOTTY"},
    {NULL, NULL, NULL},
};
