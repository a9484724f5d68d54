/* The /proc files that describe guest memory: maps, smaps and meminfo, in
 * the layout of the kernel's fs/proc/task_mmu.c and fs/proc/meminfo.c as an
 * i386 kernel prints them. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Text appended to a buffer that may be too small: the length is always
 * counted, so a caller can size the buffer with a first call. */
struct out {
    char *buf;
    size_t cap, len;
};

static void put(struct out *o, const char *fmt, ...)
{
    char line[4200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(line))
        n = sizeof(line) - 1;
    if (o->len + (size_t)n <= o->cap)
        memcpy(o->buf + o->len, line, (size_t)n);
    o->len += (size_t)n;
}

/* One maps line (show_map_vma()). */
static void map_line(const struct mm *mm, const struct vma *v, struct out *o)
{
    char line[4200];
    /* A System V segment is a file of the shm mount (device 00:01), its
     * inode number the shmid. */
    bool sysv = (v->flags & VMA_SYSV) != 0;
    int n = snprintf(line, sizeof(line), "%08x-%08x %c%c%c%c %08llx %02x:%02x %lu ",
                     v->start, v->end, v->prot & L_PROT_READ ? 'r' : '-',
                     v->prot & L_PROT_WRITE ? 'w' : '-',
                     v->prot & L_PROT_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
                     v->file ? (unsigned long long)v->offset : 0ull,
                     v->file ? (unsigned)((v->file->dev >> 8) & 0xfff) : 0,
                     v->file ? (unsigned)(v->file->dev & 0xff)
                     : sysv  ? 1u
                             : 0u,
                     v->file ? (unsigned long)v->file->ino
                     : sysv  ? (unsigned long)v->sysv_id
                             : 0ul);
    /* [heap] and [stack] came with 2.6.16's task_mmu.c; older maps name files only. */
    const char *name = v->file ? v->file->path : mm->maps_names ? v->name : NULL;
    /* The VMA overlapping [start_brk, brk] is the heap. */
    if (!v->file && mm->maps_names && v->start <= mm->brk && v->end >= mm->brk_start &&
        mm->brk > mm->brk_start)
        name = "[heap]";
    if (sysv)
        name = v->name;
    if (!name && v->shmem)
        name =
            v->flags & VMA_HUGETLB ? "/anon_hugepage (deleted)" : "/dev/zero (deleted)";
    if (name) {
        /* seq_pad(): to column 25 + 6 * sizeof(void *) of an i386 kernel,
         * then one space; an unnamed line keeps the prefix's space. */
        while (n < 48)
            line[n++] = ' ';
        n += snprintf(line + n, sizeof(line) - (size_t)n, " %s", name);
    }
    line[n] = 0;
    put(o, "%s\n", line);
}

size_t mm_format_maps(const struct mm *mm, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    for (size_t i = 0; i < mm->nvma; i++)
        map_line(mm, &mm->vmas[i], &o);
    return o.len;
}

/* What the page tables hold for one VMA, in pages (smaps_account()). */
struct usage {
    uint32_t rss, dirty, referenced, anon, lazyfree, huge_pages;
};

static void count_pages(struct mm *mm, const struct vma *v, struct usage *u)
{
    memset(u, 0, sizeof(*u));
    bool anon_vma = !v->file && !v->shmem;
    for (uint32_t va = v->start; va < v->end && va >= v->start;) {
        bool huge;
        uint32_t *e = pt_entry(mm, va, &huge);
        uint32_t step = huge ? HUGE_SIZE : MM_PAGE_SIZE;
        if (!e && !huge) { /* no page table: skip its 4 MiB */
            va = (va | (HUGE_SIZE - 1)) + 1;
            continue;
        }
        /* The zero page is nobody's: smaps_pte_entry() skips it. */
        if (e && (*e & PTE_HAS_FRAME) &&
            (huge || (*e >> MM_PAGE_SHIFT) != mm->zero_pfn)) {
            if (huge) {
                u->huge_pages++;
            } else {
                u->rss++;
                bool d = (*e & PTE_D) != 0;
                u->dirty += d;
                u->referenced += (*e & PTE_A) != 0;
                /* A written page of a private file mapping is an anonymous
                 * copy by now (copy-on-write). */
                if (anon_vma || (d && !(v->flags & VMA_SHARED)))
                    u->anon++;
                if (!d && (mm->phys.flags[*e >> MM_PAGE_SHIFT] & FRAME_LAZYFREE))
                    u->lazyfree++;
            }
        }
        va += step;
    }
}

/* VmFlags mnemonics in the order of the kernel's VM_* bits. */
static void vm_flags(const struct vma *v, struct out *o)
{
    bool shared = (v->flags & VMA_SHARED) != 0;
    /* VM_ACCOUNT: private writable memory is charged per VMA (shared
     * memory is charged to its object instead). */
    bool account = !shared && !(v->flags & (VMA_HUGETLB | VMA_NORESERVE)) &&
                   (v->prot & L_PROT_WRITE);
    const struct {
        bool on;
        const char *name;
    } f[] = {
        {v->prot & L_PROT_READ, "rd"},
        {v->prot & L_PROT_WRITE, "wr"},
        {v->prot & L_PROT_EXEC, "ex"},
        {shared && (v->flags & VMA_MAYWRITE), "sh"},
        {true, "mr"},
        {v->flags & VMA_MAYWRITE, "mw"},
        {true, "me"},
        {shared, "ms"},
        {v->flags & VMA_GROWSDOWN, "gd"},
        {v->flags & VMA_LOCKED, "lo"},
        {v->flags & VMA_SEQUENTIAL, "sr"},
        {v->flags & VMA_RANDOM, "rr"},
        {v->flags & VMA_DONTFORK, "dc"},
        {v->flags & VMA_LOCKONFAULT, "lf"},
        {account, "ac"},
        {v->flags & VMA_NORESERVE, "nr"},
        {v->flags & VMA_HUGETLB, "ht"},
        {v->flags & VMA_WIPEONFORK, "wf"},
        {v->flags & VMA_DONTDUMP, "dd"},
        {v->flags & VMA_HUGEPAGE, "hg"},
        {v->flags & VMA_NOHUGEPAGE, "nh"},
        {v->flags & VMA_MERGEABLE, "mg"},
    };
    put(o, "VmFlags:");
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (f[i].on)
            put(o, " %s", f[i].name);
    put(o, " \n");
}

