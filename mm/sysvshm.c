/* System V shared memory in the guest MMU. The segment is the host's own
 * (shmget and shmctl are host calls, so ids, permissions, nattch and
 * IPC_RMID behave as on one machine, and native programs share it): shmat
 * attaches it on the host over a run of contiguous guest frames
 * (SHM_REMAP), and the guest's page tables map those frames. A fork child
 * inherits the host attachment with the frames; unmapping a page gives its
 * frame back as for any overlay, and the host detaches once no page of the
 * attachment is left. */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

/* n contiguous frames: a buddy block for up to 4 MiB (its tail given back),
 * else whole 4 MiB blocks from RAM not yet carved; -ENOMEM otherwise (no
 * compaction). */
static int64_t alloc_run(struct phys *p, uint32_t n)
{
    int64_t pfn;
    uint32_t got;
    if (n <= (1u << PHYS_MAX_ORDER)) {
        int order = 0;
        while ((1u << order) < n)
            order++;
        pfn = phys_alloc(p, order);
        if (pfn < 0)
            return pfn;
        got = 1u << order;
    } else {
        uint32_t blocks = (n + (1u << PHYS_MAX_ORDER) - 1) >> PHYS_MAX_ORDER;
        got = blocks << PHYS_MAX_ORDER;
        if (p->uncarved + got > p->nframes || p->uncarved + got < p->uncarved)
            return -ENOMEM;
        pfn = p->uncarved;
        p->uncarved += got;
        p->free_frames -= got;
    }
    for (uint32_t i = n; i < got; i++)
        phys_free(p, (uint32_t)pfn + i, 0);
    return pfn;
}

static const char *segment_name(int key)
{
    /* VMAs hold their name by pointer (and merge by it): one string per key. */
    static struct {
        int key;
        char *name;
    } names[64];
    static unsigned n;
    for (unsigned i = 0; i < n; i++)
        if (names[i].key == key)
            return names[i].name;
    char buf[32];
    snprintf(buf, sizeof(buf), "/SYSV%08x (deleted)", (unsigned)key);
    char *s = strdup(buf);
    if (n < 64)
        names[n++] = (typeof(names[0])){key, s};
    return s;
}

long mm_shmat(struct mm *mm, int shmid, int key, uint64_t size, uint32_t addr, bool remap,
              bool rdonly, bool exec)
{
    uint64_t plen = page_align(size);
    if (plen == 0 || plen > MM_TASK_SIZE)
        return -EINVAL;
    uint32_t len = (uint32_t)plen;
    if (addr) {
        if (addr > MM_TASK_SIZE - len)
            return -EINVAL;
        if (!remap && !vma_range_free(mm, addr, addr + len))
            return -EINVAL;
    } else if (!(addr = mm_find_gap(mm, len, MM_PAGE_SIZE))) {
        return -ENOMEM;
    }
    if (vma_reserve(mm, 3) < 0)
        return -ENOMEM;
    uint32_t npages = len / MM_PAGE_SIZE;
    int64_t pfn = alloc_run(&mm->phys, npages);
    if (pfn < 0) {
        mm->oom = false;
        return -ENOMEM;
    }
    void *at = mm->phys.ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
    if (shmat(shmid, at, SHM_REMAP | (rdonly ? SHM_RDONLY : 0)) != at) {
        long e = -errno;
        for (uint32_t i = 0; i < npages; i++)
            phys_free(&mm->phys, (uint32_t)pfn + i, 0);
        return e;
    }
    for (uint32_t i = 0; i < npages; i++)
        mm->phys.flags[pfn + i] |= FRAME_OVERLAY;
    if (remap)
        mm_munmap(mm, addr, len);
    struct vma v = {.start = addr,
                    .end = addr + len,
                    .prot = L_PROT_READ | (rdonly ? 0 : L_PROT_WRITE) |
                            (exec ? L_PROT_EXEC : 0),
                    .flags = VMA_SHARED | VMA_SYSV | (rdonly ? 0 : VMA_MAYWRITE),
                    .name = segment_name(key),
                    .sysv_id = shmid};
    vma_insert(mm, &v);
    uint32_t bits = pt_bits_for(mm, v.prot);
    for (uint32_t i = 0; i < npages; i++) {
        uint32_t *pte = pt_pte(mm, addr + i * MM_PAGE_SIZE, true);
        if (!pte) { /* no frame for a page table: undo */
            mm_munmap(mm, addr, len);
            return -ENOMEM;
        }
        *pte = (((uint32_t)pfn + i) << MM_PAGE_SHIFT) | bits;
        stat_mapped(mm, false);
    }
    return addr;
}

long mm_shmdt(struct mm *mm, uint32_t addr)
{
    if (addr & (MM_PAGE_SIZE - 1))
        return -EINVAL;
    const struct vma *v = vma_find(mm, addr);
    if (!v || v->start != addr || !(v->flags & VMA_SYSV))
        return -EINVAL;
    /* The attachment's pieces from addr on (mprotect may have split it):
     * the same segment at the offsets that continue it; another attachment
     * of it right behind starts again at offset 0. */
    int id = v->sysv_id;
    uint32_t end = v->end;
    uint64_t off = v->offset + (v->end - v->start);
    for (const struct vma *n; (n = vma_find(mm, end)) && n->start == end &&
                              (n->flags & VMA_SYSV) && n->sysv_id == id &&
                              n->offset == off;) {
        off += n->end - n->start;
        end = n->end;
    }
    return mm_munmap(mm, addr, end - addr);
}
