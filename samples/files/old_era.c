/* What the file and machine calls answered in older kernels, on the
 * freestanding runtime of samples/oldabi (no libc, so it starts on any
 * kernel relic offers). Run under --kernel 2.2, 2.4, 2.6.16 against
 * expected files that cite the sources, and under this machine's kernel
 * line against the native run (lines starting "sysinfo" aside: the
 * machine's memory is relic's --mem there).
 * - struct sysinfo has mem_unit since 2.3.23; before, the sizes are bytes
 *   and that word is padding (0).
 * - getdents (141) records end in d_type since 2.6.4: before, a record is
 *   one byte shorter before rounding (fs/readdir.c filldir).
 * - statfs f_flags since 2.6.36; before, the word is f_spare[0].
 * - O_CLOEXEC came with 2.6.23 (before, open ignores the bit), and
 *   F_DUPFD_CLOEXEC with 2.6.24 (EINVAL before). */
#include "../oldabi/rt.h"

enum {
    NR_chdir = 12,
    NR_unlink = 10,
    NR_mkdir = 39,
    NR_rmdir = 40,
    NR_fcntl = 55,
    NR_statfs = 99,
    NR_sysinfo = 116,
    NR_getdents = 141,
};

#define O_RDONLY        0
#define O_WRONLY        1
#define O_CREAT         0100
#define O_DIRECTORY     0200000
#define O_CLOEXEC       02000000
#define F_GETFD         1
#define F_DUPFD_CLOEXEC 1030

struct k_sysinfo {
    long uptime;
    unsigned long loads[3];
    unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    unsigned short procs, pad;
    unsigned long totalhigh, freehigh;
    unsigned int mem_unit;
    char f[8];
};

int main(void)
{
    struct k_sysinfo si;
    memset(&si, 0x5a, sizeof(si));
    long r = SYS1(NR_sysinfo, &si);
    rt_printf("sysinfo %s mem_unit %u totalram %lu totalhigh %lu\n", rt_result(r),
              si.mem_unit, si.totalram, si.totalhigh);

    /* A directory of its own, named after the pid so that two runs at once
     * do not meet (the name is never printed). */
    char dir[32] = "old-era.";
    long pid = SYS0(NR_getpid);
    int n = (int)rt_strlen(dir);
    for (long p = pid; p; p /= 10)
        n++;
    dir[n] = 0;
    for (long p = pid; p; p /= 10)
        dir[--n] = (char)('0' + p % 10);
    SYS2(NR_mkdir, dir, 0755);
    SYS1(NR_chdir, dir);
    SYS1(NR_close, SYS3(NR_open, "a", O_CREAT | O_WRONLY, 0644));

    long fd = SYS3(NR_open, ".", O_RDONLY | O_DIRECTORY, 0);
    char buf[512];
    long got = SYS3(NR_getdents, fd, buf, sizeof(buf));
    rt_printf("getdents %s\n", got > 0 ? "= some" : rt_result(got));
    for (long at = 0; at < got;) {
        char *name = buf + at + 10;
        unsigned short reclen;
        memcpy(&reclen, buf + at + 8, 2);
        if (!rt_strcmp(name, "a"))
            rt_printf("getdents: 'a' reclen %u last byte %d\n", reclen,
                      buf[at + reclen - 1]);
        at += reclen;
    }

    long st[16];
    memset(st, 0x5a, sizeof(st));
    r = SYS2(NR_statfs, ".", st);
    rt_printf("statfs %s f_flags %s\n", rt_result(r), st[11] == 0 ? "zero" : "set");

    long cl = SYS3(NR_open, ".", O_RDONLY | O_CLOEXEC, 0);
    rt_printf("open O_CLOEXEC: F_GETFD %s\n", rt_result(SYS2(NR_fcntl, cl, F_GETFD)));
    long d = SYS3(NR_fcntl, cl, F_DUPFD_CLOEXEC, 20);
    rt_printf("F_DUPFD_CLOEXEC %s\n", rt_is_err(d) ? rt_result(d) : "= a descriptor");

    SYS1(NR_chdir, "..");
    char path[48];
    memcpy(path, dir, sizeof(dir));
    int len = (int)rt_strlen(path);
    memcpy(path + len, "/a", 3);
    SYS1(NR_unlink, path);
    SYS1(NR_rmdir, dir);
    return 0;
}
