/* Thread-local storage through %gs (set_thread_area) and glibc's stack
 * protector canary at %gs:0x14. */
#include <stdio.h>
#include <string.h>

static __thread int counter = 40;
static __thread char name[16] = "tls";

__attribute__((noinline)) static void bump(void)
{
    char local[32];
    strcpy(local, name);
    counter += (int)strlen(local) - 1;
}

int main(void)
{
    bump();
    printf("counter=%d name=%s\n", counter, name);
    unsigned gs;
    __asm__("mov %%gs, %0" : "=r"(gs));
    printf("gs is a TLS selector (RPL 3, GDT): %d\n", (gs & 7) == 3);
    return counter == 42 ? 0 : 1;
}
