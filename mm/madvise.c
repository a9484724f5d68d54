/* madvise: every advice of madvise(2) as Linux 6.x's mm/madvise.c takes it:
 * the same validity checks and errno order, the walk that skips holes but
 * reports ENOMEM, and for each advice what the guest can observe (zero-fill,
 * refill, lazy freeing, fork behaviour, poisoned pages). The kernel modelled
 * is a distribution build: KSM, transparent huge pages, swap and memory
 * failure handling configured in. */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static bool advice_valid(int advice)
{
    switch (advice) {
    case L_MADV_NORMAL:
    case L_MADV_RANDOM:
    case L_MADV_SEQUENTIAL:
    case L_MADV_WILLNEED:
    case L_MADV_DONTNEED:
    case L_MADV_DONTNEED_LOCKED:
    case L_MADV_FREE:
    case L_MADV_REMOVE:
    case L_MADV_DONTFORK:
    case L_MADV_DOFORK:
    case L_MADV_MERGEABLE:
    case L_MADV_UNMERGEABLE:
    case L_MADV_HUGEPAGE:
    case L_MADV_NOHUGEPAGE:
    case L_MADV_COLLAPSE:
    case L_MADV_DONTDUMP:
    case L_MADV_DODUMP:
    case L_MADV_WIPEONFORK:
    case L_MADV_KEEPONFORK:
    case L_MADV_COLD:
    case L_MADV_PAGEOUT:
    case L_MADV_POPULATE_READ:
    case L_MADV_POPULATE_WRITE:
    case L_MADV_GUARD_INSTALL:
    case L_MADV_GUARD_REMOVE:
    case L_MADV_HWPOISON:
    case L_MADV_SOFT_OFFLINE:
        return true;
    }
    return false;
}

/* Advice that only changes the VMA's flags (madvise_update_vma()). */
static long update_flags(struct mm *mm, struct vma *v, uint32_t start, uint32_t end,
                         int advice)
{
    uint32_t f = v->flags;
    switch (advice) {
    case L_MADV_NORMAL:
        f &= ~(uint32_t)(VMA_RANDOM | VMA_SEQUENTIAL);
        break;
    case L_MADV_SEQUENTIAL:
        f = (f & ~(uint32_t)VMA_RANDOM) | VMA_SEQUENTIAL;
        break;
    case L_MADV_RANDOM:
        f = (f & ~(uint32_t)VMA_SEQUENTIAL) | VMA_RANDOM;
        break;
    case L_MADV_DONTFORK:
        f |= VMA_DONTFORK;
        break;
    case L_MADV_DOFORK:
        f &= ~(uint32_t)VMA_DONTFORK;
        break;
    case L_MADV_WIPEONFORK: /* anonymous private memory only */
        if (v->file || v->shmem || (v->flags & VMA_SHARED))
            return -EINVAL;
        f |= VMA_WIPEONFORK;
        break;
    case L_MADV_KEEPONFORK:
        f &= ~(uint32_t)VMA_WIPEONFORK;
        break;
    case L_MADV_DONTDUMP:
        f |= VMA_DONTDUMP;
        break;
    case L_MADV_DODUMP:
        f &= ~(uint32_t)VMA_DONTDUMP;
        break;
    case L_MADV_MERGEABLE: /* ksm_madvise(): shared and hugetlb VMAs are left alone */
        if (!(v->flags & (VMA_SHARED | VMA_HUGETLB)))
            f |= VMA_MERGEABLE;
        break;
    case L_MADV_UNMERGEABLE:
        f &= ~(uint32_t)VMA_MERGEABLE;
        break;
    case L_MADV_HUGEPAGE:
        f = (f & ~(uint32_t)VMA_NOHUGEPAGE) | VMA_HUGEPAGE;
        break;
    case L_MADV_NOHUGEPAGE:
        f = (f & ~(uint32_t)VMA_HUGEPAGE) | VMA_NOHUGEPAGE;
        break;
    }
    if (f == v->flags)
        return 0;
    if (vma_reserve(mm, 2) < 0)
        return -EAGAIN; /* madvise() turns ENOMEM from splitting into EAGAIN */
    vma_split_at(mm, start);
    vma_split_at(mm, end);
    vma_find(mm, start)->flags = f;
    vma_merge_around(mm, start, end);
    return 0;
}

void (*mm_page_hook)(struct mm *mm, const struct mm_page_event *ev);

