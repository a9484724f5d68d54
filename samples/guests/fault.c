/* Dies the way argv[1] says, so the way relic dies can be compared. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int never;

/* Recurses until the 8 MiB stack limit stops it. */
static int deep(volatile char *prev)
{
    volatile char frame[4096];
    if (never)
        return 0;
    frame[0] = prev ? prev[0] + 1 : 0;
    return deep(frame) + frame[1];
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "null";
    printf("dying by %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "null"))
        *(volatile int *)0 = 1;
    if (!strcmp(how, "readonly")) {
        char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[100] = 1;
    }
    if (!strcmp(how, "div"))
        __asm__ volatile("xorl %%ecx, %%ecx; divl %%ecx" ::: "eax", "ecx", "edx");
    if (!strcmp(how, "ill"))
        __asm__ volatile("ud2");
    if (!strcmp(how, "priv"))
        __asm__ volatile("hlt");
    if (!strcmp(how, "abort"))
        abort();
    if (!strcmp(how, "kill"))
        kill(getpid(), SIGTERM);
    if (!strcmp(how, "stack"))
        return deep(NULL);
    return 3;
}
