/* mbind, set_mempolicy and get_mempolicy on a one-node machine, through mm's
 * public API. Each test is named for the Linux behaviour it pins and cites
 * the function of Linux 6.18's mm/mempolicy.c (or kernel/compat.c) that
 * makes it so; "host:" marks answers also seen natively on this machine
 * (Linux 6.18 x86_64, CONFIG_NUMA, NODES_SHIFT=10, one node) from an i386
 * program making the same raw system calls. All of them pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PG    MM_PAGE_SIZE
#define HUGE  (1u << MM_HUGE_SHIFT)
#define R     L_PROT_READ
#define RW    (L_PROT_READ | L_PROT_WRITE)
#define ANON  (L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED)
#define BASE  0x10000000u /* memory the calls act on */
#define MASK  0x20000000u /* one page for nodemasks; the page after is a hole */
#define OUT   0x20010000u /* two pages that get_mempolicy writes into */
#define EDGE  (MASK + PG) /* the end of the mask page */
#define NOMEM 0x30000000u /* never mapped */

#define BIND      L_MPOL_BIND
#define LOCAL     L_MPOL_LOCAL
#define STATIC    L_MPOL_F_STATIC_NODES
#define RELATIVE  L_MPOL_F_RELATIVE_NODES
#define BALANCING L_MPOL_F_NUMA_BALANCING
#define STRICT    L_MPOL_MF_STRICT
#define MOVE      L_MPOL_MF_MOVE
#define F_NODE    L_MPOL_F_NODE
#define F_ADDR    L_MPOL_F_ADDR
#define F_ALLOWED L_MPOL_F_MEMS_ALLOWED

struct t {
    struct mm *mm;
    struct mpol *task; /* the thread's set_mempolicy policy */
};

static int setup(void **state)
{
    static struct t t;
    int err;
    t.mm = mm_new(64u << 20, &err);
    t.task = NULL;
    if (!t.mm)
        return -1;
    if (mm_mmap(t.mm, MASK, PG, RW, ANON, -1, 0) != MASK ||
        mm_mmap(t.mm, OUT, 2 * PG, RW, ANON, -1, 0) != OUT)
        return -1;
    *state = &t;
    return 0;
}

static int teardown(void **state)
{
    struct t *t = *state;
    mm_mpol_put(t->task);
    mm_free(t->mm);
    return 0;
}

/* A nodemask of 32-bit words at va (as an i386 program lays it out). */
static uint32_t mask_at(struct mm *mm, uint32_t va, const uint32_t *w, size_t n)
{
    assert_int_equal(mm_copy_to(mm, va, w, n * 4), 0);
    return va;
}

/* A mask with the given words at the start of the mask page. */
static uint32_t mask(struct mm *mm, uint32_t w0, uint32_t w1)
{
    uint32_t w[2] = {w0, w1};
    return mask_at(mm, MASK, w, 2);
}

/* A mask with only bit set, zeros up to bit limit. */
static uint32_t mask_bit(struct mm *mm, unsigned bit, unsigned limit)
{
    static uint32_t w[1100 / 32 + 1];
    memset(w, 0, sizeof(w));
    w[0] = 1;
    w[bit / 32] |= 1u << (bit % 32);
    return mask_at(mm, MASK, w, limit / 32 + 1);
}

static long set(struct t *t, int mode, uint32_t nmask, uint32_t maxnode)
{
    return mm_set_mempolicy(t->mm, &t->task, mode, nmask, maxnode);
}

static uint32_t peek32(struct mm *mm, uint32_t va)
{
    uint32_t v;
    assert_int_equal(mm_copy_from(mm, &v, va, 4), 0);
    return v;
}

static void fill_out(struct mm *mm)
{
    static uint8_t ff[2 * PG];
    memset(ff, 0xff, sizeof(ff));
    assert_int_equal(mm_copy_to(mm, OUT, ff, sizeof(ff)), 0);
}

/* get_mempolicy(&mode, OUT + 4, 64, addr, flags); *mode and the first mask
 * word are returned (the mode slot is OUT). */
static long get(struct t *t, uint32_t addr, uint32_t flags, int *mode, uint32_t *nodes)
{
    fill_out(t->mm);
    long r = mm_get_mempolicy(t->mm, t->task, OUT, OUT + 4, 64, addr, flags);
    *mode = (int)peek32(t->mm, OUT);
    *nodes = peek32(t->mm, OUT + 4);
    return r;
}

