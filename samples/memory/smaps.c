/* /proc/self/smaps for mappings this program makes: the fields a native run
 * shows the same way (sizes, page sizes, Rss, dirty and referenced pages,
 * anonymous pages, Locked, VmFlags). Usage: smaps TMPDIR */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
static void dump(const char *tag, void *addr)
{
    char key[32];
    snprintf(key, 32, "%08lx-", (unsigned long)addr);
    FILE *f = fopen("/proc/self/smaps", "r");
    char l[512];
    int on = 0;
    while (fgets(l, 512, f)) {
        if (strchr(l, '-') && strchr(l, ':') && l[8] == '-') {
            on = !strncmp(l, key, 9);
            if (on)
                printf("%s: %.*s\n", tag, 4, l + 18);
            continue;
        }
        if (on) {
            if (!strncmp(l, "THPeligible", 11))
                continue;
            printf("%s: %s", tag, l);
        }
    }
    fclose(f);
}
int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/file", argv[1]);
    char *a = mmap(0, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 1;
    volatile char x = a[8192];
    (void)x;
    dump("anon", a);
    madvise(a, 16384, MADV_DONTFORK);
    mlock(a, 16384);
    dump("anon-locked", a);
    char *s = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    s[0] = 1;
    dump("shanon", s);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 8192);
    char *f = mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    volatile char y = f[0];
    (void)y;
    dump("fpriv", f);
    char *n = mmap(0, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    madvise(n, 4096, MADV_WIPEONFORK);
    madvise(n, 4096, MADV_DONTDUMP);
    madvise(n, 4096, MADV_RANDOM);
    madvise(n, 4096, MADV_MERGEABLE);
    dump("noreserve", n);
    return 0;
}
