/* mm's private parts: the frame allocator, page tables and VMA list. */
#ifndef RELIC_MM_INTERNAL_H
#define RELIC_MM_INTERNAL_H

#include "mm.h"

#include <sys/types.h>

#define PAGE_MASK (~(MM_PAGE_SIZE - 1))
#define HUGE_SIZE (1u << MM_HUGE_SHIFT)

/* Round up to whole pages in 64 bits: a 32-bit length never wraps to 0. */
static inline uint64_t page_align(uint64_t x)
{
    return (x + MM_PAGE_SIZE - 1) & ~(uint64_t)(MM_PAGE_SIZE - 1);
}

#define PHYS_MAX_ORDER       10
#define PHYS_BLOCK_MAX_BYTES ((uint64_t)MM_PAGE_SIZE << PHYS_MAX_ORDER)
/* Free blocks that coalesce to this order (4 MiB) go back to the host;
 * smaller free fragments stay resident and are zeroed when reused, which
 * spares a host madvise and a host page fault per recycled page. */
#define PHYS_RELEASE_ORDER 10

struct phys {
    uint8_t *ram;
    uint64_t bytes;
    uint32_t nframes, free_frames;
    uint32_t head[PHYS_MAX_ORDER + 1];
    /* Frames from here up are free order-10 blocks not yet on a list:
     * carving them on demand keeps the per-frame arrays untouched (no host
     * pages, nothing for a host fork to copy) beyond what the guest used. */
    uint32_t uncarved;
    uint32_t *next, *prev;
    uint8_t *order; /* 1 + order of the free block starting here, 0: none */
    uint8_t *flags; /* enum frame_flag of each frame, like struct page's flags */
};

enum frame_flag {
    FRAME_OVERLAY = 1 << 0,  /* host shared memory is mapped over the frame */
    FRAME_LAZYFREE = 1 << 1, /* MADV_FREE: reclaimable while the PTE is clean */
    FRAME_HWPOISON = 1 << 2, /* MADV_HWPOISON: any access is a machine check */
    FRAME_STALE = 1 << 3,    /* free but not zeroed: zero it when handed out */
};

int phys_init(struct phys *p, uint64_t bytes);
void phys_destroy(struct phys *p);
int64_t phys_alloc(struct phys *p, int order); /* pfn or -ENOMEM; zeroed */
void phys_free(struct phys *p, uint32_t pfn, int order);
/* Map host shared memory (fd at offset) over a block of frames, so that the
 * guest page and the file or shared object are the same memory. */
/* Give a block's host memory back: private RAM is dropped (it reads zeros
 * again); an overlay is replaced by fresh private RAM. */
void phys_scrub(struct phys *p, uint32_t pfn, int order);
int phys_overlay(struct phys *p, uint32_t pfn, int order, int fd, uint64_t offset,
                 bool writable);
uint32_t phys_free_frames(const struct phys *p);

/* i386 page-table entry bits, plus two of the three bits left to the OS. */
#define PTE_P         0x001u
#define PTE_RW        0x002u
#define PTE_US        0x004u
#define PTE_A         0x020u
#define PTE_D         0x040u
#define PDE_PS        0x080u
#define PTE_XUSED     0x200u /* soft: a fetch was granted (translated code may exist) */
#define PTE_NX        0x400u /* soft: no execute (NX as PAE kernels enforce it) */
#define PTE_NONE      0x800u /* soft: frame kept, PROT_NONE (Linux's _PAGE_PROTNONE) */
#define PTE_HAS_FRAME (PTE_P | PTE_NONE)
/* Soft, in the cache-disable bit relic's MMU has no use for: a page fork
 * shared, write-protected so that its first write reports a copy on write
 * (only under --trace-pages: mm_fork_cow). */
#define PTE_FORKCOW 0x010u
/* A not-present entry marking a guard page (MADV_GUARD_INSTALL): any access
 * is SIGSEGV, and zapping the range keeps it. */
#define PTE_GUARD 0x100u
#define PTE_FRAME 0xFFFFF000u

struct mm_file {
    int refs;
    int fd;
    dev_t dev;
    ino_t ino;
    char *path;
};

