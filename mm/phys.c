/* Guest physical memory: one lazily backed host region split into 4 KiB frames,
 * handed out by a binary buddy allocator (order 0 = 4 KiB ... order 10 = 4 MiB).
 * A freed block is given back to the host (MADV_DONTNEED), so every frame the
 * allocator hands out reads as zeros, as a fresh page from the kernel does.
 * The bookkeeping arrays are as lazy as the RAM: order-10 blocks are carved
 * from the top of the used part only when the lists run dry, in the order a
 * list of every block, lowest first, would have given them out. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NO_FRAME UINT32_MAX

static void list_push(struct phys *p, uint32_t pfn, int order)
{
    p->order[pfn] = (uint8_t)(order + 1);
    p->prev[pfn] = NO_FRAME;
    p->next[pfn] = p->head[order];
    if (p->head[order] != NO_FRAME)
        p->prev[p->head[order]] = pfn;
    p->head[order] = pfn;
}

static void list_remove(struct phys *p, uint32_t pfn)
{
    int order = p->order[pfn] - 1;
    if (p->prev[pfn] != NO_FRAME)
        p->next[p->prev[pfn]] = p->next[pfn];
    else
        p->head[order] = p->next[pfn];
    if (p->next[pfn] != NO_FRAME)
        p->prev[p->next[pfn]] = p->prev[pfn];
    p->order[pfn] = 0;
}

int phys_init(struct phys *p, uint64_t bytes)
{
    memset(p, 0, sizeof(*p));
    bytes &= ~(uint64_t)(PHYS_BLOCK_MAX_BYTES - 1);
    if (bytes < PHYS_BLOCK_MAX_BYTES)
        return -EINVAL;
    p->bytes = bytes;
    p->nframes = (uint32_t)(bytes >> MM_PAGE_SHIFT);
    p->ram = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p->ram == MAP_FAILED)
        return -errno;
    p->next = malloc(sizeof(uint32_t) * p->nframes);
    p->prev = malloc(sizeof(uint32_t) * p->nframes);
    p->order = calloc(p->nframes, 1);
    p->flags = calloc(p->nframes, 1);
    if (!p->next || !p->prev || !p->order || !p->flags) {
        phys_destroy(p);
        return -ENOMEM;
    }
    for (int o = 0; o <= PHYS_MAX_ORDER; o++)
        p->head[o] = NO_FRAME;
    p->uncarved = 0;
    p->free_frames = p->nframes;
    return 0;
}

void phys_destroy(struct phys *p)
{
    if (p->ram && p->ram != MAP_FAILED)
        munmap(p->ram, p->bytes);
    free(p->next);
    free(p->prev);
    free(p->order);
    free(p->flags);
    memset(p, 0, sizeof(*p));
}

int64_t phys_alloc(struct phys *p, int order)
{
    int o = order;
    while (o <= PHYS_MAX_ORDER && p->head[o] == NO_FRAME)
        o++;
    if (o > PHYS_MAX_ORDER) {
        if (p->uncarved >= p->nframes)
            return -ENOMEM;
        o = PHYS_MAX_ORDER;
        list_push(p, p->uncarved, o);
        p->uncarved += 1u << o;
    }
    uint32_t pfn = p->head[o];
    list_remove(p, pfn);
    /* Split, keeping the lower half and freeing the upper halves. */
    while (o > order) {
        o--;
        list_push(p, pfn + (1u << o), o);
    }
    p->free_frames -= 1u << order;
    /* Only blocks below PHYS_RELEASE_ORDER can hold stale frames. */
    if (order < PHYS_RELEASE_ORDER) {
        for (uint32_t i = 0; i < 1u << order; i++) {
            if (p->flags[pfn + i] & FRAME_STALE) {
                memset(p->ram + ((uint64_t)(pfn + i) << MM_PAGE_SHIFT), 0, MM_PAGE_SIZE);
                p->flags[pfn + i] &= ~FRAME_STALE;
            }
        }
    }
    return (int64_t)pfn;
}

int phys_overlay(struct phys *p, uint32_t pfn, int order, int fd, uint64_t offset,
                 bool writable)
{
    void *at = p->ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
    int prot = PROT_READ | (writable ? PROT_WRITE : 0);
    if (mmap(at, (size_t)MM_PAGE_SIZE << order, prot, MAP_SHARED | MAP_FIXED, fd,
             (off_t)offset) == MAP_FAILED)
        return -errno;
    for (uint32_t i = 0; i < 1u << order; i++)
        p->flags[pfn + i] |= FRAME_OVERLAY;
    return 0;
}

void phys_scrub(struct phys *p, uint32_t pfn, int order)
{
    uint8_t *at = p->ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
    size_t len = (size_t)MM_PAGE_SIZE << order;
    bool overlay = false;
    for (uint32_t i = 0; i < 1u << order; i++) {
        overlay |= (p->flags[pfn + i] & FRAME_OVERLAY) != 0;
        p->flags[pfn + i] = 0;
    }
    if (overlay && mmap(at, len, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
                        0) != MAP_FAILED)
        return;
    madvise(at, len, MADV_DONTNEED);
}

void phys_free(struct phys *p, uint32_t pfn, int order)
{
    if (p->flags[pfn] & FRAME_HWPOISON) {
        /* A poisoned page is never handed out again (memory_failure()
         * isolates it); its host memory goes, the frame stays taken. */
        phys_scrub(p, pfn, order);
        p->flags[pfn] = FRAME_HWPOISON;
        return;
    }
    int first = order;
    if (order >= PHYS_RELEASE_ORDER) {
        phys_scrub(p, pfn, order);
    } else {
        /* Keep the host memory; the frames are zeroed when handed out. */
        bool overlay = false;
        for (uint32_t i = 0; i < 1u << order; i++)
            overlay |= (p->flags[pfn + i] & FRAME_OVERLAY) != 0;
        if (overlay)
            phys_scrub(p, pfn, order);
        else
            for (uint32_t i = 0; i < 1u << order; i++)
                p->flags[pfn + i] = FRAME_STALE;
    }
    p->free_frames += 1u << order;
    while (order < PHYS_MAX_ORDER) {
        uint32_t buddy = pfn ^ (1u << order);
        if (buddy >= p->nframes || p->order[buddy] != order + 1)
            break;
        list_remove(p, buddy);
        pfn &= ~(1u << order);
        order++;
        /* A block reaching the release order goes back to the host whole;
         * larger free blocks are then always clean. */
        if (order == PHYS_RELEASE_ORDER && first < PHYS_RELEASE_ORDER)
            phys_scrub(p, pfn, order);
    }
    list_push(p, pfn, order);
}

uint32_t phys_free_frames(const struct phys *p)
{
    return p->free_frames;
}
