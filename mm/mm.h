/* The guest MMU: physical frames, i386 two-level page tables, VMAs and the
 * memory system calls. It knows nothing about CPUs: an engine asks mm_fill() on
 * every TLB miss and is told through a callback when cached translations die. */
#ifndef RELIC_MM_H
#define RELIC_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define MM_PAGE_SHIFT    12
#define MM_PAGE_SIZE     4096u
#define MM_HUGE_SHIFT    22
#define MM_TASK_SIZE     0xC0000000u /* i386 3G/1G split: the guest's top */
#define MM_UNMAPPED_BASE 0x40000000u /* TASK_SIZE / 3: where bottom-up mmap starts */
#define MM_KERNEL_PAGE   0xFFFFF000u /* engine-private page (GDT), never a VMA */

/* Guest (Linux i386) constants; prefixed so a host value is never meant. */
#define L_PROT_NONE      0x0
#define L_PROT_READ      0x1
#define L_PROT_WRITE     0x2
#define L_PROT_EXEC      0x4
#define L_PROT_SEM       0x8
#define L_PROT_GROWSDOWN 0x01000000
#define L_PROT_GROWSUP   0x02000000

#define L_MAP_SHARED          0x01
#define L_MAP_PRIVATE         0x02
#define L_MAP_SHARED_VALIDATE 0x03
#define L_MAP_TYPE            0x0f
#define L_MAP_FIXED           0x10
#define L_MAP_ANONYMOUS       0x20
#define L_MAP_GROWSDOWN       0x0100
#define L_MAP_DENYWRITE       0x0800
#define L_MAP_EXECUTABLE      0x1000
#define L_MAP_LOCKED          0x2000
#define L_MAP_NORESERVE       0x4000
#define L_MAP_POPULATE        0x8000
#define L_MAP_NONBLOCK        0x10000
#define L_MAP_STACK           0x20000
#define L_MAP_HUGETLB         0x40000
#define L_MAP_SYNC            0x80000
#define L_MAP_FIXED_NOREPLACE 0x100000

#define L_MREMAP_MAYMOVE   1
#define L_MREMAP_FIXED     2
#define L_MREMAP_DONTUNMAP 4

#define L_MS_ASYNC      1
#define L_MS_INVALIDATE 2
#define L_MS_SYNC       4

#define L_MCL_CURRENT   1
#define L_MCL_FUTURE    2
#define L_MCL_ONFAULT   4
#define L_MLOCK_ONFAULT 1

/* madvise advice values (include/uapi/asm-generic/mman-common.h). */
enum {
    L_MADV_NORMAL = 0,
    L_MADV_RANDOM = 1,
    L_MADV_SEQUENTIAL = 2,
    L_MADV_WILLNEED = 3,
    L_MADV_DONTNEED = 4,
    L_MADV_FREE = 8,
    L_MADV_REMOVE = 9,
    L_MADV_DONTFORK = 10,
    L_MADV_DOFORK = 11,
    L_MADV_MERGEABLE = 12,
    L_MADV_UNMERGEABLE = 13,
    L_MADV_HUGEPAGE = 14,
    L_MADV_NOHUGEPAGE = 15,
    L_MADV_DONTDUMP = 16,
    L_MADV_DODUMP = 17,
    L_MADV_WIPEONFORK = 18,
    L_MADV_KEEPONFORK = 19,
    L_MADV_COLD = 20,
    L_MADV_PAGEOUT = 21,
    L_MADV_POPULATE_READ = 22,
    L_MADV_POPULATE_WRITE = 23,
    L_MADV_DONTNEED_LOCKED = 24,
    L_MADV_COLLAPSE = 25,
    L_MADV_HWPOISON = 100,
    L_MADV_SOFT_OFFLINE = 101,
    L_MADV_GUARD_INSTALL = 102,
    L_MADV_GUARD_REMOVE = 103,
};

