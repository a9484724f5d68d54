/* Memory calls: thin wrappers that decode arguments; mm has the semantics. */
#include "internal.h"

#include <stdint.h>

static long sys_brk(struct task *t, const uint32_t *a)
{
    return mm_brk(t->mm, a[0]);
}

/* Old mmap (nr 90) takes one pointer to its six arguments, offset in bytes. */
static long sys_old_mmap(struct task *t, const uint32_t *a)
{
    uint32_t v[6];
    if (mm_copy_from(t->mm, v, a[0], sizeof(v)) < 0)
        return -EFAULT;
    if (v[5] & (MM_PAGE_SIZE - 1))
        return -EINVAL;
    return mm_mmap(t->mm, v[0], v[1], v[2], v[3], (int)v[4], v[5]);
}

/* mmap2: the offset counts 4096-byte units, whatever the page size. */
static long sys_mmap2(struct task *t, const uint32_t *a)
{
    return mm_mmap(t->mm, a[0], a[1], a[2], a[3], (int)a[4], (uint64_t)a[5] << 12);
}

static long sys_munmap(struct task *t, const uint32_t *a)
{
    return mm_munmap(t->mm, a[0], a[1]);
}

static long sys_mprotect(struct task *t, const uint32_t *a)
{
    return mm_mprotect(t->mm, a[0], a[1], a[2]);
}

static long sys_mremap(struct task *t, const uint32_t *a)
{
    return mm_mremap(t->mm, a[0], a[1], a[2], a[3], a[4]);
}

static long sys_madvise(struct task *t, const uint32_t *a)
{
    return mm_madvise(t->mm, a[0], a[1], (int)a[2]);
}

static long sys_msync(struct task *t, const uint32_t *a)
{
    return mm_msync(t->mm, a[0], a[1], (int)a[2]);
}

static long sys_mlock(struct task *t, const uint32_t *a)
{
    return mm_mlock(t->mm, a[0], a[1], 0);
}

static long sys_mlock2(struct task *t, const uint32_t *a)
{
    return mm_mlock(t->mm, a[0], a[1], (int)a[2]);
}

static long sys_munlock(struct task *t, const uint32_t *a)
{
    return mm_munlock(t->mm, a[0], a[1]);
}

static long sys_mlockall(struct task *t, const uint32_t *a)
{
    return mm_mlockall(t->mm, (int)a[0]);
}

static long sys_munlockall(struct task *t, const uint32_t *a)
{
    (void)a;
    return mm_munlockall(t->mm);
}

static long sys_mincore(struct task *t, const uint32_t *a)
{
    return mm_mincore(t->mm, a[0], a[1], a[2]);
}

static long sys_mbind(struct task *t, const uint32_t *a)
{
    return mm_mbind(t->mm, a[0], a[1], (int)a[2], a[3], a[4], a[5]);
}

static long sys_set_mempolicy(struct task *t, const uint32_t *a)
{
    return mm_set_mempolicy(t->mm, &t->mempolicy, (int)a[0], a[1], a[2]);
}

static long sys_get_mempolicy(struct task *t, const uint32_t *a)
{
    return mm_get_mempolicy(t->mm, t->mempolicy, a[0], a[1], a[2], a[3], a[4]);
}

const struct sys_impl sys_mem_impls[] = {
    {"brk", sys_brk, "x"},
    {"mmap", sys_old_mmap, "p"},
    {"mmap2", sys_mmap2, "xuxxdu"},
    {"munmap", sys_munmap, "xu"},
    {"mprotect", sys_mprotect, "xux"},
    {"mremap", sys_mremap, "xuuxx"},
    {"madvise", sys_madvise, "xud"},
    {"msync", sys_msync, "xux"},
    {"mlock", sys_mlock, "xu"},
    {"mlock2", sys_mlock2, "xux"},
    {"munlock", sys_munlock, "xu"},
    {"mlockall", sys_mlockall, "x"},
    {"munlockall", sys_munlockall, ""},
    {"mincore", sys_mincore, "xup"},
    {"mbind", sys_mbind, "xudpux"},
    {"set_mempolicy", sys_set_mempolicy, "dpu"},
    {"get_mempolicy", sys_get_mempolicy, "ppuxx"},
    {NULL, NULL, NULL},
};
