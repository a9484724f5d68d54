/* Residency: mlock and its family, msync and mincore, with Linux 6.x's
 * argument checks, errno order and hole rules (mm/mlock.c, mm/msync.c,
 * mm/mincore.c). The guest's right to lock memory is relic's own: root
 * (CAP_IPC_LOCK) locks without limit, others within RLIMIT_MEMLOCK. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define LOCK_FLAGS (VMA_LOCKED | VMA_LOCKONFAULT)

static bool capable_ipc_lock(void)
{
    return geteuid() == 0;
}

static uint64_t lock_limit_pages(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_MEMLOCK, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
        return UINT64_MAX;
    return rl.rlim_cur >> MM_PAGE_SHIFT;
}

/* can_do_mlock(): a nonzero limit or the capability. */
static bool can_do_mlock(void)
{
    return capable_ipc_lock() || lock_limit_pages() != 0;
}

static bool lockable(const struct vma *v)
{
    return !(v->flags & VMA_HUGETLB); /* mlock_fixup() leaves hugetlb alone */
}

static uint64_t locked_pages(const struct mm *mm, uint32_t start, uint32_t end)
{
    uint64_t n = 0;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        if (!(v->flags & VMA_LOCKED))
            continue;
        uint32_t lo = v->start > start ? v->start : start;
        uint32_t hi = v->end < end ? v->end : end;
        if (hi > lo)
            n += (hi - lo) >> MM_PAGE_SHIFT;
    }
    return n;
}

long mm_lock_future_check(const struct mm *mm, uint32_t vma_flags, uint32_t bytes,
                          bool map_locked)
{
    if (map_locked && !can_do_mlock())
        return -EPERM;
    if (!(vma_flags & VMA_LOCKED) || capable_ipc_lock())
        return 0;
    uint64_t pages = (bytes >> MM_PAGE_SHIFT) + locked_pages(mm, 0, MM_TASK_SIZE);
    return pages <= lock_limit_pages() ? 0 : -EAGAIN;
}

/* Set the lock flags of every VMA in [start, end) (apply_vma_lock_flags()):
 * ENOMEM at the first hole, the VMAs before it changed. */
static long apply_lock_flags(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags)
{
    if (end < start)
        return -EINVAL;
    if (end == start)
        return 0;
    if (!vma_find(mm, start))
        return -ENOMEM;
    if (vma_reserve(mm, 2) < 0)
        return -EAGAIN;
    vma_split_at(mm, start);
    vma_split_at(mm, end);
    uint32_t at = start;
    long ret = 0;
    for (size_t i = vma_lower_bound(mm, start); at < end; i++) {
        if (i >= mm->nvma || mm->vmas[i].start != at) {
            ret = -ENOMEM;
            break;
        }
        struct vma *v = &mm->vmas[i];
        if (lockable(v))
            v->flags = (v->flags & ~(uint32_t)LOCK_FLAGS) | flags;
        at = v->end;
    }
    vma_merge_around(mm, start, end);
    return ret;
}

