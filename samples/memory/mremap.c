/* mremap: shrink, grow in place, move (MAYMOVE, FIXED, DONTUNMAP), the
 * data that moves along, duplication of a shared mapping, and the errors. */
#include "check.h"
int main()
{
    setvbuf(stdout, 0, _IONBF, 0);
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 'a';
    a[3 * PG] = 'z';
    CHECK_MAP("bad flags", mremap(a, PG, PG, 8));
    CHECK_MAP("unaligned", mremap(a + 1, PG, PG, 0));
    CHECK_MAP("zero new", mremap(a, PG, 0, 0));
    CHECK_MAP("fixed no maymove", mremap(a, PG, PG, MREMAP_FIXED, a + 8 * PG));
    CHECK_MAP("dontunmap resize",
              mremap(a, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0));
    CHECK_MAP("overlap",
              mremap(a, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + PG));
    CHECK_MAP("unmapped", mremap((void *)0x1000, PG, PG, MREMAP_MAYMOVE));
    CHECK_MAP("across", mremap(a, 8 * PG, 9 * PG, MREMAP_MAYMOVE));
    CHECK_MAP("zero old private", mremap(a, 0, PG, MREMAP_MAYMOVE));
    char *b = mremap(a, 4 * PG, 2 * PG, 0);
    printf("shrink same addr %d\n", b == a);
    mmap(a + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK_MAP("grow blocked no move", mremap(a, 2 * PG, 4 * PG, 0));
    char *c = mremap(a, 2 * PG, 4 * PG, MREMAP_MAYMOVE);
    printf("moved %d data %c\n", c != a, c[0]);
    unsigned char v;
    printf("old gone: %d\n", mincore(a, PG, &v));
    char *d = mremap(c, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    printf("dontunmap moved %d data %c old %d\n", d != c, d[0], c[0]);
    char *s = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    s[0] = 'S';
    char *s2 = mremap(s, 0, 2 * PG, MREMAP_MAYMOVE);
    printf("dup shared: %s %c\n", s2 == MAP_FAILED ? "fail" : "ok",
           s2 == MAP_FAILED ? '-' : s2[0]);
    char *e = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    e[0] = 'e';
    char *f = mremap(e, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, d + 8 * PG);
    printf("fixed %d %c\n", f == d + 8 * PG, f[0]);
    /* Shared anonymous memory grows as a mapping, not as an object: the
     * pages past the object's end are SIGBUS, as shmem's are. */
    char *sa = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sa[0] = 'S';
    char *g = MAP_FAILED;
    CHECK_MAP("grow shared anon", g = mremap(sa, 2 * PG, 4 * PG, MREMAP_MAYMOVE));
    if (g != MAP_FAILED) {
        printf("grown keeps data: %c\n", g[0]);
        in_child("read inside the object", read_byte, g + PG);
        in_child("read past the object", read_byte, g + 3 * PG);
    }
    return 0;
}
