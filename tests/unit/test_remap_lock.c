/* mremap, the mlock family, msync and mincore through mm's public API: every
 * errno path, with the expectations of Linux 6.x (mm/mremap.c, mm/mlock.c,
 * mm/msync.c, mm/mincore.c). Each was also checked natively on this host
 * with an i386 program (samples/memory/mremap.c and lock.c make the same
 * calls; tests/integration runs them against the native run). The tests run
 * as root, so the guest may lock without limit (CAP_IPC_LOCK). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "mm_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAYMOVE L_MREMAP_MAYMOVE

/* check_mremap_params() and check_prep_vma(), in order. */
static void mremap_errors(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    assert_int_equal(mm_mremap(mm, a, PG, PG, 8, 0), -EINVAL);     /* flags */
    assert_int_equal(mm_mremap(mm, a + 1, PG, PG, 0, 0), -EINVAL); /* alignment */
    assert_int_equal(mm_mremap(mm, a, PG, 0, 0, 0), -EINVAL);      /* new_len 0 */
    /* new_len past the i386 top, no FIXED: no room, ENOMEM (host: the 64-bit kernel
     * only checks new_len against its own TASK_SIZE). */
    assert_int_equal(mm_mremap(mm, a, PG, 0xF0000000u, 0, 0), -ENOMEM);
    assert_int_equal(mm_mremap(mm, a, PG, PG, L_MREMAP_FIXED, a + 8 * PG), -EINVAL);
    assert_int_equal(mm_mremap(mm, a, PG, PG, MAYMOVE | L_MREMAP_FIXED, a + 8 * PG + 1),
                     -EINVAL);
    assert_int_equal(mm_mremap(mm, a, PG, 2 * PG, MAYMOVE | L_MREMAP_DONTUNMAP, 0),
                     -EINVAL);
    assert_int_equal(mm_mremap(mm, a, 2 * PG, 2 * PG, MAYMOVE | L_MREMAP_FIXED, a + PG),
                     -EINVAL); /* overlap */
    assert_int_equal(mm_mremap(mm, 0x1000, PG, PG, MAYMOVE, 0), -EFAULT);
    assert_int_equal(mm_mremap(mm, a, 8 * PG, 9 * PG, MAYMOVE, 0), -EFAULT); /* across */
    assert_int_equal(mm_mremap(mm, a, 0, PG, MAYMOVE, 0), -EINVAL); /* dup of private */
    /* Growth blocked by a neighbour without MAYMOVE. */
    assert_true(mm_mmap(mm, a + 4 * PG, PG, L_PROT_READ, ANON | L_MAP_FIXED_NOREPLACE, -1,
                        0) > 0);
    assert_int_equal(mm_mremap(mm, a, 4 * PG, 5 * PG, 0, 0), -ENOMEM);
}

/* Shrink in place, grow in place, move with the data. */
static void mremap_moves_pages(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    poke(mm, a, 'a');
    poke(mm, a + PG, 'b');
    assert_int_equal(mm_mremap(mm, a, 4 * PG, 2 * PG, 0, 0), (long)a);
    assert_null(mm_vma_find(mm, a + 2 * PG));
    assert_int_equal(mm_mremap(mm, a, 2 * PG, 3 * PG, 0, 0), (long)a); /* room follows */
    assert_int_equal(peek(mm, a + 2 * PG), 0);
    assert_true(mm_mmap(mm, a + 3 * PG, PG, L_PROT_READ, ANON | L_MAP_FIXED, -1, 0) > 0);
    long b = mm_mremap(mm, a, 3 * PG, 6 * PG, MAYMOVE, 0);
    assert_true(b > 0 && (uint32_t)b != a);
    assert_int_equal(peek(mm, (uint32_t)b), 'a');
    assert_int_equal(peek(mm, (uint32_t)b + PG), 'b');
    const struct vma *old = mm_vma_find(mm, a);
    assert_true(old == NULL || old->start >= a + 3 * PG);
    /* MREMAP_FIXED replaces what was at the target. */
    uint32_t t = map(mm, PG, ANON);
    poke(mm, t, 'x');
    long c = mm_mremap(mm, (uint32_t)b, PG, PG, MAYMOVE | L_MREMAP_FIXED, t);
    assert_int_equal(c, (long)t);
    assert_int_equal(peek(mm, t), 'a');
    /* DONTUNMAP: the old range stays, empty. */
    long d = mm_mremap(mm, (uint32_t)b + PG, PG, PG, MAYMOVE | L_MREMAP_DONTUNMAP, 0);
    assert_true(d > 0);
    assert_int_equal(peek(mm, (uint32_t)d), 'b');
    assert_non_null(mm_vma_find(mm, (uint32_t)b + PG));
    assert_int_equal(peek(mm, (uint32_t)b + PG), 0);
}