/* Host shared memory behind shared anonymous mappings: a memfd, so that a
 * fork child and its parent see the same pages (shmem.c). */
struct mm_shmem {
    int refs;
    int fd;
    uint64_t size;
    int key;      /* > 0: an alloc_hugepages() segment of the machine (hugekey.c) */
    uint32_t gen; /* which incarnation of that key */
};

/* alloc_hugepages() keys shared by the relic processes of one machine. */
struct hugekey_req {
    int key;
    uint32_t size, uid, gid;
    bool create;     /* IPC_CREAT */
    bool may_create; /* the caller has the right to make a new segment */
    bool take_ref;   /* hold the segment (and open its backing file) */
};
struct hugekey_ref {
    int fd; /* the backing file, when a reference was taken */
    uint32_t gen;
    bool created;
};
int hugekey_attach(const struct hugekey_req *q, struct hugekey_ref *out);
void hugekey_release(int key, uint32_t gen);
/* A fork child holds what its parent held. */
void hugekey_fork_child(void);

/* The huge page pool: 4 MiB frames reserved from RAM (hugetlb.c), with the
 * counters /proc/meminfo shows. */
struct hugepool {
    uint32_t *pfns; /* free pool pages */
    uint32_t nfree, cap;
    uint32_t total; /* HugePages_Total: pool pages, free or in use */
    uint32_t resv;  /* HugePages_Rsvd: promised to mappings, not yet faulted */
    uint32_t surp;  /* HugePages_Surp: in use beyond nr_hugepages */
};

struct mm {
    struct phys phys;
    struct mm_stats stats; /* resident pages, their peak, faults (mm_stats) */
    uint32_t pgd_pfn;
    uint32_t zero_pfn; /* the shared zero page read faults map */
    struct vma *vmas;
    size_t nvma, vma_cap;
    uint32_t brk_start, brk;
    uint32_t arg_start, arg_end, env_start, env_end; /* /proc/PID/cmdline, environ */
    uint32_t mmap_base;
    bool top_down;
    bool maps_names; /* /proc/PID/maps shows [heap] and [stack] */
    struct mm_abi abi;
    bool nx, read_implies_exec;
    uint32_t def_flags; /* VMA flags every new mapping gets (mlockall MCL_FUTURE) */
    uint32_t lazyfree;  /* frames marked FRAME_LAZYFREE, for reclaim */
    bool oom;           /* a fault found no RAM (mm_oom_pending) */
    struct hugepool pool;
    uint16_t *huge_maps; /* per 4 MiB block: entries mapping a pool page */
    void (*invalidate)(void *ctx, bool code, bool others_only);
    void *invalidate_ctx;
};

static inline uint8_t *frame_ptr(struct mm *mm, uint32_t pfn)
{
    return mm->phys.ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
}

/* mm_stats bookkeeping, where an entry gains or loses a frame of its own
 * (huge: a 4 MiB page); the peak moves only when the size grows. */
static inline void stat_mapped(struct mm *mm, bool huge)
{
    struct mm_stats *s = &mm->stats;
    *(huge ? &s->huge : &s->resident) += 1;
    uint64_t kib = s->resident * 4 + s->huge * 4096;
    if (kib > s->peak_kib) {
        s->peak_kib = kib;
        s->peak_huge = s->huge;
    }
}

static inline void stat_unmapped(struct mm *mm, bool huge)
{
    *(huge ? &mm->stats.huge : &mm->stats.resident) -= 1;
}

/* Page tables (pagetable.c). */
uint32_t *pt_pde(struct mm *mm, uint32_t va);
uint32_t *pt_pte(struct mm *mm, uint32_t va, bool create);
/* The entry mapping va: a PTE, or the PDE itself for a 4 MiB page (*huge);
 * NULL when there is no page table. */
uint32_t *pt_entry(struct mm *mm, uint32_t va, bool *huge);
/* Drop [start, end): frames freed; returns true if any page had been executed. */
bool pt_unmap(struct mm *mm, uint32_t start, uint32_t end);
/* The same, but keeping guard markers when keep_guards (madvise zaps). */
bool pt_zap(struct mm *mm, uint32_t start, uint32_t end, bool keep_guards);
/* Re-derive RW/NX of present PTEs in [start, end) from a new protection. */
void pt_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t pte_bits);
uint32_t pt_bits_for(const struct mm *mm, uint32_t prot);