/* How many 32-bit words from OUT + 4 were written (the last not 0xffffffff). */
static int words_written(struct mm *mm)
{
    int last = 0;
    for (uint32_t i = 0; i < (2 * PG - 4) / 4; i++)
        if (peek32(mm, OUT + 4 + 4 * i) != 0xffffffffu)
            last = (int)i + 1;
    return last;
}

static void assert_policy(struct t *t, uint32_t addr, uint32_t flags, int mode,
                          uint32_t nodes)
{
    int m;
    uint32_t n;
    assert_int_equal(get(t, addr, flags, &m, &n), 0);
    assert_int_equal(m, mode);
    assert_int_equal(n, nodes);
}

/* sanitize_mpol_flags(): modes past MPOL_WEIGHTED_INTERLEAVE, both STATIC
 * and RELATIVE, NUMA_BALANCING except with BIND or PREFERRED_MANY, and any
 * other high bit are EINVAL, before the mask is read. host: */
static void linux_mempolicy_mode_and_flag_checks(void **state)
{
    struct t *t = *state;
    uint32_t n0 = mask(t->mm, 1, 0);
    for (int mode = 1; mode <= 6; mode++)
        assert_int_equal(set(t, mode, mode == LOCAL ? 0 : n0, 2), 0);
    assert_int_equal(set(t, 7, n0, 2), -EINVAL);
    assert_int_equal(set(t, -1, n0, 2), -EINVAL);
    assert_int_equal(set(t, 0x10000 | BIND, n0, 2), -EINVAL);
    assert_int_equal(set(t, BIND | 0x1000, n0, 2), -EINVAL);
    assert_int_equal(set(t, BIND | STATIC | RELATIVE, n0, 2), -EINVAL);
    assert_int_equal(set(t, BIND | BALANCING, n0, 2), 0);
    assert_int_equal(set(t, BIND | BALANCING | STATIC, n0, 2), 0);
    assert_int_equal(set(t, L_MPOL_PREFERRED_MANY | BALANCING, n0, 2), 0);
    for (int mode = 0; mode <= 6; mode++)
        if (mode != BIND && mode != L_MPOL_PREFERRED_MANY)
            assert_int_equal(set(t, mode | BALANCING, n0, 2), -EINVAL);
    assert_int_equal(set(t, 9, 16, 2), -EINVAL); /* mode before mask */
    assert_int_equal(mm_mbind(t->mm, BASE, PG, 9, 16, 2, 8), -EINVAL);
}

/* mpol_new() and mpol_set_nodemask(): the mask is cut to the nodes with
 * memory, {0}; DEFAULT and LOCAL take no nodes, the others need node 0
 * (RELATIVE folds any mask onto it); PREFERRED without nodes is LOCAL.
 * What get_mempolicy() reports back. host: */
static void linux_nodemask_must_hold_node_0(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    assert_int_equal(set(t, BIND, mask(mm, 0, 0), 2), -EINVAL);
    assert_int_equal(set(t, BIND, mask(mm, 2, 0), 3), -EINVAL);
    assert_int_equal(set(t, BIND, 0, 5), -EINVAL);
    assert_int_equal(set(t, BIND, mask(mm, 1, 0), 1), -EINVAL); /* maxnode 1: no bits */
    assert_int_equal(set(t, BIND, mask(mm, 2, 0), 2), -EINVAL); /* bit 1 cut off */
    assert_int_equal(set(t, BIND, mask(mm, 3, 0), 2), 0);
    assert_policy(t, 0, 0, BIND, 1);
    assert_int_equal(set(t, BIND, mask(mm, 3, 0), 3), 0);
    assert_policy(t, 0, 0, BIND, 1); /* node 1 has no memory: dropped */
    assert_int_equal(set(t, L_MPOL_DEFAULT, mask(mm, 1, 0), 2), -EINVAL);
    assert_int_equal(set(t, L_MPOL_DEFAULT | RELATIVE, mask(mm, 0, 0), 2), 0);
    assert_policy(t, 0, 0, L_MPOL_DEFAULT, 0);
    assert_int_equal(set(t, LOCAL, mask(mm, 1, 0), 2), -EINVAL);
    assert_int_equal(set(t, LOCAL | STATIC, 0, 0), -EINVAL);
    assert_int_equal(set(t, LOCAL, 0, 0), 0);
    assert_policy(t, 0, 0, LOCAL, 0);
    assert_int_equal(set(t, L_MPOL_PREFERRED, mask(mm, 0, 0), 2), 0);
    assert_policy(t, 0, 0, LOCAL, 0);
    assert_int_equal(set(t, L_MPOL_PREFERRED | STATIC, mask(mm, 0, 0), 2), -EINVAL);
    assert_int_equal(set(t, L_MPOL_PREFERRED, mask(mm, 1, 0), 2), 0);
    assert_policy(t, 0, 0, L_MPOL_PREFERRED, 1);
    /* STATIC and RELATIVE keep and report the mask as given. */
    assert_int_equal(set(t, BIND | STATIC, mask(mm, 2, 0), 8), -EINVAL);
    assert_int_equal(set(t, BIND | STATIC, mask(mm, 0x21, 0), 8), 0);
    assert_policy(t, 0, 0, BIND | STATIC, 0x21);
    assert_int_equal(set(t, L_MPOL_INTERLEAVE | RELATIVE, mask(mm, 0, 0), 8), -EINVAL);
    assert_int_equal(set(t, L_MPOL_INTERLEAVE | RELATIVE, mask(mm, 2, 0), 8), 0);
    assert_policy(t, 0, 0, L_MPOL_INTERLEAVE | RELATIVE, 2);
    assert_int_equal(set(t, L_MPOL_PREFERRED_MANY | BALANCING, mask(mm, 1, 0), 8), 0);
    assert_policy(t, 0, 0, L_MPOL_PREFERRED_MANY | BALANCING, 1);
    assert_int_equal(set(t, L_MPOL_WEIGHTED_INTERLEAVE, mask(mm, 1, 0), 8), 0);
    assert_policy(t, 0, 0, L_MPOL_WEIGHTED_INTERLEAVE, 1);
    assert_int_equal(set(t, L_MPOL_DEFAULT, 0, 0), 0);
    assert_policy(t, 0, 0, L_MPOL_DEFAULT, 0);
}

