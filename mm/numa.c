/* NUMA memory policies on a one-node machine: mbind, set_mempolicy and
 * get_mempolicy with Linux 6.x's checks (mm/mempolicy.c: sanitize_mpol_flags,
 * get_nodes, mpol_new, mpol_set_nodemask, do_mbind, do_get_mempolicy,
 * copy_nodes_to_user) as an i386 program sees them on a kernel built with
 * NUMA and MAX_NUMNODES 1024. Node 0 is the only node with memory, so every
 * valid policy places pages where they already are. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_NUMNODES 1024u
#define NR_NODE_IDS  1u /* nodes possible on this machine */
#define MASK_WORDS   (MAX_NUMNODES / 32)
#define MODE_FLAGS                                                                       \
    (L_MPOL_F_STATIC_NODES | L_MPOL_F_RELATIVE_NODES | L_MPOL_F_NUMA_BALANCING)
#define MPOL_MAX  7 /* modes 0 ... MPOL_WEIGHTED_INTERLEAVE */
#define PAGE_MASK (~(MM_PAGE_SIZE - 1))

struct mpol {
    int refs;
    int mode;
    unsigned flags;            /* MPOL_F_* mode flags */
    uint32_t nodes;            /* the policy's nodes: bit 0 or nothing */
    uint32_t user[MASK_WORDS]; /* the mask as given, kept for STATIC/RELATIVE */
};

struct nodemask {
    uint32_t w[MASK_WORDS];
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

static bool stores_user_mask(const struct mpol *p)
{
    return (p->flags & (L_MPOL_F_STATIC_NODES | L_MPOL_F_RELATIVE_NODES)) != 0;
}

/* mpol_equal(): NULL is the default policy, equal only to itself. */
bool mpol_equal(const struct mpol *a, const struct mpol *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->mode != b->mode || a->flags != b->flags)
        return false;
    if (stores_user_mask(a) && memcmp(a->user, b->user, sizeof(a->user)) != 0)
        return false;
    return a->mode == L_MPOL_LOCAL || a->nodes == b->nodes;
}

static bool mask_empty(const struct nodemask *m)
{
    for (unsigned i = 0; i < MASK_WORDS; i++)
        if (m->w[i])
            return false;
    return true;
}

/* sanitize_mpol_flags(): split the mode word into mode and flags. */
static long split_mode(int *mode, unsigned *flags)
{
    *flags = (unsigned)*mode & MODE_FLAGS;
    *mode &= ~(int)MODE_FLAGS;
    if ((unsigned)*mode >= MPOL_MAX)
        return -EINVAL;
    if ((*flags & L_MPOL_F_STATIC_NODES) && (*flags & L_MPOL_F_RELATIVE_NODES))
        return -EINVAL;
    if ((*flags & L_MPOL_F_NUMA_BALANCING) && *mode != L_MPOL_BIND &&
        *mode != L_MPOL_PREFERRED_MANY)
        return -EINVAL;
    return 0;
}

/* get_nodes(): maxnode - 1 bits of 32-bit words from the guest; bits past
 * MAX_NUMNODES must be zero. */
static long get_nodes(struct mm *mm, struct nodemask *m, uint32_t nmask, uint32_t maxnode)
{
    memset(m, 0, sizeof(*m));
    maxnode--;
    if (maxnode == 0 || nmask == 0)
        return 0;
    if (maxnode > MM_PAGE_SIZE * 8)
        return -EINVAL;
    for (uint32_t bit = MAX_NUMNODES; bit < maxnode; bit += 32) {
        uint32_t w;
        if (mm_copy_from(mm, &w, nmask + bit / 8, 4) < 0)
            return -EFAULT;
        if (maxnode - bit < 32)
            w &= (1u << (maxnode - bit)) - 1;
        if (w)
            return -EINVAL;
    }
    uint32_t bits = maxnode < MAX_NUMNODES ? maxnode : MAX_NUMNODES;
    uint32_t words = (bits + 31) / 32;
    if (mm_copy_from(mm, m->w, nmask, words * 4) < 0)
        return -EFAULT;
    if (bits % 32)
        m->w[words - 1] &= (1u << (bits % 32)) - 1;
    return 0;
}

/* mpol_new() and mpol_set_nodemask(): the policy, NULL for MPOL_DEFAULT. */
static long new_policy(int mode, unsigned flags, const struct nodemask *m,
                       struct mpol **out)
{
    *out = NULL;
    bool empty = mask_empty(m);
    if (mode == L_MPOL_DEFAULT)
        return empty ? 0 : -EINVAL;
    bool pinned = (flags & (L_MPOL_F_STATIC_NODES | L_MPOL_F_RELATIVE_NODES)) != 0;
    if (mode == L_MPOL_PREFERRED && empty) {
        if (pinned)
            return -EINVAL;
        mode = L_MPOL_LOCAL; /* preferred with no node: local allocation */
    } else if (mode == L_MPOL_LOCAL) {
        if (!empty || pinned)
            return -EINVAL;
    } else if (empty) {
        return -EINVAL;
    }
    uint32_t nodes = 0;
    if (mode != L_MPOL_LOCAL) {
        /* The allowed nodes are {0}: a relative mask folds onto it, any
         * other mask is intersected with it. */
        if (flags & L_MPOL_F_RELATIVE_NODES)
            nodes = 1;
        else
            nodes = m->w[0] & 1;
        if (!nodes)
            return -EINVAL;
    }
    struct mpol *p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->refs = 1;
    p->mode = mode;
    p->flags = flags;
    p->nodes = nodes;
    if (pinned)
        memcpy(p->user, m->w, sizeof(p->user));
    *out = p;
    return 0;
}

static bool capable_sys_nice(void)
{
    return geteuid() == 0;
}

