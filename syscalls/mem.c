/* Memory calls: thin wrappers that decode arguments; mm has the semantics. */
#include "internal.h"
#include "personality.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

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

/* Who may make alloc_hugepages() segments: the rule changed twice inside
 * the 2.5 window (arch/i386/mm/hugetlbpage.c of 2.5.36, 2.5.50, 2.5.53). */
enum cred_rule {
    ADMIN_OR_GROUP0,
    ADMIN_AND_GROUP0,
    IPC_LOCK_OR_GROUP0,
    ADMIN_LOCK_AND_GROUP0
};
static const struct {
    const char *first;
    enum cred_rule private_rule, create_rule;
} hugeseg_rules[] = {
    {"2.5.36", ADMIN_OR_GROUP0, ADMIN_OR_GROUP0},
    {"2.5.50", ADMIN_OR_GROUP0, ADMIN_AND_GROUP0},
    {"2.5.53", IPC_LOCK_OR_GROUP0, ADMIN_LOCK_AND_GROUP0},
};

static bool in_group0(void)
{
    if (getegid() == 0)
        return true;
    gid_t groups[256];
    int n = getgroups(256, groups);
    for (int i = 0; i < n; i++)
        if (groups[i] == 0)
            return true;
    return false;
}

/* The guest's capabilities are relic's: root has them all. */
static bool allowed(enum cred_rule rule)
{
    bool caps = geteuid() == 0, group0 = in_group0();
    switch (rule) {
    case ADMIN_OR_GROUP0:
    case IPC_LOCK_OR_GROUP0:
        return caps || group0;
    case ADMIN_AND_GROUP0:
    case ADMIN_LOCK_AND_GROUP0:
        return caps && group0;
    }
    return false;
}

/* alloc_hugepages(key, addr, len, prot, flag): ENOSYS in a kernel built
 * without huge page support, as its stub did. */
static long sys_alloc_hugepages(struct task *t, const uint32_t *a)
{
    if (!guest_kernel.hugetlb)
        return -ENOSYS;
    size_t rule = 0;
    for (size_t i = 0; i < sizeof(hugeseg_rules) / sizeof(hugeseg_rules[0]); i++) {
        kver_t from;
        if (kver_parse(hugeseg_rules[i].first, &from) == 0 && guest_kernel.kernel >= from)
            rule = i;
    }
    struct mm_hugeseg_args h = {
        .key = (int)a[0],
        .addr = a[1],
        .len = a[2],
        .prot = a[3],
        .flag = (int)a[4],
        .pse = guest_kernel.pse,
        .may_private = allowed(hugeseg_rules[rule].private_rule),
        .may_create = allowed(hugeseg_rules[rule].create_rule),
        .uid = (uint32_t)geteuid(),
        .gid = (uint32_t)getegid(),
    };
    return mm_alloc_hugepages(t->mm, &h);
}

static long sys_free_hugepages(struct task *t, const uint32_t *a)
{
    if (!guest_kernel.hugetlb)
        return -ENOSYS;
    return mm_free_hugepages(t->mm, a[0]);
}

const struct sys_impl sys_mem_impls[] = {
    {"alloc_hugepages", sys_alloc_hugepages, "dxuxx"},
    {"free_hugepages", sys_free_hugepages, "x"},
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
