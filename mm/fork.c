/* What fork does to memory. relic forks the host process, so private pages
 * are already copy-on-write (the host's) and shared memory, being host
 * shared memory, stays shared. What is left is what dup_mmap() does per
 * VMA: leave out MADV_DONTFORK ranges, give MADV_WIPEONFORK ranges fresh
 * zero pages, and drop memory locks, which a child does not inherit. */
#include "internal.h"

void mm_fork_child(struct mm *mm)
{
    bool code = false, unmapped = false;
    for (size_t i = 0; i < mm->nvma;) {
        struct vma *v = &mm->vmas[i];
        v->flags &= ~(uint32_t)(VMA_LOCKED | VMA_LOCKONFAULT);
        if (v->flags & VMA_DONTFORK) {
            uint32_t start = v->start, end = v->end;
            code |= pt_unmap(mm, start, end);
            vma_remove_range(mm, start, end);
            unmapped = true;
            continue; /* the next VMA moved into slot i */
        }
        if (v->flags & VMA_WIPEONFORK) {
            code |= pt_unmap(mm, v->start, v->end);
            unmapped = true;
        }
        i++;
    }
    /* mlockall(MCL_FUTURE) is not inherited either (VM_INIT_DEF_MASK). */
    mm->def_flags &= VMA_NOHUGEPAGE;
    hugekey_fork_child(); /* copy_hugetlb_page_range() took a key reference */
    vma_merge_around(mm, 0, 0);
    /* Everything else maps as it did in the parent (the host copied the
     * frames at the same addresses), so the engine's TLB is still right;
     * flushing it would cost every fork its refill and the host's copy of
     * the TLB's pages. */
    if (unmapped)
        mm_invalidate(mm, code);
    /* A new address space's figures (dup_mm() sets hiwater_rss to what it
     * maps; a new task has had no faults). */
    mm->stats.faults = mm->stats.faults_huge = 0;
    mm->stats.peak_kib = mm->stats.resident * 4 + mm->stats.huge * 4096;
    mm->stats.peak_huge = mm->stats.huge;
}

void mm_fork_cow(struct mm *mm)
{
    if (!mm_page_hook)
        return;
    bool marked = false;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        /* Shared and hugetlb memory is not copied on write here (a private
         * hugetlb mapping would be, by hugetlb_wp(): not reported). */
        if ((v->flags & (VMA_SHARED | VMA_HUGETLB)) || !(v->prot & L_PROT_WRITE))
            continue;
        for (uint32_t va = v->start; va < v->end; va += MM_PAGE_SIZE) {
            uint32_t *pte = pt_pte(mm, va, false);
            if (!pte) { /* no page table: skip its 4 MiB */
                va |= HUGE_SIZE - 1;
                va -= MM_PAGE_SIZE - 1;
                continue;
            }
            if ((*pte & (PTE_P | PTE_RW)) != (PTE_P | PTE_RW) ||
                (*pte >> MM_PAGE_SHIFT) == mm->zero_pfn)
                continue;
            *pte = (*pte & ~PTE_RW) | PTE_FORKCOW;
            marked = true;
        }
    }
    if (marked) /* cached write permission would skip the fault */
        mm_invalidate(mm, false);
}
