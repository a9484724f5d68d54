/* NUMA memory policies (mbind, set_mempolicy, get_mempolicy) as Linux 6.18's
 * mm/mempolicy.c takes them, on a machine whose only node is node 0.
 *
 * The guest is modelled as what this host runs: an i386 (compat) task on a
 * 64-bit kernel built with CONFIG_NUMA and CONFIG_NODES_SHIFT=10. Nodemasks
 * are arrays of 32-bit words in guest memory, but the kernel walks them in
 * 64-bit longs, and that shows in how maxnode rounds (get_nodes()) and how
 * much of a mask get_mempolicy() writes (copy_nodes_to_user()). Arguments
 * arrive zero-extended to 64 bits, so a range can run past 4 GiB instead of
 * wrapping (do_mbind()'s end < start never holds for a compat task). */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_NUMNODES    1024 /* 1 << CONFIG_NODES_SHIFT */
#define NR_NODE_IDS     1    /* node 0 is the only possible node */
#define LONG_BITS       64   /* the host kernel's BITS_PER_LONG */
#define MASK_LONGS      (MAX_NUMNODES / LONG_BITS)
#define MPOL_MAX        7 /* MPOL_WEIGHTED_INTERLEAVE + 1 */
#define USER_MASK_FLAGS (L_MPOL_F_STATIC_NODES | L_MPOL_F_RELATIVE_NODES)
#define MODE_FLAGS      (USER_MASK_FLAGS | L_MPOL_F_NUMA_BALANCING)
#define GET_FLAGS       (L_MPOL_F_NODE | L_MPOL_F_ADDR | L_MPOL_F_MEMS_ALLOWED)
#define MF_VALID        (L_MPOL_MF_STRICT | L_MPOL_MF_MOVE | L_MPOL_MF_MOVE_ALL)
#define SPACE_END       (1ull << 32) /* a compat task's address space ends here */

struct nodemask {
    uint64_t w[MASK_LONGS];
};

/* A policy; NULL stands for MPOL_DEFAULT. Its nodes are {0} except for
 * MPOL_LOCAL (none): every accepted mask has been cut down to node 0. */
struct mpol {
    int refs;
    int mode;             /* L_MPOL_*: PREFERRED without nodes became LOCAL */
    unsigned flags;       /* MODE_FLAGS as given */
    struct nodemask user; /* the mask as given, kept with USER_MASK_FLAGS */
};

struct mpol *mpol_get(struct mpol *p)
{
    if (p)
        p->refs++;
    return p;
}

void mm_mpol_put(struct mpol *p)
{
    if (p && --p->refs == 0)
        free(p);
}

/* __mpol_equal(): VMAs merge when their policies say the same. */
bool mpol_equal(const struct mpol *a, const struct mpol *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->mode != b->mode || a->flags != b->flags)
        return false;
    return !(a->flags & USER_MASK_FLAGS) || !memcmp(&a->user, &b->user, sizeof(a->user));
}

static bool nodes_empty(const struct nodemask *n)
{
    for (int i = 0; i < MASK_LONGS; i++)
        if (n->w[i])
            return false;
    return true;
}

/* get_bitmap() in a compat task: compat_get_bitmap() reads the 32-bit words
 * covering bits, pairs them into longs, and the last long is cut to bits. */
static int get_bitmap(struct mm *mm, uint64_t *mask, uint64_t va, uint64_t bits)
{
    uint32_t words[MAX_NUMNODES / 32];
    uint64_t n = (bits + 31) / 32;
    if (va + n * 4 > SPACE_END || mm_copy_from(mm, words, (uint32_t)va, n * 4))
        return -EFAULT;
    for (uint64_t i = 0; i < (bits + LONG_BITS - 1) / LONG_BITS; i++)
        mask[i] = words[2 * i] | (2 * i + 1 < n ? (uint64_t)words[2 * i + 1] << 32 : 0);
    if (bits % LONG_BITS)
        mask[(bits - 1) / LONG_BITS] &= (1ull << (bits % LONG_BITS)) - 1;
    return 0;
}

