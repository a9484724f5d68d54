/* madvise: every advice of madvise(2) that the host can show (HWPOISON and
 * SOFT_OFFLINE have expected-output tests instead), what each one does to
 * the data and to /proc/self/smaps' VmFlags, and the errors. Usage:
 * madvise TMPDIR */
#include "check.h"

#include <fcntl.h>

/* Linux 6.13 values, newer than Debian 12's headers. */
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#define MADV_GUARD_REMOVE  103
#endif
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2)
        return 2;
    char path[4096];
    int fd = scratch_file(argv[1], 2 * PG, path);
    pwrite(fd, "F", 1, 0);

    char *a = anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    memset(a, 'a', 4 * PG);
    /* Argument checks. */
    CHECK("advice 5", madvise(a, PG, 5));
    CHECK("advice 6", madvise(a, PG, 6));
    CHECK("advice 7", madvise(a, PG, 7));
    CHECK("advice 999", madvise(a, PG, 999));
    CHECK("unaligned", madvise(a + 1, PG, MADV_NORMAL));
    CHECK("length -1", madvise(a, (size_t)-1, MADV_NORMAL));
    CHECK("length 0", madvise(a, 0, MADV_NORMAL));
    CHECK("length 0 unmapped", madvise((void *)0x1000, 0, MADV_DONTNEED));
    CHECK("unmapped", madvise((void *)0x1000, PG, MADV_NORMAL));

    /* The read-ahead hints and the fork and dump flags: VmFlags. */
    CHECK("RANDOM", madvise(a, PG, MADV_RANDOM));
    smaps_field("after RANDOM", a, "VmFlags");
    CHECK("SEQUENTIAL", madvise(a, PG, MADV_SEQUENTIAL));
    smaps_field("after SEQUENTIAL", a, "VmFlags");
    CHECK("NORMAL", madvise(a, PG, MADV_NORMAL));
    smaps_field("after NORMAL", a, "VmFlags");
    CHECK("DONTFORK", madvise(a, PG, MADV_DONTFORK));
    CHECK("DONTDUMP", madvise(a, PG, MADV_DONTDUMP));
    CHECK("WIPEONFORK", madvise(a, PG, MADV_WIPEONFORK));
    CHECK("MERGEABLE", madvise(a, PG, MADV_MERGEABLE));
    CHECK("HUGEPAGE", madvise(a, PG, MADV_HUGEPAGE));
    smaps_field("flags set", a, "VmFlags");
    smaps_field("neighbour untouched", a + PG, "VmFlags");
    CHECK("DOFORK", madvise(a, PG, MADV_DOFORK));
    CHECK("DODUMP", madvise(a, PG, MADV_DODUMP));
    CHECK("KEEPONFORK", madvise(a, PG, MADV_KEEPONFORK));
    CHECK("UNMERGEABLE", madvise(a, PG, MADV_UNMERGEABLE));
    CHECK("NOHUGEPAGE", madvise(a, PG, MADV_NOHUGEPAGE));
    smaps_field("flags cleared", a, "VmFlags");
    CHECK("WILLNEED", madvise(a, 4 * PG, MADV_WILLNEED));
    CHECK("COLD", madvise(a, 4 * PG, MADV_COLD));
    CHECK("PAGEOUT", madvise(a, 4 * PG, MADV_PAGEOUT));
    printf("data after hints: %c%c\n", a[0], a[3 * PG]);

    /* DONTNEED: zero-fill for private anonymous, refill for the rest. */
    CHECK("DONTNEED private", madvise(a + PG, PG, MADV_DONTNEED));
    printf("private after DONTNEED: %d %c\n", a[PG], a[2 * PG]);
    char *s = anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
    s[0] = 's';
    CHECK("DONTNEED shared", madvise(s, PG, MADV_DONTNEED));
    printf("shared after DONTNEED: %c\n", s[0]);
    char *fp = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    fp[0] = 'X';
    CHECK("DONTNEED private file", madvise(fp, PG, MADV_DONTNEED));
    printf("private file after DONTNEED: %c\n", fp[0]);

    /* Holes: applied to the rest, ENOMEM. */
    char *h = anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    h[0] = h[2 * PG] = 'h';
    munmap(h + PG, PG);
    CHECK("DONTNEED over a hole", madvise(h, 3 * PG, MADV_DONTNEED));
    printf("both sides dropped: %d %d\n", h[0], h[2 * PG]);

    /* FREE: private anonymous only; without memory pressure data stays. */
    char *fr = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    fr[0] = fr[PG] = 'f';
    CHECK("FREE private", madvise(fr, 2 * PG, MADV_FREE));
    fr[PG] = 'g';
    printf("after FREE, no pressure: %c %c\n", fr[0], fr[PG]);
    CHECK("FREE shared", madvise(s, PG, MADV_FREE));
    CHECK("FREE file", madvise(fp, PG, MADV_FREE));

    /* REMOVE: punches the backing object. */
    s[0] = 's';
    CHECK("REMOVE shared anon", madvise(s, PG, MADV_REMOVE));
    printf("shared after REMOVE: %d\n", s[0]);
    CHECK("REMOVE private anon", madvise(a, PG, MADV_REMOVE));
    CHECK("REMOVE private file", madvise(fp, PG, MADV_REMOVE));
    char *fs = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    fs[1] = 'R';
    CHECK("REMOVE shared file", madvise(fs, PG, MADV_REMOVE));
    char c = 1;
    pread(fd, &c, 1, 1);
    printf("file byte after REMOVE: %d\n", c);
    int ro = open(path, O_RDONLY);
    char *fro = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK("REMOVE read-only shared file", madvise(fro, PG, MADV_REMOVE));

    /* WIPEONFORK only on private anonymous memory. */
    CHECK("WIPEONFORK shared", madvise(s, PG, MADV_WIPEONFORK));
    CHECK("WIPEONFORK file", madvise(fp, PG, MADV_WIPEONFORK));

    /* Locked memory. */
    char *lk = anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_LOCKED);
    CHECK("DONTNEED locked", madvise(lk, PG, MADV_DONTNEED));
    CHECK("FREE locked", madvise(lk, PG, MADV_FREE));
    CHECK("REMOVE locked", madvise(lk, PG, MADV_REMOVE));
    CHECK("COLD locked", madvise(lk, PG, MADV_COLD));
    CHECK("PAGEOUT locked", madvise(lk, PG, MADV_PAGEOUT));
    CHECK("DONTNEED_LOCKED", madvise(lk, PG, MADV_DONTNEED_LOCKED));

    /* POPULATE_READ / POPULATE_WRITE. */
    char *pp = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    CHECK("POPULATE_WRITE", madvise(pp, 2 * PG, MADV_POPULATE_WRITE));
    residency("resident after POPULATE_WRITE", pp, 2);
    char *pr = anon(PG, PROT_READ, MAP_PRIVATE);
    CHECK("POPULATE_WRITE read-only", madvise(pr, PG, MADV_POPULATE_WRITE));
    CHECK("POPULATE_READ read-only", madvise(pr, PG, MADV_POPULATE_READ));
    char *pn = anon(PG, PROT_NONE, MAP_PRIVATE);
    CHECK("POPULATE_READ PROT_NONE", madvise(pn, PG, MADV_POPULATE_READ));
    CHECK("POPULATE_READ hole", madvise(h, 3 * PG, MADV_POPULATE_READ));
    char *beyond = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("POPULATE_READ past end of file", madvise(beyond, 4 * PG, MADV_POPULATE_READ));

    /* Guard regions. */
    char *g = anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    g[PG] = 'g';
    CHECK("GUARD_INSTALL", madvise(g + PG, PG, MADV_GUARD_INSTALL));
    in_child("read guard page", read_byte, g + PG);
    in_child("read next to guard", read_byte, g + 2 * PG);
    CHECK("DONTNEED keeps guard", madvise(g, 3 * PG, MADV_DONTNEED));
    in_child("read guard after DONTNEED", read_byte, g + PG);
    CHECK("GUARD_REMOVE", madvise(g + PG, PG, MADV_GUARD_REMOVE));
    printf("guard page after removal: %d\n", g[PG]);
    CHECK("GUARD_INSTALL locked", madvise(lk, PG, MADV_GUARD_INSTALL));
    return 0;
}
