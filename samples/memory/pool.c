/* The huge page pool as the guest sees it: /proc/meminfo's HugePages_*
 * lines as MAP_HUGETLB mappings are made, touched and unmapped, smaps of a
 * hugetlb mapping, the pool resized through /proc/sys/vm/nr_hugepages,
 * surplus pages, and the errors. Expected output: tests/integration/data/
 * memory/pool.expected (run with relic --hugepages 3). It refuses to run
 * anywhere but in a guest with 4 MiB huge pages, so that it never resizes
 * a real machine's pool. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define HUGE         (4u << 20)
#define MAP_HUGE_2MB (21 << 26)

static long meminfo(const char *key)
{
    char line[256];
    long v = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, key, strlen(key)) == 0 && line[strlen(key)] == ':')
            v = atol(line + strlen(key) + 1);
    fclose(f);
    return v;
}

static void pool(const char *when)
{
    printf("%s: total %ld free %ld rsvd %ld surp %ld\n", when, meminfo("HugePages_Total"),
           meminfo("HugePages_Free"), meminfo("HugePages_Rsvd"),
           meminfo("HugePages_Surp"));
}

static long set_nr(const char *text)
{
    int fd = open("/proc/sys/vm/nr_hugepages", O_WRONLY);
    if (fd < 0)
        return -1;
    long r = write(fd, text, strlen(text));
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (meminfo("Hugepagesize") != 4096) {
        printf("not a guest with 4 MiB huge pages: refusing to touch the pool\n");
        return 77;
    }
    pool("start");
    long free0 = meminfo("MemFree");
    char *h = anon(5u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB);
    printf("5 MiB hugetlb mapping: %s, 4 MiB aligned: %d\n",
           h == MAP_FAILED ? "failed" : "ok", ((unsigned long)h & (HUGE - 1)) == 0);
    pool("mapped (8 MiB reserved)");
    h[HUGE + 5] = 'h';
    pool("second page touched");
    printf("data: %c\n", h[HUGE + 5]);
    residency("mincore of the first 2 small pages of each", h + HUGE - PG, 2);
    smaps_field("smaps", h, "KernelPageSize");
    smaps_field("smaps", h, "MMUPageSize");
    smaps_field("smaps", h, "Private_Hugetlb");
    smaps_field("smaps", h, "Rss");
    CHECK("munmap 4 KiB of it", munmap(h, PG));
    CHECK("mprotect 4 KiB inside", mprotect(h + PG, PG, PROT_READ));
    CHECK("mprotect a whole huge page", mprotect(h, HUGE, PROT_READ));
    CHECK_MAP("another 8 MiB (1 page unreserved)",
              anon(HUGE * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB));
    CHECK_MAP("MAP_HUGE_2MB", anon(HUGE, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_HUGETLB | MAP_HUGE_2MB));
    char *nr =
        anon(2 * HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB | MAP_NORESERVE);
    printf("8 MiB with MAP_NORESERVE: %s\n", nr == MAP_FAILED ? "failed" : "ok");
    pool("noreserve mapped");
    nr[0] = 1;
    pool("noreserve first page touched");
    in_child("noreserve second page, pool dry", write_byte, nr + HUGE);
    CHECK("munmap noreserve", munmap(nr, 2 * HUGE));
    CHECK("munmap all", munmap(h, 2 * HUGE));
    pool("all unmapped");

    CHECK("write nr_hugepages 5", set_nr("5\n"));
    pool("nr_hugepages 5");
    printf("MemFree fell by: %ld kB\n", free0 - meminfo("MemFree"));
    CHECK("write nr_hugepages abc", set_nr("abc"));
    CHECK("write nr_hugepages -1", set_nr("-1"));
    char text[16] = {0};
    int fd = open("/proc/sys/vm/nr_hugepages", O_RDONLY);
    read(fd, text, sizeof(text) - 1);
    close(fd);
    printf("nr_hugepages reads: %s", text);

    /* Shared huge pages stay shared with a fork child. */
    char *sh = anon(HUGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_HUGETLB);
    pid_t c = fork();
    if (c == 0) {
        sh[100] = 'S';
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("shared huge page written by the child: %c\n", sh[100]);
    CHECK("MADV_REMOVE of the shared huge page", madvise(sh, HUGE, MADV_REMOVE));
    printf("after REMOVE: %d\n", sh[100]);
    CHECK("MADV_DONTNEED of a huge page", madvise(sh, HUGE, MADV_DONTNEED));
    CHECK("MADV_FREE of a huge page", madvise(sh, HUGE, MADV_FREE));
    munmap(sh, HUGE);

    /* Shrinking below what is in use leaves surplus pages. */
    char *u = anon(HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB);
    u[0] = 1;
    CHECK("write nr_hugepages 0 with one in use", set_nr("0"));
    pool("shrunk");
    munmap(u, HUGE);
    pool("surplus page released");
    return 0;
}
