/* Page faults and guest-memory access: the TLB fill the engine calls on every
 * miss, demand paging from VMAs, and the copy_{from,to}_user of syscalls. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STACK_LIMIT (8u << 20) /* RLIMIT_STACK default: how far [stack] grows */

struct mm *mm_new(uint64_t ram_bytes, int *err)
{
    struct mm *mm = calloc(1, sizeof(*mm));
    if (!mm) {
        *err = -ENOMEM;
        return NULL;
    }
    int e = phys_init(&mm->phys, ram_bytes);
    int64_t pgd = e ? e : phys_alloc(&mm->phys, 0);
    if (pgd < 0) {
        *err = (int)pgd;
        phys_destroy(&mm->phys);
        free(mm);
        return NULL;
    }
    mm->pgd_pfn = (uint32_t)pgd;
    /* Modern i386 layout without randomisation: mmap below a 128 MiB gap. */
    mm->mmap_base = MM_TASK_SIZE - (128u << 20);
    mm->top_down = true;
    mm->nx = true;
    return mm;
}

void mm_free(struct mm *mm)
{
    if (!mm)
        return;
    for (size_t i = 0; i < mm->nvma; i++)
        vma_release(&mm->vmas[i]);
    free(mm->vmas);
    phys_destroy(&mm->phys);
    free(mm);
}

uint8_t *mm_ram(struct mm *mm, uint64_t *size)
{
    *size = mm->phys.bytes;
    return mm->phys.ram;
}

void mm_set_invalidate(struct mm *mm, void (*fn)(void *, bool), void *ctx)
{
    mm->invalidate = fn;
    mm->invalidate_ctx = ctx;
}

void mm_invalidate(struct mm *mm, bool code)
{
    if (mm->invalidate)
        mm->invalidate(mm->invalidate_ctx, code);
}

void mm_set_layout(struct mm *mm, uint32_t mmap_base, bool top_down)
{
    mm->mmap_base = mmap_base;
    mm->top_down = top_down;
}

void mm_set_exec_policy(struct mm *mm, bool nx, bool read_implies_exec)
{
    mm->nx = nx;
    mm->read_implies_exec = read_implies_exec;
}

uint8_t *mm_kernel_page(struct mm *mm)
{
    uint32_t *pte = pt_pte(mm, MM_KERNEL_PAGE, true);
    if (!pte)
        return NULL;
    if (!(*pte & PTE_P)) {
        int64_t pfn = phys_alloc(&mm->phys, 0);
        if (pfn < 0)
            return NULL;
        *pte = ((uint32_t)pfn << MM_PAGE_SHIFT) | PTE_P | PTE_RW | PTE_A | PTE_D;
    }
    return frame_ptr(mm, *pte >> MM_PAGE_SHIFT);
}

/* The VMA that va falls in, growing a GROWSDOWN stack down to it if need be. */
static struct vma *vma_for_fault(struct mm *mm, uint32_t va)
{
    size_t i = vma_lower_bound(mm, va);
    if (i >= mm->nvma)
        return NULL;
    struct vma *v = &mm->vmas[i];
    if (v->start <= va)
        return v;
    if (!(v->flags & VMA_GROWSDOWN))
        return NULL;
    uint32_t new_start = va & ~(MM_PAGE_SIZE - 1);
    uint32_t prev_end = i > 0 ? mm->vmas[i - 1].end : 0;
    if (new_start < prev_end + MM_PAGE_SIZE || v->end - new_start > STACK_LIMIT)
        return NULL;
    if (v->file)
        v->offset -= v->start - new_start;
    v->start = new_start;
    return v;
}

static bool access_allowed(const struct mm *mm, uint32_t prot, enum mm_access access)
{
    switch (access) {
    case MM_READ:
        return (prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)) != 0;
    case MM_WRITE:
        return (prot & L_PROT_WRITE) != 0;
    case MM_FETCH:
        return !(pt_bits_for(mm, prot) & PTE_NX) && (prot & 7);
    }
    return false;
}