/* old_len 0 duplicates a shared mapping: both see the same page. */
static void mremap_duplicates_shared(void **state)
{
    struct mm *mm = *state;
    uint32_t s = map(mm, PG, L_MAP_SHARED | L_MAP_ANONYMOUS);
    poke(mm, s, 's');
    long d = mm_mremap(mm, s, 0, PG, MAYMOVE, 0);
    assert_true(d > 0 && (uint32_t)d != s);
    assert_int_equal(peek(mm, (uint32_t)d), 's');
    poke(mm, (uint32_t)d, 'S');
    assert_int_equal(peek(mm, s), 'S');
}

/* hugetlb: addresses 4 MiB aligned, no growth (align_hugetlb()). */
static void mremap_hugetlb(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 2), 2);
    long h = mm_mmap(mm, 0, 2 * HUGE, RW, ANON | L_MAP_HUGETLB, -1, 0);
    assert_true(h > 0);
    poke(mm, (uint32_t)h, 'h');
    assert_int_equal(mm_mremap(mm, (uint32_t)h, 2 * HUGE, 3 * HUGE, MAYMOVE, 0), -EINVAL);
    assert_int_equal(mm_mremap(mm, (uint32_t)h + PG, HUGE, HUGE, MAYMOVE, 0), -EINVAL);
    assert_int_equal(mm_mremap(mm, (uint32_t)h, 2 * HUGE, HUGE, 0, 0), h); /* shrink */
    long m =
        mm_mremap(mm, (uint32_t)h, HUGE, HUGE, MAYMOVE | L_MREMAP_FIXED, 0x40000000u);
    assert_int_equal(m, 0x40000000);
    assert_int_equal(peek(mm, 0x40000000u), 'h');
}

/* mlock, mlock2, munlock: flags, holes, populate, PROT_NONE. */
static void mlock_rules(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    assert_int_equal(mm_mlock(mm, a, PG, 2), -EINVAL);
    assert_int_equal(mm_mlock(mm, a + 100, PG, 0), 0); /* rounded out to pages */
    assert_true(mm_page_present(mm, a, NULL, NULL));
    assert_true(mm_page_present(mm, a + PG, NULL, NULL));
    assert_true(mm_vma_find(mm, a)->flags & VMA_LOCKED);
    assert_int_equal(mm_mlock(mm, a + 3 * PG, PG, L_MLOCK_ONFAULT), 0);
    assert_false(mm_page_present(mm, a + 3 * PG, NULL, NULL));
    assert_true(mm_vma_find(mm, a + 3 * PG)->flags & VMA_LOCKONFAULT);
    assert_int_equal(mm_munlock(mm, a, 4 * PG), 0);
    assert_false(mm_vma_find(mm, a)->flags & VMA_LOCKED);
    assert_int_equal(mm_munmap(mm, a + PG, PG), 0);
    assert_int_equal(mm_mlock(mm, a, 4 * PG, 0), -ENOMEM);  /* hole */
    assert_true(mm_vma_find(mm, a)->flags & VMA_LOCKED);    /* before it: locked */
    assert_int_equal(mm_mlock(mm, a + PG, PG, 0), -ENOMEM); /* starts in the hole */
    long n = mm_mmap(mm, 0, PG, L_PROT_NONE, ANON, -1, 0);
    assert_int_equal(mm_mlock(mm, (uint32_t)n, PG, 0), -ENOMEM); /* cannot populate */
    assert_int_equal(mm_mlock(mm, 0xFFFFF000u, 2 * PG, 0), -ENOMEM);
}

