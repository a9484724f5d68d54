/* Many memory calls with many flag combinations, each with a result that is
 * the same natively on this machine and under relic: the guest of the
 * tracer's key test (relic --trace=%memory against strace -f -e
 * trace=%memory). Raw syscall() where glibc would pick another call. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static void *map(void *addr, size_t len, int prot, int flags, int fd, long pgoff)
{
    return (void *)syscall(SYS_mmap2, addr, len, prot, flags, fd, pgoff);
}

int main(void)
{
    /* Anonymous mappings with assorted flags. */
    char *a =
        map(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *b = map(NULL, 4 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *c = map(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                  -1, 0);
    char *d = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    char *e = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_GROWSDOWN, -1, 0);
    char *f = map(a + 8 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    memset(a, 1, 16 * PAGE);
    /* Failures: no type, a bad fd, a zero length, an unaligned fixed address. */
    map(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
    map(NULL, PAGE, PROT_READ, MAP_PRIVATE, 1000, 0);
    map(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    map((void *)0x1001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

    /* A file mapping at a page offset, shared and private. */
    char path[] = "/tmp/relic-memcalls-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, 4 * PAGE) < 0)
        return 1;
    unlink(path);
    char *g = map(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 1);
    char *h = map(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, fd, 2);
    g[0] = 'x';

    /* mprotect in several combinations, one failing on an unmapped page. */
    syscall(SYS_mprotect, a, PAGE, PROT_READ);
    syscall(SYS_mprotect, a + PAGE, 2 * PAGE, PROT_READ | PROT_EXEC);
    syscall(SYS_mprotect, a + 3 * PAGE, PAGE, PROT_NONE);
    syscall(SYS_mprotect, a, 4 * PAGE, PROT_READ | PROT_WRITE);
    syscall(SYS_mprotect, c, 8 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    syscall(SYS_mprotect, a + 1, PAGE, PROT_READ);
    syscall(SYS_mprotect, a, PAGE, 0x10 | PROT_READ);

    /* msync, madvise. */
    syscall(SYS_msync, g, 2 * PAGE, MS_SYNC);
    syscall(SYS_msync, g, PAGE, MS_ASYNC | MS_INVALIDATE);
    syscall(SYS_msync, g, PAGE, MS_ASYNC | MS_SYNC);
    static const int advice[] = {MADV_NORMAL,
                                 MADV_RANDOM,
                                 MADV_SEQUENTIAL,
                                 MADV_WILLNEED,
                                 MADV_DONTNEED,
                                 MADV_FREE,
                                 MADV_DONTFORK,
                                 MADV_DOFORK,
                                 MADV_DONTDUMP,
                                 MADV_DODUMP,
                                 MADV_WIPEONFORK,
                                 MADV_KEEPONFORK,
                                 MADV_COLD,
                                 MADV_PAGEOUT,
                                 MADV_POPULATE_READ,
                                 MADV_POPULATE_WRITE,
                                 77};
    for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
        syscall(SYS_madvise, a + 4 * PAGE, 2 * PAGE, advice[i]);
    syscall(SYS_madvise, g, PAGE, MADV_REMOVE);
    syscall(SYS_madvise, a + 1, PAGE, MADV_DONTNEED);

    /* Locks. */
    syscall(SYS_mlock, d, 2 * PAGE);
    syscall(SYS_munlock, d, 2 * PAGE);
    syscall(SYS_mlock2, d, PAGE, MLOCK_ONFAULT);
    syscall(SYS_mlock2, d, PAGE, 0x10);
    syscall(SYS_munlock, d, PAGE);
    syscall(SYS_mlockall, MCL_CURRENT | MCL_FUTURE);
    syscall(SYS_munlockall);
    syscall(SYS_mlockall, MCL_FUTURE | MCL_ONFAULT);
    syscall(SYS_munlockall);
    syscall(SYS_mlockall, 0);

    /* mincore over resident and never touched pages. */
    unsigned char vec[8];
    syscall(SYS_mincore, a + 8 * PAGE, 2 * PAGE, vec);
    syscall(SYS_mincore, c, 3 * PAGE, vec);
    syscall(SYS_mincore, a + 1, PAGE, vec);

    /* mremap: shrink in place, grow with MAYMOVE, move to a fixed place. */
    char *r = (char *)syscall(SYS_mremap, a, 16 * PAGE, 12 * PAGE, 0);
    r = (char *)syscall(SYS_mremap, r, 12 * PAGE, 32 * PAGE, MREMAP_MAYMOVE);
    char *m =
        map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    m = (char *)syscall(SYS_mremap, m, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    syscall(SYS_munmap, m, 64 * PAGE);
    char *target = map(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    syscall(SYS_mremap, b, 4 * PAGE, 4 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    syscall(SYS_mremap, r, PAGE, 2 * PAGE, MREMAP_FIXED, target);

    /* brk: ask, grow, shrink back. */
    uintptr_t top = (uintptr_t)syscall(SYS_brk, 0);
    syscall(SYS_brk, top + 8 * PAGE);
    syscall(SYS_brk, top);

    /* The policy calls give the same answers on one node. */
    syscall(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
    int mode = -1;
    syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0);

    /* A child maps and unmaps while the parent waits. */
    pid_t pid = fork();
    if (pid == 0) {
        char *k = map(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
        k[0] = 1;
        syscall(SYS_munmap, k, 2 * PAGE);
        syscall(SYS_munmap, d, 4 * PAGE);
        _exit(7);
    }
    int status;
    waitpid(pid, &status, 0);

    syscall(SYS_munmap, d, 4 * PAGE);
    syscall(SYS_munmap, e, 4 * PAGE);
    syscall(SYS_munmap, f, 2 * PAGE);
    syscall(SYS_munmap, h, PAGE);
    syscall(SYS_munmap, g, 2 * PAGE);
    syscall(SYS_munmap, (void *)0x1001, PAGE);
    close(fd);
    printf("child status %d, policy %d\n", WEXITSTATUS(status), mode);
    return 0;
}