/* get_nodes(): maxnode 0 wraps (EINVAL with a mask, nothing without one);
 * at most a page of bits; bits past MAX_NUMNODES (1024) must be clear,
 * checked a whole 64-bit long at a time, even past maxnode. host: */
static void linux_get_nodes_maxnode_rules(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    assert_int_equal(set(t, L_MPOL_DEFAULT, mask(mm, 0, 0), 0), -EINVAL);
    assert_int_equal(set(t, L_MPOL_DEFAULT, 0, 0), 0);
    assert_int_equal(set(t, L_MPOL_DEFAULT, 0, 40000), 0);
    assert_int_equal(set(t, L_MPOL_DEFAULT, mask(mm, 0, 0), 40000), -EINVAL);
    uint32_t n0 = mask_bit(mm, 0, 1100);
    assert_int_equal(set(t, BIND, n0, 32769), 0);
    assert_int_equal(set(t, BIND, n0, 32770), -EINVAL);
    assert_int_equal(set(t, BIND, n0, 0xffffffffu), -EINVAL);
    assert_int_equal(set(t, BIND, mask_bit(mm, 1023, 1100), 1100), 0);
    assert_int_equal(set(t, BIND, mask_bit(mm, 1024, 1100), 1025), 0); /* not read */
    assert_int_equal(set(t, BIND, mask_bit(mm, 1024, 1100), 1026), -EINVAL);
    assert_int_equal(set(t, BIND, mask_bit(mm, 1060, 1100), 1060), -EINVAL);
    assert_int_equal(set(t, BIND, mask_bit(mm, 1099, 1100), 1090), -EINVAL);
    assert_int_equal(set(t, BIND, mask_bit(mm, 1099, 1100), 1088), 0);
}

/* get_bitmap() through compat_get_bitmap(): the 32-bit words that maxnode - 1
 * bits need must be readable, and the longs that get_nodes() checks past
 * MAX_NUMNODES, read from the top down. host: */
static void linux_get_nodes_bad_pointer_is_efault(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    assert_int_equal(set(t, BIND, NOMEM, 2), -EFAULT);
    assert_int_equal(set(t, L_MPOL_DEFAULT, NOMEM, 2), -EFAULT);
    assert_int_equal(set(t, L_MPOL_DEFAULT, NOMEM, 1), 0);
    uint32_t one = 1;
    mask_at(mm, EDGE - 4, &one, 1);
    assert_int_equal(set(t, BIND, EDGE - 4, 33), 0);
    assert_int_equal(set(t, BIND, EDGE - 4, 34), -EFAULT);
    static uint32_t w[34];
    w[0] = 1;
    mask_at(mm, EDGE - 136, w, 34);
    assert_int_equal(set(t, BIND, EDGE - 136, 1089), 0);       /* reads up to 136 */
    assert_int_equal(set(t, BIND, EDGE - 136, 1090), -EFAULT); /* reads 136..143 */
    w[33] = 0x10;
    mask_at(mm, EDGE - 136, w, 34);
    assert_int_equal(set(t, BIND, EDGE - 136, 1060), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, NOMEM, 2, 8),
                     -EFAULT); /* before flags */
    assert_int_equal(mm_mbind(mm, BASE, 0, BIND, NOMEM, 2, 0), -EFAULT); /* before len */
}