/* VMA list (vma.c). */
struct vma *vma_find(struct mm *mm, uint32_t va);
/* Index of the first VMA with end > va. */
size_t vma_lower_bound(const struct mm *mm, uint32_t va);
/* Room for extra more VMAs, so that the splits that follow cannot fail. */
int vma_reserve(struct mm *mm, size_t extra);
int vma_insert(struct mm *mm, const struct vma *v);
/* Split so that no VMA straddles addr. */
int vma_split_at(struct mm *mm, uint32_t addr);
void vma_remove_range(struct mm *mm, uint32_t start, uint32_t end);
/* Drop the references a VMA holds (file, shmem, policy). */
void vma_release(struct vma *v);
void vma_merge_around(struct mm *mm, uint32_t start, uint32_t end);
/* Private anonymous memory of 4 KiB pages: what the zero page, MADV_FREE
 * and reclaim apply to. */
static inline bool vma_is_private_anon(const struct vma *v)
{
    return !v->file && !v->shmem && !(v->flags & (VMA_SHARED | VMA_HUGETLB));
}

/* No VMA overlaps [start, end). */
bool vma_range_free(const struct mm *mm, uint32_t start, uint32_t end);
bool vma_range_mapped(const struct mm *mm, uint32_t start, uint32_t end);
void mm_file_put(struct mm_file *f);
struct mm_file *mm_file_get(struct mm_file *f);
struct mm_file *mm_file_open(int fd);

/* Shared anonymous memory objects (shmem.c). */
struct mm_shmem *shmem_new(uint64_t size);
struct mm_shmem *shmem_get(struct mm_shmem *s);
void shmem_put(struct mm_shmem *s);
/* A shmem object over an existing host descriptor (taken over). */
struct mm_shmem *shmem_wrap(int fd, uint64_t size);

/* do_mmap()'s lock checks (lock.c): EPERM for MAP_LOCKED without the right
 * to lock, EAGAIN when a locked mapping would pass RLIMIT_MEMLOCK. */
long mm_lock_future_check(const struct mm *mm, uint32_t vma_flags, uint32_t bytes,
                          bool map_locked);

/* The huge page pool (hugetlb.c). */
int64_t hugepool_take(struct mm *mm, bool reserved); /* pfn of a 4 MiB page, or -ENOMEM */
void hugepool_put(struct mm *mm, uint32_t pfn);
/* One more page table entry maps pool page pfn (a keyed segment attached
 * twice); hugepool_put() gives it back only when the last one goes. */
void hugepool_share(struct mm *mm, uint32_t pfn);
/* Reserve n pages for a new mapping (-ENOMEM when the pool cannot), or
 * give back n unused reservations. */
int hugepool_reserve(struct mm *mm, uint32_t n);
void hugepool_unreserve(struct mm *mm, uint32_t n);

/* NUMA policies held by VMAs (numa.c). */
struct mpol *mpol_get(struct mpol *p);
bool mpol_equal(const struct mpol *a, const struct mpol *b);

void mm_invalidate(struct mm *mm, bool code);
/* get_unmapped_area: a free range of len bytes aligned to align (a power of
 * two), top-down or bottom-up as the layout says; 0 when none. */
uint32_t mm_find_gap(const struct mm *mm, uint32_t len, uint32_t align);
/* -EINVAL when addr would split a hugetlb VMA inside a huge page. */
long mm_huge_split_check(struct mm *mm, uint32_t addr);
/* Fault in every page of [start, end) (MAP_POPULATE, MAP_LOCKED); stops at
 * the first page that cannot be brought in. */
enum mm_fault mm_prefault(struct mm *mm, uint32_t start, uint32_t end);
/* A zeroed frame, reclaiming MADV_FREE pages first if RAM has run out. */
int64_t mm_frame_alloc(struct mm *mm);
/* Free every clean MADV_FREE page (madvise.c); true if any was freed. */
bool mm_reclaim_lazyfree(struct mm *mm);

#endif
