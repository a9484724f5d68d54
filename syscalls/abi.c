/* The memory calls' flags by kernel version: which MAP_, PROT_, MADV_,
 * MREMAP_ and MCL_ values each release knew. Values and first versions from
 * the kernel-history memory-flags table (release trees, man pages); see
 * docs/personalities.md for the ones not confirmed in a tree. */
#include "personality.h"

#include "../mm/mm.h"

#include <string.h>

enum flag_kind { MMAP, PROT, MADV, MREMAP, MCL };

static const struct {
    enum flag_kind kind;
    uint32_t value;
    const char *first;
} flag_rows[] = {
    {MMAP, 0x01, "0.97.5"},      /* MAP_SHARED */
    {MMAP, 0x02, "0.97.5"},      /* MAP_PRIVATE */
    {MMAP, 0x10, "0.97.5"},      /* MAP_FIXED */
    {MMAP, 0x20, "0.99.15"},     /* MAP_ANONYMOUS */
    {MMAP, 0x100, "1.1.85"},     /* MAP_GROWSDOWN */
    {MMAP, 0x800, "1.1.36"},     /* MAP_DENYWRITE (then stripped by the entry) */
    {MMAP, 0x1000, "1.1.38"},    /* MAP_EXECUTABLE (likewise) */
    {MMAP, 0x2000, "2.5.37"},    /* MAP_LOCKED: defined earlier, honoured from here */
    {MMAP, 0x4000, "2.1.2"},     /* MAP_NORESERVE */
    {MMAP, 0x8000, "2.5.46"},    /* MAP_POPULATE */
    {MMAP, 0x10000, "2.5.46"},   /* MAP_NONBLOCK */
    {MMAP, 0x20000, "2.6.27"},   /* MAP_STACK */
    {MMAP, 0x40000, "2.6.32"},   /* MAP_HUGETLB */
    {MMAP, 0x80000, "4.15"},     /* MAP_SYNC */
    {MMAP, 0x100000, "4.17"},    /* MAP_FIXED_NOREPLACE: a hint before */
    {MMAP, 0x4000000, "2.6.33"}, /* MAP_UNINITIALIZED */
    {MMAP, 0xfc000000, "3.8"},   /* MAP_HUGE_SHIFT size bits */
    {PROT, 0x7, "0.97.5"},       /* PROT_READ | PROT_WRITE | PROT_EXEC */
    {PROT, 0x8, "2.5.7"},        /* PROT_SEM */
    {PROT, 0x03000000, "2.6.0-test6"}, /* PROT_GROWSDOWN | PROT_GROWSUP */
    {MADV, 0, "2.3.99pre1"},
    {MADV, 1, "2.3.99pre1"},
    {MADV, 2, "2.3.99pre1"},
    {MADV, 3, "2.3.99pre1"},
    {MADV, 4, "2.3.99pre1"},
    {MADV, 8, "4.5"},
    {MADV, 9, "2.6.16"},
    {MADV, 10, "2.6.16"},
    {MADV, 11, "2.6.16"},
    {MADV, 12, "2.6.32"},
    {MADV, 13, "2.6.32"},
    {MADV, 14, "2.6.38"},
    {MADV, 15, "2.6.38"},
    {MADV, 16, "3.4"},
    {MADV, 17, "3.4"},
    {MADV, 18, "4.14"},
    {MADV, 19, "4.14"},
    {MADV, 20, "5.4"},
    {MADV, 21, "5.4"},
    {MADV, 22, "5.14"},
    {MADV, 23, "5.14"},
    {MADV, 24, "5.18"},
    {MADV, 25, "6.1"},
    {MADV, 100, "2.6.32"},
    {MADV, 101, "2.6.33"},
    {MADV, 102, "6.13"},
    {MADV, 103, "6.13"},
    {MREMAP, 1, "1.3.87"}, /* MREMAP_MAYMOVE */
    {MREMAP, 2, "2.3.31"}, /* MREMAP_FIXED */
    {MREMAP, 4, "5.7"},    /* MREMAP_DONTUNMAP */
    {MCL, 1, "1.3.43"},    /* MCL_CURRENT */
    {MCL, 2, "1.3.43"},    /* MCL_FUTURE */
    {MCL, 4, "4.4"},       /* MCL_ONFAULT */
};

void personality_mm_abi(const struct personality *p, struct mm_abi *abi)
{
    memset(abi, 0, sizeof(*abi));
    for (size_t i = 0; i < sizeof(flag_rows) / sizeof(flag_rows[0]); i++) {
        kver_t first = 0;
        kver_parse(flag_rows[i].first, &first);
        if (p->kernel < first)
            continue;
        uint32_t val = flag_rows[i].value;
        switch (flag_rows[i].kind) {
        case MMAP:
            abi->mmap_flags |= val;
            break;
        case PROT:
            abi->prot_bits |= val;
            break;
        case MADV:
            if (val < 64)
                abi->advice |= 1ull << val;
            else
                abi->advice_high |= 1u << (val - 100);
            break;
        case MREMAP:
            abi->mremap_flags |= val;
            break;
        case MCL:
            abi->mlockall_flags |= val;
            break;
        }
    }
    abi->shared_validate = p->kernel >= KV(4, 15, 0);
    /* By 2.6.32 madvise() rejected unknown advice up front; 2.6.11 still did
     * it per VMA (the change in between is not pinned down). */
    abi->advice_first = p->kernel >= KV(2, 6, 32);
    abi->mmap_len0_addr = p->kernel < KV(2, 6, 12);
}
