/* Page faults and guest-memory access: the TLB fill the engine calls on every
 * miss, demand paging from VMAs, and the copy_{from,to}_user of syscalls. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
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
    int64_t zero = phys_alloc(&mm->phys, 0);
    if (zero < 0) {
        *err = (int)zero;
        phys_destroy(&mm->phys);
        free(mm);
        return NULL;
    }
    mm->zero_pfn = (uint32_t)zero;
    /* Modern i386 layout without randomisation: mmap below a 128 MiB gap. */
    mm->mmap_base = MM_TASK_SIZE - (128u << 20);
    mm->top_down = true;
    mm->maps_names = true;
    mm_abi_all(&mm->abi);
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
    free(mm->pool.pfns);
    free(mm->huge_maps);
    phys_destroy(&mm->phys);
    free(mm);
}

uint8_t *mm_ram(struct mm *mm, uint64_t *size)
{
    *size = mm->phys.bytes;
    return mm->phys.ram;
}

void mm_set_invalidate(struct mm *mm, void (*fn)(void *, bool, bool), void *ctx)
{
    mm->invalidate = fn;
    mm->invalidate_ctx = ctx;
}

void mm_invalidate(struct mm *mm, bool code)
{
    if (mm->invalidate)
        mm->invalidate(mm->invalidate_ctx, code, false);
}

/* A translation other CPUs may cache changed under the CPU that is filling
 * its own TLB right now (which must not be flushed mid-fill). */
static void invalidate_others(struct mm *mm)
{
    if (mm->invalidate)
        mm->invalidate(mm->invalidate_ctx, false, true);
}

void mm_set_layout(struct mm *mm, uint32_t mmap_base, bool top_down)
{
    mm->mmap_base = mmap_base;
    mm->top_down = top_down;
}

void mm_abi_all(struct mm_abi *abi)
{
    *abi = (struct mm_abi){.mmap_flags = ~0u,
                           .shared_validate = true,
                           .prot_bits = ~0u,
                           .mremap_flags = ~0u,
                           .mlockall_flags = ~0u,
                           .advice = ~0ull,
                           .advice_high = ~0u,
                           .advice_first = true};
}

void mm_set_abi(struct mm *mm, const struct mm_abi *abi)
{
    mm->abi = *abi;
}

void mm_set_maps_names(struct mm *mm, bool on)
{
    mm->maps_names = on;
}

void mm_set_exec_policy(struct mm *mm, bool nx, bool read_implies_exec)
{
    mm->nx = nx;
    mm->read_implies_exec = read_implies_exec;
}

/* Frames of the engine's own (GDT, LDT pages): zeroed, outside every VMA. */
uint8_t *mm_kernel_frame(struct mm *mm, uint64_t *paddr)
{
    int64_t pfn = phys_alloc(&mm->phys, 0);
    if (pfn < 0)
        return NULL;
    *paddr = (uint64_t)pfn << MM_PAGE_SHIFT;
    return frame_ptr(mm, (uint32_t)pfn);
}