/* NUMA memory policies (include/uapi/linux/mempolicy.h). */
enum {
    L_MPOL_DEFAULT = 0,
    L_MPOL_PREFERRED = 1,
    L_MPOL_BIND = 2,
    L_MPOL_INTERLEAVE = 3,
    L_MPOL_LOCAL = 4,
    L_MPOL_PREFERRED_MANY = 5,
    L_MPOL_WEIGHTED_INTERLEAVE = 6,
};
#define L_MPOL_F_NUMA_BALANCING (1 << 13)
#define L_MPOL_F_RELATIVE_NODES (1 << 14)
#define L_MPOL_F_STATIC_NODES   (1 << 15)
#define L_MPOL_F_NODE           (1 << 0) /* get_mempolicy flags */
#define L_MPOL_F_ADDR           (1 << 1)
#define L_MPOL_F_MEMS_ALLOWED   (1 << 2)
#define L_MPOL_MF_STRICT        (1 << 0) /* mbind flags */
#define L_MPOL_MF_MOVE          (1 << 1)
#define L_MPOL_MF_MOVE_ALL      (1 << 2)

enum mm_access { MM_READ = 1, MM_WRITE = 2, MM_FETCH = 4 };

/* Why an access failed, as the kernel's SIGSEGV si_code would say. */
enum mm_fault {
    MM_OK = 0,
    MM_MAPERR = 1,
    MM_ACCERR = 2,
    MM_OOM = 3,
    MM_BUSERR = 4,   /* SIGBUS BUS_ADRERR: beyond a file's end, no huge page */
    MM_HWPOISON = 5, /* SIGBUS BUS_MCEERR_AR: a poisoned page */
};

enum vma_flag {
    VMA_SHARED = 1 << 0,
    VMA_GROWSDOWN = 1 << 1,
    VMA_ANON = 1 << 2,
    VMA_MAYWRITE = 1 << 3,    /* PROT_WRITE may be added (Linux's VM_MAYWRITE) */
    VMA_HUGETLB = 1 << 4,     /* 4 MiB pages from the huge page pool */
    VMA_LOCKED = 1 << 5,      /* mlock: pages stay resident */
    VMA_LOCKONFAULT = 1 << 6, /* with VMA_LOCKED: lock pages as they fault in */
    VMA_DONTFORK = 1 << 7,    /* absent in a fork child */
    VMA_WIPEONFORK = 1 << 8,  /* zero-filled in a fork child */
    VMA_DONTDUMP = 1 << 9,
    VMA_MERGEABLE = 1 << 10, /* KSM candidate */
    VMA_HUGEPAGE = 1 << 11,  /* MADV_HUGEPAGE */
    VMA_NOHUGEPAGE = 1 << 12,
    VMA_RANDOM = 1 << 13,     /* MADV_RANDOM */
    VMA_SEQUENTIAL = 1 << 14, /* MADV_SEQUENTIAL */
    VMA_NORESERVE = 1 << 15,  /* MAP_NORESERVE: no huge page reservation */
    VMA_HUGESEG = 1 << 16,    /* an alloc_hugepages() segment (Linux 2.5.36-2.5.53) */
    VMA_SYSV = 1 << 17,       /* an attached System V shared memory segment */
};

struct mm_file;  /* an open file a mapping reads from (refcounted, internal) */
struct mm_shmem; /* the host shared memory behind a shared anonymous mapping */
struct mpol;     /* a NUMA memory policy (numa.c) */

struct vma {
    uint32_t start, end; /* [start, end), page aligned */
    uint32_t prot;       /* L_PROT_* */
    uint32_t flags;      /* enum vma_flag */
    struct mm_file *file;
    uint64_t offset;        /* file offset of start, bytes */
    const char *name;       /* "[heap]", "[stack]" or NULL */
    struct mm_shmem *shmem; /* shared anonymous memory: page i is at offset */
    struct mpol *policy;    /* mbind policy; NULL is the task's (MPOL_DEFAULT) */
    int sysv_id;            /* VMA_SYSV: the segment's shmid */
};

struct mm;

struct mm *mm_new(uint64_t ram_bytes, int *err);
void mm_free(struct mm *mm);

