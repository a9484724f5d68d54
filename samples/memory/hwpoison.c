/* MADV_HWPOISON and MADV_SOFT_OFFLINE (expected output in tests/integration/
 * data/memory/hwpoison*.expected: this host's kernel lacks memory-failure
 * handling, so it cannot show them). As root: poisoning returns 0 and a
 * later access of that page is SIGBUS, its neighbour unharmed; soft
 * offlining keeps the data. Without CAP_SYS_ADMIN both are EPERM. */
#include "check.h"

#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char *a = anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    memset(a, 'x', 3 * PG);
    CHECK("MADV_SOFT_OFFLINE", madvise(a + 2 * PG, PG, MADV_SOFT_OFFLINE));
    printf("data after SOFT_OFFLINE: %c\n", a[2 * PG]);
    CHECK("MADV_HWPOISON", madvise(a, PG, MADV_HWPOISON));
    in_child("read poisoned page", read_byte, a);
    in_child("read neighbour", read_byte, a + PG);
    CHECK("MADV_HWPOISON unmapped", madvise((void *)0x1000, PG, MADV_HWPOISON));
    return 0;
}
