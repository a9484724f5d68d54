/* The address space a kernel gives a program: uname -r, where brk and the
 * first mmap land, and /proc/self/maps (ranges, permissions and the bracketed
 * names only, so the lines do not depend on where the file lives).
 * Freestanding (rt.h), so it starts on 2.4 kernels. */
#include "rt.h"

#define NR_brk 45

static char text[8192];

int main(void)
{
    char u[6][65];
    if (SYS1(NR_uname, u) == 0)
        rt_printf("uname -r: %s\nuname -m: %s\n", u[2], u[4]);
    rt_printf("brk(0) above the program: %s\n",
              (unsigned long)SYS1(NR_brk, 0) >= 0x08048000ul ? "yes" : "no");
    long m = rt_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rt_printf("first anonymous mmap: %s\n", rt_result(m));
    if (rt_read_file("/proc/self/maps", text, sizeof(text)) < 0)
        return 1;
    for (char *line = text; *line;) {
        char *end = line;
        while (*end && *end != '\n')
            end++;
        char last = *end;
        *end = 0;
        /* range and permissions: "08048000-08049000 r-xp" */
        char head[23];
        memcpy(head, line, 22);
        head[22] = 0;
        const char *name = rt_strstr(line, "[");
        rt_printf("maps: %s %s\n", head, name ? name : "");
        line = last ? end + 1 : end;
    }
    return 0;
}
