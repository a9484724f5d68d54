/* The buddy allocator behaves as the kernel's (mm/page_alloc.c): blocks
 * aligned to their size, buddies coalescing on free, order-10 requests
 * failing from fragmentation while order 0 still succeeds, and freed memory
 * handed back so that a new frame reads as zeros. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/internal.h"

#include <errno.h>
#include <string.h>

#define RAM (8u << 20) /* two order-10 blocks */

static void alignment_and_counts(void **state)
{
    (void)state;
    struct phys p;
    assert_int_equal(phys_init(&p, RAM), 0);
    uint32_t initial = phys_free_frames(&p);
    assert_int_equal(initial, RAM / MM_PAGE_SIZE);
    for (int order = 0; order <= PHYS_MAX_ORDER; order++) {
        int64_t pfn = phys_alloc(&p, order);
        assert_true(pfn >= 0);
        assert_int_equal(pfn & ((1 << order) - 1), 0);
        assert_int_equal(phys_free_frames(&p), initial - (1u << order));
        phys_free(&p, (uint32_t)pfn, order);
        assert_int_equal(phys_free_frames(&p), initial);
    }
    phys_destroy(&p);
}

static void buddies_coalesce(void **state)
{
    (void)state;
    struct phys p;
    assert_int_equal(phys_init(&p, RAM), 0);
    int64_t a = phys_alloc(&p, PHYS_MAX_ORDER), b = phys_alloc(&p, PHYS_MAX_ORDER);
    assert_true(a >= 0 && b >= 0);
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    phys_free(&p, (uint32_t)b, PHYS_MAX_ORDER);
    /* Split the freed block to the bottom, then give every frame back. */
    int64_t frames[1024];
    for (int i = 0; i < 1024; i++) {
        frames[i] = phys_alloc(&p, 0);
        assert_true(frames[i] >= 0);
    }
    assert_int_equal(phys_alloc(&p, 0), -ENOMEM);
    for (int i = 0; i < 1024; i++)
        phys_free(&p, (uint32_t)frames[i], 0);
    int64_t again = phys_alloc(&p, PHYS_MAX_ORDER);
    assert_int_equal(again, b);
    phys_free(&p, (uint32_t)again, PHYS_MAX_ORDER);
    phys_free(&p, (uint32_t)a, PHYS_MAX_ORDER);
    assert_int_equal(phys_free_frames(&p), RAM / MM_PAGE_SIZE);
    phys_destroy(&p);
}

static void fragmentation_blocks_large_orders(void **state)
{
    (void)state;
    struct phys p;
    assert_int_equal(phys_init(&p, RAM), 0);
    uint32_t n = RAM / MM_PAGE_SIZE;
    int64_t *f = test_malloc(n * sizeof(*f));
    for (uint32_t i = 0; i < n; i++)
        f[i] = phys_alloc(&p, 0);
    for (uint32_t i = 0; i < n; i += 2)
        phys_free(&p, (uint32_t)f[i], 0);
    assert_int_equal(phys_free_frames(&p), n / 2);
    assert_int_equal(phys_alloc(&p, PHYS_MAX_ORDER), -ENOMEM);
    assert_int_equal(phys_alloc(&p, 1), -ENOMEM);
    int64_t one = phys_alloc(&p, 0);
    assert_true(one >= 0);
    phys_free(&p, (uint32_t)one, 0);
    for (uint32_t i = 1; i < n; i += 2)
        phys_free(&p, (uint32_t)f[i], 0);
    assert_true(phys_alloc(&p, PHYS_MAX_ORDER) >= 0);
    test_free(f);
    phys_destroy(&p);
}

static void freed_frames_read_zero(void **state)
{
    (void)state;
    struct phys p;
    assert_int_equal(phys_init(&p, RAM), 0);
    int64_t pfn = phys_alloc(&p, 0);
    uint8_t *page = p.ram + ((uint64_t)pfn << MM_PAGE_SHIFT);
    memset(page, 0xab, MM_PAGE_SIZE);
    phys_free(&p, (uint32_t)pfn, 0);
    int64_t again = phys_alloc(&p, 0);
    assert_int_equal(again, pfn);
    for (uint32_t i = 0; i < MM_PAGE_SIZE; i++)
        assert_int_equal(page[i], 0);
    phys_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alignment_and_counts),
        cmocka_unit_test(buddies_coalesce),
        cmocka_unit_test(fragmentation_blocks_large_orders),
        cmocka_unit_test(freed_frames_read_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
