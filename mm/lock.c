/* Residency calls: mlock and friends, msync and mincore. */
#include "internal.h"

#include <errno.h>

/* TODO(issue 3): being written; ENOSYS until then. */
long mm_msync(struct mm *mm, uint32_t addr, uint32_t len, int flags)
{
    (void)mm, (void)addr, (void)len, (void)flags;
    return -ENOSYS;
}

long mm_mlock(struct mm *mm, uint32_t addr, uint32_t len, int flags)
{
    (void)mm, (void)addr, (void)len, (void)flags;
    return -ENOSYS;
}

long mm_munlock(struct mm *mm, uint32_t addr, uint32_t len)
{
    (void)mm, (void)addr, (void)len;
    return -ENOSYS;
}

long mm_mlockall(struct mm *mm, int flags)
{
    (void)mm, (void)flags;
    return -ENOSYS;
}

long mm_munlockall(struct mm *mm)
{
    (void)mm;
    return -ENOSYS;
}

long mm_mincore(struct mm *mm, uint32_t addr, uint32_t len, uint32_t vec)
{
    (void)mm, (void)addr, (void)len, (void)vec;
    return -ENOSYS;
}
