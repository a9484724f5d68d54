/* brk, mmap, munmap and mprotect with the kernel's argument checks and
 * errors (see mmap(2), mprotect(2), brk(2) and mm/mmap.c of the era). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MMAP_MIN_ADDR       0x10000u /* vm.mmap_min_addr default */
#define MAP_HUGE_SHIFT      26
#define MAP_HUGE_MASK       0x3fu
#define L_MAP_UNINITIALIZED 0x4000000
/* LEGACY_MAP_MASK: what MAP_SHARED_VALIDATE accepts on a file without
 * DAX (so not MAP_SYNC, and not MAP_FIXED_NOREPLACE either). */
#define L_MAP_LEGACY                                                                     \
    (L_MAP_TYPE | L_MAP_FIXED | L_MAP_ANONYMOUS | L_MAP_GROWSDOWN | L_MAP_DENYWRITE |    \
     L_MAP_EXECUTABLE | L_MAP_UNINITIALIZED | L_MAP_LOCKED | L_MAP_NORESERVE |           \
     L_MAP_POPULATE | L_MAP_NONBLOCK | L_MAP_STACK | L_MAP_HUGETLB)

static uint32_t page_up(uint32_t x)
{
    return (x + MM_PAGE_SIZE - 1) & PAGE_MASK;
}

void mm_set_brk_start(struct mm *mm, uint32_t brk)
{
    mm->brk_start = mm->brk = brk;
}

uint32_t mm_brk_start(const struct mm *mm)
{
    return mm->brk_start;
}

void mm_set_arg_area(struct mm *mm, uint32_t arg_start, uint32_t arg_end,
                     uint32_t env_start, uint32_t env_end)
{
    mm->arg_start = arg_start;
    mm->arg_end = arg_end;
    mm->env_start = env_start;
    mm->env_end = env_end;
}

void mm_arg_area(const struct mm *mm, bool env, uint32_t *start, uint32_t *end)
{
    *start = env ? mm->env_start : mm->arg_start;
    *end = env ? mm->env_end : mm->arg_end;
}

/* get_unmapped_area: the highest gap below mmap_base (top-down), or the lowest
 * above it (bottom-up, the 2.4 layout). 0 when nothing fits. */
uint32_t mm_find_gap(const struct mm *mm, uint32_t len, uint32_t align)
{
    uint32_t amask = align - 1;
    if (mm->top_down) {
        size_t j = vma_lower_bound(mm, mm->mmap_base);
        uint32_t top = mm->mmap_base;
        if (j < mm->nvma && mm->vmas[j].start < top)
            top = mm->vmas[j].start;
        for (;; j--) {
            uint32_t lo = j > 0 ? mm->vmas[j - 1].end : 0;
            if (lo < MMAP_MIN_ADDR)
                lo = MMAP_MIN_ADDR;
            if (top >= lo && top - lo >= len && ((top - len) & ~amask) >= lo)
                return (top - len) & ~amask;
            if (j == 0)
                break;
            top = mm->vmas[j - 1].start;
        }
    }
    uint32_t at = mm->top_down ? MM_UNMAPPED_BASE : mm->mmap_base;
    at = (at + amask) & ~amask;
    for (size_t i = vma_lower_bound(mm, at); i < mm->nvma; i++) {
        if (mm->vmas[i].start >= at && mm->vmas[i].start - at >= len)
            return at;
        if (mm->vmas[i].end > at)
            at = (mm->vmas[i].end + amask) & ~amask;
        if (at == 0)
            return 0;
    }
    return MM_TASK_SIZE - at >= len ? at : 0;
}

/* READ_IMPLIES_EXEC: do_mmap and mprotect add PROT_EXEC to readable memory. */
static uint32_t with_implied_exec(const struct mm *mm, uint32_t prot)
{
    prot &= 7;
    if (mm->read_implies_exec && (prot & L_PROT_READ))
        prot |= L_PROT_EXEC;
    return prot;
}

/* Drop the pages of [start, end), handing unused huge page reservations of
 * hugetlb VMAs back to the pool. */