/* --trace-pages: each resident page of [start, end) that advice drops. */
static void report_drops(struct mm *mm, uint32_t start, uint32_t end, int advice)
{
    for (uint32_t va = start; va < end && va >= start;) {
        bool huge;
        uint32_t *e = pt_entry(mm, va, &huge);
        uint32_t step = huge ? HUGE_SIZE : MM_PAGE_SIZE;
        if (!e && !huge) { /* no page table: skip its 4 MiB */
            va = (va | (HUGE_SIZE - 1)) + 1;
            continue;
        }
        if (e && (*e & PTE_HAS_FRAME) && (huge || (*e >> MM_PAGE_SHIFT) != mm->zero_pfn))
            mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_DROP,
                                                     .va = va & ~(step - 1),
                                                     .size = step,
                                                     .advice = advice});
        va = (va & ~(step - 1)) + step;
    }
}

static void zap(struct mm *mm, uint32_t start, uint32_t end)
{
    bool code = pt_zap(mm, start, end, true);
    mm_invalidate(mm, code);
}

/* MADV_DONTNEED(_LOCKED): drop the pages; private anonymous memory reads
 * zeros again, file and shared pages come back from their object. */
static long dontneed(struct mm *mm, const struct vma *v, uint32_t start, uint32_t end,
                     int advice)
{
    if (v->flags & VMA_HUGETLB) {
        if (start & (HUGE_SIZE - 1))
            return -EINVAL;
        /* Only whole huge pages go: the end is rounded down. */
        end &= ~(HUGE_SIZE - 1);
        if (end > start && mm_page_hook)
            report_drops(mm, start, end, advice);
        if (end > start)
            zap(mm, start, end);
        return 0;
    }
    if ((v->flags & VMA_LOCKED) && advice != L_MADV_DONTNEED_LOCKED)
        return -EINVAL;
    if (mm_page_hook)
        report_drops(mm, start, end, advice);
    zap(mm, start, end);
    return 0;
}

/* MADV_FREE: the pages stay until memory runs short; a write in between
 * makes them dirty again and keeps them (mm_reclaim_lazyfree). */
static long lazyfree(struct mm *mm, const struct vma *v, uint32_t start, uint32_t end)
{
    if ((v->flags & VMA_LOCKED) || !vma_is_private_anon(v))
        return -EINVAL;
    for (uint32_t va = start; va < end; va += MM_PAGE_SIZE) {
        uint32_t *pte = pt_pte(mm, va, false);
        if (!pte || !(*pte & PTE_HAS_FRAME) || (*pte >> MM_PAGE_SHIFT) == mm->zero_pfn)
            continue;
        mm->phys.flags[*pte >> MM_PAGE_SHIFT] |= FRAME_LAZYFREE;
        *pte &= ~(PTE_D | PTE_A);
        mm->lazyfree++;
    }
    /* Cached write permission would let a store skip setting D again. */
    mm_invalidate(mm, false);
    return 0;
}

bool mm_reclaim_lazyfree(struct mm *mm)
{
    bool freed = false, code = false;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        if (!vma_is_private_anon(v))
            continue;
        for (uint32_t va = v->start; va < v->end; va += MM_PAGE_SIZE) {
            uint32_t *pte = pt_pte(mm, va, false);
            if (!pte) {
                va |= HUGE_SIZE - 1;
                va -= MM_PAGE_SIZE - 1;
                continue;
            }
            if (!(*pte & PTE_HAS_FRAME))
                continue;
            uint32_t pfn = *pte >> MM_PAGE_SHIFT;
            if (pfn == mm->zero_pfn || !(mm->phys.flags[pfn] & FRAME_LAZYFREE))
                continue;
            if (*pte & PTE_D) { /* written since: the advice is cancelled */
                mm->phys.flags[pfn] &= ~FRAME_LAZYFREE;
                continue;
            }
            code |= (*pte & PTE_XUSED) != 0;
            if (mm_page_hook)
                mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_RECLAIM,
                                                         .va = va,
                                                         .size = MM_PAGE_SIZE});
            phys_free(&mm->phys, pfn, 0);
            *pte = 0;
            stat_unmapped(mm, false);
            freed = true;
        }
    }
    mm->lazyfree = 0;
    if (freed)
        mm_invalidate(mm, code);
    return freed;
}