/* get_nodes(): maxnode counts one more bit than is read (so 0 wraps to a
 * huge count: EINVAL with a mask, nothing without), at most a page of bits.
 * Bits past MAX_NUMNODES must be clear, checked a whole 64-bit long at a
 * time from the top: the long holding the last bit is read entirely, bits
 * beyond maxnode included (host: bit 1060 with maxnode 1060 is EINVAL). */
static int get_nodes(struct mm *mm, struct nodemask *nodes, uint32_t nmask,
                     uint32_t maxnode_arg)
{
    uint64_t maxnode = (uint64_t)maxnode_arg - 1;
    memset(nodes, 0, sizeof(*nodes));
    if (maxnode == 0 || !nmask)
        return 0;
    if (maxnode > MM_PAGE_SIZE * 8)
        return -EINVAL;
    while (maxnode > MAX_NUMNODES) {
        uint64_t t;
        if (get_bitmap(mm, &t, nmask + (maxnode - 1) / LONG_BITS * 8, LONG_BITS))
            return -EFAULT;
        maxnode =
            maxnode - LONG_BITS >= MAX_NUMNODES ? maxnode - LONG_BITS : MAX_NUMNODES;
        if (t)
            return -EINVAL;
    }
    return get_bitmap(mm, nodes->w, nmask, maxnode);
}

/* sanitize_mpol_flags(): the mode flags ride in the mode's high bits. */
static int sanitize_mode(int *mode, unsigned *flags)
{
    *flags = (unsigned)*mode & MODE_FLAGS;
    *mode &= ~MODE_FLAGS;
    if ((unsigned)*mode >= MPOL_MAX)
        return -EINVAL;
    if ((*flags & L_MPOL_F_STATIC_NODES) && (*flags & L_MPOL_F_RELATIVE_NODES))
        return -EINVAL;
    if ((*flags & L_MPOL_F_NUMA_BALANCING) && *mode != L_MPOL_BIND &&
        *mode != L_MPOL_PREFERRED_MANY)
        return -EINVAL;
    return 0;
}

/* mpol_new() then mpol_set_nodemask(): *out is NULL for MPOL_DEFAULT. The
 * mask is cut to the nodes with memory, {0}; what is left must not be
 * empty, except that RELATIVE_NODES folds any mask onto node 0. */
static long mpol_create(int mode, unsigned flags, const struct nodemask *nodes,
                        struct mpol **out)
{
    bool empty = nodes_empty(nodes);
    *out = NULL;
    if (mode == L_MPOL_DEFAULT)
        return empty ? 0 : -EINVAL;
    if (mode == L_MPOL_PREFERRED && empty) {
        if (flags & USER_MASK_FLAGS)
            return -EINVAL;
        mode = L_MPOL_LOCAL; /* "preferred, no node" is local allocation */
    } else if (mode == L_MPOL_LOCAL) {
        if (!empty || (flags & USER_MASK_FLAGS))
            return -EINVAL;
    } else if (empty) {
        return -EINVAL;
    }
    if (mode != L_MPOL_LOCAL && !(flags & L_MPOL_F_RELATIVE_NODES) && !(nodes->w[0] & 1))
        return -EINVAL;
    struct mpol *p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->refs = 1;
    p->mode = mode;
    p->flags = flags;
    if (flags & USER_MASK_FLAGS)
        p->user = *nodes;
    *out = p;
    return 0;
}

/* kernel_mbind() and kernel_set_mempolicy() up to do_*(): the mode without
 * its flags (set in *flags), the mask in *nodes, or an error. */
