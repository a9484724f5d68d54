/* mbind, set_mempolicy and get_mempolicy on a one-node machine: modes,
 * mode flags, node masks of every size, holes, and the errors. */
#include "check.h"

#include <sys/syscall.h>
static long mb(void *a, unsigned long l, int m, unsigned long *n, unsigned long mx,
               unsigned f)
{
    return syscall(274, a, l, m, n, mx, f);
}
static long gm(int *m, unsigned long *n, unsigned long mx, void *a, unsigned long f)
{
    return syscall(275, m, n, mx, a, f);
}
static long sm(int m, unsigned long *n, unsigned long mx)
{
    return syscall(276, m, n, mx);
}
int main()
{
    setvbuf(stdout, 0, _IONBF, 0);
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned long n0 = 1, n1 = 2, n01 = 3, z = 0, big[64] = {1};
    CHECK("bind n0", mb(a, PG, 2, &n0, 2, 0));
    CHECK("bind n1", mb(a, PG, 2, &n1, 3, 0));
    CHECK("bind n01", mb(a, PG, 2, &n01, 3, 0));
    CHECK("bind empty", mb(a, PG, 2, &z, 2, 0));
    CHECK("bind null", mb(a, PG, 2, 0, 0, 0));
    CHECK("mode 7", mb(a, PG, 7, &n0, 2, 0));
    CHECK("mode 99", mb(a, PG, 99, &n0, 2, 0));
    CHECK("static+relative", mb(a, PG, 2 | (1 << 15) | (1 << 14), &n0, 2, 0));
    CHECK("balancing interleave", mb(a, PG, 3 | (1 << 13), &n0, 2, 0));
    CHECK("balancing bind", mb(a, PG, 2 | (1 << 13), &n0, 2, 0));
    CHECK("flags bad", mb(a, PG, 2, &n0, 2, 8));
    CHECK("move_all", mb(a, PG, 2, &n0, 2, 4));
    CHECK("strict", mb(a, PG, 2, &n0, 2, 1));
    CHECK("unaligned", mb(a + 1, PG, 2, &n0, 2, 0));
    CHECK("len0", mb(a, 0, 2, &n0, 2, 0));
    CHECK("default nonempty", mb(a, PG, 0, &n0, 2, 0));
    CHECK("default", mb(a, PG, 0, 0, 0, 0));
    munmap(a + 2 * PG, PG);
    CHECK("hole bind", mb(a, 4 * PG, 2, &n0, 2, 0));
    CHECK("hole default", mb(a, 4 * PG, 0, 0, 0, 0));
    CHECK("preferred empty", mb(a, PG, 1, &z, 2, 0));
    CHECK("preferred empty static", mb(a, PG, 1 | (1 << 15), &z, 2, 0));
    CHECK("local n0", mb(a, PG, 4, &n0, 2, 0));
    CHECK("local", mb(a, PG, 4, 0, 0, 0));
    CHECK("relative n5", mb(a, PG, 2 | (1 << 14), (unsigned long[]){32}, 7, 0));
    CHECK("static n5", mb(a, PG, 2 | (1 << 15), (unsigned long[]){32}, 7, 0));
    CHECK("maxnode huge", mb(a, PG, 2, &n0, 40000, 0));
    CHECK("maxnode 2000 zeros", mb(a, PG, 2, big, 2000, 0));
    big[40] = 1;
    CHECK("maxnode 2000 high bit", mb(a, PG, 2, big, 2000, 0));
    CHECK("badptr", mb(a, PG, 2, (void *)16, 2, 0));
    int mode = -1;
    unsigned long nm[4] = {~0UL, ~0UL, ~0UL, ~0UL};
    CHECK("get", gm(&mode, nm, 64, 0, 0));
    printf(" mode=%d nm=%lx %lx %lx\n", mode, nm[0], nm[1], nm[2]);
    CHECK("get addr", gm(&mode, nm, 64, a, 2));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("bind+bal", mb(a, PG, 2 | (1 << 13), &n0, 2, 0));
    CHECK("get addr2", gm(&mode, nm, 64, a, 2));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("get addr unmapped", gm(&mode, 0, 0, a + 2 * PG, 2));
    CHECK("get addr no flag", gm(&mode, 0, 0, a, 0));
    CHECK("get node addr", gm(&mode, 0, 0, a + PG, 3));
    printf(" mode=%d\n", mode);
    CHECK("get node", gm(&mode, 0, 0, 0, 1));
    CHECK("get mems", gm(&mode, nm, 64, 0, 4));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("get mems+node", gm(&mode, nm, 64, 0, 5));
    CHECK("get maxnode0", gm(&mode, nm, 0, 0, 0));
    CHECK("get flags bad", gm(&mode, 0, 0, 0, 8));
    CHECK("set interleave", sm(3, &n0, 2));
    CHECK("get node interleave", gm(&mode, 0, 0, 0, 1));
    printf(" mode=%d\n", mode);
    CHECK("get", gm(&mode, nm, 2, 0, 0));
    printf(" mode=%d nm=%lx %lx\n", mode, nm[0], nm[1]);
    CHECK("set static", sm(2 | (1 << 15), (unsigned long[]){33}, 7));
    CHECK("get", gm(&mode, nm, 64, 0, 0));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("set relative n5", sm(2 | (1 << 14), (unsigned long[]){32}, 7));
    CHECK("get", gm(&mode, nm, 64, 0, 0));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("set default", sm(0, 0, 0));
    CHECK("get", gm(&mode, nm, 64, 0, 0));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("set bad", sm(2, &z, 2));
    CHECK("set local", sm(4, 0, 0));
    CHECK("get", gm(&mode, nm, 64, 0, 0));
    printf(" mode=%d nm=%lx\n", mode, nm[0]);
    CHECK("get badmode ptr", gm((int *)8, 0, 0, 0, 0));
    return 0;
}