void mm_kernel_frame_free(struct mm *mm, uint64_t paddr)
{
    phys_free(&mm->phys, (uint32_t)(paddr >> MM_PAGE_SHIFT), 0);
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

/* A frame for a page, reclaiming MADV_FREE pages when RAM has run out. */
int64_t mm_frame_alloc(struct mm *mm)
{
    int64_t pfn = phys_alloc(&mm->phys, 0);
    if (pfn < 0 && mm->lazyfree && mm_reclaim_lazyfree(mm))
        pfn = phys_alloc(&mm->phys, 0);
    if (pfn < 0)
        mm->oom = true;
    return pfn;
}

bool mm_oom_pending(const struct mm *mm)
{
    return mm->oom;
}

/* A private file page: read from the file, as a copy (private mappings never
 * write back). */
static enum mm_fault read_file_page(struct mm *mm, const struct vma *v, uint32_t page,
                                    uint32_t pfn)
{
    uint8_t *dst = frame_ptr(mm, pfn);
    off_t off = (off_t)(v->offset + (page - v->start));
    size_t got = 0;
    while (got < MM_PAGE_SIZE) {
        ssize_t n = pread(v->file->fd, dst + got, MM_PAGE_SIZE - got, off + got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got ? MM_OK : MM_BUSERR; /* wholly beyond the end of the file */
}

/* A shared file page is the file's own page (host mmap over the frame). */
static enum mm_fault map_file_page(struct mm *mm, const struct vma *v, uint32_t page,
                                   uint32_t pfn)
{
    uint64_t off = v->offset + (page - v->start);
    struct stat st;
    if (fstat(v->file->fd, &st) < 0 || off >= (uint64_t)st.st_size)
        return MM_BUSERR;
    if (phys_overlay(&mm->phys, pfn, 0, v->file->fd, off, v->flags & VMA_MAYWRITE) < 0)
        return MM_OOM;
    return MM_OK;
}

/* A 4 MiB page of a hugetlb mapping, from the pool; a pool that has run dry
 * is SIGBUS, as hugetlb_fault() gives. */
static enum mm_fault fault_huge(struct mm *mm, const struct vma *v, uint32_t va,
                                enum mm_access access)
{
    uint32_t slot = va & ~(HUGE_SIZE - 1);
    uint32_t *pde = pt_pde(mm, slot);
    if (*pde & PDE_PS)
        return MM_OK;
    if (*pde & PTE_P) /* a page table where a huge page belongs: cannot be */
        return MM_MAPERR;
    int64_t pfn = hugepool_take(mm, !(v->flags & VMA_NORESERVE));
    if (pfn < 0)
        return MM_BUSERR;
    if (v->shmem && phys_overlay(&mm->phys, (uint32_t)pfn, PHYS_MAX_ORDER, v->shmem->fd,
                                 v->offset + (slot - v->start), true) < 0) {
        hugepool_put(mm, (uint32_t)pfn);
        return MM_OOM;
    }
    *pde = ((uint32_t)pfn << MM_PAGE_SHIFT) | pt_bits_for(mm, v->prot) | PDE_PS;
    stat_mapped(mm, true);
    mm->stats.faults_huge++;
    if (mm_page_hook)
        mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_FAULT_IN,
                                                 .va = slot,
                                                 .size = HUGE_SIZE,
                                                 .access = access});
    return MM_OK;
}

/* A write to a page that maps the zero page: give it its own zeroed frame
 * if the VMA allows the write. Returns the PTE, or NULL (*f says why). */
static uint32_t *break_zero(struct mm *mm, uint32_t va, uint32_t *pte, bool force,
                            enum mm_fault *f)
{
    const struct vma *v = vma_find(mm, va);
    if (!v || (!force && !(v->prot & L_PROT_WRITE))) {
        *f = MM_ACCERR;
        return NULL;
    }
    int64_t pfn = mm_frame_alloc(mm);
    if (pfn < 0) {
        *f = MM_OOM;
        return NULL;
    }
    *pte = ((uint32_t)pfn << MM_PAGE_SHIFT) | pt_bits_for(mm, v->prot) |
           (*pte & (PTE_A | PTE_XUSED));
    stat_mapped(mm, false);
    mm->stats.faults++; /* the write fault that gives the page its own frame */
    if (mm_page_hook)
        mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_COW,
                                                 .va = va & ~(MM_PAGE_SIZE - 1),
                                                 .size = MM_PAGE_SIZE,
                                                 .access = MM_WRITE});
    *f = MM_OK;
    return pte;
}

#define FAULT_AROUND_BYTES 0x10000u /* fault_around_bytes: 16 pages */

/* do_fault_around(): a read fault on a file page also maps the other pages
 * of its 64 KiB window that the file has (the kernel maps what the page
 * cache holds; read-ahead has just put them there). */
