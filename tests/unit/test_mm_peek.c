/* mm_peek, the tracer's read of guest memory: the bytes a guest read would
 * see, with nothing changed. Compared against what mm_copy_from (the
 * kernel's copy_from_user) returns for the same range, and against the
 * kernel's rules for what an untouched page holds (do_anonymous_page: the
 * zero page; do_read_fault: the file's bytes, zeros past its end in the
 * last page, SIGBUS past it; shmem_fault: the object's bytes) and where a
 * read faults (unmapped, PROT_NONE, guard pages). "Nothing changed" is
 * checked directly: no page event, no page present afterwards, no accessed
 * bit, no fault counted, the huge page pool untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "mm_fixture.h"
#include "syscalls/syscalls.h"
#include "syscalls/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHANON (L_MAP_SHARED | L_MAP_ANONYMOUS)

static size_t nevents;

static void count_event(struct mm *mm, const struct mm_page_event *ev)
{
    (void)mm, (void)ev;
    nevents++;
}

static int setup_hook(void **state)
{
    nevents = 0;
    mm_page_hook = count_event;
    return setup(state);
}

static int teardown_hook(void **state)
{
    mm_page_hook = NULL;
    return teardown(state);
}

static uint64_t faults(struct mm *mm)
{
    struct mm_usage u;
    mm_usage(mm, &u);
    return u.faults_small + u.faults_huge;
}

/* Fresh private anonymous memory reads zeros and stays untouched: the
 * guest's own first read afterwards is still the zero-page fault. */
static void untouched_anonymous(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 2 * PG, ANON);
    uint64_t before = faults(mm);
    uint8_t b[32];
    memset(b, 0xee, sizeof(b));
    assert_int_equal(mm_peek(mm, b, a + PG - 16, sizeof(b)), 0);
    for (size_t i = 0; i < sizeof(b); i++)
        assert_int_equal(b[i], 0);
    assert_int_equal(nevents, 0);
    assert_false(mm_page_present(mm, a, NULL, NULL));
    assert_false(mm_page_present(mm, a + PG, NULL, NULL));
    assert_int_equal(faults(mm), before);
    assert_int_equal(peek(mm, a), 0); /* the kernel's read: now it faults */
    assert_int_equal(nevents, 1);
    assert_true(mm_page_present(mm, a, NULL, NULL));
}

/* A resident page reads its bytes; its accessed and dirty bits stay as
 * they were (MADV_FREE has just cleared both). */
static void resident_page_bits_kept(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, PG, ANON);
    assert_int_equal(mm_copy_to(mm, a + 100, "resident", 8), 0);
    assert_int_equal(mm_madvise(mm, a, PG, L_MADV_FREE), 0);
    bool dirty = true, accessed = true;
    assert_true(mm_page_present(mm, a, &dirty, &accessed));
    assert_false(dirty || accessed);
    nevents = 0;
    char b[8];
    assert_int_equal(mm_peek(mm, b, a + 100, 8), 0);
    assert_memory_equal(b, "resident", 8);
    assert_true(mm_page_present(mm, a, &dirty, &accessed));
    assert_false(dirty);
    assert_false(accessed);
    assert_int_equal(nevents, 0);
}

/* A private file mapping nobody touched: the file's bytes, zeros after its
 * end within its last page, and a fault for a page wholly past the end;
 * the same bytes mm_copy_from gets by faulting the pages in. */