/* mlockall: flag checks, MCL_FUTURE for later mappings, munlockall. */
static void mlockall_rules(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_mlockall(mm, 0), -EINVAL);
    assert_int_equal(mm_mlockall(mm, L_MCL_ONFAULT), -EINVAL);
    assert_int_equal(mm_mlockall(mm, 8), -EINVAL);
    uint32_t before = map(mm, PG, ANON);
    assert_int_equal(mm_mlockall(mm, L_MCL_FUTURE), 0);
    assert_false(mm_vma_find(mm, before)->flags & VMA_LOCKED);
    uint32_t after = map(mm, 2 * PG, ANON);
    assert_true(mm_vma_find(mm, after)->flags & VMA_LOCKED);
    assert_true(mm_page_present(mm, after + PG, NULL, NULL));
    assert_int_equal(mm_mlockall(mm, L_MCL_CURRENT | L_MCL_ONFAULT), 0);
    assert_true(mm_vma_find(mm, before)->flags & VMA_LOCKONFAULT);
    assert_int_equal(mm_munlockall(mm), 0);
    assert_false(mm_vma_find(mm, after)->flags & VMA_LOCKED);
    uint32_t later = map(mm, PG, ANON);
    assert_false(mm_vma_find(mm, later)->flags & VMA_LOCKED);
}

/* msync: flags, alignment, holes (MS_ASYNC alone stops at the first), and
 * MS_INVALIDATE on locked memory. */
static void msync_rules(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 3 * PG, ANON);
    assert_int_equal(mm_msync(mm, a, PG, 8), -EINVAL);
    assert_int_equal(mm_msync(mm, a + 1, PG, L_MS_SYNC), -EINVAL);
    assert_int_equal(mm_msync(mm, a, PG, L_MS_ASYNC | L_MS_SYNC), -EINVAL);
    assert_int_equal(mm_msync(mm, a, 0, L_MS_SYNC), 0);
    assert_int_equal(mm_msync(mm, a, 3 * PG, L_MS_ASYNC), 0);
    assert_int_equal(mm_munmap(mm, a + PG, PG), 0);
    assert_int_equal(mm_msync(mm, a, 3 * PG, L_MS_SYNC), -ENOMEM);
    assert_int_equal(mm_msync(mm, a, 3 * PG, L_MS_ASYNC), -ENOMEM);
    assert_int_equal(mm_mlock(mm, a, PG, 0), 0);
    assert_int_equal(mm_msync(mm, a, PG, L_MS_INVALIDATE), -EBUSY);
    assert_int_equal(mm_msync(mm, a + 2 * PG, PG, L_MS_INVALIDATE), 0);
}

/* msync(MS_SYNC) of a shared file mapping: the data is in the file. */
static void msync_shared_file(void **state)
{
    struct mm *mm = *state;
    char path[] = "/tmp/relic-msync-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(ftruncate(fd, PG), 0);
    long f = mm_mmap(mm, 0, PG, RW, L_MAP_SHARED, fd, 0);
    assert_true(f > 0);
    poke(mm, (uint32_t)f + 7, 'z');
    assert_int_equal(mm_msync(mm, (uint32_t)f, PG, L_MS_SYNC), 0);
    char b = 0;
    assert_int_equal(pread(fd, &b, 1, 7), 1);
    assert_int_equal(b, 'z');
    close(fd);
}

/* mincore: the vector, and EINVAL / ENOMEM / EFAULT. */
static void mincore_rules(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 3 * PG, ANON);
    uint32_t vec = map(mm, PG, ANON);
    poke(mm, a + PG, 1);
    assert_int_equal(mm_mincore(mm, a, 3 * PG, vec), 0);
    uint8_t v[3];
    assert_int_equal(mm_copy_from(mm, v, vec, 3), 0);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 1);
    assert_int_equal(v[2], 0);
    assert_int_equal(mm_mincore(mm, a + 1, PG, vec), -EINVAL);
    assert_int_equal(mm_mincore(mm, a, PG, 8), -EFAULT);
    assert_int_equal(mm_mincore(mm, 0xBFFFF000u, 2 * PG, vec), -ENOMEM);
    assert_int_equal(mm_munmap(mm, a + 2 * PG, PG), 0);
    assert_int_equal(mm_mincore(mm, a, 3 * PG, vec), -ENOMEM);
    /* After MADV_DONTNEED the page is gone again. */
    assert_int_equal(mm_madvise(mm, a + PG, PG, L_MADV_DONTNEED), 0);
    assert_int_equal(mm_mincore(mm, a, 2 * PG, vec), 0);
    assert_int_equal(mm_copy_from(mm, v, vec, 2), 0);
    assert_int_equal(v[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(mremap_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(mremap_moves_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(mremap_duplicates_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(mremap_hugetlb, setup, teardown),
        cmocka_unit_test_setup_teardown(mlock_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(mlockall_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(msync_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(msync_shared_file, setup, teardown),
        cmocka_unit_test_setup_teardown(mincore_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
