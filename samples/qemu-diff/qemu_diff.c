/* The memory answers where qemu-i386 was seen to differ from Linux, one line
 * per check. Natively and under relic the lines agree; docs/memory.md lists
 * what qemu-i386 printed. Nothing host-specific is printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

static void report(const char *what, long r)
{
    if (r == -1)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
}

static char *anon(size_t len, int flags)
{
    return mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char *p = anon(2 * PG, MAP_PRIVATE);
    report("madvise(unknown advice 5)", madvise(p, PG, 5));
    report("madvise(unknown advice 999)", madvise(p, PG, 999));

    /* An unmapped range: munmap the second page and ask about both. */
    munmap(p + PG, PG);
    report("mprotect(range with a hole)", mprotect(p, 2 * PG, PROT_READ));
    report("madvise(NORMAL, range with a hole)", madvise(p, 2 * PG, MADV_NORMAL));
    report("msync(MS_SYNC, range with a hole)", msync(p, 2 * PG, MS_SYNC));
    report("mprotect(unmapped page)", mprotect(p + PG, PG, PROT_READ));

    /* MADV_REMOVE on shared anonymous memory frees the data. */
    char *s = anon(PG, MAP_SHARED);
    s[0] = 'x';
    report("madvise(REMOVE, shared)", madvise(s, PG, MADV_REMOVE));
    printf("shared byte after REMOVE: %d\n", s[0]);
    char *q = anon(PG, MAP_PRIVATE);
    report("madvise(REMOVE, private)", madvise(q, PG, MADV_REMOVE));

    /* DONTFORK and WIPEONFORK, seen from a child. */
    char *df = anon(PG, MAP_PRIVATE), *wf = anon(PG, MAP_PRIVATE);
    df[0] = 'd';
    wf[0] = 'w';
    report("madvise(DONTFORK)", madvise(df, PG, MADV_DONTFORK));
    report("madvise(WIPEONFORK)", madvise(wf, PG, MADV_WIPEONFORK));
    pid_t c = fork();
    if (c == 0) {
        unsigned char v;
        printf("child: DONTFORK page mapped: %s\n", mincore(df, PG, &v) == 0 ? "yes" : "no");
        printf("child: WIPEONFORK byte: %d\n", wf[0]);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("parent: WIPEONFORK byte: %c\n", wf[0]);

    /* mbind on a one-node machine: MPOL_BIND to node 0 works. */
    unsigned long node0 = 1;
    report("mbind(MPOL_BIND, node 0)", syscall(SYS_mbind, p, PG, 2, &node0, 2, 0));
    return 0;
}
