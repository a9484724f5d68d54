/* What an i386 kernel answers and the 32-bit gate of an x86-64 kernel,
 * which runs this program natively here, does not: checked against an
 * expected file (tests/integration/data/files/i386only.expected), not the
 * native run.
 * - fcntl (55) on i386 knows no flock64 commands, F_OFD_* included ("32-bit
 *   arches must use fcntl64()", fs/fcntl.c do_fcntl); x86-64 routes 55 to
 *   compat_sys_fcntl64, which takes them.
 * - F_GETLK in a 32-bit struct flock is EOVERFLOW when the conflicting lock
 *   ends past 2 GiB - 1 (posix_lock_to_flock, BITS_PER_LONG == 32); the
 *   compat code only clamps l_len.
 * - openat2 forces O_LARGEFILE only where off_t is 64 bits (x86-64, its
 *   32-bit gate too), not on i386: a large file without it is EOVERFLOW
 *   there, before O_TRUNC truncates anything (generic_file_open). */
#include "ck.h"

struct k_flock {
    int16_t type, whence;
    int32_t start, len, pid;
};
struct __attribute__((packed)) k_flock64 {
    int16_t type, whence;
    int64_t start, len;
    int32_t pid;
};

static void getlk(const char *what, int fd, int32_t start, int32_t len)
{
    struct k_flock l = {F_WRLCK, SEEK_SET, start, len, 0};
    errno = 0;
    long r = syscall(SYS_fcntl, fd, F_GETLK, &l);
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: type %d start %d len %d pid %d\n", what, l.type, l.start, l.len,
               l.pid);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int a = open("locks", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int b = open("locks", O_RDWR);
    struct k_flock64 l64 = {F_WRLCK, SEEK_SET, 0, 1, 0};
    CHECK("fcntl F_GETLK64", syscall(SYS_fcntl, a, F_GETLK64, &l64));
    CHECK("fcntl F_SETLK64", syscall(SYS_fcntl, a, F_SETLK64, &l64));
    CHECK("fcntl F_OFD_GETLK", syscall(SYS_fcntl, a, F_OFD_GETLK, &l64));
    CHECK("fcntl F_OFD_SETLK", syscall(SYS_fcntl, a, F_OFD_SETLK, &l64));
    CHECK("fcntl64 F_OFD_GETLK", syscall(SYS_fcntl64, a, F_OFD_GETLK, &l64));
    /* OFD locks on b conflict with the POSIX queries on a. */
    struct k_flock64 ofd = {F_WRLCK, SEEK_SET, 0x70000000, 0x20000000, 0};
    CHECK("fcntl64 F_OFD_SETLK past 2G", syscall(SYS_fcntl64, b, F_OFD_SETLK, &ofd));
    getlk("F_GETLK of a lock past 2G", a, 0x70000000, 16);
    struct k_flock64 eof = {F_WRLCK, SEEK_SET, 100, 0, 0};
    CHECK("fcntl64 F_OFD_SETLK 100 to the end",
          syscall(SYS_fcntl64, b, F_OFD_SETLK, &eof));
    getlk("F_GETLK of a lock to the end", a, 200, 16);
    int big = open("big", O_CREAT | O_RDWR | O_LARGEFILE, 0644);
    ftruncate64(big, 3000000000LL);
    uint64_t how[3] = {O_RDONLY, 0, 0};
    CHECK("openat2 large file without O_LARGEFILE",
          syscall(SYS_openat2, AT_FDCWD, "big", how, 24));
    how[0] = O_RDWR | O_TRUNC;
    CHECK("openat2 O_TRUNC without O_LARGEFILE",
          syscall(SYS_openat2, AT_FDCWD, "big", how, 24));
    printf("size after: %lld\n", (long long)lseek64(big, 0, SEEK_END));
    unlink("big");
    return 0;
}