static void unmap_pages(struct mm *mm, uint32_t start, uint32_t end)
{
    for (size_t i = vma_lower_bound(mm, start); i < mm->nvma && mm->vmas[i].start < end;
         i++) {
        const struct vma *v = &mm->vmas[i];
        if (!(v->flags & VMA_HUGETLB) || (v->flags & VMA_NORESERVE))
            continue;
        uint32_t lo = v->start > start ? v->start : start;
        uint32_t hi = v->end < end ? v->end : end;
        uint32_t unused = 0;
        for (uint32_t a = lo; a < hi; a += HUGE_SIZE)
            if (!(*pt_pde(mm, a) & PDE_PS))
                unused++;
        hugepool_unreserve(mm, unused);
    }
    bool code = pt_unmap(mm, start, end);
    mm_invalidate(mm, code);
}

/* A hugetlb VMA can only be split on a huge page boundary (the kernel's
 * hugetlb_vm_op_split()): EINVAL for a range edge inside one elsewhere. */
long mm_huge_split_check(struct mm *mm, uint32_t addr)
{
    const struct vma *v = vma_find(mm, addr);
    if (v && (v->flags & VMA_HUGETLB) && v->start != addr && (addr & (HUGE_SIZE - 1)))
        return -EINVAL;
    return 0;
}

/* OVERCOMMIT_GUESS (__vm_enough_memory()): one mapping may not commit more
 * than all of RAM (the guest machine has no swap). */
static bool enough_memory(const struct mm *mm, uint32_t len)
{
    return (len >> MM_PAGE_SHIFT) <= mm->phys.nframes;
}

/* The checks do_mmap makes on a file before mapping it; *maywrite says
 * whether a shared mapping of it could ever be made writable. */
static long check_file(int fd, uint32_t prot, uint32_t type, bool *maywrite)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -EBADF;
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -EBADF;
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
        return -ENODEV;
    if ((fl & O_ACCMODE) == O_WRONLY)
        return -EACCES;
    /* Only an append-only inode (chattr +a) forbids it, not O_APPEND. host: */
    *maywrite = type == L_MAP_PRIVATE || (fl & O_ACCMODE) == O_RDWR;
    if (type != L_MAP_PRIVATE && (prot & L_PROT_WRITE)) {
        if (!*maywrite)
            return -EACCES;
    }
    return 0;
}

