/* User and group ids through the 16-bit calls of the first kernels and the
 * 32-bit ones (getresuid writes two bytes per id, 0xffff means "unchanged"),
 * supplementary groups in both widths, process groups and sessions, and
 * resource limits in the old, ugetrlimit and prlimit64 forms. What needs
 * root is tried and its answer printed: the native run decides. Compared
 * with the native run. */
#include "ck.h"

#include <sys/resource.h>

enum {
    NR_setuid16 = 23,
    NR_getuid16 = 24,
    NR_getgid16 = 47,
    NR_setgid16 = 46,
    NR_geteuid16 = 49,
    NR_getegid16 = 50,
    NR_setreuid16 = 70,
    NR_setregid16 = 71,
    NR_getgroups16 = 80,
    NR_setgroups16 = 81,
    NR_setfsuid16 = 138,
    NR_setfsgid16 = 139,
    NR_setresuid16 = 164,
    NR_getresuid16 = 165,
    NR_setresgid16 = 170,
    NR_getresgid16 = 171,
    NR_old_getrlimit = 76,
    NR_ugetrlimit = 191,
};

static void res16(const char *what, long nr)
{
    /* Each id is two bytes: the bytes after them stay as they were. */
    uint16_t ids[6];
    memset(ids, 0xa5, sizeof(ids));
    long r = syscall(nr, &ids[0], &ids[2], &ids[4]);
    printf("%s: %ld ids %d %d %d, untouched %d\n", what, r, ids[0] == (uint16_t)getuid(),
           ids[2] == (uint16_t)geteuid(), ids[4] != 0xa5a5,
           ids[1] == 0xa5a5 && ids[3] == 0xa5a5 && ids[5] == 0xa5a5);
}

