/* mlock, mlock2, munlock, mlockall, munlockall, msync and mincore: residency
 * before and after, and the errors of each. Usage: lock TMPDIR */
#include "check.h"

#include <fcntl.h>
#include <sys/syscall.h>
int main(int argc, char **argv)
{
    setvbuf(stdout, 0, _IONBF, 0);
    if (argc < 2)
        return 2;
    char path[4096];
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    residency("fresh", a, 4);
    a[PG] = 1;
    residency("touched1", a, 4);
    CHECK("mlock", mlock(a + 2 * PG, PG));
    residency("locked2", a, 4);
    CHECK("mlock2 bad", syscall(376, a, PG, 2));
    CHECK("mlock2 onfault", syscall(376, a + 3 * PG, PG, 1));
    residency("onfault", a, 4);
    CHECK("madv dontneed locked", madvise(a, 4 * PG, MADV_DONTNEED));
    CHECK("msync inval locked", msync(a, 4 * PG, MS_INVALIDATE));
    CHECK("msync async", msync(a, 4 * PG, MS_ASYNC));
    CHECK("msync bad", msync(a, PG, MS_ASYNC | MS_SYNC));
    CHECK("msync unal", msync(a + 1, PG, MS_SYNC));
    CHECK("msync flag", msync(a, PG, 8));
    CHECK("munlock", munlock(a, 4 * PG));
    CHECK("msync inval", msync(a, 4 * PG, MS_INVALIDATE));
    munmap(a + PG, PG);
    CHECK("msync hole sync", msync(a, 4 * PG, MS_SYNC));
    CHECK("msync hole async", msync(a, 4 * PG, MS_ASYNC));
    CHECK("mlock hole", mlock(a, 4 * PG));
    CHECK("mincore hole", mincore(a, 4 * PG, (unsigned char[4]){0}));
    CHECK("mincore unal", mincore(a + 1, PG, (unsigned char[4]){0}));
    CHECK("mincore badvec", mincore(a, PG, (void *)8));
    CHECK("mincore high", mincore((void *)0xbffff000, 2 * PG, (unsigned char[4]){0}));
    CHECK("mlockall 0", mlockall(0));
    CHECK("mlockall onfault only", mlockall(MCL_ONFAULT));
    CHECK("mlockall bad", mlockall(8));
    CHECK("mlockall future", mlockall(MCL_FUTURE));
    char *b = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    residency("future map", b, 2);
    CHECK("munlockall", munlockall());
    char *c = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    residency("after", c, 2);
    char *n = mmap(0, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mlock protnone", mlock(n, PG));
    residency("protnone", n, 1);
    int fd = scratch_file(argv[1], 2 * PG, path);
    pwrite(fd, "x", 1, 0);
    char *f = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    residency("file untouched", f, 2);
    f[PG] = 'y';
    CHECK("msync file", msync(f, 2 * PG, MS_SYNC));
    residency("file", f, 2);
    CHECK("mlock wrap", mlock((void *)0xfffff000, 2 * PG));
    return 0;
}