static void kb(struct out *o, const char *label, uint64_t kbytes)
{
    put(o, "%-16s%8llu kB\n", label, (unsigned long long)kbytes);
}

void mm_usage(struct mm *mm, struct mm_usage *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < mm->nvma; i++) {
        struct usage u;
        count_pages(mm, &mm->vmas[i], &u);
        out->rss_pages += u.rss;
        out->huge_pages += u.huge_pages;
    }
    out->faults_small = mm->stats.faults;
    out->faults_huge = mm->stats.faults_huge;
}

void mm_stats(const struct mm *mm, struct mm_stats *out)
{
    *out = mm->stats;
}

size_t mm_format_smaps(struct mm *mm, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        struct usage u;
        count_pages(mm, v, &u);
        bool huge = (v->flags & VMA_HUGETLB) != 0;
        uint32_t page_kb = huge ? 1u << (MM_HUGE_SHIFT - 10) : MM_PAGE_SIZE / 1024;
        uint64_t rss = u.rss * 4ull, dirty = u.dirty * 4ull;
        bool shared = (v->flags & VMA_SHARED) != 0;
        uint64_t huge_kb = u.huge_pages * (uint64_t)page_kb;
        map_line(mm, v, &o);
        kb(&o, "Size:", (v->end - v->start) / 1024);
        kb(&o, "KernelPageSize:", page_kb);
        kb(&o, "MMUPageSize:", page_kb);
        kb(&o, "Rss:", rss);
        kb(&o, "Pss:", rss);
        kb(&o, "Pss_Dirty:", dirty);
        /* One process maps every page: all of it is private (mapcount 1). */
        kb(&o, "Shared_Clean:", 0);
        kb(&o, "Shared_Dirty:", 0);
        kb(&o, "Private_Clean:", rss - dirty);
        kb(&o, "Private_Dirty:", dirty);
        kb(&o, "Referenced:", u.referenced * 4ull);
        kb(&o, "Anonymous:", u.anon * 4ull);
        kb(&o, "KSM:", 0);
        kb(&o, "LazyFree:", u.lazyfree * 4ull);
        kb(&o, "AnonHugePages:", 0);
        kb(&o, "ShmemPmdMapped:", 0);
        kb(&o, "FilePmdMapped:", 0);
        kb(&o, "Shared_Hugetlb:", shared ? huge_kb : 0);
        kb(&o, "Private_Hugetlb:", shared ? 0 : huge_kb);
        kb(&o, "Swap:", 0);
        kb(&o, "SwapPss:", 0);
        kb(&o, "Locked:", v->flags & VMA_LOCKED ? rss : 0);
        put(&o, "THPeligible:    %8d\n", 0);
        vm_flags(v, &o);
    }
    return o.len;
}

/* /proc/meminfo of the guest machine: RAM and the huge page pool. Memory the
 * model does not have (swap, buffers, slab) reads as zero. */
size_t mm_format_meminfo(struct mm *mm, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    struct mm_meminfo mi;
    mm_meminfo(mm, &mi);
    uint64_t anon = 0, shmem = 0, locked = 0;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vmas[i];
        if (v->flags & VMA_HUGETLB)
            continue;
        struct usage u;
        count_pages(mm, v, &u);
        if (v->shmem)
            shmem += u.rss * 4ull;
        else
            anon += u.anon * 4ull;
        if (v->flags & VMA_LOCKED)
            locked += u.rss * 4ull;
    }
    kb(&o, "MemTotal:", mi.total_kb);
    kb(&o, "MemFree:", mi.free_kb);
    kb(&o, "MemAvailable:", mi.free_kb);
    kb(&o, "Buffers:", 0);
    kb(&o, "Cached:", shmem);
    kb(&o, "SwapCached:", 0);
    kb(&o, "Unevictable:", locked);
    kb(&o, "Mlocked:", locked);
    kb(&o, "SwapTotal:", 0);
    kb(&o, "SwapFree:", 0);
    kb(&o, "AnonPages:", anon);
    kb(&o, "Shmem:", shmem);
    put(&o, "HugePages_Total:   %5u\n", mi.huge_total);
    put(&o, "HugePages_Free:    %5u\n", mi.huge_free);
    put(&o, "HugePages_Rsvd:    %5u\n", mi.huge_rsvd);
    put(&o, "HugePages_Surp:    %5u\n", mi.huge_surp);
    put(&o, "Hugepagesize:   %8u kB\n", mi.hugepage_kb);
    kb(&o, "Hugetlb:", (uint64_t)mi.huge_total * mi.hugepage_kb);
    return o.len;
}
