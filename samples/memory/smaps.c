/* /proc/self/smaps for mappings this program makes: the fields a native run
 * shows the same way (sizes, page sizes, Rss, dirty and referenced pages,
 * anonymous pages, Locked, VmFlags). Usage: smaps TMPDIR */
#include "check.h"

#include <fcntl.h>
int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char path[4096];
    char *a = mmap(0, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 1;
    volatile char x = a[8192];
    (void)x;
    smaps_field("anon", a, NULL);
    madvise(a, 16384, MADV_DONTFORK);
    mlock(a, 16384);
    smaps_field("anon-locked", a, NULL);
    char *s = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    s[0] = 1;
    smaps_field("shanon", s, NULL);
    int fd = scratch_file(argv[1], 8192, path);
    char *f = mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    volatile char y = f[0];
    (void)y;
    smaps_field("fpriv", f, NULL);
    char *n = mmap(0, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    madvise(n, 4096, MADV_WIPEONFORK);
    madvise(n, 4096, MADV_DONTDUMP);
    madvise(n, 4096, MADV_RANDOM);
    madvise(n, 4096, MADV_MERGEABLE);
    smaps_field("noreserve", n, NULL);
    return 0;
}