long mm_mmap(struct mm *mm, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
             int fd, uint64_t offset)
{
    uint32_t type = flags & L_MAP_TYPE;
    if (type == L_MAP_SHARED_VALIDATE && !mm->abi.shared_validate)
        return -EINVAL;
    /* Bits the chosen kernel did not know, it never looked at (only
     * MAP_SHARED_VALIDATE, below, refuses unknown ones). */
    if (type != L_MAP_SHARED_VALIDATE)
        flags &= mm->abi.mmap_flags | L_MAP_TYPE;
    if (len == 0 && mm->abi.mmap_len0_addr)
        return addr; /* do_mmap_pgoff() up to 2.6.11: "if (!len) return addr;" */
    bool anon = (flags & L_MAP_ANONYMOUS) != 0;
    /* Anonymous memory knows only MAP_SHARED and MAP_PRIVATE (do_mmap). */
    if (anon && type == L_MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == L_MAP_SHARED_VALIDATE) {
        if (flags & ~L_MAP_LEGACY)
            return -EOPNOTSUPP;
        type = L_MAP_SHARED;
    } else if (type != L_MAP_SHARED && type != L_MAP_PRIVATE) {
        return -EINVAL;
    }
    bool huge = (flags & L_MAP_HUGETLB) != 0;
    if (huge) {
        /* ksys_mmap_pgoff(): a size other than 4 MiB (non-PAE i386's only
         * huge page) is EINVAL; so is a hugetlb mapping of an ordinary file;
         * the length is rounded up to whole huge pages. */
        uint32_t log = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
        if ((log && log != MM_HUGE_SHIFT) || !anon)
            return -EINVAL;
        len = (len + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
    }
    /* ksys_mmap_pgoff() looks the descriptor up before anything else. */
    if (!anon && fcntl(fd, F_GETFD) < 0)
        return -EBADF;
    if (len == 0 || (offset & (MM_PAGE_SIZE - 1)))
        return -EINVAL;
    uint32_t plen = page_up(len);
    if (plen == 0 || plen > MM_TASK_SIZE)
        return -ENOMEM;
    if (offset + plen < offset)
        return -EOVERFLOW;
    if (anon && type == L_MAP_SHARED && (flags & L_MAP_GROWSDOWN))
        return -EINVAL;
    bool maywrite = true;
    if (!anon) {
        long err = check_file(fd, prot, type, &maywrite);
        if (err)
            return err;
    }
    bool fixed = (flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE)) != 0;
    uint32_t align = huge ? HUGE_SIZE : MM_PAGE_SIZE;
    if (fixed) {
        if (addr & (align - 1))
            return -EINVAL;
        if (addr > MM_TASK_SIZE - plen)
            return -ENOMEM;
        if ((flags & L_MAP_FIXED_NOREPLACE) && !vma_range_free(mm, addr, addr + plen))
            return -EEXIST;
        if (mm_huge_split_check(mm, addr) || mm_huge_split_check(mm, addr + plen))
            return -EINVAL;
    } else {
        addr = (addr + align - 1) & ~(align - 1);
        if (!addr || addr < MMAP_MIN_ADDR || addr > MM_TASK_SIZE - plen ||
            !vma_range_free(mm, addr, addr + plen))
            addr = mm_find_gap(mm, plen, align);
        if (!addr)
            return -ENOMEM;
    }
    long lock_err = mm_lock_future_check(
        mm, mm->def_flags | ((flags & L_MAP_LOCKED) ? VMA_LOCKED : 0), plen,
        (flags & L_MAP_LOCKED) != 0);
    if (lock_err)
        return lock_err;
    /* MAP_SYNC needs a DAX file, which the guest never has. host: */
    if (!anon && (flags & L_MAP_SYNC))
        return -EOPNOTSUPP;
    bool noreserve = (flags & L_MAP_NORESERVE) != 0;
    bool accountable = !huge && !noreserve &&
                       (type == L_MAP_PRIVATE ? (prot & L_PROT_WRITE) != 0 : anon);
    if (accountable && !enough_memory(mm, plen))
        return -ENOMEM;
    struct vma v = {
        .start = addr, .end = addr + plen, .prot = with_implied_exec(mm, prot)};
    v.flags = mm->def_flags;
    if (maywrite)
        v.flags |= VMA_MAYWRITE;
    if (type == L_MAP_SHARED)
        v.flags |= VMA_SHARED;
    if (flags & L_MAP_GROWSDOWN)
        v.flags |= VMA_GROWSDOWN;
    if (flags & L_MAP_LOCKED)
        v.flags |= VMA_LOCKED;
    if (huge)
        v.flags |= VMA_HUGETLB;
    if (noreserve)
        v.flags |= VMA_NORESERVE;
    if (huge && !noreserve && hugepool_reserve(mm, plen / HUGE_SIZE) < 0)
        return -ENOMEM;
    long err = 0;
    if (anon) {
        v.flags |= VMA_ANON;
        if (type == L_MAP_SHARED && !(v.shmem = shmem_new(plen)))
            err = -ENOMEM;
    } else {
        v.file = mm_file_open(fd);
        v.offset = offset;
        if (!v.file)
            err = -ENFILE;
    }
    if (!err && vma_reserve(mm, 3) < 0)
        err = -ENOMEM;
    if (err) {
        if (huge && !noreserve)
            hugepool_unreserve(mm, plen / HUGE_SIZE);
        vma_release(&v);
        return err;
    }
    unmap_pages(mm, addr, addr + plen);
    vma_remove_range(mm, addr, addr + plen);
    vma_insert(mm, &v);
    vma_merge_around(mm, addr, addr + plen);
    bool lock_now = (v.flags & VMA_LOCKED) && !(v.flags & VMA_LOCKONFAULT);
    if (((flags & L_MAP_POPULATE) || lock_now) && !(flags & L_MAP_NONBLOCK))
        mm_prefault(mm, addr, addr + plen);
    return addr;
}

long mm_munmap(struct mm *mm, uint32_t addr, uint32_t len)
{
    if ((addr & (MM_PAGE_SIZE - 1)) || len == 0)
        return -EINVAL;
    uint32_t plen = page_up(len);
    if (plen == 0 || addr >= MM_TASK_SIZE || plen > MM_TASK_SIZE - addr)
        return -EINVAL;
    if (mm_huge_split_check(mm, addr) || mm_huge_split_check(mm, addr + plen))
        return -EINVAL;
    if (vma_reserve(mm, 2) < 0)
        return -ENOMEM;
    unmap_pages(mm, addr, addr + plen);
    vma_remove_range(mm, addr, addr + plen);
    return 0;
}