/* The engine maps guest physical memory [0, size) from this host pointer. */
uint8_t *mm_ram(struct mm *mm, uint64_t *size);
/* Called when translations the engine may cache became stale; code is true
 * when pages that were executed from went away (translated code must go too);
 * others_only when the CPU filling its TLB right now is up to date. */
void mm_set_invalidate(struct mm *mm, void (*fn)(void *ctx, bool code, bool others_only),
                       void *ctx);

/* TLB fill: translate va for the access, faulting pages in on demand.
 * On success *paddr and *perms (bit 0 read, 1 write, 2 exec) are set. */
enum mm_fault mm_fill(struct mm *mm, uint32_t va, enum mm_access access, uint64_t *paddr,
                      int *perms);

/* True once a page could not be brought in for want of RAM, even inside a
 * system call: the kernel's OOM killer would now kill the guest. */
bool mm_oom_pending(const struct mm *mm);

/* A zeroed frame for the engine's own use (a CPU's GDT page, the LDT),
 * outside every VMA: its host pointer, and *paddr; NULL when RAM is full. */
uint8_t *mm_kernel_frame(struct mm *mm, uint64_t *paddr);
void mm_kernel_frame_free(struct mm *mm, uint64_t paddr);

/* Address-space layout and personality-dependent knobs. */
void mm_set_layout(struct mm *mm, uint32_t mmap_base, bool top_down);
/* What the chosen kernel knew of the memory calls' flags (set from the
 * personality's data): unknown mmap bits are ignored, as mmap always did;
 * unknown prot, advice, mremap and mlockall values are EINVAL. */
struct mm_abi {
    uint32_t mmap_flags;  /* MAP_* bits the kernel acted on */
    bool shared_validate; /* MAP_SHARED_VALIDATE (4.15) is a mapping type */
    uint32_t prot_bits;   /* PROT_* bits mprotect/mmap accept */
    uint32_t mremap_flags, mlockall_flags;
    uint64_t advice;      /* bit n: madvise advice n exists (n < 64) */
    uint32_t advice_high; /* bit n: advice 100 + n exists */
    bool advice_first;    /* unknown advice is EINVAL even for length 0 */
    bool mmap_len0_addr;  /* mmap of length 0 returns addr (up to 2.6.11) */
};
/* Every flag this relic knows: the newest kernel (mm_new's default). */
void mm_abi_all(struct mm_abi *abi);
void mm_set_abi(struct mm *mm, const struct mm_abi *abi);
/* Whether /proc/PID/maps names [heap] and [stack] (Linux 2.6.16 on). */
void mm_set_maps_names(struct mm *mm, bool on);
void mm_set_exec_policy(struct mm *mm, bool nx, bool read_implies_exec);
void mm_set_brk_start(struct mm *mm, uint32_t brk);
uint32_t mm_brk_start(const struct mm *mm);
/* Where the argument and environment strings are (mm->arg_start and
 * friends): what /proc/PID/cmdline and environ read. */
void mm_set_arg_area(struct mm *mm, uint32_t arg_start, uint32_t arg_end,
                     uint32_t env_start, uint32_t env_end);
void mm_arg_area(const struct mm *mm, bool env, uint32_t *start, uint32_t *end);

/* Page events (relic --trace-pages): the hook is NULL unless asked for and
 * is only called on paths that already do work (a page brought in or let
 * go), never on a TLB hit. */
enum mm_page_kind {
    MM_PAGE_FAULT_IN, /* first touch: a frame (or, read, the zero page) */
    MM_PAGE_COW,      /* a write copies the zero page, or a page fork shared */
    MM_PAGE_DROP,     /* MADV_DONTNEED/MADV_REMOVE took a resident page */
    MM_PAGE_RECLAIM,  /* a MADV_FREE page was taken back */
    MM_PAGE_POOL,     /* the huge page pool changed */
};
struct mm_page_event {
    enum mm_page_kind kind;
    uint32_t va, size; /* the page (not for POOL) */
    enum mm_access access;
    bool zero_page;       /* FAULT_IN of a read: the shared zero page */
    bool after_fork;      /* COW: of a page fork shared (not the zero page) */
    int advice;           /* DROP: the MADV_ that did it */
    const char *pool_why; /* POOL: what happened */
    uint32_t pool_total, pool_free;
};
extern void (*mm_page_hook)(struct mm *mm, const struct mm_page_event *ev);