/* __mm_populate(): fault in the locked, accessible VMAs of the range. */
static long populate_locked(struct mm *mm, uint32_t start, uint32_t end,
                            bool ignore_errors)
{
    long err = 0;
    for (size_t i = vma_lower_bound(mm, start); i < mm->nvma && mm->vmas[i].start < end;
         i++) {
        const struct vma *v = &mm->vmas[i];
        if ((v->flags & (VMA_LOCKONFAULT | VMA_HUGETLB)) || !(v->flags & VMA_LOCKED))
            continue;
        /* get_user_pages() cannot touch PROT_NONE: EFAULT, which mlock
         * reports as ENOMEM (the VMA stays marked locked). host: */
        uint32_t lo = v->start > start ? v->start : start;
        uint32_t hi = v->end < end ? v->end : end;
        if (!(v->prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
            err = -ENOMEM;
        else if (mm_prefault(mm, lo, hi) != MM_OK)
            err = -EAGAIN; /* __mlock_posix_error_return(): ENOMEM is EAGAIN */
        /* mlockall's mm_populate() ignores errors and goes on with the next
         * VMA; mlock stops at the first. host: */
        if (err && !ignore_errors)
            return err;
    }
    return ignore_errors ? 0 : err;
}

long mm_mlock(struct mm *mm, uint32_t start, uint32_t len, int flags)
{
    if (flags & ~L_MLOCK_ONFAULT)
        return -EINVAL;
    if (!can_do_mlock())
        return -EPERM;
    uint64_t l = ((uint64_t)len + (start & ~PAGE_MASK) + MM_PAGE_SIZE - 1) & PAGE_MASK;
    start &= PAGE_MASK;
    /* A range running past 4 GiB finds no VMA there: ENOMEM, as the
     * x86-64 kernel's 64-bit arithmetic gives for i386 programs. host: */
    bool past_top = (uint64_t)start + l > MM_TASK_SIZE;
    if (start >= MM_TASK_SIZE)
        return -ENOMEM;
    uint32_t end = past_top ? MM_TASK_SIZE : start + (uint32_t)l;
    if (!capable_ipc_lock()) {
        uint64_t locked = (l >> MM_PAGE_SHIFT) + locked_pages(mm, 0, MM_TASK_SIZE) -
                          locked_pages(mm, start, end);
        if (locked > lock_limit_pages())
            return -ENOMEM;
    }
    uint32_t vf = VMA_LOCKED | (flags & L_MLOCK_ONFAULT ? VMA_LOCKONFAULT : 0);
    long err = apply_lock_flags(mm, start, end, vf);
    if (err)
        return err;
    if (past_top)
        return -ENOMEM;
    return populate_locked(mm, start, end, false);
}

long mm_munlock(struct mm *mm, uint32_t start, uint32_t len)
{
    uint64_t l = ((uint64_t)len + (start & ~PAGE_MASK) + MM_PAGE_SIZE - 1) & PAGE_MASK;
    start &= PAGE_MASK;
    if (l > 0xFFFFFFFFull || start + (uint32_t)l < start)
        return -EINVAL;
    return apply_lock_flags(mm, start, start + (uint32_t)l, 0);
}

long mm_mlockall(struct mm *mm, int flags)
{
    const int all = L_MCL_CURRENT | L_MCL_FUTURE | L_MCL_ONFAULT;
    if (!flags || (flags & ~(all & (int)mm->abi.mlockall_flags)) ||
        flags == L_MCL_ONFAULT)
        return -EINVAL;
    if (!can_do_mlock())
        return -EPERM;
    if ((flags & L_MCL_CURRENT) && !capable_ipc_lock()) {
        uint64_t total = 0;
        for (size_t i = 0; i < mm->nvma; i++)
            total += (mm->vmas[i].end - mm->vmas[i].start) >> MM_PAGE_SHIFT;
        if (total > lock_limit_pages())
            return -ENOMEM;
    }
    uint32_t onfault = flags & L_MCL_ONFAULT ? VMA_LOCKONFAULT : 0;
    mm->def_flags &= ~(uint32_t)LOCK_FLAGS;
    if (flags & L_MCL_FUTURE)
        mm->def_flags |= VMA_LOCKED | onfault;
    if (!(flags & L_MCL_CURRENT))
        return 0;
    for (size_t i = 0; i < mm->nvma; i++)
        if (lockable(&mm->vmas[i]))
            mm->vmas[i].flags =
                (mm->vmas[i].flags & ~(uint32_t)LOCK_FLAGS) | VMA_LOCKED | onfault;
    vma_merge_around(mm, 0, 0);
    populate_locked(mm, 0, MM_TASK_SIZE, true);
    return 0;
}

long mm_munlockall(struct mm *mm)
{
    mm->def_flags &= ~(uint32_t)LOCK_FLAGS;
    for (size_t i = 0; i < mm->nvma; i++)
        mm->vmas[i].flags &= ~(uint32_t)LOCK_FLAGS;
    vma_merge_around(mm, 0, 0);
    return 0;
}

long mm_msync(struct mm *mm, uint32_t start, uint32_t len, int flags)
{
    if (flags & ~(L_MS_ASYNC | L_MS_INVALIDATE | L_MS_SYNC))
        return -EINVAL;
    if (start & ~PAGE_MASK)
        return -EINVAL;
    if ((flags & L_MS_ASYNC) && (flags & L_MS_SYNC))
        return -EINVAL;
    uint32_t l = (len + MM_PAGE_SIZE - 1) & PAGE_MASK;
    uint32_t end = start + l;
    if (end < start || (len && !l))
        return -ENOMEM;
    if (end == start)
        return 0;
    /* Holes are skipped and reported as ENOMEM at the end; plain MS_ASYNC
     * stops at the first one. */
    long unmapped = 0;
    while (start < end) {
        size_t i = vma_lower_bound(mm, start);
        if (i >= mm->nvma)
            return -ENOMEM;
        const struct vma *v = &mm->vmas[i];
        if (start < v->start) {
            if (flags == L_MS_ASYNC)
                return -ENOMEM;
            start = v->start;
            if (start >= end)
                return -ENOMEM;
            unmapped = -ENOMEM;
        }
        if ((flags & L_MS_INVALIDATE) && (v->flags & VMA_LOCKED))
            return -EBUSY;
        /* Shared file pages are the file's own (host overlays): syncing
         * them is the host's fsync. */
        if ((flags & L_MS_SYNC) && v->file && (v->flags & VMA_SHARED) &&
            (v->flags & VMA_MAYWRITE) && fdatasync(v->file->fd) < 0)
            return -errno;
        start = v->end;
    }
    return unmapped;
}

/* Residency of the file or shared-object pages [off, off + n pages) not
 * mapped here: the page cache's answer (mincore_page()), read from the
 * host's page cache through a temporary mapping of the same file. */
static void cache_residency(int fd, uint64_t off, uint32_t n, uint8_t *vec)
{
    size_t len = (size_t)n << MM_PAGE_SHIFT;
    void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)off);
    if (p == MAP_FAILED || mincore(p, len, vec) < 0)
        memset(vec, 0, n);
    else
        for (uint32_t i = 0; i < n; i++)
            vec[i] &= 1;
    if (p != MAP_FAILED)
        munmap(p, len);
}