/* kernel_get_mempolicy() and do_get_mempolicy(): maxnode below nr_node_ids,
 * unknown flags, MEMS_ALLOWED with NODE or ADDR, addr without ADDR, NODE
 * for a policy that is not the task's interleave: EINVAL; ADDR with no VMA
 * there: EFAULT. MEMS_ALLOWED ignores addr. host: */
static void linux_get_mempolicy_argument_checks(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    int m;
    uint32_t n;
    assert_int_equal(mm_get_mempolicy(mm, NULL, OUT, OUT + 4, 0, 0, 0), -EINVAL);
    assert_int_equal(mm_get_mempolicy(mm, NULL, OUT, 0, 0, 0, 0), 0);
    assert_int_equal(get(t, 0, 8, &m, &n), -EINVAL);
    assert_int_equal(m, -1); /* nothing written */
    assert_int_equal(get(t, 0, F_ALLOWED | F_NODE, &m, &n), -EINVAL);
    assert_int_equal(get(t, 0, F_ALLOWED | F_ADDR, &m, &n), -EINVAL);
    assert_policy(t, 0, F_ALLOWED, 0, 1);
    assert_policy(t, 1, F_ALLOWED, 0, 1);
    assert_int_equal(get(t, PG, 0, &m, &n), -EINVAL);
    assert_int_equal(get(t, PG, F_NODE, &m, &n), -EINVAL);
    assert_int_equal(get(t, 0, F_NODE, &m, &n), -EINVAL); /* default policy */
    assert_int_equal(get(t, 0, F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(get(t, NOMEM, F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(get(t, 0xF0000000u, F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(mm_get_mempolicy(mm, NULL, 0, 0, 0, OUT, F_ADDR), 0);
    assert_int_equal(mm_get_mempolicy(mm, NULL, NOMEM, OUT + 4, 2, OUT, F_ADDR), -EFAULT);
}

/* copy_nodes_to_user() for a compat task: maxnode - 1 bits rounded up to a
 * 64-bit long, at most a page; the one word nr_node_ids needs is written,
 * the rest cleared. The mode is stored first. host: */
static void linux_get_mempolicy_writes_compat_words(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    static const struct {
        uint32_t maxnode;
        int words;
    } cases[] = {{1, 1},   {2, 2},   {33, 2},    {64, 2},       {65, 2},      {66, 4},
                 {129, 4}, {130, 6}, {1025, 32}, {32768, 1024}, {32769, 1024}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fill_out(mm);
        assert_int_equal(mm_get_mempolicy(mm, NULL, OUT, OUT + 4, cases[i].maxnode, 0, 0),
                         0);
        assert_int_equal(words_written(mm), cases[i].words);
        assert_int_equal(peek32(mm, OUT), 0);
    }
    fill_out(mm);
    assert_int_equal(mm_get_mempolicy(mm, NULL, OUT, OUT + 4, 32770, 0, 0), -EINVAL);
    assert_int_equal(peek32(mm, OUT), 0); /* the mode is written all the same */
    assert_int_equal(words_written(mm), 0);
    assert_int_equal(mm_get_mempolicy(mm, NULL, NOMEM, OUT + 4, 32770, 0, 0), -EFAULT);
    /* The word is stored whole: a static mask's bits above node 0 too. */
    assert_int_equal(set(t, BIND | STATIC, mask(mm, 0x21, 0), 8), 0);
    fill_out(mm);
    assert_int_equal(mm_get_mempolicy(mm, t->task, OUT, OUT + 4, 1, 0, 0), 0);
    assert_int_equal(peek32(mm, OUT), BIND | STATIC);
    assert_int_equal(peek32(mm, OUT + 4), 0x21);
    assert_int_equal(words_written(mm), 1);
}

/* clear_user() may stop part way; the one word is a single store (put_user)
 * that is all or nothing. host: */
static void linux_get_mempolicy_mask_faults(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    const uint32_t ff[4] = {~0u, ~0u, ~0u, ~0u};
    mask_at(mm, EDGE - 16, ff, 4);
    assert_int_equal(mm_get_mempolicy(mm, NULL, 0, EDGE - 4, 64, 0, 0), -EFAULT);
    assert_int_equal(peek32(mm, EDGE - 4), ~0u);
    assert_int_equal(mm_get_mempolicy(mm, NULL, 0, EDGE - 12, 200, 0, 0), -EFAULT);
    assert_int_equal(peek32(mm, EDGE - 12), ~0u); /* never reached */
    assert_int_equal(peek32(mm, EDGE - 8), 0);    /* cleared before the fault */
    assert_int_equal(peek32(mm, EDGE - 4), 0);
    mask_at(mm, EDGE - 16, ff, 4);
    assert_int_equal(mm_get_mempolicy(mm, NULL, 0, EDGE - 3, 1, 0, 0), -EFAULT);
    assert_int_equal(peek32(mm, EDGE - 4), ~0u);
    assert_int_equal(mm_get_mempolicy(mm, NULL, EDGE - 2, 0, 0, 0, 0), -EFAULT);
    assert_int_equal(peek32(mm, EDGE - 4), ~0u);
}

/* do_get_mempolicy() with MPOL_F_NODE: the task's interleave node (0), or
 * with MPOL_F_ADDR the node of the page, found by get_user_pages_fast(),
 * which reads the page in and refuses a VMA without PROT_READ. host: */
static void linux_get_mempolicy_node_flag(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    int m;
    uint32_t n;
    assert_int_equal(set(t, BIND, mask(mm, 1, 0), 2), 0);
    assert_int_equal(get(t, 0, F_NODE, &m, &n), -EINVAL);
    assert_int_equal(set(t, L_MPOL_INTERLEAVE, mask(mm, 1, 0), 2), 0);
    assert_policy(t, 0, F_NODE, 0, 1);
    assert_int_equal(set(t, L_MPOL_WEIGHTED_INTERLEAVE, mask(mm, 1, 0), 2), 0);
    assert_policy(t, 0, F_NODE, 0, 1);
    assert_int_equal(mm_mmap(mm, BASE, 4 * PG, L_PROT_NONE, ANON, -1, 0), BASE);
    assert_int_equal(mm_mprotect(mm, BASE + PG, PG, L_PROT_WRITE), 0);
    assert_int_equal(mm_mprotect(mm, BASE + 2 * PG, PG, L_PROT_EXEC), 0);
    assert_int_equal(mm_mprotect(mm, BASE + 3 * PG, PG, R), 0);
    assert_policy(t, BASE, F_ADDR, L_MPOL_DEFAULT, 0); /* the VMA's, not the task's */
    assert_int_equal(get(t, BASE, F_NODE | F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(get(t, BASE + PG, F_NODE | F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(get(t, BASE + 2 * PG, F_NODE | F_ADDR, &m, &n), -EFAULT);
    assert_int_equal(m, -1);
    assert_false(mm_page_present(mm, BASE + 3 * PG, NULL, NULL));
    assert_policy(t, BASE + 3 * PG + 5, F_NODE | F_ADDR, 0, 0);
    assert_true(mm_page_present(mm, BASE + 3 * PG, NULL, NULL));
}

/* mbind()'s checks in kernel_mbind() then do_mbind() order: mode, mask,
 * flags, MOVE_ALL without CAP_SYS_NICE (EPERM), alignment, an empty range
 * (0 before the policy is built), then the policy's own rules. host: */
static void linux_mbind_argument_checks(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    assert_int_equal(mm_mmap(mm, BASE, 4 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, n0, 2, 8), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, n0, 2, 0x80000000u), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE + 1, PG, BIND, n0, 2, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE + 1, 0, BIND, n0, 2, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, 0, BIND, mask(mm, 0, 0), 2, 0), 0);
    assert_int_equal(mm_mbind(mm, NOMEM, 0, BIND, n0, 2, 0), 0);
    assert_int_equal(mm_mbind(mm, BASE, 1, BIND, mask(mm, 0, 0), 2, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, mask(mm, 2, 0), 3, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, L_MPOL_DEFAULT, mask(mm, 1, 0), 2, 0),
                     -EINVAL);
    n0 = mask(mm, 1, 0);
    /* MPOL_MF_MOVE_ALL needs CAP_SYS_NICE (here: running as root); the
     * check comes before alignment and length. host: as root and nobody */
    long want = geteuid() == 0 ? 0 : -EPERM;
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, n0, 2, L_MPOL_MF_MOVE_ALL), want);
    assert_int_equal(mm_mbind(mm, BASE, 0, BIND, n0, 2, L_MPOL_MF_MOVE_ALL), want);
    assert_int_equal(mm_mbind(mm, BASE + 1, PG, BIND, n0, 2, L_MPOL_MF_MOVE_ALL),
                     want ? want : -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, n0, 2, L_MPOL_MF_MOVE_ALL | 8),
                     -EINVAL);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND, n0, 2, MOVE), 0);
    assert_int_equal(mm_mbind(mm, BASE, PG, BIND | BALANCING, n0, 2, 0), 0);
}

/* queue_pages_test_walk() and queue_pages_range(): a hole at the head, in
 * the middle or at the tail of the range is EFAULT and nothing changes;
 * MPOL_DEFAULT may cover holes, but not a range with no VMA at all. host: */
static void linux_mbind_hole_is_efault(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    assert_int_equal(mm_mmap(mm, BASE, 16 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_munmap(mm, BASE + 4 * PG, PG), 0);
    assert_int_equal(mm_munmap(mm, BASE + 12 * PG, 4 * PG), 0);
    size_t vmas = mm_vma_count(mm);
    assert_int_equal(mm_mbind(mm, BASE + 3 * PG, 2 * PG, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, BASE + 4 * PG, 2 * PG, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, BASE + 2 * PG, 5 * PG, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, BASE + 10 * PG, 4 * PG, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, NOMEM, PG, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, NOMEM, PG, L_MPOL_DEFAULT, 0, 0, 0), -EFAULT);
    assert_int_equal(mm_vma_count(mm), vmas);
    assert_policy(t, BASE + 3 * PG, F_ADDR, L_MPOL_DEFAULT, 0);
    assert_int_equal(mm_mbind(mm, BASE + 2 * PG, 5 * PG, L_MPOL_DEFAULT, 0, 0, 0), 0);
    assert_int_equal(mm_vma_count(mm), vmas);
}

/* A compat task's arguments are zero-extended to 64 bits: start + len
 * cannot wrap, so a range running past 4 GiB is a hole (EFAULT), not
 * do_mbind()'s end < start EINVAL. host: */
static void linux_mbind_range_past_4g_is_efault(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    assert_int_equal(mm_mmap(mm, BASE, 4 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_mbind(mm, 0xFFFFF000u, 0x2000, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, 0xFFFFF000u, 0xFFFFFFFFu, L_MPOL_DEFAULT, 0, 0, 0),
                     -EFAULT);
    assert_int_equal(mm_mbind(mm, BASE, 0xFFFFFFFFu, BIND, n0, 2, 0), -EFAULT);
    assert_int_equal(mm_mbind(mm, BASE, 0xFFFFFFFFu, L_MPOL_DEFAULT, 0, 0, 0), 0);
}

/* mbind_range(): the range is split out of its VMAs, which take the policy;
 * VMAs whose policies are __mpol_equal() merge (the same mode, flags and
 * nodes after the cut to node 0; the given mask too with STATIC/RELATIVE);
 * MPOL_DEFAULT takes the policy off and the VMA merges back. host: */
static void mbind_splits_and_merges(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    assert_int_equal(mm_mmap(mm, BASE, 16 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_mbind(mm, BASE + PG, PG, BIND, n0, 2, 0), 0);
    assert_int_equal(mm_mbind(mm, BASE + 6 * PG, 2 * PG, L_MPOL_INTERLEAVE, n0, 2, 0), 0);
    const struct vma *v = mm_vma_find(mm, BASE + PG);
    assert_int_equal(v->start, BASE + PG);
    assert_int_equal(v->end, BASE + 2 * PG);
    v = mm_vma_find(mm, BASE + 7 * PG);
    assert_int_equal(v->start, BASE + 6 * PG);
    assert_int_equal(v->end, BASE + 8 * PG);
    assert_policy(t, BASE, F_ADDR, L_MPOL_DEFAULT, 0);
    assert_policy(t, BASE + PG, F_ADDR, BIND, 1);
    assert_policy(t, BASE + 7 * PG, F_ADDR, L_MPOL_INTERLEAVE, 1);
    size_t vmas = mm_vma_count(mm);
    assert_int_equal(mm_mbind(mm, BASE + 7 * PG, PG, L_MPOL_INTERLEAVE, n0, 2, 0), 0);
    assert_int_equal(mm_vma_count(mm), vmas); /* the same policy: no split */
    assert_int_equal(mm_mbind(mm, BASE, 16 * PG, L_MPOL_DEFAULT, 0, 0, 0), 0);
    assert_int_equal(mm_vma_count(mm), vmas - 4);
    v = mm_vma_find(mm, BASE);
    assert_int_equal(v->end, BASE + 16 * PG);
    assert_null(v->policy);
    /* Policies set by separate calls merge when equal in content. */
    assert_int_equal(mm_mbind(mm, BASE + 5 * PG, PG, BIND, n0, 2, 0), 0);
    assert_int_equal(mm_mbind(mm, BASE + 6 * PG, PG, BIND, n0, 2, 0), 0);
    assert_int_equal(mm_mbind(mm, BASE + 7 * PG, PG, BIND, mask(mm, 3, 0), 3, 0), 0);
    n0 = mask(mm, 1, 0);
    v = mm_vma_find(mm, BASE + 6 * PG);
    assert_int_equal(v->start, BASE + 5 * PG);
    assert_int_equal(v->end, BASE + 8 * PG);
    /* ... but not across a different flag or a different given mask. */
    assert_int_equal(mm_mbind(mm, BASE + 8 * PG, PG, BIND | STATIC, n0, 2, 0), 0);
    assert_int_equal(mm_mbind(mm, BASE + 9 * PG, PG, BIND | STATIC, mask(mm, 3, 0), 3, 0),
                     0);
    assert_int_equal(mm_mbind(mm, BASE + 10 * PG, PG, BIND | BALANCING, n0, 2, 0), 0);
    assert_int_equal(mm_vma_find(mm, BASE + 8 * PG)->end, BASE + 9 * PG);
    assert_int_equal(mm_vma_find(mm, BASE + 9 * PG)->end, BASE + 10 * PG);
    assert_int_equal(mm_vma_find(mm, BASE + 10 * PG)->end, BASE + 11 * PG);
    assert_policy(t, BASE + 9 * PG, F_ADDR, BIND | STATIC, 3);
    assert_policy(t, BASE + 10 * PG, F_ADDR, BIND | BALANCING, 1);
    assert_int_equal(mm_mbind(mm, BASE + 5 * PG, 6 * PG, L_MPOL_DEFAULT, 0, 0, 0), 0);
    assert_int_equal(mm_vma_find(mm, BASE)->end, BASE + 16 * PG);
}

/* queue_folios_pte_range(): with MPOL_MF_STRICT alone, a page off the
 * caller's nodes is EIO. On one node that is any page in memory (not the
 * zero page) when node 0 is not in the mask: LOCAL, PREFERRED without
 * nodes, a RELATIVE mask without node 0. With MOVE the page "moves" to
 * node 0 and all is well; MPOL_DEFAULT drops STRICT. The walk meets the
 * page before a hole after its VMA, not before a hole at its own end. host: */
static void linux_mbind_strict_misplaced_page_is_eio(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n1 = mask(mm, 2, 0);
    assert_int_equal(mm_mmap(mm, BASE, 8 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_copy_to(mm, BASE, "x", 1), 0);
    assert_int_equal(mm_copy_to(mm, BASE + PG, "x", 1), 0);
    uint8_t b;
    assert_int_equal(mm_copy_from(mm, &b, BASE + 2 * PG, 1), 0); /* the zero page */
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, LOCAL, 0, 0, STRICT), -EIO);
    assert_null(mm_vma_find(mm, BASE)->policy);
    assert_int_equal(mm_mbind(mm, BASE + 2 * PG, PG, LOCAL, 0, 0, STRICT), 0);
    assert_int_equal(mm_mbind(mm, BASE + 3 * PG, PG, LOCAL, 0, 0, STRICT), 0);
    assert_int_equal(
        mm_mbind(mm, BASE, 2 * PG, L_MPOL_PREFERRED, mask(mm, 0, 0), 2, STRICT), -EIO);
    n1 = mask(mm, 2, 0);
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, BIND | RELATIVE, n1, 3, STRICT), -EIO);
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, BIND | RELATIVE, n1, 3, MOVE), 0);
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, BIND | RELATIVE, n1, 3, STRICT | MOVE),
                     0);
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, BIND, mask(mm, 1, 0), 2, STRICT), 0);
    assert_int_equal(mm_mbind(mm, BASE, 2 * PG, L_MPOL_DEFAULT, 0, 0, STRICT), 0);
    assert_int_equal(mm_mbind(mm, BASE, 8 * PG, L_MPOL_DEFAULT, 0, 0, 0), 0);
    /* A PROT_NONE page keeps its frame: still a page. */
    assert_int_equal(mm_mprotect(mm, BASE, PG, L_PROT_NONE), 0);
    assert_int_equal(mm_mbind(mm, BASE, PG, LOCAL, 0, 0, STRICT), -EIO);
    assert_int_equal(mm_mprotect(mm, BASE, PG, RW), 0);
    /* EIO or EFAULT: whichever the walk meets first. */
    assert_int_equal(mm_munmap(mm, BASE + 4 * PG, PG), 0);
    assert_int_equal(mm_mbind(mm, BASE, 5 * PG, LOCAL, 0, 0, STRICT), -EFAULT);
    assert_int_equal(mm_mprotect(mm, BASE + 2 * PG, 2 * PG, R), 0);
    assert_int_equal(mm_mbind(mm, BASE, 5 * PG, LOCAL, 0, 0, STRICT), -EIO);
    assert_int_equal(mm_mbind(mm, BASE + PG, 4 * PG, LOCAL, 0, 0, STRICT), -EIO);
    assert_int_equal(mm_mbind(mm, BASE + 2 * PG, 3 * PG, LOCAL, 0, 0, STRICT), -EFAULT);
}