/* What a guest process holds now, by walking its page tables as smaps
 * does: resident 4 KiB pages and 4 MiB pages, and the faults that brought
 * a page in since the start, by page size. */
struct mm_usage {
    uint64_t rss_pages, huge_pages;
    uint64_t faults_small, faults_huge;
};
void mm_usage(struct mm *mm, struct mm_usage *out);
/* The same figures kept as pages come and go, for the -c summary: cheap to
 * read at any time. The zero page is nobody's (the kernel's RSS leaves it
 * out too); peak_kib counts both page sizes. mm_fork_child starts a
 * child's afresh, as dup_mm() does: no faults, peak = what it maps. */
struct mm_stats {
    uint64_t resident, huge;      /* 4 KiB and 4 MiB pages mapped now */
    uint64_t peak_kib, peak_huge; /* the largest size so far, its 4 MiB pages */
    uint64_t faults, faults_huge; /* faults that brought a 4 KiB / 4 MiB page in */
};
void mm_stats(const struct mm *mm, struct mm_stats *out);

/* Move a descriptor relic keeps for itself (close-on-exec) out of the
 * numbers the guest's own open() would get; returns the new number. */
int mm_hide_fd(int fd);

/* Guest memory as the kernel's copy_{from,to}_user sees it: protections apply,
 * pages fault in, and a bad pointer gives -EFAULT. */
int mm_copy_from(struct mm *mm, void *dst, uint32_t va, size_t len);
int mm_copy_to(struct mm *mm, uint32_t va, const void *src, size_t len);
/* Copy a NUL-terminated string of at most max bytes including the NUL:
 * its length, -EFAULT, or -ENAMETOOLONG. */
long mm_copy_str(struct mm *mm, char *dst, uint32_t va, size_t max);
/* Host iovecs covering [va, va+len) for direct I/O into guest memory; returns
 * how many were filled (len may be cut at the first bad page: *done says how
 * many bytes are covered) or -EFAULT when not even the first byte is valid. */
int mm_iov(struct mm *mm, uint32_t va, size_t len, enum mm_access access,
           struct iovec *iov, int max, size_t *done);
/* Kernel-side write ignoring protections (loader: stack, bss tails). */
int mm_poke(struct mm *mm, uint32_t va, const void *src, size_t len);
/* Read guest memory as the guest would see it, changing nothing: no page
 * faults in, no accessed bit is set, no page event is made, and an untouched
 * page reads from its file or shared object (else zeros) in place. For
 * onlookers (the tracer), whose reads must not show in what the guest does.
 * 0, or -EFAULT where a guest read would fault (unmapped, PROT_NONE, guard
 * page, past the end of the object, poisoned). The stack does not grow. */
int mm_peek(struct mm *mm, void *dst, uint32_t va, size_t len);

/* Memory system calls: a result or a negative errno. */
long mm_brk(struct mm *mm, uint32_t addr);
long mm_mmap(struct mm *mm, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
             int fd, uint64_t offset);
long mm_munmap(struct mm *mm, uint32_t addr, uint32_t len);

/* alloc_hugepages(2)/free_hugepages(2) of Linux 2.5.36-2.5.53 (hugeseg.c). */
struct mm_hugeseg_args {
    int key;
    uint32_t addr, len, prot;
    int flag; /* IPC_CREAT for a keyed segment; MAP_PRIVATE: not forked */
    bool pse; /* the CPU has 4 MiB pages */
    bool may_private, may_create; /* the era's permission rules, already applied */
    uint32_t uid, gid;            /* fsuid/fsgid: a keyed segment's owner */
};
long mm_alloc_hugepages(struct mm *mm, const struct mm_hugeseg_args *a);
long mm_free_hugepages(struct mm *mm, uint32_t addr);
/* Name the machine whose keyed segments this process shares (default
 * "default"); -EINVAL for a name that is not a plain file name. */