static void fault_around(struct mm *mm, const struct vma *v, uint32_t page)
{
    struct stat st;
    if (fstat(v->file->fd, &st) < 0)
        return;
    uint32_t lo = page & ~(FAULT_AROUND_BYTES - 1), hi = lo + FAULT_AROUND_BYTES;
    if (lo < v->start)
        lo = v->start;
    if (hi > v->end || hi < lo)
        hi = v->end;
    bool shared = (v->flags & VMA_SHARED) != 0;
    uint32_t bits = pt_bits_for(mm, v->prot) | PTE_A;
    for (uint32_t va = lo; va < hi; va += MM_PAGE_SIZE) {
        uint64_t off = v->offset + (va - v->start);
        if (va == page || off >= (uint64_t)st.st_size)
            continue;
        uint32_t *pte = pt_pte(mm, va, false);
        if (!pte || *pte)
            continue;
        int64_t pfn = phys_alloc(&mm->phys, 0);
        if (pfn < 0)
            return; /* only ever opportunistic: no reclaim, no OOM */
        enum mm_fault f = shared ? map_file_page(mm, v, va, (uint32_t)pfn)
                                 : read_file_page(mm, v, va, (uint32_t)pfn);
        if (f != MM_OK) {
            phys_free(&mm->phys, (uint32_t)pfn, 0);
            return;
        }
        *pte = ((uint32_t)pfn << MM_PAGE_SHIFT) | bits;
        stat_mapped(mm, false); /* resident, without a fault of its own */
    }
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
    if (v->flags & VMA_HUGETLB)
        return fault_huge(mm, v, va, access);
    uint32_t page = va & ~(MM_PAGE_SIZE - 1);
    uint32_t *pte = pt_pte(mm, page, true);
    if (!pte)
        return MM_OOM;
    if (*pte & PTE_HAS_FRAME) /* PROT_NONE page the kernel writes into */
        return MM_OK;
    if (*pte == PTE_GUARD)
        return MM_MAPERR;
    /* A read of untouched private anonymous memory maps the shared zero
     * page, read-only; the first write gives the page a frame of its own
     * (do_anonymous_page(), then a copy-on-write fault). */
    if (access != MM_WRITE && !force && vma_is_private_anon(v)) {
        *pte = (mm->zero_pfn << MM_PAGE_SHIFT) | (pt_bits_for(mm, v->prot) & ~PTE_RW);
        mm->stats.faults++;
        if (mm_page_hook)
            mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_FAULT_IN,
                                                     .va = page,
                                                     .size = MM_PAGE_SIZE,
                                                     .access = access,
                                                     .zero_page = true});
        return MM_OK;
    }
    int64_t pfn = mm_frame_alloc(mm);
    if (pfn < 0)
        return MM_OOM;
    enum mm_fault f = MM_OK;
    if (v->shmem && v->offset + (page - v->start) >= v->shmem->size) {
        f = MM_BUSERR; /* past the end of the shared object (grown by mremap) */
    } else if (v->shmem) {
        if (phys_overlay(&mm->phys, (uint32_t)pfn, 0, v->shmem->fd,
                         v->offset + (page - v->start), true) < 0)
            f = MM_OOM;
    } else if (v->file && (v->flags & VMA_SHARED)) {
        f = map_file_page(mm, v, page, (uint32_t)pfn);
    } else if (v->file) {
        f = read_file_page(mm, v, page, (uint32_t)pfn);
    }
    if (f != MM_OK) {
        phys_free(&mm->phys, (uint32_t)pfn, 0);
        return f;
    }
    *pte = ((uint32_t)pfn << MM_PAGE_SHIFT) | pt_bits_for(mm, v->prot);
    stat_mapped(mm, false);
    if (v->file && access != MM_WRITE && !force)
        fault_around(mm, v, page);
    mm->stats.faults++;
    if (mm_page_hook)
        mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_FAULT_IN,
                                                 .va = page,
                                                 .size = MM_PAGE_SIZE,
                                                 .access = access});
    return MM_OK;
}

