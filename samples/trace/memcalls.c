/* Many memory calls with many flag combinations, each with a result that is
 * the same natively on this machine and under relic: the guest of the
 * tracer's key test (relic --trace=%memory against strace -f -e
 * trace=%memory). Raw syscall() where glibc would pick another call.
 * Calls whose result differs under relic today are left out and listed in
 * the tracer's report (mm/ emulation, not decoding). */
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

#ifndef PROT_SEM
#define PROT_SEM 0x8 /* glibc's i386 headers leave it out */
#endif

#define PAGE 4096

static void *map(void *addr, size_t len, int prot, int flags, int fd, long pgoff)
{
    return (void *)syscall(SYS_mmap2, addr, len, prot, flags, fd, pgoff);
}

/* i386's old mmap (90) takes its six arguments as a block in memory. */
static void *old_map(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                     uint32_t fd, uint32_t off)
{
    uint32_t block[6] = {addr, len, prot, flags, fd, off};
    return (void *)syscall(SYS_mmap, block);
}

static char *a, *b, *c, *d, *e, *f, *g, *h, *l;
static int fd;

static void anon_maps(void)
{
    a = map(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    b = map(NULL, 4 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    c = map(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
            0);
    d = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    e = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_GROWSDOWN, -1, 0);
    f = map(a + 8 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    memset(a, 1, 16 * PAGE);
    /* strace names flags in its own table's order, not by value. */
    map(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_GROWSDOWN, -1, 0);
    l = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED | MAP_NONBLOCK, -1, 0);
    map(NULL, PAGE, PROT_READ | PROT_SEM, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    /* Failures: no type, a bad fd, a zero length, an unaligned fixed
     * address, a taken range, a shared stack, more than the address space. */
    map(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
    map(NULL, PAGE, PROT_READ, MAP_PRIVATE, 1000, 0);
    map(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    map((void *)0x1001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    map(l, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    map(NULL, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
    map(NULL, 0xfffff000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* A file mapping at page offsets, shared and private, and the flags only
 * MAP_SHARED_VALIDATE checks. */
static int file_maps(void)
{
    char path[] = "/tmp/relic-memcalls-XXXXXX";
    fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, 4 * PAGE) < 0)
        return -1;
    unlink(path);
    g = map(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 1);
    h = map(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, fd, 2);
    g[0] = 'x';
    char *far = map(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0x12345); /* past EOF */
    syscall(SYS_munmap, far, PAGE);
    char *v = map(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE, fd, 0);
    syscall(SYS_munmap, v, PAGE);
    map(NULL, PAGE, PROT_READ, MAP_SHARED_VALIDATE | 0x400, fd, 0);
    map(NULL, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
    /* The old call: anonymous, a file at a byte offset, an unaligned
     * offset, no block at all. */
    char *o = old_map(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      (uint32_t)-1, 0);
    syscall(SYS_munmap, o, 2 * PAGE);
    o = old_map(0, PAGE, PROT_READ, MAP_PRIVATE, (uint32_t)fd, PAGE);
    syscall(SYS_munmap, o, PAGE);
    old_map(0, PAGE, PROT_READ, MAP_PRIVATE, (uint32_t)fd, 100);
    syscall(SYS_mmap, NULL);
    return 0;
}

/* mprotect in several combinations, some failing. */
static void protections(void)
{
    syscall(SYS_mprotect, a, PAGE, PROT_READ);
    syscall(SYS_mprotect, a + PAGE, 2 * PAGE, PROT_READ | PROT_EXEC);
    syscall(SYS_mprotect, a + 3 * PAGE, PAGE, PROT_NONE);
    syscall(SYS_mprotect, a, 4 * PAGE, PROT_READ | PROT_WRITE);
    syscall(SYS_mprotect, c, 8 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    syscall(SYS_mprotect, a + 1, PAGE, PROT_READ);
    syscall(SYS_mprotect, a, PAGE, 0x10 | PROT_READ);
    syscall(SYS_mprotect, a, PAGE, PROT_READ | PROT_WRITE | PROT_SEM);
    /* down to the start of a growing-down mapping; not one that isn't */
    syscall(SYS_mprotect, e + 3 * PAGE, PAGE, PROT_READ | PROT_WRITE | PROT_GROWSDOWN);
    syscall(SYS_mprotect, d, PAGE, PROT_READ | PROT_GROWSDOWN);
}

static void advice(void)
{
    syscall(SYS_msync, g, 2 * PAGE, MS_SYNC);
    syscall(SYS_msync, g, PAGE, MS_ASYNC | MS_INVALIDATE);
    syscall(SYS_msync, g, PAGE, MS_ASYNC | MS_SYNC);
    syscall(SYS_msync, g, PAGE, 0);
    syscall(SYS_msync, l, PAGE, MS_INVALIDATE); /* locked: EBUSY */
    syscall(SYS_msync, g + 1, PAGE, MS_SYNC);
    syscall(SYS_msync, (void *)0x1000, PAGE, MS_SYNC);
    static const int advice[] = {MADV_NORMAL,        MADV_RANDOM,         MADV_SEQUENTIAL,
                                 MADV_WILLNEED,      MADV_DONTNEED,       MADV_FREE,
                                 MADV_DONTFORK,      MADV_DOFORK,         MADV_MERGEABLE,
                                 MADV_UNMERGEABLE,   MADV_HUGEPAGE,       MADV_NOHUGEPAGE,
                                 MADV_DONTDUMP,      MADV_DODUMP,         MADV_WIPEONFORK,
                                 MADV_KEEPONFORK,    MADV_COLD,           MADV_PAGEOUT,
                                 MADV_POPULATE_READ, MADV_POPULATE_WRITE, 77};
    for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
        syscall(SYS_madvise, a + 4 * PAGE, 2 * PAGE, advice[i]);
    syscall(SYS_madvise, g, PAGE, MADV_REMOVE);
    syscall(SYS_madvise, a + 12 * PAGE, PAGE, MADV_REMOVE); /* private: EINVAL */
    syscall(SYS_madvise, a + 1, PAGE, MADV_DONTNEED);
    syscall(SYS_madvise, a, 0, MADV_DONTNEED);
    syscall(SYS_madvise, NULL, PAGE, MADV_NORMAL);
    syscall(SYS_madvise, l, 2 * PAGE, 24 /* MADV_DONTNEED_LOCKED */);
    syscall(SYS_madvise, l, PAGE, MADV_FREE); /* locked: EINVAL */
}

static void locks(void)
{
    syscall(SYS_mlock, d, 2 * PAGE);
    syscall(SYS_munlock, d, 2 * PAGE);
    syscall(SYS_mlock2, d, PAGE, MLOCK_ONFAULT);
    syscall(SYS_mlock2, d, PAGE, 0);
    syscall(SYS_mlock2, d, PAGE, 0x10);
    syscall(SYS_munlock, d, PAGE);
    syscall(SYS_mlock, (void *)0x1000, PAGE);
    syscall(SYS_mlockall, MCL_CURRENT | MCL_FUTURE);
    syscall(SYS_munlockall);
    syscall(SYS_mlockall, MCL_FUTURE | MCL_ONFAULT);
    syscall(SYS_munlockall);
    syscall(SYS_mlockall, 0);
    syscall(SYS_mlockall, 8);
}

/* mincore over resident and never touched pages, and its failures. */
static void residency(void)
{
    unsigned char vec[8];
    syscall(SYS_mincore, a + 8 * PAGE, 2 * PAGE, vec);
    syscall(SYS_mincore, c, 3 * PAGE, vec);
    syscall(SYS_mincore, d, 4 * PAGE, vec);
    syscall(SYS_mincore, d, PAGE + 1, vec);
    syscall(SYS_mincore, d, 0, vec);
    syscall(SYS_mincore, a + 1, PAGE, vec);
    syscall(SYS_mincore, d, PAGE, NULL);
    syscall(SYS_mincore, d, PAGE, (void *)1);
    syscall(SYS_mincore, (void *)0x1000, PAGE, vec);
}

/* mremap: shrink in place, grow with MAYMOVE, move to a fixed place, keep
 * the old range with DONTUNMAP, and the failures. (Growing a without
 * MAYMOVE would depend on what the kernel placed above it.) */
static void remaps(void)
{
    syscall(SYS_mremap, a, 16 * PAGE, 12 * PAGE, 0);
    char *m =
        map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    m = (char *)syscall(SYS_mremap, m, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    char *kept = (char *)syscall(SYS_mremap, m, PAGE, PAGE,
                                 MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
    syscall(SYS_munmap, kept, PAGE);
    char *target = map(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    syscall(SYS_mremap, b, 4 * PAGE, 4 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    syscall(SYS_mremap, m, PAGE, 2 * PAGE, MREMAP_FIXED, target);
    syscall(SYS_mremap, m, PAGE, 2 * PAGE, 0x8);
    syscall(SYS_mremap, m, 0, PAGE, MREMAP_MAYMOVE); /* private: EINVAL */
    syscall(SYS_mremap, (void *)0x1000, PAGE, 2 * PAGE, 0);
    syscall(SYS_munmap, m, 64 * PAGE);
    syscall(SYS_munmap, target, 4 * PAGE);
}

/* The policy calls give the same answers on a machine with node 0. */
static int policies(void)
{
    static unsigned long nodes[2];
    int mode = -1;
    syscall(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
    syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0);
    syscall(SYS_get_mempolicy, NULL, nodes, 64, NULL, 4 /* MPOL_F_MEMS_ALLOWED */);
    syscall(SYS_get_mempolicy, &mode, nodes, 64, NULL, 0);
    syscall(SYS_get_mempolicy, &mode, NULL, 0, d, 2 /* MPOL_F_ADDR */);
    syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0x18);
    nodes[0] = 1;
    syscall(SYS_set_mempolicy, 2 /* MPOL_BIND */, nodes, 64);
    syscall(SYS_set_mempolicy, 1 | 0x8000 /* MPOL_PREFERRED|MPOL_F_STATIC_NODES */, nodes,
            64);
    syscall(SYS_set_mempolicy, 4 /* MPOL_LOCAL */, NULL, 0);
    syscall(SYS_set_mempolicy, 0x100, nodes, 64);
    syscall(SYS_set_mempolicy, 0, NULL, 0);
    syscall(SYS_mbind, d, PAGE, 2 /* MPOL_BIND */, nodes, 64, 1 /* MPOL_MF_STRICT */);
    syscall(SYS_mbind, d, PAGE, 0, NULL, 0, 0);
    return mode;
}

int main(void)
{
    anon_maps();
    if (file_maps() < 0)
        return 1;
    protections();
    advice();
    locks();
    residency();
    remaps();

    /* brk: ask, grow, shrink back, and below the start. */
    uintptr_t top = (uintptr_t)syscall(SYS_brk, 0);
    syscall(SYS_brk, top + 8 * PAGE);
    syscall(SYS_brk, top);
    syscall(SYS_brk, 1);

    int mode = policies();

    /* A child maps and unmaps while the parent waits. */
    pid_t pid = fork();
    if (pid == 0) {
        char *k = map(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
        k[0] = 1;
        syscall(SYS_mprotect, k, PAGE, PROT_READ);
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
    syscall(SYS_munmap, l, 4 * PAGE);
    syscall(SYS_munmap, (void *)0x1001, PAGE);
    close(fd);
    printf("child status %d, policy %d\n", WEXITSTATUS(status), mode);
    return 0;
}