int mm_set_machine(const char *name);
/* Give back this process's holds on keyed segments (at exit; also atexit). */
void hugekey_release_all(void);
/* shmat/shmdt (sysvshm.c): attach the host's System V segment shmid (size
 * bytes, key for its maps name) at addr (0: where mmap would put it;
 * remap: replace what is there), or detach the segment attached at addr. */
long mm_shmat(struct mm *mm, int shmid, int key, uint64_t size, uint32_t addr, bool remap,
              bool rdonly, bool exec);
long mm_shmdt(struct mm *mm, uint32_t addr);
long mm_mprotect(struct mm *mm, uint32_t addr, uint32_t len, uint32_t prot);
long mm_mremap(struct mm *mm, uint32_t addr, uint32_t old_len, uint32_t new_len,
               uint32_t flags, uint32_t new_addr);
long mm_madvise(struct mm *mm, uint32_t addr, uint32_t len, int advice);
long mm_msync(struct mm *mm, uint32_t addr, uint32_t len, int flags);
long mm_mlock(struct mm *mm, uint32_t addr, uint32_t len, int flags); /* mlock2 */
long mm_munlock(struct mm *mm, uint32_t addr, uint32_t len);
long mm_mlockall(struct mm *mm, int flags);
long mm_munlockall(struct mm *mm);
/* mincore: one byte per page written to the guest's vec. */
long mm_mincore(struct mm *mm, uint32_t addr, uint32_t len, uint32_t vec);
/* NUMA policy calls on a one-node machine. *task_policy is the calling
 * thread's policy (set_mempolicy); guest pointers go through mm. */
long mm_mbind(struct mm *mm, uint32_t addr, uint32_t len, int mode, uint32_t nmask,
              uint32_t maxnode, uint32_t flags);
long mm_set_mempolicy(struct mm *mm, struct mpol **task_policy, int mode, uint32_t nmask,
                      uint32_t maxnode);
long mm_get_mempolicy(struct mm *mm, struct mpol *task_policy, uint32_t mode_va,
                      uint32_t nmask, uint32_t maxnode, uint32_t addr, uint32_t flags);
void mm_mpol_put(struct mpol *p);
/* In a fork child (the host process already forked): apply DONTFORK,
 * WIPEONFORK and the loss of memory locks. */
void mm_fork_child(struct mm *mm);
/* A fork without CLONE_VM succeeded (call in the parent and the child):
 * the private pages both now share are write-protected so that the first
 * write to each reports MM_PAGE_COW, as the kernel's do_wp_page() sees it.
 * Only while mm_page_hook is set; relic's host fork shares the frames
 * copy-on-write without mm knowing otherwise. */
void mm_fork_cow(struct mm *mm);
/* Names a mapping for /proc/self/maps ("[stack]", "[heap]"). */
void mm_name_vma(struct mm *mm, uint32_t va, const char *name);

/* The machine's memory as /proc/meminfo reports it. */
struct mm_meminfo {
    uint64_t total_kb, free_kb;
    uint32_t huge_total, huge_free, huge_rsvd, huge_surp, hugepage_kb;
};
void mm_meminfo(const struct mm *mm, struct mm_meminfo *mi);
/* nr_hugepages: resize the pool (as far as RAM allows); returns the new size. */
uint32_t mm_hugepages_set(struct mm *mm, uint32_t count);
uint32_t mm_hugepages(const struct mm *mm);

/* VMAs, in address order. */
size_t mm_vma_count(const struct mm *mm);
const struct vma *mm_vma_at(const struct mm *mm, size_t i);
const struct vma *mm_vma_find(const struct mm *mm, uint32_t va);
/* /proc texts; each returns the full length (the text is cut at cap). */
size_t mm_format_maps(const struct mm *mm, char *buf, size_t cap);
size_t mm_format_smaps(struct mm *mm, char *buf, size_t cap);
size_t mm_format_meminfo(struct mm *mm, char *buf, size_t cap);

/* Page-table view, for tests and later for mincore/smaps. */
bool mm_page_present(struct mm *mm, uint32_t va, bool *dirty, bool *accessed);
uint32_t mm_free_frames(const struct mm *mm);

#endif