/* hugetlb_vm_op_split(): a hugetlb VMA splits only at a huge page boundary;
 * a huge page in memory counts for STRICT. */
static void linux_mbind_hugetlb_split_is_einval(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    assert_int_equal(mm_hugepages_set(mm, 2), 2);
    const uint32_t h = 0x40000000u;
    assert_int_equal(mm_mmap(mm, h, 2 * HUGE, RW, ANON | L_MAP_HUGETLB, -1, 0), h);
    assert_int_equal(mm_mbind(mm, h + PG, PG, BIND, n0, 2, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, h, PG, BIND, n0, 2, 0), -EINVAL);
    assert_int_equal(mm_mbind(mm, h, HUGE, BIND, n0, 2, 0), 0);
    assert_int_equal(mm_vma_find(mm, h)->end, h + HUGE);
    assert_int_equal(mm_mbind(mm, h, PG, BIND, n0, 2, 0), 0); /* equal: no split */
    assert_int_equal(mm_copy_to(mm, h + HUGE, "x", 1), 0);
    assert_int_equal(mm_mbind(mm, h + HUGE, HUGE, LOCAL, 0, 0, STRICT), -EIO);
    assert_int_equal(mm_mbind(mm, h, HUGE, LOCAL, 0, 0, STRICT), 0);
}