enum mm_fault mm_prefault(struct mm *mm, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end && va >= start; va += MM_PAGE_SIZE) {
        const struct vma *v = vma_find(mm, va);
        if (!v || !(v->prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
            continue;
        /* populate_vma_page_range(): writable private memory is faulted
         * for writing (its pages end up dirty), the rest for reading. */
        bool write = (v->prot & L_PROT_WRITE) && !(v->flags & VMA_SHARED);
        struct iovec iov;
        size_t done;
        if (mm_iov(mm, va, 1, write ? MM_WRITE : MM_READ, &iov, 1, &done) <= 0)
            return mm->oom ? MM_OOM : MM_BUSERR;
    }
    return MM_OK;
}

/* The first write to a page fork shared (mm_fork_cow): write access
 * again, if the VMA allows it, and the copy on write reported. */
static void break_fork_cow(struct mm *mm, uint32_t va, uint32_t *pte)
{
    const struct vma *v = vma_find(mm, va);
    if (!v || !(v->prot & L_PROT_WRITE))
        return;
    *pte = (*pte & ~PTE_FORKCOW) | PTE_RW;
    if (mm_page_hook)
        mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_COW,
                                                 .va = va & ~(MM_PAGE_SIZE - 1),
                                                 .size = MM_PAGE_SIZE,
                                                 .access = MM_WRITE,
                                                 .after_fork = true});
}

/* The entry for va after faulting it in if need be, or NULL with *f set. */
static uint32_t *entry_for(struct mm *mm, uint32_t va, enum mm_access access, bool force,
                           bool *huge, enum mm_fault *f)
{
    uint32_t *e = pt_entry(mm, va, huge);
    if (!e || !(*e & PTE_HAS_FRAME)) {
        *f = va >= MM_TASK_SIZE ? MM_MAPERR : fault_in(mm, va, access, force);
        if (*f != MM_OK)
            return NULL;
        e = pt_entry(mm, va, huge);
    }
    *f = MM_OK;
    return e;
}

static uint32_t frame_of(uint32_t e, bool huge, uint32_t va)
{
    if (huge)
        return ((e & 0xFFC00000u) | (va & 0x3FF000u)) >> MM_PAGE_SHIFT;
    return e >> MM_PAGE_SHIFT;
}

enum mm_fault mm_fill(struct mm *mm, uint32_t va, enum mm_access access, uint64_t *paddr,
                      int *perms)
{
    bool huge;
    enum mm_fault f;
    uint32_t *pe = entry_for(mm, va, access, false, &huge, &f);
    if (!pe)
        return f;
    if (access == MM_WRITE && !huge && (*pe >> MM_PAGE_SHIFT) == mm->zero_pfn &&
        (*pe & PTE_P)) {
        if (!(pe = break_zero(mm, va, pe, false, &f)))
            return f;
        invalidate_others(mm); /* their TLBs may still map the zero page */
    }
    if (access == MM_WRITE && (*pe & PTE_FORKCOW) && !huge)
        break_fork_cow(mm, va, pe);
    uint32_t e = *pe;
    if (!(e & PTE_P) || (access == MM_WRITE && !(e & PTE_RW)) ||
        (access == MM_FETCH && (e & PTE_NX)))
        return MM_ACCERR;
    uint32_t pfn = frame_of(e, huge, va);
    if (mm->phys.flags[pfn] & FRAME_HWPOISON)
        return MM_HWPOISON;
    e |= PTE_A;
    if (access == MM_WRITE)
        e |= PTE_D;
    if (access == MM_FETCH)
        e |= PTE_XUSED;
    *pe = e;
    /* Write is granted only once the page is dirty, so that the first store
     * sets D as the hardware would; exec only once fetched from, so that
     * stores to data pages stay on the fast path. */
    *perms = 1 | ((e & PTE_RW) && (e & PTE_D) ? 2 : 0) |
             ((e & PTE_XUSED) && !(e & PTE_NX) ? 4 : 0);
    *paddr = (uint64_t)pfn << MM_PAGE_SHIFT;
    return MM_OK;
}

