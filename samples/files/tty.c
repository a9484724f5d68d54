/* Terminal and file ioctls on a pty pair (posix_openpt): termios and the
 * old termio round trip, window size, queue sizes, flush, the pty's own
 * commands, a controlling terminal in a new session, and ENOTTY where a
 * descriptor is no terminal. Compared with the native run. Usage: tty */
#include "ck.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

struct k_termios {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line, cc[19];
};
struct k_termio {
    uint16_t iflag, oflag, cflag, lflag;
    uint8_t line, cc[8];
};
struct k_termios2 {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line, cc[19];
    uint32_t ispeed, ospeed;
};

static void show_termios(const char *what, const struct k_termios *k)
{
    printf("%s: iflag %o oflag %o cflag %o lflag %o line %u cc", what, k->iflag, k->oflag,
           k->cflag, k->lflag, k->line);
    for (int i = 0; i < 19; i++)
        printf(" %u", k->cc[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    (void)argc;
    setvbuf(stdout, NULL, _IONBF, 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %s\n", m >= 0 ? "ok" : strerrorname_np(errno));
    unsigned n = 99;
    CHECK("TIOCGPTN", ioctl(m, TIOCGPTN, &n));
    int lock = 1;
    CHECK("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lock));
    printf("locked: %d\n", lock);
    CHECK("grantpt", grantpt(m));
    CHECK("unlockpt (TIOCSPTLCK 0)", unlockpt(m));
    CHECK("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lock));
    printf("locked: %d\n", lock);
    char name[64];
    snprintf(name, sizeof(name), "/dev/pts/%u", n);
    printf("ptsname agrees with TIOCGPTN: %d\n", !strcmp(ptsname(m), name));
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open slave: %s\n", s >= 0 ? "ok" : strerrorname_np(errno));
    CHECK("isatty slave", isatty(s));

    struct k_termios k;
    CHECK("TCGETS", ioctl(s, TCGETS, &k));
    show_termios("TCGETS", &k);
    struct k_termios raw = k;
    raw.lflag &= ~(uint32_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.iflag &= ~(uint32_t)(ICRNL | IXON);
    raw.oflag &= ~(uint32_t)OPOST;
    raw.cc[VMIN] = 1;
    raw.cc[VTIME] = 0;
    raw.cc[VINTR] = 7;
    CHECK("TCSETS", ioctl(s, TCSETS, &raw));
    CHECK("TCGETS", ioctl(s, TCGETS, &k));
    show_termios("after TCSETS", &k);
    printf("round trip: %d\n", !memcmp(&k, &raw, sizeof(k)));
    raw.cc[VINTR] = 3;
    CHECK("TCSETSW", ioctl(s, TCSETSW, &raw));
    CHECK("TCSETSF", ioctl(s, TCSETSF, &raw));
    struct termios lt;
    CHECK("tcgetattr", tcgetattr(s, &lt));
    printf("tcgetattr: lflag %o VINTR %u speed %u\n", (unsigned)lt.c_lflag,
           lt.c_cc[VINTR], (unsigned)cfgetospeed(&lt));
    CHECK("cfsetospeed B9600", cfsetospeed(&lt, B9600));
    CHECK("tcsetattr TCSADRAIN", tcsetattr(s, TCSADRAIN, &lt));
    CHECK("tcgetattr", tcgetattr(s, &lt));
    printf("speed now %u\n", (unsigned)cfgetospeed(&lt));
    struct k_termios2 k2;
    CHECK("TCGETS2", ioctl(s, 0x802c542a /* TCGETS2 */, &k2));
    printf("TCGETS2: cflag %o ispeed %u ospeed %u\n", k2.cflag, k2.ispeed, k2.ospeed);

    struct k_termio old;
    memset(&old, 0xa5, sizeof(old));
    CHECK("TCGETA", ioctl(s, TCGETA, &old));
    printf("TCGETA: iflag %o oflag %o cflag %o lflag %o line %u cc %u %u %u %u %u %u %u "
           "%u\n",
           old.iflag, old.oflag, old.cflag, old.lflag, old.line, old.cc[0], old.cc[1],
           old.cc[2], old.cc[3], old.cc[4], old.cc[5], old.cc[6], old.cc[7]);
    old.lflag |= ECHO;
    old.cc[VINTR] = 9;
    CHECK("TCSETA", ioctl(s, TCSETA, &old));
    CHECK("TCSETAW", ioctl(s, TCSETAW, &old));
    CHECK("TCSETAF", ioctl(s, TCSETAF, &old));
    CHECK("TCGETS", ioctl(s, TCGETS, &k));
    show_termios("after TCSETA", &k);

    struct winsize w = {25, 80, 640, 400}, w2;
    CHECK("TIOCSWINSZ", ioctl(m, TIOCSWINSZ, &w));
    CHECK("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &w2));
    printf("winsize: %u %u %u %u\n", w2.ws_row, w2.ws_col, w2.ws_xpixel, w2.ws_ypixel);

    /* Raw again: bytes from the master wait on the slave as they are. */
    raw.lflag &= ~(uint32_t)ECHO;
    ioctl(s, TCSETS, &raw);
    write(m, "hello", 5);
    int q = -1;
    /* The pty moves the bytes over in the background: wait until they are
     * there (the wait ends on the data, not on a clock). */
    struct pollfd pf = {s, POLLIN, 0};
    CHECK("poll slave", poll(&pf, 1, 60000));
    CHECK("FIONREAD slave", ioctl(s, FIONREAD, &q));
    printf("FIONREAD: %d\n", q);
    CHECK("TIOCOUTQ master", ioctl(m, TIOCOUTQ, &q));
    CHECK("TCFLSH TCIFLUSH", ioctl(s, TCFLSH, TCIFLUSH));
    CHECK("FIONREAD slave", ioctl(s, FIONREAD, &q));
    printf("FIONREAD after flush: %d\n", q);
    CHECK("TCFLSH bad", ioctl(s, TCFLSH, 7));
    CHECK("TCXONC TCOOFF", ioctl(s, TCXONC, TCOOFF));
    CHECK("TCXONC TCOON", ioctl(s, TCXONC, TCOON));
    CHECK("TCSBRK 1 (drain)", ioctl(s, TCSBRK, 1));
    CHECK("TIOCEXCL", ioctl(s, TIOCEXCL));
    int excl = -1;
    CHECK("TIOCGEXCL", ioctl(s, TIOCGEXCL, &excl));
    printf("exclusive: %d\n", excl);
    CHECK("TIOCNXCL", ioctl(s, TIOCNXCL));
    int ld = -1;
    CHECK("TIOCGETD", ioctl(s, TIOCGETD, &ld));
    printf("line discipline: %d\n", ld);
    int pkt = 1;
    CHECK("TIOCPKT", ioctl(m, TIOCPKT, &pkt));
    CHECK("TIOCGPKT", ioctl(m, TIOCGPKT, &pkt));
    printf("packet mode: %d\n", pkt);
    int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    struct stat ps, ss;
    fstat(peer, &ps);
    fstat(s, &ss);
    printf("TIOCGPTPEER: %s, same slave %d\n", peer >= 0 ? "ok" : strerrorname_np(errno),
           ps.st_rdev == ss.st_rdev);
    pid_t pg;
    CHECK("TIOCGPGRP, not my terminal", ioctl(s, TIOCGPGRP, &pg));
    CHECK("TIOCGSID, not my terminal", ioctl(s, TIOCGSID, &pg));
    CHECK("TIOCNOTTY, not my terminal", ioctl(s, TIOCNOTTY));
    CHECK("TIOCSTI needs privilege or a controlling tty", ioctl(s, TIOCSTI, "x"));

    pid_t c = fork();
    if (c == 0) {
        setsid();
        pid_t me = getpid(), got = 0;
        CHECK("child TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
        CHECK("child TIOCGSID", ioctl(s, TIOCGSID, &got));
        printf("child: session is me %d\n", got == me);
        CHECK("child TIOCGPGRP", ioctl(s, TIOCGPGRP, &got));
        printf("child: foreground group is me %d\n", got == me);
        CHECK("child TIOCSPGRP", ioctl(s, TIOCSPGRP, &me));
        pid_t bad = 1;
        CHECK("child TIOCSPGRP to init", ioctl(s, TIOCSPGRP, &bad));
        CHECK("child tcgetsid", tcgetsid(s) == me);
        _exit(0);
    }
    reap("child", c);

    /* Descriptors that are no terminal. */
    int p[2];
    pipe(p);
    CHECK("TCGETS on a pipe", ioctl(p[0], TCGETS, &k));
    CHECK("TIOCGWINSZ on a pipe", ioctl(p[0], TIOCGWINSZ, &w));
    CHECK("TCSETS on a pipe, bad pointer", ioctl(p[0], TCSETS, (void *)16));
    CHECK("TCSETS on the tty, bad pointer", ioctl(s, TCSETS, (void *)16));
    CHECK("TCGETS on the tty, bad pointer", ioctl(s, TCGETS, (void *)16));
    write(p[1], "abc", 3);
    CHECK("FIONREAD pipe", ioctl(p[0], FIONREAD, &q));
    printf("FIONREAD pipe: %d\n", q);
    int f = open(argv[0], O_RDONLY);
    CHECK("TCGETS on a file", ioctl(f, TCGETS, &k));
    CHECK("FIONREAD file", ioctl(f, FIONREAD, &q));
    printf("FIONREAD file is its size: %d\n", q == lseek(f, 0, SEEK_END));
    int on = 1, off = 0;
    CHECK("FIONBIO on", ioctl(p[0], FIONBIO, &on));
    printf("O_NONBLOCK: %d\n", !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    CHECK("FIONBIO off", ioctl(p[0], FIONBIO, &off));
    printf("O_NONBLOCK: %d\n", !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    CHECK("FIOASYNC on", ioctl(p[0], FIOASYNC, &on));
    printf("O_ASYNC: %d\n", !!(fcntl(p[0], F_GETFL) & O_ASYNC));
    CHECK("FIOASYNC off", ioctl(p[0], FIOASYNC, &off));
    CHECK("FIOCLEX", ioctl(p[0], FIOCLEX));
    CHECK("F_GETFD", fcntl(p[0], F_GETFD));
    CHECK("FIONCLEX", ioctl(p[0], FIONCLEX));
    CHECK("F_GETFD", fcntl(p[0], F_GETFD));
    long long qs = -1;
    CHECK("FIOQSIZE file", ioctl(f, FIOQSIZE, &qs));
    CHECK("unknown ioctl on the tty", ioctl(s, 0x12345678, 0));
    CHECK("unknown ioctl on a pipe", ioctl(p[0], 0x12345678, 0));
    CHECK("unknown ioctl on a file", ioctl(f, 0x12345678, 0));
    CHECK("ioctl bad fd", ioctl(99, TCGETS, &k));
    CHECK("unknown ioctl bad fd", ioctl(99, 0x12345678, 0));
    int dn = open("/dev/null", O_RDWR);
    CHECK("TCGETS /dev/null", ioctl(dn, TCGETS, &k));
    return 0;
}
