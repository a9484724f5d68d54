/* The kernel a guest sees: a version, and what follows from it (features
 * looked up in a versioned table, the uname strings, personality(2)). */
#ifndef RELIC_SYSCALLS_PERSONALITY_H
#define RELIC_SYSCALLS_PERSONALITY_H

#include "kversion.h"

#include <stdbool.h>
#include <stdint.h>

/* The version a binary gets when nothing else is said (docs/personalities.md). */
#define KERNEL_DEFAULT     "6.18"
#define KERNEL_OLDEST      KV(2, 0, 0)
#define KERNEL_NEWEST_TEXT "7.0"

/* Behaviours that came or went with a kernel version. */
enum kfeature {
    KF_TOPDOWN_MMAP,       /* mmap below the stack, not up from 0x40000000 */
    KF_COMPAT_LAYOUT_FLAG, /* personality ADDR_COMPAT_LAYOUT exists */
    KF_READ_IMPLIES_EXEC,  /* personality READ_IMPLIES_EXEC exists */
    KF_NO_RANDOMIZE_FLAG,  /* personality ADDR_NO_RANDOMIZE exists */
    KF_AT_SECURE,          /* auxv entries, each from its release */
    KF_AT_EXECFN,
    KF_AT_RANDOM,
    KF_HUGETLB_SYSCALLS,    /* alloc_hugepages/free_hugepages live */
    KF_HUGETLB,             /* any huge page support (pool, /proc) */
    KF_SYSCTL_NUMHUGEPAGES, /* /proc/sys/kernel/numhugepages */
    KF_SYSCTL_NR_HUGEPAGES, /* /proc/sys/vm/nr_hugepages */
    KF_MEMINFO_HUGE_OLD,    /* HugePages: / Available: / Size: */
    KF_MEMINFO_HUGE,        /* HugePages_Total / _Free / Hugepagesize */
    KF_MEMINFO_HUGE_RSVD,
    KF_MEMINFO_HUGE_SURP,
    KF_MEMINFO_OLD_TABLE, /* the "total: used: free:" header of 2.4 */
    KF_HUGEPOOL_QUARTER,  /* boot reserves a quarter of low memory as huge pages */
    KF_MAPS_HEAP_STACK,   /* [heap] and [stack] in /proc/PID/maps */
    KF_PIE_LOW_BASE,      /* a PIE at 4 MiB, ld.so run alone in the mmap area */
    KF_COUNT
};

/* personality(2) bits (include/uapi/linux/personality.h). */
#define PER_ADDR_NO_RANDOMIZE  0x0040000u
#define PER_ADDR_COMPAT_LAYOUT 0x0200000u
#define PER_READ_IMPLIES_EXEC  0x0400000u
#define PER_UNAME26            0x0020000u

struct personality {
    kver_t kernel;
    char release[65]; /* uname -r */
    char version[65]; /* uname -v */
    char machine[65]; /* uname -m */
    uint32_t persona; /* personality(2) */
    bool pse;         /* the CPU has 4 MiB pages (Pentium and later) */
    bool hugetlb;     /* built with CONFIG_HUGETLB_PAGE (and the era had it) */
    bool features[KF_COUNT];
};

/* Set the running kernel from a version string ("2.4.20", "6.1"); machine
 * is uname's, e.g. "i686". 0, or -1 with a one-line reason in why. */
int personality_init(struct personality *p, const char *version, const char *machine,
                     char *why, size_t whylen);
bool kfeature(const struct personality *p, enum kfeature f);

struct mm_abi;
/* The memory calls' flags the kernel knew (abi.c). */
void personality_mm_abi(const struct personality *p, struct mm_abi *abi);

/* The guest's kernel, shared by the syscall handlers. */
extern struct personality guest_kernel;

#endif
