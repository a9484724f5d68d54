/* alloc_hugepages() and free_hugepages(), i386 syscalls 250/251 of Linux
 * 2.5.36-2.5.53 (arch/i386/kernel/sys_i386.c and arch/i386/mm/hugetlbpage.c
 * of those releases): segments of 4 MiB pages taken from the pool at once,
 * private (key 0) or shared by key across the machine (hugekey.c). The
 * backing is host shared memory in both cases, because the 2.5 kernel let a
 * fork child share even a private segment's pages (copy_hugetlb_page_range)
 * unless the flag carried MAP_PRIVATE. */
#include "internal.h"

#include <errno.h>

#define FLAG_IPC_CREAT   01000
#define FLAG_MAP_PRIVATE 0x02

static uint32_t huge_up(uint32_t a)
{
    return (a + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

/* get_addr() of sys_i386.c: the hint rounded up to a huge page if the room
 * after it is free (and not touching the next mapping), else the first such
 * room upward from TASK_UNMAPPED_BASE; 32-bit arithmetic as there. */
static uint32_t get_addr(const struct mm *mm, uint32_t addr, uint32_t len)
{
    if (addr) {
        addr = huge_up(addr);
        size_t i = vma_lower_bound(mm, addr);
        const struct vma *v = i < mm->nvma ? &mm->vmas[i] : NULL;
        if (MM_TASK_SIZE > addr + len && !(v && addr + len >= v->start))
            return addr;
    }
    addr = MM_UNMAPPED_BASE;
    for (size_t i = vma_lower_bound(mm, addr); MM_TASK_SIZE > addr + len; i++) {
        const struct vma *v = i < mm->nvma ? &mm->vmas[i] : NULL;
        if (!v || addr + len < v->start)
            return addr;
        addr = huge_up(v->end);
    }
    return 0;
}

/* The frame this process already maps for byte off of segment s, if any:
 * a keyed segment attached twice shares its pages, as the key's page cache
 * made it in the kernel. */
static int64_t mapped_frame(struct mm *mm, const struct mm_shmem *s, uint64_t off)
{
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        if (v->shmem != s || off < v->offset || off >= v->offset + (v->end - v->start))
            continue;
        uint32_t *pde = pt_pde(mm, v->start + (uint32_t)(off - v->offset));
        if (*pde & PDE_PS)
            return *pde >> MM_PAGE_SHIFT;
    }
    return -1;
}

/* make_hugetlb_pages_present() / prefault_key(): every page now, from the
 * pool (-ENOMEM when it runs dry). */
static long prefault(struct mm *mm, const struct vma *v)
{
    for (uint32_t a = v->start; a < v->end; a += HUGE_SIZE) {
        uint64_t off = v->offset + (a - v->start);
        int64_t pfn = mapped_frame(mm, v->shmem, off);
        if (pfn >= 0) {
            hugepool_share(mm, (uint32_t)pfn);
        } else {
            pfn = hugepool_take(mm, false);
            if (pfn < 0)
                return -ENOMEM;
            if (phys_overlay(&mm->phys, (uint32_t)pfn, PHYS_MAX_ORDER, v->shmem->fd, off,
                             true) < 0) {
                hugepool_put(mm, (uint32_t)pfn);
                return -ENOMEM;
            }
        }
        *pt_pde(mm, a) =
            ((uint32_t)pfn << MM_PAGE_SHIFT) | pt_bits_for(mm, v->prot) | PDE_PS;
        stat_mapped(mm, true);
    }
    return 0;
}

/* This process's handle on a keyed segment: the one it already holds, or a
 * new reference to the machine's. */
static long key_object(struct mm *mm, const struct mm_hugeseg_args *a,
                       struct mm_shmem **out)
{
    struct hugekey_req q = {.key = a->key,
                            .size = a->len,
                            .uid = a->uid,
                            .gid = a->gid,
                            .create = (a->flag & FLAG_IPC_CREAT) != 0,
                            .may_create = a->may_create};
    struct hugekey_ref ref;
    for (size_t i = 0; i < mm->nvma; i++) {
        struct mm_shmem *s = mm->vmas[i].shmem;
        if (s && s->key == a->key) {
            long r = hugekey_attach(&q, &ref); /* the checks, without a new hold */
            if (r < 0)
                return r;
            if (ref.gen == s->gen) {
                *out = shmem_get(s);
                return 0;
            }
        }
    }
    q.take_ref = true;
    long r = hugekey_attach(&q, &ref);
    if (r < 0)
        return r;
    struct mm_shmem *s = shmem_wrap(ref.fd, a->len);
    if (!s) {
        hugekey_release(a->key, ref.gen);
        return -ENOMEM;
    }
    s->key = a->key;
    s->gen = ref.gen;
    *out = s;
    return 0;
}

long mm_alloc_hugepages(struct mm *mm, const struct mm_hugeseg_args *a)
{
    if (!a->pse || a->key < 0 || (a->len & (HUGE_SIZE - 1)))
        return -EINVAL;
    /* len 0 passed the kernel's checks and then went wrong in ways no
     * program relied on; relic stops it here. */
    if (a->len == 0)
        return -ENOMEM;
    uint32_t addr = get_addr(mm, a->addr, a->len);
    if (!addr)
        return -ENOMEM;
    if (a->key == 0 && !a->may_private)
        return -EPERM;
    if (vma_reserve(mm, 2) < 0)
        return -ENOMEM;
    struct vma v = {.start = addr,
                    .end = addr + a->len,
                    .prot = a->prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC),
                    .flags = VMA_HUGETLB | VMA_NORESERVE | VMA_ANON | VMA_HUGESEG |
                             VMA_MAYWRITE};
    if (a->key == 0) {
        if (a->flag & FLAG_MAP_PRIVATE)
            v.flags |= VMA_DONTFORK; /* VM_DONTCOPY */
        if (!(v.shmem = shmem_new(a->len)))
            return -ENOMEM;
    } else {
        long r = key_object(mm, a, &v.shmem);
        if (r < 0)
            return r;
    }
    if (vma_insert(mm, &v) < 0) {
        shmem_put(v.shmem);
        return -ENOMEM;
    }
    if (prefault(mm, vma_find(mm, addr)) < 0) {
        mm_munmap(mm, addr, a->len);
        return -ENOMEM;
    }
    mm_invalidate(mm, false);
    return addr;
}

long mm_free_hugepages(struct mm *mm, uint32_t addr)
{
    size_t i = vma_lower_bound(mm, addr);
    if (i >= mm->nvma)
        return -EINVAL;
    const struct vma *v = &mm->vmas[i];
    if (!(v->flags & VMA_HUGETLB) || v->start != addr)
        return -EINVAL;
    return mm_munmap(mm, addr, v->end - v->start);
}
