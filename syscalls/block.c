/* Host calls that may block. For now a plain host call: signal delivery and
 * other guest threads arrive with the process work (see internal.h). */
#define _GNU_SOURCE
#include "internal.h"

#include <unistd.h>

long host_blocking(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                   long a6)
{
    (void)t;
    return HOST(syscall(nr, a1, a2, a3, a4, a5, a6));
}