/* Host pointer for the guest byte at va, honouring (or, force, ignoring) the
 * protections; NULL for a bad address. Sets *code when the page held code. */
static uint8_t *user_byte(struct mm *mm, uint32_t va, enum mm_access access, bool force,
                          bool *code)
{
    if (va >= MM_TASK_SIZE)
        return NULL;
    bool huge;
    enum mm_fault f;
    uint32_t *pte = entry_for(mm, va, access, force, &huge, &f);
    if (!pte)
        return NULL;
    if (access == MM_WRITE && !huge && (*pte >> MM_PAGE_SHIFT) == mm->zero_pfn) {
        if (!break_zero(mm, va, pte, force, &f))
            return NULL;
        mm_invalidate(mm, false); /* the TLB may still map the zero page */
    }
    if (access == MM_WRITE && (*pte & PTE_FORKCOW) && !huge)
        break_fork_cow(mm, va, pte);
    if (!force) {
        if (!(*pte & PTE_P) || (access == MM_WRITE && !(*pte & PTE_RW)))
            return NULL;
    }
    uint32_t pfn = frame_of(*pte, huge, va);
    if (mm->phys.flags[pfn] & FRAME_HWPOISON)
        return NULL;
    *pte |= PTE_A | (access == MM_WRITE ? PTE_D : 0);
    if (access == MM_WRITE && (*pte & PTE_XUSED))
        *code = true;
    return frame_ptr(mm, pfn) + (va & (MM_PAGE_SIZE - 1));
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
    bool huge;
    uint32_t *pte = pt_entry(mm, va, &huge);
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

/* What an untouched page of v reads as: its object's bytes (the file or the
 * shared memory), else zeros; -EFAULT where touching it would be SIGBUS,
 * a page that begins past the end of the object. */
static int peek_backing(const struct vma *v, uint32_t va, uint8_t *dst, size_t n)
{
    memset(dst, 0, n);
    int fd = v->shmem ? v->shmem->fd : v->file ? v->file->fd : -1;
    if (fd < 0)
        return 0;
    uint32_t page_size = (v->flags & VMA_HUGETLB) ? HUGE_SIZE : MM_PAGE_SIZE;
    uint64_t page_off = v->offset + ((va & ~(page_size - 1)) - v->start);
    uint64_t size = v->shmem ? v->shmem->size : 0;
    struct stat st;
    if (!v->shmem) {
        if (fstat(fd, &st) < 0)
            return -EFAULT;
        size = (uint64_t)st.st_size;
    }
    if (page_off >= size)
        return -EFAULT;
    off_t off = (off_t)(v->offset + (va - v->start));
    for (size_t got = 0; got < n;) { /* short at the end of the object: zeros */
        ssize_t r = pread(fd, dst + got, n - got, off + (off_t)got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return 0;
}

int mm_peek(struct mm *mm, void *dst, uint32_t va, size_t len)
{
    uint8_t *out = dst;
    while (len) {
        if (va >= MM_TASK_SIZE)
            return -EFAULT;
        size_t n = page_left(va) < len ? page_left(va) : len;
        const struct vma *v = vma_find(mm, va);
        if (!v || !access_allowed(mm, v->prot, MM_READ))
            return -EFAULT;
        bool huge;
        const uint32_t *e = pt_entry(mm, va, &huge);
        if (e && (*e & PTE_HAS_FRAME)) {
            uint32_t pfn = frame_of(*e, huge, va);
            if (mm->phys.flags[pfn] & FRAME_HWPOISON)
                return -EFAULT;
            memcpy(out, frame_ptr(mm, pfn) + (va & (MM_PAGE_SIZE - 1)), n);
        } else if ((e && *e == PTE_GUARD) || peek_backing(v, va, out, n) < 0) {
            return -EFAULT;
        }
        out += n;
        va += (uint32_t)n;
        len -= n;
        if (va == 0 && len)
            return -EFAULT;
    }
    return 0;
}
