/* --trace-pages: the page events mm reports through mm_page_hook, with an
 * mm fixture and a hook that records them, and the lines trace_pages.c
 * makes of them. There is no native equivalent to compare with: the
 * expectations are the kernel's memory semantics (Linux 6.x mm/memory.c
 * do_anonymous_page(), do_wp_page(), hugetlb_fault(); kernel/fork.c; mm/madvise.c
 * madvise_dontneed_free(), madvise_remove(), madvise_free_pte_range();
 * mm/hugetlb.c alloc_hugetlb_folio(), free_huge_folio(),
 * set_max_huge_pages()), each named where it is used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "mm_fixture.h"
#include "syscalls/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHANON       (L_MAP_SHARED | L_MAP_ANONYMOUS)
#define HUGETLB_ANON (ANON | L_MAP_HUGETLB)

static struct mm_page_event seen[4096];
static size_t nseen;

static void record(struct mm *mm, const struct mm_page_event *ev)
{
    (void)mm;
    assert_true(nseen < sizeof(seen) / sizeof(seen[0]));
    seen[nseen++] = *ev;
}

static int setup_hook(void **state)
{
    nseen = 0;
    mm_page_hook = record;
    return setup(state);
}

static int teardown_hook(void **state)
{
    mm_page_hook = NULL;
    return teardown(state);
}

static void guest_access(struct mm *mm, uint32_t va, enum mm_access access)
{
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, va, access, &pa, &perms), MM_OK);
}

static void expect_page(size_t i, enum mm_page_kind kind, uint32_t va, uint32_t size)
{
    assert_true(i < nseen);
    assert_int_equal(seen[i].kind, kind);
    assert_int_equal(seen[i].va, va);
    assert_int_equal(seen[i].size, size);
}

static void expect_pool(size_t i, const char *why, uint32_t total, uint32_t free)
{
    assert_true(i < nseen);
    assert_int_equal(seen[i].kind, MM_PAGE_POOL);
    assert_string_equal(seen[i].pool_why, why);
    assert_int_equal(seen[i].pool_total, total);
    assert_int_equal(seen[i].pool_free, free);
}

/* do_anonymous_page(): a read of private anonymous memory maps the zero
 * page, the write after it copies (do_wp_page()), a first write takes a
 * frame of its own; a page already resident makes no event. */
static void first_touch_4k(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    guest_access(mm, a + 5, MM_READ);
    guest_access(mm, a + 7, MM_WRITE);
    guest_access(mm, a + PG + 1, MM_WRITE);
    guest_access(mm, a + PG + 2, MM_WRITE); /* resident: nothing */
    guest_access(mm, a + PG, MM_READ);      /* nothing */
    assert_int_equal(nseen, 3);
    expect_page(0, MM_PAGE_FAULT_IN, a, PG);
    assert_int_equal(seen[0].access, MM_READ);
    assert_true(seen[0].zero_page);
    expect_page(1, MM_PAGE_COW, a, PG);
    expect_page(2, MM_PAGE_FAULT_IN, a + PG, PG);
    assert_int_equal(seen[2].access, MM_WRITE);
    assert_false(seen[2].zero_page);
}

/* The kernel writing for a syscall (copy_to_user) faults the page in as a
 * write: one event, no zero page in between. */
static void kernel_copy_is_a_write_fault(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 2 * PG, ANON);
    poke(mm, a + PG + 3, 1);
    assert_int_equal(nseen, 1);
    expect_page(0, MM_PAGE_FAULT_IN, a + PG, PG);
    assert_int_equal(seen[0].access, MM_WRITE);
    assert_false(seen[0].zero_page);
}

/* fork (dup_mmap() -> copy_present_pte()) write-protects the private
 * pages parent and child now share: the first write to each in either
 * process is a copy-on-write fault (do_wp_page()); mm_fork_cow is what
 * both call. Pages not yet written (the zero page) and shared memory are
 * left alone; mprotect in between keeps the page shared. */
