/* Host calls that may block go to the engine: the safe-syscall gate, with
 * the run lock dropped (see internal.h). */
#define _GNU_SOURCE
#include "internal.h"

long host_blocking(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                   long a6)
{
    long a[6] = {a1, a2, a3, a4, a5, a6};
    return engine->blocking(t, nr, a);
}
