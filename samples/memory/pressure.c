/* Memory pressure in a small guest (run with relic --mem 16M; expected
 * output in tests/integration/data/memory/pressure*.expected): MADV_FREE
 * pages are reclaimed first and then read as zeros, a page written after
 * the advice keeps its data, one mapping larger than RAM is ENOMEM, and a
 * guest that touches more than RAM is killed by SIGKILL ("oom" argument). */
#include "check.h"

#include <stdlib.h>

#define MIB (1u << 20)

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char *a = anon(8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    memset(a, 0x5a, 8 * MIB);
    CHECK("MADV_FREE 8 MiB", madvise(a, 8 * MIB, MADV_FREE));
    printf("no pressure yet: %d\n", a[PG]);
    a[0] = 1; /* a write after the advice cancels it for this page */
    char *b = anon(8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    memset(b, 1, 8 * MIB);
    printf("after 8 MiB more: written page %d, freed pages %d %d\n", a[0], a[PG],
           a[8 * MIB - 1]);
    CHECK_MAP("one 64 MiB mapping", anon(64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE));
    CHECK_MAP("64 MiB with MAP_NORESERVE",
              anon(64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE));
    if (argc > 1 && strcmp(argv[1], "oom") == 0) {
        char *c = anon(12 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
        memset(c, 2, 12 * MIB);
        printf("still alive\n");
    }
    return 0;
}
