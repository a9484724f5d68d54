/* mremap: shrink, grow in place, or move a mapping, with Linux 6.x's checks
 * in their order (check_mremap_params(), check_prep_vma(), mremap_to(),
 * expand_vma()). A move carries the page-table entries to the new place, so
 * frames (and with them shared overlays) move without copying. */
#include "internal.h"

#include <errno.h>

/* Move the entries of [from, from + len) to [to, to + len); the destination
 * is empty. Returns whether any moved page held translated code. */
static bool move_entries(struct mm *mm, uint32_t from, uint32_t to, uint32_t len,
                         bool huge)
{
    bool code = false;
    if (huge) {
        for (uint32_t off = 0; off < len; off += HUGE_SIZE) {
            uint32_t *src = pt_pde(mm, from + off), *dst = pt_pde(mm, to + off);
            code |= (*src & PTE_XUSED) != 0;
            *dst = *src;
            *src = 0;
        }
        return code;
    }
    for (uint32_t off = 0; off < len; off += MM_PAGE_SIZE) {
        uint32_t *src = pt_pte(mm, from + off, false);
        if (!src || !*src) {
            if (!src) /* no page table: skip the rest of this 4 MiB */
                off = ((from + off) | (HUGE_SIZE - 1)) - from + 1 - MM_PAGE_SIZE;
            continue;
        }
        uint32_t *dst = pt_pte(mm, to + off, true);
        if (!dst) /* no frame for a page table: the page stays behind */
            continue;
        src = pt_pte(mm, from + off, false);
        code |= (*src & PTE_XUSED) != 0;
        *dst = *src;
        *src = 0;
    }
    return code;
}

/* Give the first VMA of the range the new place and size (move_vma()):
 * the pages of [addr, addr + old_len) go to new_addr; with DONTUNMAP the
 * old range stays mapped, empty. */
static long move_vma(struct mm *mm, uint32_t addr, uint32_t old_len, uint32_t new_len,
                     uint32_t new_addr, bool dontunmap)
{
    if (vma_reserve(mm, 4) < 0)
        return -ENOMEM;
    vma_split_at(mm, addr);
    vma_split_at(mm, addr + old_len);
    struct vma *old = vma_find(mm, addr);
    struct vma nv = *old;
    nv.start = new_addr;
    nv.end = new_addr + new_len;
    nv.name = NULL;
    if (old->name && !dontunmap)
        nv.name = old->name;
    bool huge = (old->flags & VMA_HUGETLB) != 0;
    bool code = move_entries(mm, addr, new_addr, old_len, huge);
    mm_file_get(nv.file);
    shmem_get(nv.shmem);
    mpol_get(nv.policy);
    if (dontunmap) {
        /* The old VMA stays; locks do not (move_vma() clears them). */
        old->flags &= ~(uint32_t)(VMA_LOCKED | VMA_LOCKONFAULT);
    } else {
        pt_unmap(mm, addr, addr + old_len);
        vma_remove_range(mm, addr, addr + old_len);
    }
    vma_insert(mm, &nv);
    vma_merge_around(mm, new_addr, new_addr + new_len);
    if (!dontunmap)
        vma_merge_around(mm, addr, addr + old_len);
    mm_invalidate(mm, code);
    const struct vma *v = vma_find(mm, new_addr);
    if (v && (v->flags & VMA_LOCKED) && !(v->flags & VMA_LOCKONFAULT) &&
        new_len > old_len)
        mm_prefault(mm, new_addr + old_len, new_addr + new_len);
    return new_addr;
}

/* A place for the moved mapping: new_addr itself with MREMAP_FIXED,
 * otherwise get_unmapped_area() with new_addr as a hint. */
static long pick_new_addr(struct mm *mm, const struct vma *v, uint32_t hint, uint32_t len,
                          bool fixed)
{
    uint32_t align = (v->flags & VMA_HUGETLB) ? HUGE_SIZE : MM_PAGE_SIZE;
    if (fixed)
        return hint;
    if (hint && !(hint & (align - 1)) && hint <= MM_TASK_SIZE - len &&
        vma_range_free(mm, hint, hint + len))
        return hint;
    uint32_t a = mm_find_gap(mm, len, align);
    return a ? (long)a : -ENOMEM;
}