static long new_policy(struct mm *mm, int mode, uint32_t nmask, uint32_t maxnode,
                       struct nodemask *nodes, unsigned *flags)
{
    long err = sanitize_mode(&mode, flags);
    if (!err)
        err = get_nodes(mm, nodes, nmask, maxnode);
    return err ? err : mode;
}

long mm_set_mempolicy(struct mm *mm, struct mpol **task_policy, int mode, uint32_t nmask,
                      uint32_t maxnode)
{
    struct nodemask nodes;
    unsigned flags;
    struct mpol *p;
    long m = new_policy(mm, mode, nmask, maxnode, &nodes, &flags);
    if (m < 0)
        return m;
    long err = mpol_create((int)m, flags, &nodes, &p);
    if (err)
        return err;
    mm_mpol_put(*task_policy);
    *task_policy = p;
    return 0;
}

static uint64_t vma_end(const struct vma *v)
{
    return v->end ? v->end : SPACE_END;
}

/* Whether [start, end) of one VMA maps a page that queue_folios_pte_range()
 * would find: present (PROT_NONE pages are), not the zero page, not a
 * poisoned page (the kernel has swapped in a hwpoison entry for it). */
static bool has_pages(struct mm *mm, uint32_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += MM_PAGE_SIZE) {
        bool huge;
        uint32_t *e = pt_entry(mm, (uint32_t)va, &huge);
        if (!e) { /* no page table: skip the rest of its 4 MiB */
            va |= (1u << MM_HUGE_SHIFT) - 1;
            va -= MM_PAGE_SIZE - 1;
            continue;
        }
        if (!(*e & PTE_HAS_FRAME))
            continue;
        if (huge)
            return true;
        uint32_t pfn = *e >> MM_PAGE_SHIFT;
        if (pfn != mm->zero_pfn && !(mm->phys.flags[pfn] & FRAME_HWPOISON))
            return true;
    }
    return false;
}

/* queue_pages_range() with its test_walk: VMA by VMA, a hole before the
 * first, between two or after the last is EFAULT unless discontig (the
 * default policy), a range with no VMA at all always is; with STRICT alone
 * a page off the policy's nodes is EIO, found as the walk reaches it. On
 * one node that is any page when node 0 is not in the caller's mask. */
static long check_range(struct mm *mm, uint32_t start, uint64_t end, bool discontig,
                        bool strict_misplaced)
{
    size_t i = vma_lower_bound(mm, start);
    bool first = true;
    for (; i < mm->nvma && mm->vmas[i].start < end; i++) {
        const struct vma *v = &mm->vmas[i];
        if (first && !discontig && start < v->start)
            return -EFAULT;
        first = false;
        uint64_t vend = vma_end(v);
        if (!discontig && vend < end &&
            (i + 1 == mm->nvma || vend < mm->vmas[i + 1].start))
            return -EFAULT;
        if (strict_misplaced &&
            has_pages(mm, start > v->start ? start : v->start, vend < end ? vend : end))
            return -EIO;
    }
    return first ? -EFAULT : 0;
}

/* mbind_range() for the part [lo, hi) of one VMA: split it out (a hugetlb
 * VMA only at a huge page boundary: hugetlb_vm_op_split()), give it the
 * policy, merge with neighbours that now match. */
static long set_vma_policy(struct mm *mm, uint32_t lo, uint64_t hi, struct mpol *pol)
{
    if (mm_huge_split_check(mm, lo))
        return -EINVAL;
    vma_split_at(mm, lo);
    if (hi < SPACE_END) {
        if (mm_huge_split_check(mm, (uint32_t)hi))
            return -EINVAL;
        vma_split_at(mm, (uint32_t)hi);
    }
    struct vma *v = vma_find(mm, lo);
    mm_mpol_put(v->policy);
    v->policy = mpol_get(pol);
    vma_merge_around(mm, lo, (uint32_t)hi);
    return 0;
}

