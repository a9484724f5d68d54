/* The guest frame allocator (mm/phys.c) compared against the binary buddy
 * allocator of Linux's mm/page_alloc.c: a block of order n is 2^n frames
 * aligned to its size; freeing a block merges it with its free buddy, so that
 * after everything is freed the largest order is available again and the free
 * count is back where it started; fragmentation makes higher orders fail with
 * -ENOMEM while order 0 still succeeds; and a frame handed out reads as zeros,
 * as a fresh page from the kernel does (freed memory goes back to the host
 * with MADV_DONTNEED). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MIB          (1u << 20)
#define BLOCK_FRAMES (1u << PHYS_MAX_ORDER) /* frames in one order-10 block */

static uint8_t *frame(struct phys *p, int64_t pfn)
{
    return p->ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
}

static void init(struct phys *p, uint32_t bytes)
{
    assert_int_equal(phys_init(p, bytes), 0);
    assert_int_equal(phys_free_frames(p), bytes / MM_PAGE_SIZE);
}

/* Less than one order-10 block cannot be managed: -EINVAL, as from mm_new. */
static void too_small_ram_is_einval(void **state)
{
    (void)state;
    struct phys p;
    assert_int_equal(phys_init(&p, 2 * MIB), -EINVAL);
    int err = 0;
    assert_null(mm_new(1 * MIB, &err));
    assert_int_equal(err, -EINVAL);
    /* A size that is not a multiple of 4 MiB is rounded down. */
    assert_int_equal(phys_init(&p, 9 * MIB), 0);
    assert_int_equal(phys_free_frames(&p), 2 * BLOCK_FRAMES);
    phys_destroy(&p);
}

/* One block of every order held at once (so that most are carved from a split
 * block and their alignment is not trivial): each is aligned to its size, none
 * overlaps another, and the free count drops by exactly 2^order each time. */
static void every_order_aligned_and_counted(void **state)
{
    (void)state;
    struct phys p;
    init(&p, 16 * MIB);
    uint32_t initial = phys_free_frames(&p);
    uint8_t *owner = calloc(p.nframes, 1);
    assert_non_null(owner);
    int64_t up[PHYS_MAX_ORDER + 1], down[PHYS_MAX_ORDER + 1];
    uint32_t expect = initial;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i <= PHYS_MAX_ORDER; i++) {
            int order = pass == 0 ? i : PHYS_MAX_ORDER - i;
            int64_t pfn = phys_alloc(&p, order);
            assert_true(pfn >= 0);
            assert_int_equal(pfn & ((1 << order) - 1), 0);
            assert_true(pfn + (1 << order) <= p.nframes);
            for (int64_t f = pfn; f < pfn + (1 << order); f++) {
                assert_int_equal(owner[f], 0);
                owner[f] = 1;
            }
            expect -= 1u << order;
            assert_int_equal(phys_free_frames(&p), expect);
            (pass == 0 ? up : down)[order] = pfn;
        }
    }
    for (int order = 0; order <= PHYS_MAX_ORDER; order++) {
        phys_free(&p, (uint32_t)up[order], order);
        expect += 1u << order;
        assert_int_equal(phys_free_frames(&p), expect);
        phys_free(&p, (uint32_t)down[order], order);
        expect += 1u << order;
        assert_int_equal(phys_free_frames(&p), expect);
    }
    assert_int_equal(phys_free_frames(&p), initial);
    /* Everything coalesced: all four order-10 blocks are there again. */
    for (int i = 0; i < 4; i++)
        assert_true(phys_alloc(&p, PHYS_MAX_ORDER) >= 0);
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    free(owner);
    phys_destroy(&p);
}

/* Split a whole 8 MiB into single frames, free them in an order unrelated to
 * how they were split, and the buddies merge back into order-10 blocks. */
static void buddies_coalesce(void **state)
{
    (void)state;
    struct phys p;
    init(&p, 8 * MIB);
    uint32_t n = p.nframes;
    int64_t *f = calloc(n, sizeof(*f));
    assert_non_null(f);
    for (uint32_t i = 0; i < n; i++) {
        f[i] = phys_alloc(&p, 0);
        assert_true(f[i] >= 0);
    }
    assert_int_equal(phys_free_frames(&p), 0);
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    /* 7 is coprime with n: every frame exactly once, scattered. */
    for (uint32_t k = 0, i = 0; k < n; k++, i = (i + 7) % n) {
        phys_free(&p, (uint32_t)f[i], 0);
        assert_int_equal(phys_free_frames(&p), k + 1);
    }
    assert_int_equal(phys_free_frames(&p), n);
    int64_t a = phys_alloc(&p, PHYS_MAX_ORDER), b = phys_alloc(&p, PHYS_MAX_ORDER);
    assert_true(a >= 0 && b >= 0 && a != b);
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    phys_free(&p, (uint32_t)a, PHYS_MAX_ORDER);
    phys_free(&p, (uint32_t)b, PHYS_MAX_ORDER);
    assert_int_equal(phys_free_frames(&p), n);
    free(f);
    phys_destroy(&p);
}

/* 8 MiB (two order-10 blocks) in single frames, every other one freed: half
 * the memory is free yet no two free frames are buddies, so order 1 and up
 * fail as on a real kernel while order 0 still succeeds. */