long mm_mremap(struct mm *mm, uint32_t addr, uint32_t old_len_in, uint32_t new_len_in,
               uint32_t flags, uint32_t new_addr)
{
    const uint32_t known = L_MREMAP_MAYMOVE | L_MREMAP_FIXED | L_MREMAP_DONTUNMAP;
    bool fixed = (flags & L_MREMAP_FIXED) != 0;
    bool dontunmap = (flags & L_MREMAP_DONTUNMAP) != 0;
    bool wants_new = fixed || dontunmap;
    /* check_mremap_params() */
    if (flags & ~(known & mm->abi.mremap_flags))
        return -EINVAL;
    if (addr & ~PAGE_MASK)
        return -EINVAL;
    uint64_t new_len = page_align(new_len_in), old_len = page_align(old_len_in);
    if (new_len == 0 || new_len > 0xFFFFFFFFull)
        return -EINVAL;
    /* The 64-bit kernel checks new_len against an i386 program's TASK_SIZE
     * there (4 GiB less a page); a length between relic's 3 GiB top and
     * that finds no room later: ENOMEM. host: */
    if (new_len_in > 0xFFFFE000u)
        return -EINVAL;
    if (wants_new) {
        if (new_addr > MM_TASK_SIZE - new_len_in)
            return -EINVAL;
        if (new_addr & ~PAGE_MASK)
            return -EINVAL;
        if (!(flags & L_MREMAP_MAYMOVE))
            return -EINVAL;
        if (dontunmap && old_len != new_len)
            return -EINVAL;
        if ((uint64_t)addr + old_len > new_addr && (uint64_t)new_addr + new_len > addr)
            return -EINVAL; /* the ranges overlap */
    }
    /* check_prep_vma() */
    struct vma *v = vma_find(mm, addr);
    if (!v)
        return -EFAULT;
    if (v->flags & VMA_HUGETLB) {
        old_len = (old_len + HUGE_SIZE - 1) & ~(uint64_t)(HUGE_SIZE - 1);
        new_len = (new_len + HUGE_SIZE - 1) & ~(uint64_t)(HUGE_SIZE - 1);
        if ((addr & (HUGE_SIZE - 1)) || (new_addr & (HUGE_SIZE - 1)) || new_len > old_len)
            return -EINVAL; /* no growing: reservations cannot be split */
    }
    bool expand = new_len > old_len;
    if (expand || wants_new) {
        if (old_len == 0 && !(v->flags & VMA_SHARED))
            return -EINVAL; /* "duplicating" a private mapping makes no sense */
        if (dontunmap && (v->flags & VMA_HUGETLB))
            return -EINVAL; /* VM_DONTEXPAND */
        if (old_len > v->end - addr)
            return -EFAULT; /* cannot remap across VMA boundaries */
        if (expand) {
            uint64_t pgoff =
                (v->offset >> MM_PAGE_SHIFT) + ((addr - v->start) >> MM_PAGE_SHIFT);
            if ((v->file || v->shmem) && pgoff + (new_len >> MM_PAGE_SHIFT) < pgoff)
                return -EINVAL;
            /* mlock_future_ok(): a locked mapping may not grow past
             * RLIMIT_MEMLOCK. (A shared object does not grow with it: its
             * pages past the end are SIGBUS, as shmem's are.) */
            long err =
                mm_lock_future_check(mm, v->flags, (uint32_t)(new_len - old_len), false);
            if (err)
                return err;
        }
    }
    if (wants_new) {
        /* mremap_to() */
        if (fixed) {
            long err = mm_munmap(mm, new_addr, (uint32_t)new_len);
            if (err)
                return err;
            v = vma_find(mm, addr);
        }
        if (new_len < old_len) {
            long err =
                mm_munmap(mm, addr + (uint32_t)new_len, (uint32_t)(old_len - new_len));
            if (err)
                return err;
            old_len = new_len;
            v = vma_find(mm, addr);
        }
        long to = pick_new_addr(mm, v, new_addr, (uint32_t)new_len, fixed);
        if (to < 0)
            return to;
        return move_vma(mm, addr, (uint32_t)old_len, (uint32_t)new_len, (uint32_t)to,
                        dontunmap);
    }
    if (new_len == old_len)
        return addr;
    if (new_len < old_len) {
        long err = mm_munmap(mm, addr + (uint32_t)new_len, (uint32_t)(old_len - new_len));
        return err ? err : (long)addr;
    }
    /* expand_vma(): in place when the range ends the VMA and room follows. */
    uint64_t end = (uint64_t)addr + new_len;
    if (addr + old_len == v->end && end <= MM_TASK_SIZE &&
        vma_range_free(mm, v->end, (uint32_t)end)) {
        uint32_t old_end = v->end;
        if (!(v->flags & VMA_SHARED) && (v->prot & L_PROT_WRITE) &&
            !(v->flags & VMA_NORESERVE) &&
            ((new_len - old_len) >> MM_PAGE_SHIFT) > mm->phys.nframes)
            return -ENOMEM; /* OVERCOMMIT_GUESS, as for mmap */
        v->end = (uint32_t)end;
        vma_merge_around(mm, addr, (uint32_t)end);
        v = vma_find(mm, addr);
        if ((v->flags & VMA_LOCKED) && !(v->flags & VMA_LOCKONFAULT))
            mm_prefault(mm, old_end, (uint32_t)end);
        return addr;
    }
    if (!(flags & L_MREMAP_MAYMOVE))
        return -ENOMEM;
    long to = pick_new_addr(mm, v, 0, (uint32_t)new_len, false);
    if (to < 0)
        return to;
    return move_vma(mm, addr, (uint32_t)old_len, (uint32_t)new_len, (uint32_t)to, false);
}