static void limit32(const char *what, long nr, int res)
{
    uint32_t v[2] = {1, 1};
    errno = 0;
    long r = syscall(nr, res, v);
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld cur %x max %x\n", what, r, v[0], v[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("16-bit ids match 32-bit: %d %d %d %d\n",
           syscall(NR_getuid16) == (long)(getuid() & 0xffff),
           syscall(NR_geteuid16) == (long)(geteuid() & 0xffff),
           syscall(NR_getgid16) == (long)(getgid() & 0xffff),
           syscall(NR_getegid16) == (long)(getegid() & 0xffff));
    res16("getresuid (16)", NR_getresuid16);
    res16("getresgid (16)", NR_getresgid16);
    CHECK("getresuid bad pointer",
          syscall(NR_getresuid16, (void *)16, (void *)16, (void *)16));
    CHECK("setuid (16) to myself", syscall(NR_setuid16, getuid()));
    CHECK("setgid (16) to myself", syscall(NR_setgid16, getgid()));
    CHECK("setreuid (16) unchanged", syscall(NR_setreuid16, 0xffff, 0xffff));
    CHECK("setregid (16) unchanged", syscall(NR_setregid16, 0xffff, 0xffff));
    CHECK("setresuid (16) unchanged", syscall(NR_setresuid16, 0xffff, 0xffff, 0xffff));
    CHECK("setresgid (16) unchanged", syscall(NR_setresgid16, 0xffff, 0xffff, 0xffff));
    CHECK("setuid (16) 0xffff", syscall(NR_setuid16, 0xffff));
    printf("setfsuid (16) query is my euid: %d\n",
           syscall(NR_setfsuid16, 0xffff) == (long)geteuid());
    printf("setfsgid (16) query is my egid: %d\n",
           syscall(NR_setfsgid16, 0xffff) == (long)getegid());
    printf("setfsuid32 query is my euid: %d\n",
           syscall(SYS_setfsuid32, -1) == (long)geteuid());
    CHECK("setresuid32 unchanged", syscall(SYS_setresuid32, -1, -1, -1));
    CHECK("setreuid32 to myself", syscall(SYS_setreuid32, getuid(), -1));

    long n = syscall(NR_getgroups16, 0, NULL);
    printf("getgroups (16) count matches: %d\n", n == getgroups(0, NULL));
    uint16_t g16[70];
    memset(g16, 0xa5, sizeof(g16));
    CHECK("getgroups (16) into too small a list",
          n > 0 ? syscall(NR_getgroups16, n - 1, g16) : (errno = EINVAL, -1L));
    CHECK("getgroups (16) negative", syscall(NR_getgroups16, -1, g16));
    long got = syscall(NR_getgroups16, 64, g16);
    gid_t g32[64];
    long got32 = getgroups(64, g32);
    int same = got == got32;
    for (long i = 0; same && i < got; i++)
        same = g16[i] == (uint16_t)(g32[i] > 0xffff ? 65534 : g32[i]);
    printf("getgroups (16) list matches: %d, next untouched %d\n", same,
           g16[got] == 0xa5a5);
    CHECK("setgroups (16) the same list", syscall(NR_setgroups16, got, g16));
    CHECK("setgroups32 the same list", syscall(SYS_setgroups32, got32, g32));
    CHECK("setgroups (16) bad pointer", syscall(NR_setgroups16, 1, (void *)16));
    CHECK("setgroups32 too many", syscall(SYS_setgroups32, 65537, g32));
    uint16_t minus1 = 0xffff;
    CHECK("setgroups (16) with 0xffff", syscall(NR_setgroups16, 1, &minus1));

    /* As root, a child can drop to another user and not come back. */
    pid_t c = fork();
    if (c == 0) {
        uint16_t one = 100;
        CHECK("child setgroups (16) {100}", syscall(NR_setgroups16, 1, &one));
        uint16_t back[4] = {0};
        CHECK("child getgroups (16)", syscall(NR_getgroups16, 4, back));
        printf("child group: %u\n", back[0]);
        CHECK("child setgid (16) 65534", syscall(NR_setgid16, 65534));
        CHECK("child setresuid (16) 65534 65534 -",
              syscall(NR_setresuid16, 65534, 65534, 0xffff));
        CHECK("child getuid (16)", syscall(NR_getuid16));
        CHECK("child geteuid (16)", syscall(NR_geteuid16));
        CHECK("child setuid (16) 0", syscall(NR_setuid16, 0));
        CHECK("child setuid32 100000", syscall(SYS_setuid32, 100000));
        CHECK("child getuid32", syscall(SYS_getuid32));
        CHECK("child getuid (16) of a big uid", syscall(NR_getuid16));
        CHECK("child setgroups32 after dropping", syscall(SYS_setgroups32, 0, NULL));
        _exit(0);
    }
    reap("child", c);

    /* Process groups and sessions. */
    printf("getpgrp is getpgid(0): %d\n", getpgrp() == getpgid(0));
    printf("getsid(0) is getsid(me): %d\n", getsid(0) == getsid(getpid()));
    CHECK("getpgid of nobody", getpgid(999999));
    CHECK("getsid of nobody", getsid(999999));
    CHECK("setpgid of nobody", setpgid(999999, 0));
    c = fork();
    if (c == 0) {
        CHECK("child setpgid(0, 0)", setpgid(0, 0));
        printf("child: group is me %d\n", getpgrp() == getpid());
        CHECK("child setsid as a group leader", setsid());
        _exit(0);
    }
    reap("child", c);
    c = fork();
    if (c == 0) {
        printf("child: setsid is me %d\n", setsid() == getpid());
        printf("child: session and group are me %d %d\n", getsid(0) == getpid(),
               getpgrp() == getpid());
        CHECK("child setpgid to a group in another session", setpgid(0, getppid()));
        _exit(0);
    }
    reap("child", c);

    /* Limits. */
    limit32("old getrlimit RLIMIT_NOFILE", NR_old_getrlimit, RLIMIT_NOFILE);
    limit32("old getrlimit RLIMIT_CPU", NR_old_getrlimit, RLIMIT_CPU);
    limit32("ugetrlimit RLIMIT_CPU", NR_ugetrlimit, RLIMIT_CPU);
    limit32("ugetrlimit RLIMIT_STACK", NR_ugetrlimit, RLIMIT_STACK);
    limit32("ugetrlimit 16", NR_ugetrlimit, 16);
    limit32("ugetrlimit RLIMIT_AS", NR_ugetrlimit, RLIMIT_AS);
    struct rlimit64 l;
    CHECK("prlimit64 get NOFILE", prlimit64(0, RLIMIT_NOFILE, NULL, &l));
    struct rlimit64 lower = {64, l.rlim_max};
    CHECK("prlimit64 set NOFILE soft 64", prlimit64(0, RLIMIT_NOFILE, &lower, NULL));
    limit32("ugetrlimit RLIMIT_NOFILE", NR_ugetrlimit, RLIMIT_NOFILE);
    CHECK("open past the limit", dup2(1, 100));
    struct rlimit64 inv = {10, 5};
    CHECK("prlimit64 cur > max", prlimit64(0, RLIMIT_NOFILE, &inv, NULL));
    uint32_t as[2] = {256u << 20, 0xffffffffu};
    CHECK("setrlimit RLIMIT_AS 256M", syscall(SYS_setrlimit, RLIMIT_AS, as));
    limit32("ugetrlimit RLIMIT_AS", NR_ugetrlimit, RLIMIT_AS);
    CHECK("prlimit64 get AS", prlimit64(0, RLIMIT_AS, NULL, &l));
    printf("AS: cur %llx max %llx\n", (unsigned long long)l.rlim_cur,
           (unsigned long long)l.rlim_max);
    as[1] = 512u << 20;
    CHECK("setrlimit RLIMIT_AS max 512M", syscall(SYS_setrlimit, RLIMIT_AS, as));
    as[1] = 0xffffffffu;
    long up = syscall(SYS_setrlimit, RLIMIT_AS, as);
    printf("raise RLIMIT_AS max again: %s\n", up == 0 ? "ok" : strerrorname_np(errno));
    uint32_t data[2] = {128u << 20, 0xffffffffu};
    CHECK("setrlimit RLIMIT_DATA 128M", syscall(SYS_setrlimit, RLIMIT_DATA, data));
    limit32("ugetrlimit RLIMIT_DATA", NR_ugetrlimit, RLIMIT_DATA);
    /* Memory still works for this program under those limits. */
    char *m = malloc(1 << 20);
    printf("malloc 1M: %s\n", m ? "ok" : "failed");
    free(m);
    CHECK("setrlimit bad resource", syscall(SYS_setrlimit, 99, data));
    CHECK("setrlimit bad pointer", syscall(SYS_setrlimit, RLIMIT_CORE, (void *)16));
    c = fork();
    if (c == 0) {
        struct rlimit64 pl;
        CHECK("child prlimit64 on the parent",
              prlimit64(getppid(), RLIMIT_NOFILE, NULL, &pl));
        printf("child: parent's NOFILE soft %llu\n", (unsigned long long)pl.rlim_cur);
        CHECK("child prlimit64 on nobody", prlimit64(999999, RLIMIT_NOFILE, NULL, &pl));
        _exit(0);
    }
    reap("child", c);
    return 0;
}
