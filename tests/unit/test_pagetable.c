/* Demand paging and page-table bits through mm_fill, the TLB-fill entry the
 * engine calls, compared against what i386 hardware and Linux's fault handler
 * do: pages appear on first touch, A and D are set by the access that needs
 * them, protection failures are SEGV_ACCERR and holes SEGV_MAPERR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"

#include <errno.h>
#include <string.h>

#define PG   MM_PAGE_SIZE
#define RW   (L_PROT_READ | L_PROT_WRITE)
#define ANON (L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED)
#define BASE 0x20000000u
#define P_R  1
#define P_W  2
#define P_X  4

static int setup(void **state)
{
    int err;
    struct mm *mm = mm_new(16u << 20, &err);
    *state = mm;
    return mm ? 0 : -1;
}

static int teardown(void **state)
{
    mm_free(*state);
    return 0;
}

static void demand_paging_and_bits(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, 2 * PG, RW, ANON, -1, 0);
    bool dirty, accessed;
    assert_false(mm_page_present(mm, BASE, NULL, NULL));
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, BASE, MM_READ, &pa, &perms), MM_OK);
    assert_true(mm_page_present(mm, BASE, &dirty, &accessed));
    assert_true(accessed);
    assert_false(dirty);
    assert_int_equal(perms & (P_R | P_W), P_R); /* write waits for the dirty bit */
    assert_int_equal(mm_fill(mm, BASE + 8, MM_WRITE, &pa, &perms), MM_OK);
    assert_true(mm_page_present(mm, BASE, &dirty, NULL));
    assert_true(dirty);
    assert_true(perms & P_W);
    assert_false(perms & P_X);
    assert_false(mm_page_present(mm, BASE + PG, NULL, NULL));
}

static void faults(void **state)
{
    struct mm *mm = *state;
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, BASE, MM_READ, &pa, &perms), MM_MAPERR);
    mm_mmap(mm, BASE, PG, L_PROT_READ, ANON, -1, 0);
    assert_int_equal(mm_fill(mm, BASE, MM_WRITE, &pa, &perms), MM_ACCERR);
    mm_set_exec_policy(mm, true, false);
    assert_int_equal(mm_fill(mm, BASE, MM_FETCH, &pa, &perms), MM_ACCERR);
    mm_set_exec_policy(mm, true, true); /* READ_IMPLIES_EXEC */
    mm_mmap(mm, BASE + PG, PG, L_PROT_READ, ANON, -1, 0);
    assert_int_equal(mm_fill(mm, BASE + PG, MM_FETCH, &pa, &perms), MM_OK);
    assert_true(perms & P_X);
    assert_int_equal(mm_fill(mm, MM_TASK_SIZE + PG, MM_READ, &pa, &perms), MM_MAPERR);
}

static void prot_none_keeps_content(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, PG, RW, ANON, -1, 0);
    assert_int_equal(mm_copy_to(mm, BASE + 100, "kept", 5), 0);
    assert_int_equal(mm_mprotect(mm, BASE, PG, L_PROT_NONE), 0);
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, BASE, MM_READ, &pa, &perms), MM_ACCERR);
    char buf[5];
    assert_int_equal(mm_copy_from(mm, buf, BASE + 100, 5), -EFAULT);
    assert_int_equal(mm_mprotect(mm, BASE, PG, RW), 0);
    assert_int_equal(mm_copy_from(mm, buf, BASE + 100, 5), 0);
    assert_string_equal(buf, "kept");
}

static void user_copies(void **state)
{
    struct mm *mm = *state;
    mm_mmap(mm, BASE, 2 * PG, RW, ANON, -1, 0);
    char out[64], in[64];
    for (int i = 0; i < 64; i++)
        out[i] = (char)('a' + i % 26);
    out[63] = 0;
    assert_int_equal(mm_copy_to(mm, BASE + PG - 20, out, 64), 0);
    assert_int_equal(mm_copy_from(mm, in, BASE + PG - 20, 64), 0);
    assert_memory_equal(in, out, 64);
    char path[16];
    assert_int_equal(mm_copy_str(mm, path, BASE + PG - 20, 16), -ENAMETOOLONG);
    assert_int_equal(mm_copy_str(mm, in, BASE + PG - 20, 64), 63);
    assert_int_equal(mm_copy_to(mm, BASE + 2 * PG - 2, "ab", 2), 0); /* no NUL */
    assert_int_equal(mm_copy_str(mm, in, BASE + 2 * PG - 2, 64), -EFAULT);
    assert_int_equal(mm_copy_from(mm, in, BASE + 2 * PG - 2, 4), -EFAULT);
    mm_mmap(mm, BASE + 4 * PG, PG, L_PROT_READ, ANON, -1, 0);
    assert_int_equal(mm_copy_to(mm, BASE + 4 * PG, out, 1), -EFAULT);
    /* The loader's write ignores protection. */
    assert_int_equal(mm_poke(mm, BASE + 4 * PG, out, 1), 0);
}

static void munmap_returns_frames(void **state)
{
    struct mm *mm = *state;
    uint32_t before = mm_free_frames(mm);
    mm_mmap(mm, BASE, 16 * PG, RW, ANON, -1, 0);
    for (uint32_t i = 0; i < 16; i++)
        assert_int_equal(mm_copy_to(mm, BASE + i * PG, "x", 1), 0);
    assert_true(mm_free_frames(mm) <= before - 16);
    assert_int_equal(mm_munmap(mm, BASE, 16 * PG), 0);
    assert_int_equal(mm_free_frames(mm), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(demand_paging_and_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(faults, setup, teardown),
        cmocka_unit_test_setup_teardown(prot_none_keeps_content, setup, teardown),
        cmocka_unit_test_setup_teardown(user_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(munmap_returns_frames, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