/* MADV_REMOVE: punch a hole in the backing object; the pages read zeros. */
static long remove_range(struct mm *mm, const struct vma *v, uint32_t start, uint32_t end)
{
    if (v->flags & VMA_LOCKED)
        return -EINVAL;
    int fd = v->shmem ? v->shmem->fd : v->file ? v->file->fd : -1;
    if (fd < 0)
        return -EINVAL;
    if ((v->flags & (VMA_SHARED | VMA_MAYWRITE)) != (VMA_SHARED | VMA_MAYWRITE))
        return -EACCES;
    if (v->flags & VMA_HUGETLB) {
        start &= ~(HUGE_SIZE - 1);
        end = (end + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
    }
    uint64_t off = v->offset + (start - v->start);
    if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
                  (off_t)(end - start)) < 0)
        return -errno;
    if (mm_page_hook)
        report_drops(mm, start, end, L_MADV_REMOVE);
    zap(mm, start, end);
    return 0;
}

/* MADV_COLD and MADV_PAGEOUT: hints to reclaim; the guest machine has no
 * swap, so anonymous pages stay and nothing visible changes. */
static long lru_hint(const struct vma *v)
{
    return v->flags & (VMA_LOCKED | VMA_HUGETLB) ? -EINVAL : 0;
}

static long willneed(const struct vma *v, uint32_t start, uint32_t end)
{
    if (v->file) /* readahead into the page cache, as vfs_fadvise() */
        posix_fadvise(v->file->fd, (off_t)(v->offset + (start - v->start)),
                      (off_t)(end - start), POSIX_FADV_WILLNEED);
    return 0;
}

static long guard(struct mm *mm, const struct vma *v, uint32_t start, uint32_t end,
                  bool install)
{
    if (v->flags & VMA_HUGETLB || (install && (v->flags & VMA_LOCKED)))
        return -EINVAL;
    if (install)
        zap(mm, start, end);
    for (uint32_t va = start; va < end; va += MM_PAGE_SIZE) {
        uint32_t *pte = pt_pte(mm, va, install);
        if (!pte) {
            if (install)
                return -ENOMEM;
            continue;
        }
        if (install)
            *pte = PTE_GUARD;
        else if (*pte == PTE_GUARD)
            *pte = 0;
    }
    return 0;
}

static long advise_vma(struct mm *mm, struct vma *v, uint32_t start, uint32_t end,
                       int advice)
{
    switch (advice) {
    case L_MADV_REMOVE:
        return remove_range(mm, v, start, end);
    case L_MADV_WILLNEED:
        return willneed(v, start, end);
    case L_MADV_COLD:
    case L_MADV_PAGEOUT:
        return lru_hint(v);
    case L_MADV_FREE:
        return lazyfree(mm, v, start, end);
    case L_MADV_DONTNEED:
    case L_MADV_DONTNEED_LOCKED:
        return dontneed(mm, v, start, end, advice);
    case L_MADV_COLLAPSE:
        /* A non-PAE i386 machine has no transparent huge pages to collapse
         * into: its only large pages are hugetlb's. */
        return -EINVAL;
    case L_MADV_GUARD_INSTALL:
    case L_MADV_GUARD_REMOVE:
        return guard(mm, v, start, end, advice == L_MADV_GUARD_INSTALL);
    default:
        return update_flags(mm, v, start, end, advice);
    }
}

static bool capable_sys_admin(void)
{
    return geteuid() == 0;
}

/* MADV_HWPOISON / MADV_SOFT_OFFLINE (madvise_inject_error()): each page is
 * brought in, then poisoned (every later access is SIGBUS, BUS_MCEERR_AR) or
 * soft-offlined (its contents move to a fresh frame, the old one retires). */
