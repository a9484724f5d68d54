/* The first program relic runs: a greeting through libc's stdio. */
#include <stdio.h>

int main(void)
{
    printf("Hello from an i386 guest!\n");
    return 0;
}