/* Bring in the page at va from its VMA. force: the kernel itself writes (the
 * loader), so the VMA's protection does not matter. */
static enum mm_fault fault_in(struct mm *mm, uint32_t va, enum mm_access access,
                              bool force)
{
    struct vma *v = vma_for_fault(mm, va);
    if (!v)
        return MM_MAPERR;
    if (!force && !access_allowed(mm, v->prot, access))
        return MM_ACCERR;
    uint32_t page = va & ~(MM_PAGE_SIZE - 1);
    uint32_t *pte = pt_pte(mm, page, true);
    if (!pte)
        return MM_OOM;
    if (*pte & PTE_HAS_FRAME) /* PROT_NONE page the kernel writes into */
        return MM_OK;
    int64_t pfn = phys_alloc(&mm->phys, 0);
    if (pfn < 0)
        return MM_OOM;
    if (v->file) {
        uint8_t *dst = frame_ptr(mm, (uint32_t)pfn);
        off_t off = (off_t)(v->offset + (page - v->start));
        size_t got = 0;
        while (got < MM_PAGE_SIZE) {
            ssize_t n = pread(v->file->fd, dst + got, MM_PAGE_SIZE - got, off + got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (got == 0) { /* the page lies wholly beyond the end of the file */
            phys_free(&mm->phys, (uint32_t)pfn, 0);
            return MM_BUSERR;
        }
    }
    *pte = ((uint32_t)pfn << MM_PAGE_SHIFT) | pt_bits_for(mm, v->prot);
    return MM_OK;
}

void mm_prefault(struct mm *mm, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end && va >= start; va += MM_PAGE_SIZE) {
        uint32_t *pte = pt_pte(mm, va, false);
        if ((!pte || !(*pte & PTE_HAS_FRAME)) && fault_in(mm, va, MM_READ, true) != MM_OK)
            return;
    }
}

enum mm_fault mm_fill(struct mm *mm, uint32_t va, enum mm_access access, uint64_t *paddr,
                      int *perms)
{
    uint32_t *pte = pt_pte(mm, va, false);
    if (!pte || !(*pte & PTE_P)) {
        if (va >= MM_TASK_SIZE)
            return MM_MAPERR;
        enum mm_fault f = fault_in(mm, va, access, false);
        if (f != MM_OK)
            return f;
        pte = pt_pte(mm, va, false);
        if (!(*pte & PTE_P))
            return MM_ACCERR;
    }
    uint32_t e = *pte;
    if ((access == MM_WRITE && !(e & PTE_RW)) || (access == MM_FETCH && (e & PTE_NX)))
        return MM_ACCERR;
    e |= PTE_A;
    if (access == MM_WRITE)
        e |= PTE_D;
    if (access == MM_FETCH)
        e |= PTE_XUSED;
    *pte = e;
    /* Write is granted only once the page is dirty, so that the first store
     * sets D as the hardware would; exec only once fetched from, so that
     * stores to data pages stay on the fast path. */
    *perms = 1 | ((e & PTE_RW) && (e & PTE_D) ? 2 : 0) |
             ((e & PTE_XUSED) && !(e & PTE_NX) ? 4 : 0);
    *paddr = e & PTE_FRAME;
    return MM_OK;
}

/* Host pointer for the guest byte at va, honouring (or, force, ignoring) the
 * protections; NULL for a bad address. Sets *code when the page held code. */
static uint8_t *user_byte(struct mm *mm, uint32_t va, enum mm_access access, bool force,
                          bool *code)
{
    if (va >= MM_TASK_SIZE)
        return NULL;
    uint32_t *pte = pt_pte(mm, va, false);
    if (!pte || !(*pte & PTE_HAS_FRAME)) {
        if (fault_in(mm, va, access, force) != MM_OK)
            return NULL;
        pte = pt_pte(mm, va, false);
    }
    if (!force) {
        if (!(*pte & PTE_P) || (access == MM_WRITE && !(*pte & PTE_RW)))
            return NULL;
    }
    *pte |= PTE_A | (access == MM_WRITE ? PTE_D : 0);
    if (access == MM_WRITE && (*pte & PTE_XUSED))
        *code = true;
    return frame_ptr(mm, *pte >> MM_PAGE_SHIFT) + (va & (MM_PAGE_SIZE - 1));
}

static size_t page_left(uint32_t va)
{
    return MM_PAGE_SIZE - (va & (MM_PAGE_SIZE - 1));
}

static int copy(struct mm *mm, uint32_t va, void *host, size_t len, enum mm_access access,
                bool force)
{
    bool code = false;
    uint8_t *h = host;
    while (len) {
        size_t n = page_left(va) < len ? page_left(va) : len;
        uint8_t *g = user_byte(mm, va, access, force, &code);
        if (!g)
            return -EFAULT;
        if (access == MM_WRITE)
            memcpy(g, h, n);
        else
            memcpy(h, g, n);
        h += n;
        va += (uint32_t)n;
        len -= n;
        if (va == 0 && len)
            return -EFAULT;
    }
    if (code)
        mm_invalidate(mm, true);
    return 0;
}

int mm_copy_from(struct mm *mm, void *dst, uint32_t va, size_t len)
{
    return copy(mm, va, dst, len, MM_READ, false);
}

int mm_copy_to(struct mm *mm, uint32_t va, const void *src, size_t len)
{
    return copy(mm, va, (void *)src, len, MM_WRITE, false);
}

int mm_poke(struct mm *mm, uint32_t va, const void *src, size_t len)
{
    return copy(mm, va, (void *)src, len, MM_WRITE, true);
}

long mm_copy_str(struct mm *mm, char *dst, uint32_t va, size_t max)
{
    bool code = false;
    size_t got = 0;
    while (got < max) {
        const uint8_t *g = user_byte(mm, va, MM_READ, false, &code);
        if (!g)
            return -EFAULT;
        size_t n = page_left(va);
        if (n > max - got)
            n = max - got;
        const uint8_t *nul = memchr(g, 0, n);
        size_t take = nul ? (size_t)(nul - g) + 1 : n;
        memcpy(dst + got, g, take);
        got += take;
        if (nul)
            return (long)got - 1;
        va += (uint32_t)n;
    }
    return -ENAMETOOLONG;
}

int mm_iov(struct mm *mm, uint32_t va, size_t len, enum mm_access access,
           struct iovec *iov, int max, size_t *done)
{
    bool code = false;
    int n = 0;
    *done = 0;
    while (len) {
        uint8_t *g = user_byte(mm, va, access, false, &code);
        if (!g)
            break;
        size_t chunk = page_left(va) < len ? page_left(va) : len;
        bool joins = n > 0 && (uint8_t *)iov[n - 1].iov_base + iov[n - 1].iov_len == g;
        if (!joins && n == max)
            break;
        if (joins)
            iov[n - 1].iov_len += chunk;
        else
            iov[n++] = (struct iovec){g, chunk};
        *done += chunk;
        va += (uint32_t)chunk;
        len -= chunk;
        if (va == 0)
            break;
    }
    if (code)
        mm_invalidate(mm, true);
    return *done || len == 0 ? n : -EFAULT;
}

bool mm_page_present(struct mm *mm, uint32_t va, bool *dirty, bool *accessed)
{
    uint32_t *pte = pt_pte(mm, va, false);
    if (!pte || !(*pte & PTE_HAS_FRAME))
        return false;
    if (dirty)
        *dirty = (*pte & PTE_D) != 0;
    if (accessed)
        *accessed = (*pte & PTE_A) != 0;
    return true;
}

uint32_t mm_free_frames(const struct mm *mm)
{
    return phys_free_frames(&mm->phys);
}