/* do_set_mempolicy() replaces the task's policy; a VMA's policy outlives the
 * call that set it and the VMA splits that share it. */
static void policies_are_refcounted(void **state)
{
    struct t *t = *state;
    struct mm *mm = t->mm;
    uint32_t n0 = mask(mm, 1, 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(set(t, BIND, n0, 2), 0);
    assert_int_equal(set(t, L_MPOL_DEFAULT, 0, 0), 0);
    assert_null(t->task);
    assert_int_equal(mm_mmap(mm, BASE, 4 * PG, RW, ANON, -1, 0), BASE);
    assert_int_equal(mm_mbind(mm, BASE, 4 * PG, L_MPOL_INTERLEAVE, n0, 2, 0), 0);
    assert_int_equal(mm_munmap(mm, BASE + PG, PG), 0);
    assert_policy(t, BASE, F_ADDR, L_MPOL_INTERLEAVE, 1);
    assert_policy(t, BASE + 2 * PG, F_ADDR, L_MPOL_INTERLEAVE, 1);
    assert_int_equal(mm_munmap(mm, BASE, PG), 0);
    assert_policy(t, BASE + 3 * PG, F_ADDR, L_MPOL_INTERLEAVE, 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(linux_mempolicy_mode_and_flag_checks),
        T(linux_nodemask_must_hold_node_0),
        T(linux_get_nodes_maxnode_rules),
        T(linux_get_nodes_bad_pointer_is_efault),
        T(linux_get_mempolicy_argument_checks),
        T(linux_get_mempolicy_writes_compat_words),
        T(linux_get_mempolicy_mask_faults),
        T(linux_get_mempolicy_node_flag),
        T(linux_mbind_argument_checks),
        T(linux_mbind_hole_is_efault),
        T(linux_mbind_range_past_4g_is_efault),
        T(mbind_splits_and_merges),
        T(linux_mbind_strict_misplaced_page_is_eio),
        T(linux_mbind_hugetlb_split_is_einval),
        T(policies_are_refcounted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
