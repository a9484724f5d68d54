/* Memory-call benchmark: a guest that maps, touches, advises, protects,
 * remaps and unmaps in a loop, as allocators and old databases do. Every
 * page fault and memory call goes through the emulator's MMU. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE  4096
#define PAGES 64

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20000;
    unsigned long sum = 0;
    for (int r = 0; r < rounds; r++) {
        size_t len = PAGES * PAGE;
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
        if (p == MAP_FAILED)
            return 1;
        for (size_t i = 0; i < len; i += PAGE)
            p[i] = (char)(i + r);
        madvise(p, len / 2, MADV_DONTNEED);
        for (size_t i = 0; i < len; i += PAGE)
            sum += (unsigned char)p[i];
        mprotect(p + len / 2, len / 4, PROT_READ);
        mprotect(p + len / 2, len / 4, PROT_READ | PROT_WRITE); /* merges back */
        char *q = mremap(p, len, 2 * len, MREMAP_MAYMOVE);
        if (q == MAP_FAILED)
            return 2;
        q[2 * len - 1] = 1;
        munmap(q, 2 * len);
    }
    printf("%lu\n", sum);
    return 0;
}