long mm_mincore(struct mm *mm, uint32_t start, uint32_t len, uint32_t vec)
{
    if (start & ~PAGE_MASK)
        return -EINVAL;
    if ((uint64_t)start + len > MM_TASK_SIZE)
        return -ENOMEM;
    uint32_t pages = (len >> MM_PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
    if ((uint64_t)vec + pages > 0x100000000ull)
        return -EFAULT;
    uint8_t buf[1024];
    while (pages) {
        const struct vma *v = vma_find(mm, start);
        if (!v)
            return -ENOMEM;
        uint32_t n = (v->end - start) >> MM_PAGE_SHIFT;
        if (n > pages)
            n = pages;
        if (n > sizeof(buf))
            n = sizeof(buf);
        int backing = v->shmem ? v->shmem->fd : v->file ? v->file->fd : -1;
        if (backing >= 0)
            cache_residency(backing, v->offset + (start - v->start), n, buf);
        for (uint32_t i = 0; i < n; i++) {
            bool huge;
            uint32_t *e = pt_entry(mm, start + (i << MM_PAGE_SHIFT), &huge);
            bool present = e && (*e & PTE_HAS_FRAME);
            buf[i] = present ? 1 : backing >= 0 ? buf[i] : 0;
        }
        if (mm_copy_to(mm, vec, buf, n) < 0)
            return -EFAULT;
        pages -= n;
        vec += n;
        start += n << MM_PAGE_SHIFT;
    }
    return 0;
}