static void cow_after_fork(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    uint32_t s = map(mm, PG, SHANON);
    guest_access(mm, a, MM_WRITE);
    guest_access(mm, a + PG, MM_WRITE);
    guest_access(mm, a + 2 * PG, MM_READ); /* the zero page */
    guest_access(mm, s, MM_WRITE);
    mm_page_hook = NULL; /* untraced: nothing is marked */
    mm_fork_cow(mm);
    mm_page_hook = record;
    nseen = 0;
    guest_access(mm, a, MM_WRITE);
    assert_int_equal(nseen, 0);
    mm_fork_cow(mm);
    guest_access(mm, a + 9, MM_WRITE);
    guest_access(mm, a + 10, MM_WRITE); /* its own page now */
    poke(mm, a + PG + 3, 1);            /* the kernel writing: the same fault */
    guest_access(mm, a + 2 * PG, MM_WRITE);
    guest_access(mm, s, MM_WRITE);
    assert_int_equal(nseen, 3);
    expect_page(0, MM_PAGE_COW, a, PG);
    assert_true(seen[0].after_fork);
    expect_page(1, MM_PAGE_COW, a + PG, PG);
    assert_true(seen[1].after_fork);
    expect_page(2, MM_PAGE_COW, a + 2 * PG, PG);
    assert_false(seen[2].after_fork);
    /* Read-only in between: the write is refused, then copies once the
     * mapping is writable again. */
    mm_fork_cow(mm);
    nseen = 0;
    assert_int_equal(mm_mprotect(mm, a, PG, L_PROT_READ), 0);
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, a, MM_WRITE, &pa, &perms), MM_ACCERR);
    assert_int_equal(mm_mprotect(mm, a, PG, RW), 0);
    guest_access(mm, a, MM_WRITE);
    assert_int_equal(nseen, 1);
    expect_page(0, MM_PAGE_COW, a, PG);
    assert_true(seen[0].after_fork);
}

/* hugetlb: setting nr_hugepages fills the pool; the first touch of a
 * MAP_HUGETLB mapping takes one page from it (hugetlb_fault() ->
 * alloc_hugetlb_folio()) and maps it whole; munmap gives it back
 * (free_huge_folio()). */
static void huge_page_and_pool(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 2), 2);
    assert_int_equal(nseen, 1);
    expect_pool(0, "resize", 2, 2);
    long a = mm_mmap(mm, 0, HUGE, RW, HUGETLB_ANON, -1, 0);
    assert_true(a > 0);
    assert_int_equal(nseen, 1); /* mmap only reserves: no page moves */
    guest_access(mm, (uint32_t)a + 5 * PG + 9, MM_WRITE);
    guest_access(mm, (uint32_t)a + 700 * PG, MM_READ); /* same huge page */
    assert_int_equal(nseen, 3);
    expect_pool(1, "take", 2, 1);
    expect_page(2, MM_PAGE_FAULT_IN, (uint32_t)a, HUGE);
    assert_int_equal(seen[2].access, MM_WRITE);
    assert_int_equal(mm_munmap(mm, (uint32_t)a, HUGE), 0);
    assert_int_equal(nseen, 4);
    expect_pool(3, "put", 2, 2);
    assert_int_equal(mm_hugepages_set(mm, 0), 0);
    assert_int_equal(nseen, 5);
    expect_pool(4, "resize", 0, 0);
}

/* MADV_DONTNEED zaps what is mapped (zap_pte_range()): one event per
 * resident page, none for untouched pages or the shared zero page. */
static void dontneed_drops_resident_pages(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    guest_access(mm, a, MM_WRITE);
    guest_access(mm, a + 2 * PG, MM_WRITE);
    guest_access(mm, a + 3 * PG, MM_READ); /* the zero page */
    nseen = 0;
    assert_int_equal(mm_madvise(mm, a, 4 * PG, L_MADV_DONTNEED), 0);
    assert_int_equal(nseen, 2);
    expect_page(0, MM_PAGE_DROP, a, PG);
    assert_int_equal(seen[0].advice, L_MADV_DONTNEED);
    expect_page(1, MM_PAGE_DROP, a + 2 * PG, PG);
    /* Touching again is a first touch again. */
    nseen = 0;
    guest_access(mm, a, MM_WRITE);
    assert_int_equal(nseen, 1);
    expect_page(0, MM_PAGE_FAULT_IN, a, PG);
}

/* MADV_REMOVE on shared memory punches the hole and zaps the mapping
 * (madvise_remove() -> vfs_fallocate(PUNCH_HOLE)). */
static void remove_drops_shared_pages(void **state)
{
    struct mm *mm = *state;
    uint32_t s = map(mm, 3 * PG, SHANON);
    guest_access(mm, s + PG, MM_WRITE);
    nseen = 0;
    assert_int_equal(mm_madvise(mm, s, 3 * PG, L_MADV_REMOVE), 0);
    assert_int_equal(nseen, 1);
    expect_page(0, MM_PAGE_DROP, s + PG, PG);
    assert_int_equal(seen[0].advice, L_MADV_REMOVE);
}