static long apply_policy(struct mm *mm, uint32_t start, uint64_t end, struct mpol *pol)
{
    if (vma_reserve(mm, 2) < 0) /* only the first and the last VMA split */
        return -ENOMEM;
    uint64_t at = start;
    while (at < end) {
        size_t i = vma_lower_bound(mm, (uint32_t)at);
        if (i >= mm->nvma || mm->vmas[i].start >= end)
            break;
        const struct vma *v = &mm->vmas[i];
        uint32_t lo = at > v->start ? (uint32_t)at : v->start;
        uint64_t hi = vma_end(v) < end ? vma_end(v) : end;
        if (!mpol_equal(v->policy, pol)) {
            long err = set_vma_policy(mm, lo, hi, pol);
            if (err)
                return err;
        }
        at = hi;
    }
    return 0;
}

/* do_mbind(). Pages never need to move: there is no other node. */
static long do_mbind(struct mm *mm, uint32_t start, uint32_t len, int mode,
                     unsigned mode_flags, const struct nodemask *nodes, uint32_t flags)
{
    if (flags & ~(uint32_t)MF_VALID)
        return -EINVAL;
    if ((flags & L_MPOL_MF_MOVE_ALL) && geteuid() != 0) /* CAP_SYS_NICE */
        return -EPERM;
    if (start & (MM_PAGE_SIZE - 1))
        return -EINVAL;
    if (mode == L_MPOL_DEFAULT)
        flags &= ~(uint32_t)L_MPOL_MF_STRICT;
    uint64_t end =
        start + (((uint64_t)len + MM_PAGE_SIZE - 1) & ~(uint64_t)(MM_PAGE_SIZE - 1));
    if (end == start)
        return 0;
    struct mpol *pol;
    long err = mpol_create(mode, mode_flags, nodes, &pol);
    if (err)
        return err;
    bool strict_misplaced = (flags & MF_VALID) == L_MPOL_MF_STRICT && !(nodes->w[0] & 1);
    err = check_range(mm, start, end, pol == NULL, strict_misplaced);
    if (!err)
        err = apply_policy(mm, start, end, pol);
    mm_mpol_put(pol);
    return err;
}

long mm_mbind(struct mm *mm, uint32_t addr, uint32_t len, int mode, uint32_t nmask,
              uint32_t maxnode, uint32_t flags)
{
    struct nodemask nodes;
    unsigned mode_flags;
    long m = new_policy(mm, mode, nmask, maxnode, &nodes, &mode_flags);
    if (m < 0)
        return m;
    return do_mbind(mm, addr, len, (int)m, mode_flags, &nodes, flags);
}

/* put_user() of a 32-bit value: one store, so all of it or none. */
static int put_u32(struct mm *mm, uint32_t va, uint32_t val)
{
    struct iovec iov[2];
    size_t done;
    int n = mm_iov(mm, va, 4, MM_WRITE, iov, 2, &done);
    if (n < 0 || done < 4)
        return -EFAULT;
    const uint8_t *src = (const uint8_t *)&val;
    for (int i = 0; i < n; src += iov[i].iov_len, i++)
        memcpy(iov[i].iov_base, src, iov[i].iov_len);
    return 0;
}

/* copy_nodes_to_user() in a compat task: maxnode - 1 bits rounded up to a
 * 64-bit long, at most a page of them; past the one 32-bit word that
 * nr_node_ids needs the guest's mask is cleared (clear_user, which may stop
 * part way), then that word is stored whole, bits above node 0 included. */
static long put_nodes(struct mm *mm, uint32_t mask, uint32_t maxnode,
                      const struct nodemask *nodes)
{
    static const uint8_t zeros[MM_PAGE_SIZE];
    const uint64_t nbytes = (NR_NODE_IDS + 31) / 32 * 4;
    uint64_t copy = ((uint64_t)maxnode - 1 + LONG_BITS - 1) / LONG_BITS * 8;
    if (copy > nbytes) {
        if (copy > MM_PAGE_SIZE)
            return -EINVAL;
        if (mask + nbytes >= SPACE_END ||
            mm_copy_to(mm, (uint32_t)(mask + nbytes), zeros, copy - nbytes))
            return -EFAULT;
    }
    return put_u32(mm, mask, (uint32_t)nodes->w[0]);
}

