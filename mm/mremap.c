/* mremap: grow, shrink or move a mapping, its pages moving with it. */
#include "internal.h"

#include <errno.h>

/* TODO(issue 3): being written; ENOSYS until then. */
long mm_mremap(struct mm *mm, uint32_t addr, uint32_t old_len, uint32_t new_len,
               uint32_t flags, uint32_t new_addr)
{
    (void)mm, (void)addr, (void)old_len, (void)new_len, (void)flags, (void)new_addr;
    return -ENOSYS;
}
