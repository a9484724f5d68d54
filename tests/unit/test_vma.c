/* VMAs and the memory calls through mm's public API, compared against the
 * semantics of Linux's mm/mmap.c and mm/mprotect.c and the ERRORS sections of
 * mmap(2), munmap(2), mprotect(2) and brk(2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"

#include <errno.h>
#include <string.h>

#define PG       MM_PAGE_SIZE
#define RW       (L_PROT_READ | L_PROT_WRITE)
#define ANON     (L_MAP_PRIVATE | L_MAP_ANONYMOUS)
#define ANON_FIX (ANON | L_MAP_FIXED)
#define BASE     0x10000000u

static int setup(void **state)
{
    int err;
    *state = mm_new(16u << 20, &err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    mm_free(*state);
    return 0;
}

static void munmap_splits(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_mmap(mm, BASE, 4 * PG, RW, ANON_FIX, -1, 0), BASE);
    assert_int_equal(mm_vma_count(mm), 1);
    assert_int_equal(mm_munmap(mm, BASE + PG, PG), 0);
    assert_int_equal(mm_vma_count(mm), 2);
    assert_int_equal(mm_vma_at(mm, 0)->end, BASE + PG);
    assert_int_equal(mm_vma_at(mm, 1)->start, BASE + 2 * PG);
    assert_null(mm_vma_find(mm, BASE + PG));
}

static void mprotect_splits_and_merges(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, 4 * PG, RW, ANON_FIX, -1, 0);
    assert_int_equal(mm_mprotect(mm, BASE + PG, 2 * PG, L_PROT_READ), 0);
    assert_int_equal(mm_vma_count(mm), 3);
    assert_int_equal(mm_vma_find(mm, BASE + PG)->prot, L_PROT_READ);
    assert_int_equal(mm_vma_find(mm, BASE)->prot, RW);
    assert_int_equal(mm_mprotect(mm, BASE + PG, 2 * PG, RW), 0);
    assert_int_equal(mm_vma_count(mm), 1);
}

static void adjacent_anonymous_merge(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, PG, RW, ANON_FIX, -1, 0);
    mm_mmap(mm, BASE + PG, PG, RW, ANON_FIX, -1, 0);
    assert_int_equal(mm_vma_count(mm), 1);
    mm_mmap(mm, BASE + 2 * PG, PG, L_PROT_READ, ANON_FIX, -1, 0);
    assert_int_equal(mm_vma_count(mm), 2);
}

static void fixed_replaces_noreplace_refuses(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, 2 * PG, RW, ANON_FIX, -1, 0);
    assert_int_equal(mm_mmap(mm, BASE, PG, L_PROT_READ, ANON_FIX, -1, 0), BASE);
    assert_int_equal(mm_vma_find(mm, BASE)->prot, L_PROT_READ);
    assert_int_equal(mm_mmap(mm, BASE, PG, RW, ANON | L_MAP_FIXED_NOREPLACE, -1, 0),
                     -EEXIST);
}

static void errors(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_mmap(mm, 0, 0, RW, ANON, -1, 0), -EINVAL);
    assert_int_equal(mm_mmap(mm, 0, PG, RW, L_MAP_ANONYMOUS, -1, 0), -EINVAL);
    assert_int_equal(mm_mmap(mm, 0, PG, RW, ANON, -1, 5), -EINVAL);
    assert_int_equal(mm_mmap(mm, BASE + 1, PG, RW, ANON_FIX, -1, 0), -EINVAL);
    assert_int_equal(mm_mmap(mm, 0, PG, RW,
                             L_MAP_SHARED_VALIDATE | L_MAP_ANONYMOUS | 0x8000000, -1, 0),
                     -EOPNOTSUPP);
    assert_int_equal(mm_munmap(mm, BASE + 3, PG), -EINVAL);
    assert_int_equal(mm_munmap(mm, BASE, 0), -EINVAL);
    assert_int_equal(mm_mprotect(mm, BASE + 1, PG, RW), -EINVAL);
    assert_int_equal(mm_mprotect(mm, BASE, PG, 0x100), -EINVAL);
    /* A hole: the part before it changes, then ENOMEM, as in Linux. */
    mm_mmap(mm, BASE, PG, RW, ANON_FIX, -1, 0);
    mm_mmap(mm, BASE + 2 * PG, PG, RW, ANON_FIX, -1, 0);
    assert_int_equal(mm_mprotect(mm, BASE, 3 * PG, L_PROT_READ), -ENOMEM);
    assert_int_equal(mm_vma_find(mm, BASE)->prot, L_PROT_READ);
    assert_int_equal(mm_vma_find(mm, BASE + 2 * PG)->prot, RW);
    assert_int_equal(mm_mprotect(mm, BASE + 5 * PG, PG, RW), -ENOMEM);
}

static void top_down_placement(void **state)
{
    struct mm *mm = *state;
    long a = mm_mmap(mm, 0, 3 * PG, RW, ANON, -1, 0);
    long b = mm_mmap(mm, 0, PG, L_PROT_READ, ANON, -1, 0);
    assert_true(a > 0 && b > 0);
    assert_true((uint32_t)a + 3 * PG <= 0xB8000000u);
    assert_int_equal((uint32_t)b, (uint32_t)a - PG);
    /* A free hint is honoured. */
    assert_int_equal(mm_mmap(mm, BASE, PG, RW, ANON, -1, 0), BASE);
}

static void brk_grows_and_shrinks(void **state)
{
    struct mm *mm = *state;
    mm_set_brk_start(mm, 0x08100000);
    assert_int_equal(mm_brk(mm, 0), 0x08100000);
    assert_int_equal(mm_brk(mm, 0x08100000 + 3 * PG + 5), 0x08100000 + 3 * PG + 5);
    const struct vma *heap = mm_vma_find(mm, 0x08100000);
    assert_non_null(heap);
    assert_int_equal(heap->end, 0x08100000 + 4 * PG);
    assert_int_equal(mm_brk(mm, 0x08100000 + PG), 0x08100000 + PG);
    assert_null(mm_vma_find(mm, 0x08100000 + 2 * PG));
    assert_int_equal(mm_brk(mm, 0x08000000), 0x08100000 + PG);
    /* Growing into another mapping fails and leaves the break alone. */
    mm_mmap(mm, 0x08100000 + 8 * PG, PG, RW, ANON_FIX, -1, 0);
    assert_int_equal(mm_brk(mm, 0x08100000 + 9 * PG), 0x08100000 + PG);
    char maps[512];
    size_t n = mm_format_maps(mm, maps, sizeof(maps));
    maps[n < sizeof(maps) ? n : sizeof(maps) - 1] = 0;
    assert_non_null(strstr(maps, "08100000-08101000 rw-p 00000000 00:00 0"));
    assert_non_null(strstr(maps, "[heap]"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(munmap_splits, setup, teardown),
        cmocka_unit_test_setup_teardown(mprotect_splits_and_merges, setup, teardown),
        cmocka_unit_test_setup_teardown(adjacent_anonymous_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(fixed_replaces_noreplace_refuses, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(errors, setup, teardown),
        cmocka_unit_test_setup_teardown(top_down_placement, setup, teardown),
        cmocka_unit_test_setup_teardown(brk_grows_and_shrinks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
