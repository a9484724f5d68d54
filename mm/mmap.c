/* brk, mmap, munmap and mprotect with the kernel's argument checks and
 * errors (see mmap(2), mprotect(2), brk(2) and mm/mmap.c of the era). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PAGE_MASK          (~(MM_PAGE_SIZE - 1))
#define MMAP_MIN_ADDR      0x10000u    /* vm.mmap_min_addr default */
#define TASK_UNMAPPED_BASE 0x40000000u /* i386: TASK_SIZE / 3, bottom-up start */
#define L_MAP_KNOWN                                                                      \
    (L_MAP_TYPE | L_MAP_FIXED | L_MAP_ANONYMOUS | L_MAP_GROWSDOWN | L_MAP_DENYWRITE |    \
     L_MAP_EXECUTABLE | L_MAP_LOCKED | L_MAP_NORESERVE | L_MAP_POPULATE |                \
     L_MAP_NONBLOCK | L_MAP_STACK | L_MAP_HUGETLB | L_MAP_SYNC | L_MAP_FIXED_NOREPLACE)

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

static bool range_free(const struct mm *mm, uint32_t start, uint32_t end)
{
    size_t i = vma_lower_bound(mm, start);
    return i >= mm->nvma || mm->vmas[i].start >= end;
}

/* get_unmapped_area: the highest gap below mmap_base (top-down), or the lowest
 * above it (bottom-up, the 2.4 layout). 0 when nothing fits. */
static uint32_t find_gap(const struct mm *mm, uint32_t len)
{
    if (mm->top_down) {
        size_t j = vma_lower_bound(mm, mm->mmap_base);
        uint32_t top = mm->mmap_base;
        if (j < mm->nvma && mm->vmas[j].start < top)
            top = mm->vmas[j].start;
        for (;; j--) {
            uint32_t lo = j > 0 ? mm->vmas[j - 1].end : 0;
            if (lo < MMAP_MIN_ADDR)
                lo = MMAP_MIN_ADDR;
            if (top >= lo && top - lo >= len)
                return top - len;
            if (j == 0)
                break;
            top = mm->vmas[j - 1].start;
        }
    }
    uint32_t at = mm->top_down ? TASK_UNMAPPED_BASE : mm->mmap_base;
    for (size_t i = vma_lower_bound(mm, at); i < mm->nvma; i++) {
        if (mm->vmas[i].start >= at && mm->vmas[i].start - at >= len)
            return at;
        if (mm->vmas[i].end > at)
            at = mm->vmas[i].end;
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

static void unmap_pages(struct mm *mm, uint32_t start, uint32_t end)
{
    bool code = pt_unmap(mm, start, end);
    mm_invalidate(mm, code);
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
    *maywrite = type == L_MAP_PRIVATE || ((fl & O_ACCMODE) == O_RDWR && !(fl & O_APPEND));
    if (type != L_MAP_PRIVATE && (prot & L_PROT_WRITE)) {
        if (!*maywrite)
            return -EACCES;
        /* Writable shared file mappings need host-shared frames; the guest
         * MMU issue builds them. Say so rather than lose writes silently. */
        return -ENODEV;
    }
    return 0;
}

long mm_mmap(struct mm *mm, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
             int fd, uint64_t offset)
{
    uint32_t type = flags & L_MAP_TYPE;
    bool anon = (flags & L_MAP_ANONYMOUS) != 0;
    /* Anonymous memory knows only MAP_SHARED and MAP_PRIVATE (do_mmap). */
    if (anon && type == L_MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == L_MAP_SHARED_VALIDATE) {
        if (flags & ~L_MAP_KNOWN)
            return -EOPNOTSUPP;
        type = L_MAP_SHARED;
    } else if (type != L_MAP_SHARED && type != L_MAP_PRIVATE) {
        return -EINVAL;
    }
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
    if (flags & L_MAP_HUGETLB)
        return -ENOMEM; /* the huge page pool is empty (nr_hugepages = 0) */
    bool fixed = (flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE)) != 0;
    if (fixed) {
        if (addr & (MM_PAGE_SIZE - 1))
            return -EINVAL;
        if (addr > MM_TASK_SIZE - plen)
            return -ENOMEM;
        if ((flags & L_MAP_FIXED_NOREPLACE) && !range_free(mm, addr, addr + plen))
            return -EEXIST;
    } else {
        addr = page_up(addr);
        if (!addr || addr < MMAP_MIN_ADDR || addr > MM_TASK_SIZE - plen ||
            !range_free(mm, addr, addr + plen))
            addr = find_gap(mm, plen);
        if (!addr)
            return -ENOMEM;
    }
    struct vma v = {
        .start = addr, .end = addr + plen, .prot = with_implied_exec(mm, prot)};
    if (maywrite)
        v.flags |= VMA_MAYWRITE;
    if (type == L_MAP_SHARED)
        v.flags |= VMA_SHARED;
    if (flags & L_MAP_GROWSDOWN)
        v.flags |= VMA_GROWSDOWN;
    if (anon) {
        v.flags |= VMA_ANON;
    } else {
        v.file = mm_file_open(fd);
        if (!v.file)
            return -ENFILE;
        v.offset = offset;
    }
    if (vma_reserve(mm, 3) < 0) {
        mm_file_put(v.file);
        return -ENOMEM;
    }
    unmap_pages(mm, addr, addr + plen);
    vma_remove_range(mm, addr, addr + plen);
    vma_insert(mm, &v);
    vma_merge_around(mm, addr, addr + plen);
    if ((flags & (L_MAP_POPULATE | L_MAP_LOCKED)) && !(flags & L_MAP_NONBLOCK))
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
            /* Writable shared file mappings are not built yet (see check_file). */
            if (v->file && (v->flags & VMA_SHARED)) {
                ret = -ENODEV;
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
    if (new_top > MM_TASK_SIZE || !range_free(mm, old_top, new_top + MM_PAGE_SIZE))
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

size_t mm_format_maps(const struct mm *mm, char *buf, size_t cap)
{
    size_t len = 0;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        char line[4200];
        int n = snprintf(
            line, sizeof(line), "%08x-%08x %c%c%c%c %08llx %02x:%02x %lu ", v->start,
            v->end, v->prot & L_PROT_READ ? 'r' : '-', v->prot & L_PROT_WRITE ? 'w' : '-',
            v->prot & L_PROT_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
            v->file ? (unsigned long long)v->offset : 0ull,
            v->file ? (unsigned)((v->file->dev >> 8) & 0xfff) : 0,
            v->file ? (unsigned)(v->file->dev & 0xff) : 0,
            v->file ? (unsigned long)v->file->ino : 0ul);
        const char *name = v->name ? v->name : (v->file ? v->file->path : NULL);
        /* show_map_vma(): the VMA overlapping [start_brk, brk] is the heap. */
        if (!v->file && v->start <= mm->brk && v->end >= mm->brk_start &&
            mm->brk > mm->brk_start)
            name = "[heap]";
        if (name) {
            /* seq_pad(): to column 25 + 6 * sizeof(void *) of an i386 kernel,
             * then one space; an unnamed line keeps the prefix's space. */
            while (n < 48)
                line[n++] = ' ';
            n += snprintf(line + n, sizeof(line) - (size_t)n, " %s", name);
        }
        line[n++] = '\n';
        if (len + (size_t)n <= cap)
            memcpy(buf + len, line, (size_t)n);
        len += (size_t)n;
    }
    return len;
}