static long inject_error(struct mm *mm, uint32_t start, uint32_t end, int advice)
{
    if (!capable_sys_admin())
        return -EPERM;
    for (uint32_t va = start; va < end && va >= start; va += MM_PAGE_SIZE) {
        uint8_t probe;
        if (mm_copy_from(mm, &probe, va, 1) < 0)
            return -EFAULT;
        bool huge;
        uint32_t *e = pt_entry(mm, va, &huge);
        uint32_t pfn = huge ? ((*e & 0xFFC00000u) | (va & 0x3FF000u)) >> MM_PAGE_SHIFT
                            : *e >> MM_PAGE_SHIFT;
        if (pfn == mm->zero_pfn) /* memory_failure() leaves the zero page be */
            continue;
        if (advice == L_MADV_HWPOISON) {
            mm->phys.flags[pfn] |= FRAME_HWPOISON;
            continue;
        }
        if (huge || (mm->phys.flags[pfn] & FRAME_OVERLAY))
            continue; /* shared and huge pages stay where they are */
        int64_t fresh = mm_frame_alloc(mm);
        if (fresh < 0)
            return -ENOMEM;
        memcpy(frame_ptr(mm, (uint32_t)fresh), frame_ptr(mm, pfn), MM_PAGE_SIZE);
        *e = (*e & ~PTE_FRAME) | ((uint32_t)fresh << MM_PAGE_SHIFT);
        mm->phys.flags[pfn] |= FRAME_HWPOISON;
        phys_free(&mm->phys, pfn, 0);
        mm_invalidate(mm, (*e & PTE_XUSED) != 0);
    }
    return 0;
}

/* MADV_POPULATE_(READ|WRITE): fault every page in as a read or a write
 * would, with madvise_populate()'s errors: no VMA is ENOMEM, a VMA that
 * does not allow the access is EINVAL, SIGBUS is EFAULT. */
static long populate(struct mm *mm, uint32_t start, uint32_t end, bool write)
{
    for (uint32_t va = start; va < end; va += MM_PAGE_SIZE) {
        const struct vma *v = vma_find(mm, va);
        if (!v)
            return -ENOMEM;
        uint32_t need = write ? L_PROT_WRITE : L_PROT_READ;
        if (!(v->prot & need))
            return -EINVAL;
        /* A write fault without writing: the page ends up present, dirty. */
        struct iovec iov;
        size_t done;
        if (mm_iov(mm, va, 1, write ? MM_WRITE : MM_READ, &iov, 1, &done) <= 0)
            return -EFAULT;
    }
    return 0;
}

static bool advice_in_kernel(const struct mm *mm, int advice)
{
    if (advice >= 0 && advice < 64)
        return (mm->abi.advice >> advice) & 1;
    if (advice >= 100 && advice < 132)
        return (mm->abi.advice_high >> (advice - 100)) & 1;
    return false;
}

long mm_madvise(struct mm *mm, uint32_t start, uint32_t len_in, int advice)
{
    /* Until the advice was checked up front (by 2.6.32), an empty range
     * returned 0 whatever the advice (madvise_vma() never ran). */
    bool known = advice_valid(advice) && advice_in_kernel(mm, advice);
    if (!known && !mm->abi.advice_first && !(start & ~PAGE_MASK) && len_in == 0)
        return 0;
    if (!known || (start & ~PAGE_MASK))
        return -EINVAL;
    /* The length arrives zero-extended in the 64-bit kernel this host runs
     * (and i386 programs run on), so it never rounds up to zero and the
     * range never wraps: a range past the top is a hole, ENOMEM. host: */
    uint64_t end =
        start + (((uint64_t)len_in + MM_PAGE_SIZE - 1) & ~(uint64_t)(MM_PAGE_SIZE - 1));
    if (end == start)
        return 0;
    if (advice == L_MADV_HWPOISON || advice == L_MADV_SOFT_OFFLINE)
        return inject_error(
            mm, start, start + len_in < start ? MM_TASK_SIZE : start + len_in, advice);
    uint32_t end32 = end > MM_TASK_SIZE ? MM_TASK_SIZE : (uint32_t)end;
    if (advice == L_MADV_POPULATE_READ || advice == L_MADV_POPULATE_WRITE) {
        long r = populate(mm, start, end32, advice == L_MADV_POPULATE_WRITE);
        return r ? r : end > MM_TASK_SIZE ? -ENOMEM : 0;
    }
    /* Holes are skipped and reported as ENOMEM once the rest is done. */
    long unmapped = 0;
    uint32_t at = start;
    for (;;) {
        size_t i = vma_lower_bound(mm, at);
        if (i >= mm->nvma)
            return -ENOMEM;
        struct vma *v = &mm->vmas[i];
        if (at < v->start) {
            unmapped = -ENOMEM;
            at = v->start;
            if (at >= end)
                break;
        }
        uint32_t stop = v->end < end ? v->end : (uint32_t)end;
        long err = advise_vma(mm, v, at, stop, advice);
        if (err)
            return err;
        at = stop;
        if (at >= end)
            break;
    }
    return unmapped;
}
