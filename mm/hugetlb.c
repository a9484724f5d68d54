/* The huge page pool: 4 MiB frames taken from RAM when nr_hugepages grows, as
 * hugetlb.c's set_max_huge_pages() does, so that fragmentation can leave the
 * pool short of what was asked. Mappings reserve pages at mmap time and take
 * them at fault time; pages used beyond a shrunk pool are surplus and go back
 * to RAM when released. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>

#define HUGE_ORDER PHYS_MAX_ORDER

static int push_free(struct hugepool *h, uint32_t pfn)
{
    if (h->nfree == h->cap) {
        uint32_t cap = h->cap ? h->cap * 2 : 16;
        uint32_t *n = realloc(h->pfns, cap * sizeof(*n));
        if (!n)
            return -ENOMEM;
        h->pfns = n;
        h->cap = cap;
    }
    h->pfns[h->nfree++] = pfn;
    return 0;
}

static uint32_t persistent(const struct hugepool *h)
{
    return h->total - h->surp;
}

static void pool_event(struct mm *mm, const char *why)
{
    if (mm_page_hook)
        mm_page_hook(mm, &(struct mm_page_event){.kind = MM_PAGE_POOL,
                                                 .pool_why = why,
                                                 .pool_total = mm->pool.total,
                                                 .pool_free = mm->pool.nfree});
}

uint32_t mm_hugepages_set(struct mm *mm, uint32_t count)
{
    struct hugepool *h = &mm->pool;
    /* Surplus pages in use become persistent first. */
    while (h->surp && count > persistent(h))
        h->surp--;
    while (count > persistent(h)) {
        int64_t pfn = phys_alloc(&mm->phys, HUGE_ORDER);
        if (pfn < 0)
            break;
        if (push_free(h, (uint32_t)pfn) < 0) {
            phys_free(&mm->phys, (uint32_t)pfn, HUGE_ORDER);
            break;
        }
        h->total++;
    }
    /* Shrinking frees only pages nobody uses or has reserved; the rest of
     * the excess becomes surplus. */
    uint32_t in_use = h->total - h->nfree;
    uint32_t floor = h->resv + in_use;
    uint32_t keep = count > floor ? count : floor;
    while (persistent(h) > keep && h->nfree > h->resv) {
        phys_free(&mm->phys, h->pfns[--h->nfree], HUGE_ORDER);
        h->total--;
    }
    while (persistent(h) > count && h->surp < in_use)
        h->surp++;
    pool_event(mm, "resize");
    return persistent(h);
}

uint32_t mm_hugepages(const struct mm *mm)
{
    return persistent(&mm->pool);
}

static uint16_t *map_count(struct mm *mm, uint32_t pfn)
{
    if (!mm->huge_maps)
        mm->huge_maps = calloc((mm->phys.nframes >> HUGE_ORDER) + 1, sizeof(uint16_t));
    return mm->huge_maps ? &mm->huge_maps[pfn >> HUGE_ORDER] : NULL;
}

int64_t hugepool_take(struct mm *mm, bool reserved)
{
    struct hugepool *h = &mm->pool;
    if (h->nfree == 0 || (!reserved && h->nfree <= h->resv))
        return -ENOMEM;
    if (reserved && h->resv)
        h->resv--;
    uint32_t pfn = h->pfns[--h->nfree];
    uint16_t *n = map_count(mm, pfn);
    if (n)
        *n = 1;
    pool_event(mm, "take");
    return pfn;
}

void hugepool_share(struct mm *mm, uint32_t pfn)
{
    uint16_t *n = map_count(mm, pfn);
    if (n)
        ++*n;
}

void hugepool_put(struct mm *mm, uint32_t pfn)
{
    struct hugepool *h = &mm->pool;
    uint16_t *n = map_count(mm, pfn);
    if (n && *n > 1) {
        --*n;
        return;
    }
    if (n)
        *n = 0;
    if (h->surp) {
        h->surp--;
        h->total--;
        phys_free(&mm->phys, pfn, HUGE_ORDER);
        pool_event(mm, "put");
        return;
    }
    phys_scrub(&mm->phys, pfn, HUGE_ORDER);
    if (push_free(h, pfn) < 0) { /* cannot keep it: give it back to RAM */
        h->total--;
        phys_free(&mm->phys, pfn, HUGE_ORDER);
    }
    pool_event(mm, "put");
}

int hugepool_reserve(struct mm *mm, uint32_t n)
{
    struct hugepool *h = &mm->pool;
    if (h->nfree - h->resv < n)
        return -ENOMEM;
    h->resv += n;
    return 0;
}

void hugepool_unreserve(struct mm *mm, uint32_t n)
{
    struct hugepool *h = &mm->pool;
    h->resv = n > h->resv ? 0 : h->resv - n;
}

void mm_meminfo(const struct mm *mm, struct mm_meminfo *mi)
{
    const struct hugepool *h = &mm->pool;
    mi->total_kb = mm->phys.nframes * (uint64_t)(MM_PAGE_SIZE / 1024);
    mi->free_kb = mm->phys.free_frames * (uint64_t)(MM_PAGE_SIZE / 1024);
    mi->huge_total = h->total;
    mi->huge_free = h->nfree;
    mi->huge_rsvd = h->resv;
    mi->huge_surp = h->surp;
    mi->hugepage_kb = 1u << (MM_HUGE_SHIFT - 10);
}