static void fragmentation_blocks_higher_orders(void **state)
{
    (void)state;
    struct phys p;
    init(&p, 8 * MIB);
    uint32_t n = p.nframes;
    assert_int_equal(n, 2 * BLOCK_FRAMES);
    int64_t *f = calloc(n, sizeof(*f));
    assert_non_null(f);
    for (uint32_t i = 0; i < n; i++) {
        f[i] = phys_alloc(&p, 0);
        assert_true(f[i] >= 0);
    }
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    /* Free the frames with an even pfn (each pfn was handed out once). */
    for (uint32_t i = 0; i < n; i++)
        if (f[i] % 2 == 0)
            phys_free(&p, (uint32_t)f[i], 0);
    assert_int_equal(phys_free_frames(&p), n / 2);
    assert_int_equal(phys_alloc(&p, PHYS_MAX_ORDER), -ENOMEM);
    assert_int_equal(phys_alloc(&p, 1), -ENOMEM);
    assert_int_equal(phys_free_frames(&p), n / 2); /* failures take nothing */
    int64_t one = phys_alloc(&p, 0);
    assert_true(one >= 0);
    assert_int_equal(one % 2, 0);
    assert_int_equal(phys_free_frames(&p), n / 2 - 1);
    phys_free(&p, (uint32_t)one, 0);
    for (uint32_t i = 0; i < n; i++)
        if (f[i] % 2 == 1)
            phys_free(&p, (uint32_t)f[i], 0);
    assert_int_equal(phys_free_frames(&p), n);
    assert_true(phys_alloc(&p, PHYS_MAX_ORDER) >= 0);
    assert_true(phys_alloc(&p, PHYS_MAX_ORDER) >= 0);
    free(f);
    phys_destroy(&p);
}

static void assert_zero(const uint8_t *mem, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (mem[i] != 0)
            fail_msg("byte %zu of a fresh frame is 0x%02x, not 0", i, mem[i]);
}

/* Allocate every frame there is, checking that those in [lo, lo + count)
 * (whatever order they come in) read as zeros; then give them all back. */
static void check_zero_when_reallocated(struct phys *p, int64_t lo, uint32_t count)
{
    int64_t *f = calloc(p->nframes + 1, sizeof(*f));
    assert_non_null(f);
    uint32_t n = 0, seen = 0;
    while ((f[n] = phys_alloc(p, 0)) >= 0) {
        if (f[n] >= lo && f[n] < lo + count) {
            assert_zero(frame(p, f[n]), MM_PAGE_SIZE);
            seen++;
        }
        n++;
    }
    assert_int_equal(seen, count);
    for (uint32_t i = 0; i < n; i++)
        phys_free(p, (uint32_t)f[i], 0);
    free(f);
}

/* Written, freed, allocated again: the frame reads as zeros, whether it comes
 * back at the same order or as part of a block split differently. */
static void fresh_frames_read_zero(void **state)
{
    (void)state;
    struct phys p;
    init(&p, 8 * MIB);
    int64_t pfn = phys_alloc(&p, 0);
    assert_true(pfn >= 0);
    assert_zero(frame(&p, pfn), MM_PAGE_SIZE);
    memset(frame(&p, pfn), 0xab, MM_PAGE_SIZE);
    phys_free(&p, (uint32_t)pfn, 0);
    check_zero_when_reallocated(&p, pfn, 1);

    int64_t big = phys_alloc(&p, 3);
    assert_true(big >= 0);
    memset(frame(&p, big), 0xcd, 8 * MM_PAGE_SIZE);
    phys_free(&p, (uint32_t)big, 3);
    check_zero_when_reallocated(&p, big, 8);

    int64_t whole = phys_alloc(&p, PHYS_MAX_ORDER);
    assert_true(whole >= 0);
    memset(frame(&p, whole), 0xef, PHYS_BLOCK_MAX_BYTES);
    phys_free(&p, (uint32_t)whole, PHYS_MAX_ORDER);
    check_zero_when_reallocated(&p, whole, BLOCK_FRAMES);
    assert_int_equal(phys_free_frames(&p), p.nframes);
    phys_destroy(&p);
}

/* Host memory goes back once a whole 4 MiB block is free again; smaller
 * free fragments stay resident (zeroed on reuse), so that recycling a page
 * costs neither a host madvise nor a host page fault. */
static void whole_free_blocks_return_host_memory(void **state)
{
    (void)state;
    struct phys p;
    init(&p, 4 * MIB);
    int64_t a = phys_alloc(&p, 0), b = phys_alloc(&p, 0);
    memset(frame(&p, a), 0xaa, MM_PAGE_SIZE);
    memset(frame(&p, b), 0xbb, MM_PAGE_SIZE);
    phys_free(&p, (uint32_t)a, 0);
    unsigned char v = 0;
    assert_int_equal(mincore(frame(&p, a), MM_PAGE_SIZE, &v), 0);
    assert_int_equal(v & 1, 1); /* still resident: the block is not all free */
    int64_t again = phys_alloc(&p, 0);
    assert_int_equal(again, a);
    assert_zero(frame(&p, again), MM_PAGE_SIZE);
    phys_free(&p, (uint32_t)again, 0);
    phys_free(&p, (uint32_t)b, 0); /* now the whole block is free */
    assert_int_equal(mincore(frame(&p, b), MM_PAGE_SIZE, &v), 0);
    assert_int_equal(v & 1, 0);
    phys_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(too_small_ram_is_einval),
        cmocka_unit_test(every_order_aligned_and_counted),
        cmocka_unit_test(buddies_coalesce),
        cmocka_unit_test(fragmentation_blocks_higher_orders),
        cmocka_unit_test(fresh_frames_read_zero),
        cmocka_unit_test(whole_free_blocks_return_host_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