/* MADV_FREE: nothing goes at the call (madvise_free_pte_range() only
 * marks clean); under memory pressure the clean pages are reclaimed and a
 * page written after the advice stays. */
static void free_then_reclaim(void **state)
{
    (void)state;
    int err;
    struct mm *mm = mm_new(8u << 20, &err);
    assert_non_null(mm);
    uint32_t len = 1u << 20, n = len / PG;
    uint32_t a = map(mm, len, ANON);
    for (uint32_t va = a; va < a + len; va += PG)
        guest_access(mm, va, MM_WRITE);
    nseen = 0;
    assert_int_equal(mm_madvise(mm, a, len, L_MADV_FREE), 0);
    assert_int_equal(nseen, 0);
    guest_access(mm, a + PG, MM_WRITE); /* cancels page 1 */
    /* Use up the rest of RAM: the reclaim comes inside one fault, before
     * that fault's own event. */
    uint32_t big = 7u << 20;
    uint32_t b = map(mm, big, ANON);
    size_t reclaims = 0;
    for (uint32_t va = b; va < b + big && reclaims == 0; va += PG) {
        size_t before = nseen;
        guest_access(mm, va, MM_WRITE);
        for (size_t i = before; i < nseen; i++) {
            if (seen[i].kind != MM_PAGE_RECLAIM)
                continue;
            reclaims++;
            assert_int_equal(seen[i].size, PG);
            assert_true(seen[i].va >= a && seen[i].va < a + len);
            assert_int_not_equal(seen[i].va, a + PG);
        }
        if (reclaims)
            expect_page(nseen - 1, MM_PAGE_FAULT_IN, va, PG);
    }
    assert_int_equal(reclaims, n - 1);
    assert_false(mm_oom_pending(mm));
    mm_free(mm);
}

/* The lines trace_pages.c writes (text form; -o FILE gives the "PID "
 * prefix a line without a task gets), and none while the tracer itself
 * reads guest memory. */
static void lines_in_the_trace(void **state)
{
    struct mm *mm = *state;
    mm_page_hook = NULL;
    char path[] = "/tmp/relic-tpages-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char err[200];
    struct trace_opts o = {.outfile = path, .strsize = 32, .pages = true};
    assert_int_equal(trace_init(&o, err, sizeof(err)), 0);
    uint32_t a = map(mm, 2 * PG, ANON);
    assert_int_equal(mm_hugepages_set(mm, 1), 1);
    guest_access(mm, a, MM_READ);
    guest_access(mm, a, MM_WRITE);
    uint8_t byte;
    assert_int_equal(mm_peek(mm, &byte, a + PG, 1), 0); /* how tr_read reads */
    assert_int_equal(mm_madvise(mm, a, 2 * PG, L_MADV_DONTNEED), 0);
    trace_process_end();
    char buf[1024] = {0};
    assert_true(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
    close(fd);
    unlink(path);
    char want[1024];
    int pid = (int)getpid();
    snprintf(want, sizeof(want),
             "%-5d ~~~ hugepool resize total=1 free=1 ~~~\n"
             "%-5d ~~~ page fault-in 4K %#010x read, zero page ~~~\n"
             "%-5d ~~~ page cow 4K %#010x ~~~\n"
             "%-5d ~~~ page drop 4K %#010x MADV_DONTNEED ~~~\n",
             pid, pid, a, pid, a, pid, a);
    assert_string_equal(buf, want);
    mm_page_hook = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(first_touch_4k, setup_hook, teardown_hook),
        cmocka_unit_test_setup_teardown(kernel_copy_is_a_write_fault, setup_hook,
                                        teardown_hook),
        cmocka_unit_test_setup_teardown(cow_after_fork, setup_hook, teardown_hook),
        cmocka_unit_test_setup_teardown(huge_page_and_pool, setup_hook, teardown_hook),
        cmocka_unit_test_setup_teardown(dontneed_drops_resident_pages, setup_hook,
                                        teardown_hook),
        cmocka_unit_test_setup_teardown(remove_drops_shared_pages, setup_hook,
                                        teardown_hook),
        cmocka_unit_test_setup_teardown(free_then_reclaim, setup_hook, teardown_hook),
        cmocka_unit_test_setup_teardown(lines_in_the_trace, setup_hook, teardown_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
