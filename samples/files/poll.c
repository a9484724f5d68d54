/* Waiting on pipes: poll, ppoll, the old select (82), _newselect (142),
 * pselect6 and the time64 forms, through their raw calls: fd_set words
 * past the first 32 descriptors, timeouts written back (the time left, none
 * for a zero timeout), normalised microseconds, and the errors. No result
 * depends on how fast the machine is: a timeout either expires on an empty
 * pipe or is cut short by data that is already there. Compared with the
 * native run. */
#include "ck.h"

#include <poll.h>
#include <sys/select.h>

struct tv32 {
    int32_t sec, usec;
};
struct ts32 {
    int32_t sec, nsec;
};
struct ts64 {
    int64_t sec, nsec;
};

/* i386 fd_set: 1024 bits in 32-bit words. */
typedef struct {
    uint32_t w[32];
} set32;

static void set_bit(set32 *s, int fd)
{
    s->w[fd / 32] |= 1u << (fd % 32);
}
static int has_bit(const set32 *s, int fd)
{
    return !!(s->w[fd / 32] & (1u << (fd % 32)));
}

static void result(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2], q[2];
    pipe(p);
    pipe(q);
    /* Descriptors in the second and third 32-bit words of an fd_set. */
    int r40 = dup2(p[0], 40), w70 = dup2(q[1], 70), r75 = dup2(q[0], 75);

    struct pollfd f[3] = {{p[0], POLLIN, 0x55}, {q[1], POLLOUT, 0}, {99, POLLIN, 0}};
    result("poll empty, timeout 0", syscall(SYS_poll, f, 3, 0));
    printf("revents: %x %x %x\n", f[0].revents, f[1].revents, f[2].revents);
    result("poll 20ms on an empty pipe", syscall(SYS_poll, f, 1, 20));
    write(p[1], "x", 1);
    result("poll with data", syscall(SYS_poll, f, 3, -1));
    printf("revents: %x %x %x\n", f[0].revents, f[1].revents, f[2].revents);
    result("poll bad pointer", syscall(SYS_poll, (void *)16, 1, 0));
    result("poll too many", syscall(SYS_poll, f, 0x7fffffff, 0));
    result("poll none, timeout 0", syscall(SYS_poll, NULL, 0, 0));

    struct ts32 t = {0, 50000000};
    result("ppoll with data, 50ms", syscall(SYS_ppoll, f, 1, &t, NULL, 8));
    printf("ppoll time left within 50ms: %d\n",
           t.sec == 0 && t.nsec > 0 && t.nsec <= 50000000);
    t = (struct ts32){0, 20000000};
    struct pollfd e = {q[0], POLLIN, 0};
    result("ppoll empty, 20ms", syscall(SYS_ppoll, &e, 1, &t, NULL, 8));
    printf("ppoll time left: %d.%09d\n", t.sec, t.nsec);
    t = (struct ts32){0, 0};
    result("ppoll timeout 0", syscall(SYS_ppoll, &e, 1, &t, NULL, 8));
    t = (struct ts32){0, 1000000000};
    result("ppoll bad nsec", syscall(SYS_ppoll, &e, 1, &t, NULL, 8));
    t = (struct ts32){-1, 0};
    result("ppoll negative", syscall(SYS_ppoll, &e, 1, &t, NULL, 8));
    uint64_t mask = 0;
    t = (struct ts32){0, 0};
    result("ppoll with a mask", syscall(SYS_ppoll, f, 1, &t, &mask, 8));
    result("ppoll mask size 4", syscall(SYS_ppoll, f, 1, &t, &mask, 4));
    result("ppoll bad mask", syscall(SYS_ppoll, f, 1, &t, (void *)16, 8));
    struct ts64 t64 = {0, 0xdeadbeef00000000ll | 20000000};
    result("ppoll_time64 empty, 20ms (nsec's upper half ignored)",
           syscall(413 + 1 /* ppoll_time64 */, &e, 1, &t64, NULL, 8));
    printf("ppoll_time64 time left: %lld.%09lld\n", (long long)t64.sec,
           (long long)t64.nsec);

    /* _newselect: readers p[0] (has data), r40 (same pipe), r75 (empty);
     * writer w70. */
    set32 rd = {0}, wr = {0};
    set_bit(&rd, p[0]);
    set_bit(&rd, r40);
    set_bit(&rd, r75);
    set_bit(&wr, w70);
    struct tv32 tv = {5, 0};
    result("_newselect", syscall(SYS__newselect, 76, &rd, &wr, NULL, &tv));
    printf("ready: p %d r40 %d r75 %d w70 %d\n", has_bit(&rd, p[0]), has_bit(&rd, r40),
           has_bit(&rd, r75), has_bit(&wr, w70));
    printf("time left under 5s: %d\n", tv.sec <= 4 && tv.sec >= 0 && tv.usec < 1000000);
    set32 empty = {0};
    set_bit(&empty, r75);
    tv = (struct tv32){0, 20000};
    result("_newselect empty, 20ms",
           syscall(SYS__newselect, 76, &empty, NULL, NULL, &tv));
    printf("time left: %d.%06d, set %d\n", tv.sec, tv.usec, has_bit(&empty, r75));
    /* 1.5 s written as 0 s and 1500000 us: normalised, not refused. */
    rd = (set32){0};
    set_bit(&rd, r40);
    tv = (struct tv32){0, 1500000};
    result("_newselect 1500000us", syscall(SYS__newselect, 41, &rd, NULL, NULL, &tv));
    printf("time left normalised: %d\n", tv.sec == 1 && tv.usec <= 500000);
    tv = (struct tv32){-1, 0};
    result("_newselect negative", syscall(SYS__newselect, 41, &rd, NULL, NULL, &tv));
    tv = (struct tv32){0, -1};
    result("_newselect negative usec", syscall(SYS__newselect, 41, &rd, NULL, NULL, &tv));
    result("_newselect n < 0", syscall(SYS__newselect, -1, &rd, NULL, NULL, NULL));
    set32 bad = {0};
    set_bit(&bad, 90);
    tv = (struct tv32){0, 0};
    result("_newselect closed fd", syscall(SYS__newselect, 91, &bad, NULL, NULL, &tv));
    result("_newselect bad set",
           syscall(SYS__newselect, 41, (void *)16, NULL, NULL, &tv));
    result("_newselect nothing, timeout 0",
           syscall(SYS__newselect, 0, NULL, NULL, NULL, &tv));

    /* The old select: one pointer to the five arguments. */
    rd = (set32){0};
    set_bit(&rd, r40);
    set_bit(&rd, r75);
    tv = (struct tv32){0, 0};
    uint32_t args[5] = {76, (uint32_t)(uintptr_t)&rd, 0, 0, (uint32_t)(uintptr_t)&tv};
    result("old select", syscall(SYS_select, args));
    printf("ready: r40 %d r75 %d\n", has_bit(&rd, r40), has_bit(&rd, r75));
    result("old select bad args", syscall(SYS_select, (void *)16));

    /* pselect6: the sixth argument is { sigset *, size }. */
    rd = (set32){0};
    set_bit(&rd, r75);
    t = (struct ts32){0, 20000000};
    uint32_t sig[2] = {(uint32_t)(uintptr_t)&mask, 8};
    result("pselect6 empty, 20ms", syscall(SYS_pselect6, 76, &rd, NULL, NULL, &t, sig));
    printf("pselect6 time left: %d.%09d set %d\n", t.sec, t.nsec, has_bit(&rd, r75));
    sig[1] = 4;
    result("pselect6 mask size 4", syscall(SYS_pselect6, 76, &rd, NULL, NULL, &t, sig));
    sig[0] = 0;
    set_bit(&rd, r40);
    result("pselect6 no mask", syscall(SYS_pselect6, 76, &rd, NULL, NULL, &t, sig));
    result("pselect6 bad sig pointer",
           syscall(SYS_pselect6, 76, &rd, NULL, NULL, &t, 16));
    t = (struct ts32){0, 1500000000};
    result("pselect6 bad nsec", syscall(SYS_pselect6, 76, &rd, NULL, NULL, &t, NULL));
    rd = (set32){0};
    set_bit(&rd, r75);
    t64 = (struct ts64){0, 20000000};
    result("pselect6_time64 empty, 20ms",
           syscall(413 /* pselect6_time64 */, 76, &rd, NULL, NULL, &t64, NULL));
    printf("pselect6_time64 time left: %lld.%09lld\n", (long long)t64.sec,
           (long long)t64.nsec);

    /* libc's own select and poll. */
    fd_set ls;
    FD_ZERO(&ls);
    FD_SET(r40, &ls);
    struct timeval ltv = {1, 0};
    result("select (libc)", select(r40 + 1, &ls, NULL, NULL, &ltv));
    close(p[1]);
    struct pollfd hup = {p[0], POLLIN, 0};
    char c;
    read(p[0], &c, 1);
    result("poll after the writer closed", poll(&hup, 1, -1));
    printf("revents: %x\n", hup.revents);
    return 0;
}