long mm_mbind(struct mm *mm, uint32_t start, uint32_t len, int mode, uint32_t nmask,
              uint32_t maxnode, uint32_t flags)
{
    unsigned mflags;
    long err = split_mode(&mode, &mflags);
    if (err)
        return err;
    struct nodemask m;
    if ((err = get_nodes(mm, &m, nmask, maxnode)))
        return err;
    const uint32_t valid = L_MPOL_MF_STRICT | L_MPOL_MF_MOVE | L_MPOL_MF_MOVE_ALL;
    if (flags & ~valid)
        return -EINVAL;
    if ((flags & L_MPOL_MF_MOVE_ALL) && !capable_sys_nice())
        return -EPERM;
    if (start & ~PAGE_MASK)
        return -EINVAL;
    uint32_t l = (len + MM_PAGE_SIZE - 1) & PAGE_MASK;
    uint32_t end = start + l;
    if (end < start || (len && !l))
        return -EINVAL;
    if (end == start)
        return 0;
    struct mpol *p;
    if ((err = new_policy(mode, mflags, &m, &p)))
        return err;
    /* queue_pages_test_walk(): a hole is EFAULT, except for MPOL_DEFAULT. */
    if (p && !vma_range_mapped(mm, start, end)) {
        mm_mpol_put(p);
        return -EFAULT;
    }
    if (vma_reserve(mm, 2) < 0) {
        mm_mpol_put(p);
        return -ENOMEM;
    }
    if (vma_find(mm, start))
        vma_split_at(mm, start);
    vma_split_at(mm, end);
    for (size_t i = vma_lower_bound(mm, start); i < mm->nvma && mm->vmas[i].start < end;
         i++) {
        struct vma *v = &mm->vmas[i];
        if (mpol_equal(v->policy, p))
            continue;
        mm_mpol_put(v->policy);
        v->policy = mpol_get(p);
    }
    vma_merge_around(mm, start, end);
    mm_mpol_put(p);
    return 0;
}

long mm_set_mempolicy(struct mm *mm, struct mpol **task_policy, int mode, uint32_t nmask,
                      uint32_t maxnode)
{
    unsigned mflags;
    long err = split_mode(&mode, &mflags);
    if (err)
        return err;
    struct nodemask m;
    if ((err = get_nodes(mm, &m, nmask, maxnode)))
        return err;
    struct mpol *p;
    if ((err = new_policy(mode, mflags, &m, &p)))
        return err;
    mm_mpol_put(*task_policy);
    *task_policy = p;
    return 0;
}

/* copy_nodes_to_user() for a 32-bit caller: bytes up to maxnode - 1 bits
 * rounded to 64 are written, the first word of the mask, zeros after. */
static long put_nodes(struct mm *mm, uint32_t nmask, uint32_t maxnode, uint32_t nodes0)
{
    uint32_t copy = ((maxnode - 1 + 63) & ~63u) / 8;
    uint32_t nbytes = (NR_NODE_IDS + 31) / 32 * 4;
    if (copy > nbytes) {
        if (copy > MM_PAGE_SIZE)
            return -EINVAL;
        static const uint8_t zeros[MM_PAGE_SIZE];
        if (mm_copy_to(mm, nmask + nbytes, zeros, copy - nbytes) < 0)
            return -EFAULT;
        maxnode = NR_NODE_IDS;
    }
    /* compat_put_bitmap() writes whole 32-bit words, unmasked. */
    return (maxnode + 31) / 32 && mm_copy_to(mm, nmask, &nodes0, 4) < 0 ? -EFAULT : 0;
}

long mm_get_mempolicy(struct mm *mm, struct mpol *task_policy, uint32_t mode_va,
                      uint32_t nmask, uint32_t maxnode, uint32_t addr, uint32_t flags)
{
    if (nmask && maxnode < NR_NODE_IDS)
        return -EINVAL;
    const uint32_t known = L_MPOL_F_NODE | L_MPOL_F_ADDR | L_MPOL_F_MEMS_ALLOWED;
    if (flags & ~known)
        return -EINVAL;
    int32_t mode = 0;
    uint32_t nodes0 = 0;
    if (flags & L_MPOL_F_MEMS_ALLOWED) {
        if (flags & (L_MPOL_F_NODE | L_MPOL_F_ADDR))
            return -EINVAL;
        nodes0 = 1; /* cpuset_current_mems_allowed */
    } else {
        const struct mpol *p = task_policy;
        if (flags & L_MPOL_F_ADDR) {
            const struct vma *v = vma_find(mm, addr);
            if (!v)
                return -EFAULT;
            p = v->policy;
        } else if (addr) {
            return -EINVAL;
        }
        if (flags & L_MPOL_F_NODE) {
            if (flags & L_MPOL_F_ADDR) {
                /* lookup_node(): the page is faulted in; it is on node 0. */
                uint8_t b;
                if (mm_copy_from(mm, &b, addr & PAGE_MASK, 1) < 0)
                    return -EFAULT;
                mode = 0;
            } else if (p && p == task_policy &&
                       (p->mode == L_MPOL_INTERLEAVE ||
                        p->mode == L_MPOL_WEIGHTED_INTERLEAVE)) {
                mode = 0; /* the next interleave node: the only one */
            } else {
                return -EINVAL;
            }
        } else {
            mode = p ? p->mode | (int32_t)p->flags : L_MPOL_DEFAULT;
        }
        if (p)
            nodes0 = stores_user_mask(p) ? p->user[0] : p->nodes;
    }
    if (mode_va && mm_copy_to(mm, mode_va, &mode, 4) < 0)
        return -EFAULT;
    return nmask ? put_nodes(mm, nmask, maxnode, nodes0) : 0;
}