static void untouched_file_pages(void **state)
{
    struct mm *mm = *state;
    char path[] = "/tmp/relic-peek-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    uint8_t data[PG + 904];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7 + 1);
    assert_int_equal(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
    long f = mm_mmap(mm, 0, 3 * PG, L_PROT_READ, L_MAP_PRIVATE, fd, 0);
    assert_true(f > 0);
    uint32_t va = (uint32_t)f;
    uint8_t got[2 * PG], want[2 * PG];
    assert_int_equal(mm_peek(mm, got, va, sizeof(got)), 0);
    assert_memory_equal(got, data, sizeof(data));
    for (size_t i = sizeof(data); i < sizeof(got); i++)
        assert_int_equal(got[i], 0);
    uint8_t b;
    assert_int_equal(mm_peek(mm, &b, va + 2 * PG, 1), -EFAULT); /* SIGBUS */
    assert_int_equal(mm_peek(mm, got, va + PG, PG + 1), -EFAULT);
    assert_int_equal(nevents, 0);
    for (uint32_t p = 0; p < 3; p++)
        assert_false(mm_page_present(mm, va + p * PG, NULL, NULL));
    assert_int_equal(mm_copy_from(mm, want, va, sizeof(want)), 0);
    assert_int_equal(mm_peek(mm, got, va, sizeof(got)), 0);
    assert_memory_equal(got, want, sizeof(want));
    close(fd);
}

/* MADV_DONTNEED on shared memory drops the mapping, not the bytes: they
 * read from the object without the page coming back. */
static void dropped_shared_page(void **state)
{
    struct mm *mm = *state;
    uint32_t s = map(mm, PG, SHANON);
    assert_int_equal(mm_copy_to(mm, s + 5, "abcd", 4), 0);
    poke(mm, s + 4, 'x');
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_DONTNEED), 0);
    assert_false(mm_page_present(mm, s, NULL, NULL));
    nevents = 0;
    char b[5];
    assert_int_equal(mm_peek(mm, b, s + 4, 5), 0);
    assert_memory_equal(b, "xabcd", 5);
    assert_false(mm_page_present(mm, s, NULL, NULL));
    assert_int_equal(nevents, 0);
}

/* Where a guest read faults, so does a peek; the stack does not grow for
 * it; a length of 0 reads nothing anywhere. */
static void faults_where_a_read_would(void **state)
{
    struct mm *mm = *state;
    uint8_t b[8];
    long n = mm_mmap(mm, 0, PG, L_PROT_NONE, ANON, -1, 0);
    assert_true(n > 0);
    assert_int_equal(mm_peek(mm, b, (uint32_t)n, 1), -EFAULT);
    uint32_t g = map(mm, 2 * PG, ANON);
    assert_int_equal(mm_madvise(mm, g + PG, PG, L_MADV_GUARD_INSTALL), 0);
    assert_int_equal(mm_peek(mm, b, g + PG - 4, 8), -EFAULT);
    assert_int_equal(mm_peek(mm, b, g + PG - 4, 4), 0);
    assert_int_equal(mm_munmap(mm, g, 2 * PG), 0);
    assert_int_equal(mm_peek(mm, b, g, 1), -EFAULT);
    assert_int_equal(mm_peek(mm, b, 0xfffffffc, 8), -EFAULT);
    assert_int_equal(mm_peek(mm, b, 0, 0), 0);
    assert_int_equal(nevents, 0);
}

/* An untouched MAP_HUGETLB page reads zeros and takes nothing from the
 * pool (the first touch is alloc_hugetlb_folio()'s, not the tracer's). */
static void untouched_huge_page(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 1), 1);
    long h = mm_mmap(mm, 0, HUGE, RW, ANON | L_MAP_HUGETLB, -1, 0);
    assert_true(h > 0);
    nevents = 0;
    uint8_t b[16] = {1};
    assert_int_equal(mm_peek(mm, b, (uint32_t)h + HUGE / 2, sizeof(b)), 0);
    for (size_t i = 0; i < sizeof(b); i++)
        assert_int_equal(b[i], 0);
    struct mm_meminfo mi;
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_free, 1);
    assert_int_equal(nevents, 0);
    assert_false(mm_page_present(mm, (uint32_t)h, NULL, NULL));
}

/* The tracer's reader (tr_read) is this read: decoding an argument in an
 * untouched page leaves it untouched. */
static void tracer_reads_peek(void **state)
{
    struct task t = {.mm = *state};
    uint32_t a = map(t.mm, PG, ANON);
    struct tcall c = {.t = &t};
    uint32_t v = 1;
    assert_int_equal(tr_read(&c, a + 8, &v, 4), 0);
    assert_int_equal(v, 0);
    assert_int_equal(nevents, 0);
    assert_false(mm_page_present(t.mm, a, NULL, NULL));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_hook, teardown_hook)
    const struct CMUnitTest tests[] = {
        T(untouched_anonymous), T(resident_page_bits_kept),   T(untouched_file_pages),
        T(dropped_shared_page), T(faults_where_a_read_would), T(untouched_huge_page),
        T(tracer_reads_peek),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
