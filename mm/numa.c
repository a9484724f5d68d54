/* NUMA memory policies on a one-node machine (mbind, set_mempolicy,
 * get_mempolicy). */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>

struct mpol {
    int refs;
};

struct mpol *mpol_get(struct mpol *p)
{
    if (p)
        p->refs++;
    return p;
}

void mm_mpol_put(struct mpol *p)
{
    if (p && --p->refs == 0)
        free(p);
}

bool mpol_equal(const struct mpol *a, const struct mpol *b)
{
    return a == b;
}

/* TODO(issue 3): being written; ENOSYS until then. */
long mm_mbind(struct mm *mm, uint32_t addr, uint32_t len, int mode, uint32_t nmask,
              uint32_t maxnode, uint32_t flags)
{
    (void)mm, (void)addr, (void)len, (void)mode, (void)nmask, (void)maxnode, (void)flags;
    return -ENOSYS;
}

long mm_set_mempolicy(struct mm *mm, struct mpol **task_policy, int mode, uint32_t nmask,
                      uint32_t maxnode)
{
    (void)mm, (void)task_policy, (void)mode, (void)nmask, (void)maxnode;
    return -ENOSYS;
}

long mm_get_mempolicy(struct mm *mm, struct mpol *task_policy, uint32_t mode_va,
                      uint32_t nmask, uint32_t maxnode, uint32_t addr, uint32_t flags)
{
    (void)mm, (void)task_policy, (void)mode_va, (void)nmask, (void)maxnode, (void)addr,
        (void)flags;
    return -ENOSYS;
}