long mm_mprotect(struct mm *mm, uint32_t addr, uint32_t len, uint32_t prot)
{
    /* In do_mprotect_pkey's order: alignment, both grow bits, an empty range
     * (0 whatever prot says), overflow, and only then the prot bits. */
    uint32_t grows = prot & (L_PROT_GROWSDOWN | L_PROT_GROWSUP);
    prot &= ~(L_PROT_GROWSDOWN | L_PROT_GROWSUP);
    if (grows == (L_PROT_GROWSDOWN | L_PROT_GROWSUP))
        return -EINVAL;
    if (addr & (MM_PAGE_SIZE - 1))
        return -EINVAL;
    /* Kernels before PROT_SEM (2.5.7) and PROT_GROWS* (2.6.0-test6) refused
     * the bits, ahead of the empty-range shortcut (2.4.20 sys_mprotect). */
    if ((prot | grows) & ~mm->abi.prot_bits)
        return -EINVAL;
    if (len == 0)
        return 0;
    uint32_t plen = page_up(len);
    if (plen == 0 || addr + plen < addr)
        return -ENOMEM;
    if (prot & ~(7u | L_PROT_SEM))
        return -EINVAL;
    uint32_t end = addr + plen;
    struct vma *first = vma_find(mm, addr);
    if (!first)
        return -ENOMEM;
    if (grows & L_PROT_GROWSDOWN) {
        if (!(first->flags & VMA_GROWSDOWN))
            return -EINVAL;
        addr = first->start;
    }
    prot = with_implied_exec(mm, prot);
    if (mm_huge_split_check(mm, addr) || mm_huge_split_check(mm, end))
        return -EINVAL;
    if (vma_reserve(mm, 2) < 0)
        return -ENOMEM;
    vma_split_at(mm, addr);
    vma_split_at(mm, end);
    /* As the kernel does, VMAs before a hole keep their new protection and
     * the call then fails with ENOMEM. */
    long ret = 0;
    uint32_t at = addr;
    for (size_t i = vma_lower_bound(mm, addr); at < end; i++) {
        if (i >= mm->nvma || mm->vmas[i].start != at) {
            ret = -ENOMEM;
            break;
        }
        struct vma *v = &mm->vmas[i];
        if ((prot & L_PROT_WRITE) && !(v->prot & L_PROT_WRITE)) {
            if (!(v->flags & VMA_MAYWRITE)) {
                ret = -EACCES;
                break;
            }
        }
        v->prot = prot;
        pt_protect(mm, v->start, v->end, pt_bits_for(mm, prot));
        at = v->end;
    }
    vma_merge_around(mm, addr, end);
    mm_invalidate(mm, false);
    return ret;
}

long mm_brk(struct mm *mm, uint32_t addr)
{
    if (addr < mm->brk_start)
        return mm->brk;
    uint32_t old_top = page_up(mm->brk), new_top = page_up(addr);
    if (new_top == old_top) {
        mm->brk = addr;
        return addr;
    }
    if (new_top < old_top) {
        mm_munmap(mm, new_top, old_top - new_top);
        mm->brk = addr;
        return addr;
    }
    /* Growing needs the pages up to one guard page above to be free. */
    if (new_top > MM_TASK_SIZE || !vma_range_free(mm, old_top, new_top + MM_PAGE_SIZE))
        return mm->brk;
    if (!enough_memory(mm, new_top - old_top)) /* do_brk_flags() charges it */
        return mm->brk;
    /* Unnamed, so that it merges with the bss as do_brk_flags() merges;
     * /proc/self/maps names whatever VMA holds the break "[heap]". */
    struct vma v = {.start = old_top,
                    .end = new_top,
                    .prot = with_implied_exec(mm, L_PROT_READ | L_PROT_WRITE),
                    .flags = VMA_ANON | VMA_MAYWRITE};
    if (vma_reserve(mm, 1) < 0)
        return mm->brk;
    vma_insert(mm, &v);
    vma_merge_around(mm, old_top, new_top);
    mm->brk = addr;
    return addr;
}

void mm_name_vma(struct mm *mm, uint32_t va, const char *name)
{
    struct vma *v = vma_find(mm, va);
    if (v)
        v->name = name;
}
