/* sysinfo(2) of the guest machine, checked against an expected file
 * (tests/integration/data/files/sysinfo-*.expected), not the native run:
 * the memory is relic's --mem, not the host's. Prints the fields that are
 * the machine model's and checks of the rest. */
#include "ck.h"

struct k_sysinfo {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh, mem_unit;
    char f[8];
};

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    union {
        struct k_sysinfo s;
        unsigned char raw[80];
    } u;
    memset(&u, 0xa5, sizeof(u));
    CHECK("sysinfo", syscall(SYS_sysinfo, &u.s));
    struct k_sysinfo *s = &u.s;
    printf("mem_unit %u\n", s->mem_unit);
    printf("totalram %u (%llu MiB)\n", s->totalram,
           (unsigned long long)s->totalram * s->mem_unit >> 20);
    printf("freeram at most totalram: %d, not zero: %d\n", s->freeram <= s->totalram,
           s->freeram > 0);
    printf("sharedram at most totalram: %d\n", s->sharedram <= s->totalram);
    printf("bufferram %u totalswap %u freeswap %u totalhigh %u freehigh %u\n",
           s->bufferram, s->totalswap, s->freeswap, s->totalhigh, s->freehigh);
    printf("uptime positive: %d, procs positive: %d, pad %u, _f zero: %d\n",
           s->uptime > 0, s->procs > 0, s->pad, !memcmp(s->f, "\0\0\0\0\0\0\0\0", 8));
    int untouched = 1;
    for (int i = 64; i < 80; i++)
        untouched &= u.raw[i] == 0xa5;
    printf("nothing written past 64 bytes: %d\n", untouched);
    CHECK("sysinfo bad pointer", syscall(SYS_sysinfo, (void *)16));
    return 0;
}
