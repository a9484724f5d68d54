/* mlock, mlock2, munlock, mlockall, munlockall, msync and mincore: residency
 * before and after, and the errors of each. Usage: lock TMPDIR */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#define PG 4096
#define R(n, x)                                                                          \
    do {                                                                                 \
        errno = 0;                                                                       \
        long r_ = (long)(x);                                                             \
        printf("%s: %ld %s\n", n, r_, r_ < 0 ? strerrorname_np(errno) : "");             \
    } while (0)
static void vec(const char *n, void *a, int pages)
{
    unsigned char v[16];
    int r = mincore(a, pages * PG, v);
    printf("%s: %d ", n, r);
    for (int i = 0; i < pages && r == 0; i++)
        putchar('0' + (v[i] & 1));
    putchar('\n');
}
int main(int argc, char **argv)
{
    setvbuf(stdout, 0, _IONBF, 0);
    if (argc < 2)
        return 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/file", argv[1]);
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vec("fresh", a, 4);
    a[PG] = 1;
    vec("touched1", a, 4);
    R("mlock", mlock(a + 2 * PG, PG));
    vec("locked2", a, 4);
    R("mlock2 bad", syscall(376, a, PG, 2));
    R("mlock2 onfault", syscall(376, a + 3 * PG, PG, 1));
    vec("onfault", a, 4);
    R("madv dontneed locked", madvise(a, 4 * PG, MADV_DONTNEED));
    R("msync inval locked", msync(a, 4 * PG, MS_INVALIDATE));
    R("msync async", msync(a, 4 * PG, MS_ASYNC));
    R("msync bad", msync(a, PG, MS_ASYNC | MS_SYNC));
    R("msync unal", msync(a + 1, PG, MS_SYNC));
    R("msync flag", msync(a, PG, 8));
    R("munlock", munlock(a, 4 * PG));
    R("msync inval", msync(a, 4 * PG, MS_INVALIDATE));
    munmap(a + PG, PG);
    R("msync hole sync", msync(a, 4 * PG, MS_SYNC));
    R("msync hole async", msync(a, 4 * PG, MS_ASYNC));
    R("mlock hole", mlock(a, 4 * PG));
    R("mincore hole", mincore(a, 4 * PG, (unsigned char[4]){0}));
    R("mincore unal", mincore(a + 1, PG, (unsigned char[4]){0}));
    R("mincore badvec", mincore(a, PG, (void *)8));
    R("mincore high", mincore((void *)0xbffff000, 2 * PG, (unsigned char[4]){0}));
    R("mlockall 0", mlockall(0));
    R("mlockall onfault only", mlockall(MCL_ONFAULT));
    R("mlockall bad", mlockall(8));
    R("mlockall future", mlockall(MCL_FUTURE));
    char *b = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vec("future map", b, 2);
    R("munlockall", munlockall());
    char *c = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vec("after", c, 2);
    char *n = mmap(0, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    R("mlock protnone", mlock(n, PG));
    vec("protnone", n, 1);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 2 * PG);
    pwrite(fd, "x", 1, 0);
    char *f = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    vec("file untouched", f, 2);
    f[PG] = 'y';
    R("msync file", msync(f, 2 * PG, MS_SYNC));
    vec("file", f, 2);
    R("mlock wrap", mlock((void *)0xfffff000, 2 * PG));
    return 0;
}
