/* Page events for --trace-pages, one kind after another: a read of fresh
 * anonymous memory maps the zero page, a write then copies it; a first
 * write brings a page of its own; MADV_DONTNEED drops resident pages;
 * MADV_FREE pages are reclaimed once memory runs short (run under relic
 * --mem 12M); a MAP_HUGETLB mapping takes a 4 MiB page from the pool
 * (run with --hugepages 1) and gives it back at munmap; after fork the
 * first write to a page both processes hold is a copy on write in each
 * (the child writes first, then the parent). Each step is announced on
 * stdout. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static void step(const char *what)
{
    printf("%s\n", what);
    fflush(stdout);
}

int main(void)
{
    volatile char *a =
        mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    step("read page 0, write page 0, write page 1");
    (void)a[0];
    a[0] = 1;
    a[PAGE] = 1;
    step("dontneed pages 0-3");
    madvise((void *)a, 4 * PAGE, MADV_DONTNEED);

    size_t lazy = 256 * PAGE;
    char *f =
        mmap(NULL, lazy, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(f, 1, lazy);
    step("free 256 pages, then fill memory until they are taken back");
    madvise(f, lazy, MADV_FREE);
    /* A reclaimed MADV_FREE page reads zero: stop filling there (a 12 MiB
     * guest with one huge page reserved has about 7 MiB left). */
    size_t big = 7u << 20;
    char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; b != MAP_FAILED && i < big && f[0] == 1; i += PAGE)
        b[i] = 1;
    step("huge page");
    char *h = mmap(NULL, 4u << 20, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
    if (h != MAP_FAILED) {
        h[0] = 1;
        munmap(h, 4u << 20);
    }
    char *c =
        mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    c[0] = 1;
    c[PAGE] = 1;
    printf("fork: %p written by the child, then the parent\n", (void *)c);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        c[0] = 2;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    c[0] = 3;
    step("done");
    return 0;
}
