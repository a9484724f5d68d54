/* Memory calls and their errors: mmap, munmap, mprotect, brk, file mappings. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *err(long r)
{
    if (r != -1)
        return "ok";
    switch (errno) {
    case EINVAL:
        return "EINVAL";
    case ENOMEM:
        return "ENOMEM";
    case EBADF:
        return "EBADF";
    case EACCES:
        return "EACCES";
    case EEXIST:
        return "EEXIST";
    case ENODEV:
        return "ENODEV";
    default:
        return "other";
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    long pg = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", pg);
    char *a =
        mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap anon: %s aligned=%d\n", err((long)a), ((unsigned long)a & 4095) == 0);
    printf("fresh page is zero: %d\n", a[12345] == 0 && a[(1 << 20) - 1] == 0);
    memset(a, 0x5a, 1 << 20);
    printf("written: %d\n", a[777] == 0x5a);
    printf("mprotect ro: %s\n", err(mprotect(a, pg, PROT_READ)));
    printf("mprotect unaligned: %s\n", err(mprotect(a + 1, pg, PROT_READ)));
    printf("mprotect bad prot: %s\n", err(mprotect(a, pg, 0x100)));
    printf("munmap middle: %s\n", err(munmap(a + pg, pg)));
    printf("mprotect over hole: %s\n", err(mprotect(a, 3 * pg, PROT_READ)));
    printf("munmap len 0: %s\n", err(munmap(a, 0)));
    printf("munmap unaligned: %s\n", err(munmap(a + 3, pg)));
    printf("munmap all: %s\n", err(munmap(a, 1 << 20)));
    printf("munmap again: %s\n", err(munmap(a, 1 << 20)));
    printf("mmap len 0: %s\n",
           err((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)));
    printf("mmap no type: %s\n",
           err((long)mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0)));
    printf("mmap bad fd: %s\n", err((long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 77, 0)));
    printf("mmap odd offset: %s\n",
           err((long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 5)));
    char *b = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("fixed_noreplace busy: %s\n",
           err((long)mmap(b, pg, PROT_READ,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)));
    char *f = mmap(b, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0);
    printf("fixed replace: %s same=%d\n", err((long)f), f == b);
    char *top = sbrk(0);
    printf("sbrk grow: %s\n", sbrk(3 * pg) == top ? "ok" : "failed");
    memset(top, 1, 3 * pg);
    printf("brk shrink: %s\n", brk(top + pg) == 0 ? "ok" : "failed");
    char *big = malloc(50 << 20);
    printf("malloc 50M: %s\n", big ? "ok" : "failed");
    big[(50 << 20) - 1] = 1;
    free(big);
    int fd = open(argv[0], O_RDONLY);
    unsigned char *elf = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("file mapping reads ELF magic: %d\n",
           elf != MAP_FAILED && elf[0] == 0x7f && elf[1] == 'E' && elf[3] == 'F');
    printf("shared write on read-only fd: %s\n",
           err((long)mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)));
    close(fd);
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    int heap = 0, stack = 0;
    while (maps && fgets(line, sizeof(line), maps)) {
        heap |= strstr(line, "[heap]") != NULL;
        stack |= strstr(line, "[stack]") != NULL;
    }
    printf("maps has heap=%d stack=%d\n", heap, stack);
    return 0;
}