/* lookup_node(): get_user_pages_fast() reads the page in (a VMA without
 * PROT_READ refuses: check_vma_flags()) and reports its node. */
static long lookup_node(struct mm *mm, const struct vma *v, uint32_t addr)
{
    uint64_t paddr;
    int perms;
    if (!(v->prot & L_PROT_READ))
        return -EFAULT;
    enum mm_fault f = mm_fill(mm, addr & ~(MM_PAGE_SIZE - 1), MM_READ, &paddr, &perms);
    if (f == MM_OOM)
        return -ENOMEM;
    return f == MM_OK ? 0 : -EFAULT;
}

/* What get_mempolicy() reports of a policy: mode with its flags, and its
 * nodes (the caller's own mask when it asked for static or relative). */
static void describe(const struct mpol *p, int *mode, struct nodemask *nodes)
{
    memset(nodes, 0, sizeof(*nodes));
    *mode = p ? p->mode | (int)(p->flags & MODE_FLAGS) : L_MPOL_DEFAULT;
    if (p && (p->flags & USER_MASK_FLAGS))
        *nodes = p->user;
    else if (p && p->mode != L_MPOL_LOCAL)
        nodes->w[0] = 1;
}

/* do_get_mempolicy(). */
static long do_get(struct mm *mm, struct mpol *task, int *pval, struct nodemask *nodes,
                   uint32_t addr, uint32_t flags)
{
    if (flags & ~(uint32_t)GET_FLAGS)
        return -EINVAL;
    if (flags & L_MPOL_F_MEMS_ALLOWED) { /* addr is not looked at */
        if (flags & (L_MPOL_F_NODE | L_MPOL_F_ADDR))
            return -EINVAL;
        describe(NULL, pval, nodes);
        nodes->w[0] = 1; /* cpuset_current_mems_allowed */
        return 0;
    }
    struct mpol *pol = task;
    const struct vma *v = NULL;
    if (flags & L_MPOL_F_ADDR) {
        /* The VMA's own policy: a VMA without one is MPOL_DEFAULT, not the
         * task's policy. */
        v = vma_find(mm, addr);
        if (!v)
            return -EFAULT;
        pol = v->policy;
    } else if (addr) {
        return -EINVAL;
    }
    describe(pol, pval, nodes);
    if (!(flags & L_MPOL_F_NODE))
        return 0;
    if (v) {
        long nid = lookup_node(mm, v, addr);
        if (nid < 0)
            return nid;
        *pval = (int)nid;
    } else if (pol && (pol->mode == L_MPOL_INTERLEAVE ||
                       pol->mode == L_MPOL_WEIGHTED_INTERLEAVE)) {
        *pval = 0; /* the next interleave node, next_node_in() of {0} */
    } else {
        return -EINVAL;
    }
    return 0;
}

/* kernel_get_mempolicy(): the mode is stored before the mask is checked
 * against its page-size limit (host: maxnode 32770 is EINVAL with the mode
 * written). */
long mm_get_mempolicy(struct mm *mm, struct mpol *task_policy, uint32_t mode_va,
                      uint32_t nmask, uint32_t maxnode, uint32_t addr, uint32_t flags)
{
    struct nodemask nodes;
    int pval;
    if (nmask && maxnode < NR_NODE_IDS)
        return -EINVAL;
    long err = do_get(mm, task_policy, &pval, &nodes, addr, flags);
    if (err)
        return err;
    if (mode_va && put_u32(mm, mode_va, (uint32_t)pval))
        return -EFAULT;
    return nmask ? put_nodes(mm, nmask, maxnode, &nodes) : 0;
}
