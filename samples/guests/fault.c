/* Dies the way argv[1] says, so the way relic dies can be compared. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
    if (!strcmp(how, "div")) {
        volatile int zero = 0;
        printf("%d\n", 1 / zero);
    }
    if (!strcmp(how, "ill"))
        __asm__ volatile("ud2");
    if (!strcmp(how, "priv"))
        __asm__ volatile("hlt");
    if (!strcmp(how, "abort"))
        abort();
    if (!strcmp(how, "kill"))
        kill(getpid(), SIGTERM);
    if (!strcmp(how, "stack"))
        return main(argc, argv) + 1; /* runs off the 8 MiB stack limit */
    return 3;
}
