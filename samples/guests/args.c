/* Prints what the kernel handed the program at start: argv, one environment
 * variable, and the auxiliary vector entries libc relies on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("RELIC_TEST_VAR");
    printf("RELIC_TEST_VAR=%s\n", v ? v : "(unset)");
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    printf("AT_HWCAP has FPU: %s\n", (getauxval(AT_HWCAP) & 1) ? "yes" : "no");
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM=%s\n", plat ? plat : "(none)");
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN matches argv[0] path: %s\n",
           fn && strstr(fn, "args") ? "yes" : "no");
    printf("AT_RANDOM present: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
    printf("AT_UID matches: %s\n",
           getauxval(AT_UID) == (unsigned long)getuid() ? "yes" : "no");
    printf("stack is 16-byte aligned at main: %s\n",
           ((unsigned long)__builtin_frame_address(0) & 3) == 0 ? "yes" : "no");
    return 0;
}
