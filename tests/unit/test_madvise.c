/* madvise, the huge page pool and fork's memory rules through mm's public
 * API. Expectations come from madvise(2) (seed release 5.01 and the 6.x
 * page), mm/madvise.c, mm/hugetlb.c and kernel/fork.c's dup_mmap() of Linux
 * 6.x; those marked "host:" were also checked natively on this machine
 * (Linux 6.18) with an i386 program making the same calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "mm_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHANON       (L_MAP_SHARED | L_MAP_ANONYMOUS)
#define HUGETLB_ANON (ANON | L_MAP_HUGETLB)

/* madvise_should_skip(): the advice is checked first, then alignment. */
static void argument_errors(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 4 * PG, ANON);
    assert_int_equal(mm_madvise(mm, a, PG, 5), -EINVAL);   /* unassigned value */
    assert_int_equal(mm_madvise(mm, a, PG, 999), -EINVAL); /* unknown advice */
    assert_int_equal(mm_madvise(mm, a + 1, PG, L_MADV_NORMAL), -EINVAL);
    /* On the 64-bit kernel i386 programs run on, a length of -1 or a range
     * past 4 GiB neither rounds to zero nor wraps: it runs into the hole
     * above the mappings, ENOMEM (an i386 kernel said EINVAL). host: */
    assert_int_equal(mm_madvise(mm, a, 0xFFFFFFFFu, L_MADV_NORMAL), -ENOMEM);
    assert_int_equal(mm_madvise(mm, 0xFFFFF000u, 2 * PG, L_MADV_NORMAL), -ENOMEM);
    /* Length zero succeeds, even on an unmapped address. */
    assert_int_equal(mm_madvise(mm, 0x1000, 0, L_MADV_DONTNEED), 0);
    /* An unknown advice is EINVAL even with a bad address. */
    assert_int_equal(mm_madvise(mm, 3, PG, 7), -EINVAL);
}

/* "If there are some parts of the specified address range that are not
 * mapped, the Linux version of madvise() ignores them and applies the call
 * to the rest (but returns ENOMEM from the system call)". host: */
static void holes_are_enomem_but_applied(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 3 * PG, ANON);
    assert_int_equal(mm_munmap(mm, a + PG, PG), 0);
    poke(mm, a, 7);
    poke(mm, a + 2 * PG, 9);
    assert_int_equal(mm_madvise(mm, a, 3 * PG, L_MADV_DONTNEED), -ENOMEM);
    assert_int_equal(peek(mm, a), 0);
    assert_int_equal(peek(mm, a + 2 * PG), 0);
    /* Wholly unmapped: ENOMEM too. */
    assert_int_equal(mm_madvise(mm, a + PG, PG, L_MADV_NORMAL), -ENOMEM);
}

/* DONTNEED: private anonymous pages read zeros afterwards; a shared mapping
 * keeps its data (the page is refilled from the shared object). host: */
static void dontneed_zero_fills_private_refills_shared(void **state)
{
    struct mm *mm = *state;
    uint32_t p = map(mm, PG, ANON), s = map(mm, PG, SHANON);
    poke(mm, p, 0x11);
    poke(mm, s, 0x22);
    assert_int_equal(mm_madvise(mm, p, PG, L_MADV_DONTNEED), 0);
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_DONTNEED), 0);
    assert_false(mm_page_present(mm, p, NULL, NULL));
    assert_int_equal(peek(mm, p), 0);
    assert_int_equal(peek(mm, s), 0x22);
}

/* DONTNEED and FREE on locked memory: EINVAL; DONTNEED_LOCKED works. */
static void dontneed_locked(void **state)
{
    struct mm *mm = *state;
    long a = mm_mmap(mm, 0, PG, RW, ANON | L_MAP_LOCKED, -1, 0);
    assert_true(a > 0);
    assert_int_equal(mm_madvise(mm, (uint32_t)a, PG, L_MADV_DONTNEED), -EINVAL);
    assert_int_equal(mm_madvise(mm, (uint32_t)a, PG, L_MADV_FREE), -EINVAL);
    assert_int_equal(mm_madvise(mm, (uint32_t)a, PG, L_MADV_DONTNEED_LOCKED), 0);
}

/* REMOVE: EINVAL without a backing object, EACCES unless shared and
 * writable; on shared anonymous memory the data is gone. host: */
static void remove_rules(void **state)
{
    struct mm *mm = *state;
    uint32_t p = map(mm, PG, ANON), s = map(mm, 2 * PG, SHANON);
    assert_int_equal(mm_madvise(mm, p, PG, L_MADV_REMOVE), -EINVAL);
    poke(mm, s, 0x33);
    poke(mm, s + PG, 0x44);
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_REMOVE), 0);
    assert_int_equal(peek(mm, s), 0);
    assert_int_equal(peek(mm, s + PG), 0x44);

    char path[] = "/tmp/relic-madv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(ftruncate(fd, PG), 0);
    long f = mm_mmap(mm, 0, PG, L_PROT_READ, L_MAP_PRIVATE, fd, 0);
    assert_true(f > 0);
    assert_int_equal(mm_madvise(mm, (uint32_t)f, PG, L_MADV_REMOVE), -EACCES);
    close(fd);
}

/* FREE: only private anonymous memory (EINVAL for shared and file maps);
 * without pressure the data stays. Under pressure clean pages go first:
 * the guest then reads zeros, while a page written after the advice keeps
 * its data (madvise(2): "a subsequent write ... cancels"). */
static void free_is_lazy_and_cancelled_by_write(void **state)
{
    (void)state;
    int err;
    struct mm *mm = mm_new(8u << 20, &err); /* 8 MiB of RAM */
    assert_non_null(mm);
    uint32_t s = map(mm, PG, SHANON);
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_FREE), -EINVAL);
    uint32_t len = 4u << 20;
    uint32_t a = map(mm, len, ANON);
    for (uint32_t va = a; va < a + len; va += PG)
        poke(mm, va, 0x5a);
    assert_int_equal(mm_madvise(mm, a, len, L_MADV_FREE), 0);
    assert_int_equal(peek(mm, a + PG), 0x5a); /* no pressure yet */
    poke(mm, a, 0x77);                        /* cancels page 0 */
    /* Use up the rest of RAM: the lazily freed pages are reclaimed. */
    uint32_t b = map(mm, len, ANON);
    for (uint32_t va = b; va < b + len; va += PG)
        poke(mm, va, 1);
    assert_false(mm_oom_pending(mm));
    assert_int_equal(peek(mm, a), 0x77);
    assert_int_equal(peek(mm, a + PG), 0);
    mm_free(mm);
}

/* With nothing to reclaim, running out of RAM is the OOM killer's case. */
static void exhausting_ram_is_oom(void **state)
{
    (void)state;
    int err;
    struct mm *mm = mm_new(4u << 20, &err);
    assert_non_null(mm);
    uint32_t a = map(mm, 4u << 20, ANON);
    int rc = 0;
    for (uint32_t va = a; va < a + (4u << 20) && rc == 0; va += PG) {
        uint8_t b = 1;
        rc = mm_copy_to(mm, va, &b, 1);
    }
    assert_int_equal(rc, -EFAULT);
    assert_true(mm_oom_pending(mm));
    /* One mapping larger than RAM is refused up front (OVERCOMMIT_GUESS). */
    assert_int_equal(mm_mmap(mm, 0, 8u << 20, RW, ANON, -1, 0), -ENOMEM);
    /* ...unless it reserves nothing. */
    assert_true(mm_mmap(mm, 0, 8u << 20, RW, ANON | L_MAP_NORESERVE, -1, 0) > 0);
    mm_free(mm);
}

/* WIPEONFORK only on private anonymous memory (EINVAL otherwise). */
static void wipeonfork_rules(void **state)
{
    struct mm *mm = *state;
    uint32_t s = map(mm, PG, SHANON), p = map(mm, PG, ANON);
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_WIPEONFORK), -EINVAL);
    assert_int_equal(mm_madvise(mm, p, PG, L_MADV_WIPEONFORK), 0);
    assert_int_equal(mm_madvise(mm, p, PG, L_MADV_KEEPONFORK), 0);
}

/* Flag advice splits a VMA and merges it back when undone. */
static void flag_advice_splits_and_merges(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 3 * PG, ANON);
    size_t n = mm_vma_count(mm);
    assert_int_equal(mm_madvise(mm, a + PG, PG, L_MADV_DONTFORK), 0);
    assert_int_equal(mm_vma_count(mm), n + 2);
    assert_true(mm_vma_find(mm, a + PG)->flags & VMA_DONTFORK);
    assert_false(mm_vma_find(mm, a)->flags & VMA_DONTFORK);
    assert_int_equal(mm_madvise(mm, a + PG, PG, L_MADV_DOFORK), 0);
    assert_int_equal(mm_vma_count(mm), n);
    /* MERGEABLE leaves shared memory alone (ksm_madvise()), no error. */
    uint32_t s = map(mm, PG, SHANON);
    assert_int_equal(mm_madvise(mm, s, PG, L_MADV_MERGEABLE), 0);
    assert_false(mm_vma_find(mm, s)->flags & VMA_MERGEABLE);
}

/* POPULATE_READ/WRITE: pages present afterwards; a write to a read-only
 * mapping is EINVAL; a hole is ENOMEM (madvise_populate()). host: */
static void populate(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 2 * PG, ANON);
    assert_int_equal(mm_madvise(mm, a, 2 * PG, L_MADV_POPULATE_WRITE), 0);
    bool dirty = false;
    assert_true(mm_page_present(mm, a + PG, &dirty, NULL));
    assert_true(dirty);
    long r = mm_mmap(mm, 0, PG, L_PROT_READ, ANON, -1, 0);
    assert_int_equal(mm_madvise(mm, (uint32_t)r, PG, L_MADV_POPULATE_WRITE), -EINVAL);
    assert_int_equal(mm_madvise(mm, (uint32_t)r, PG, L_MADV_POPULATE_READ), 0);
    assert_int_equal(mm_munmap(mm, a + PG, PG), 0);
    assert_int_equal(mm_madvise(mm, a, 2 * PG, L_MADV_POPULATE_READ), -ENOMEM);
}

/* HWPOISON (as root, which the tests run as): the page is poisoned and any
 * later access fails; the fault is MM_HWPOISON (SIGBUS, BUS_MCEERR_AR). */
static void hwpoison_then_access_is_sigbus(void **state)
{
    struct mm *mm = *state;
    if (geteuid() != 0) {
        assert_int_equal(mm_madvise(mm, map(mm, PG, ANON), PG, L_MADV_HWPOISON), -EPERM);
        return;
    }
    uint32_t a = map(mm, 2 * PG, ANON);
    poke(mm, a, 1);
    assert_int_equal(mm_madvise(mm, a, PG, L_MADV_HWPOISON), 0);
    uint64_t pa;
    int perms;
    assert_int_equal(mm_fill(mm, a, MM_READ, &pa, &perms), MM_HWPOISON);
    uint8_t b;
    assert_int_equal(mm_copy_from(mm, &b, a, 1), -EFAULT);
    assert_int_equal(mm_fill(mm, a + PG, MM_READ, &pa, &perms), MM_OK);
    /* SOFT_OFFLINE moves the data to a fresh frame: it survives. */
    poke(mm, a + PG, 0x42);
    assert_int_equal(mm_madvise(mm, a + PG, PG, L_MADV_SOFT_OFFLINE), 0);
    assert_int_equal(peek(mm, a + PG), 0x42);
}

/* The pool: nr_hugepages takes 4 MiB blocks from RAM; a hugetlb mapping
 * reserves at mmap and takes pages at fault; munmap gives both back
 * (Documentation/admin-guide/mm/hugetlbpage.rst). */
static void pool_accounting(void **state)
{
    struct mm *mm = *state;
    struct mm_meminfo mi;
    uint32_t free_before = mm_free_frames(mm);
    assert_int_equal(mm_hugepages_set(mm, 3), 3);
    assert_int_equal(mm_free_frames(mm), free_before - 3 * 1024);
    long a = mm_mmap(mm, 0, 5u << 20, RW, HUGETLB_ANON, -1, 0); /* rounds to 8 MiB */
    assert_true(a > 0);
    assert_int_equal((uint32_t)a & (HUGE - 1), 0);
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_total, 3);
    assert_int_equal(mi.huge_free, 3);
    assert_int_equal(mi.huge_rsvd, 2);
    poke(mm, (uint32_t)a + HUGE + 5, 9);
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_free, 2);
    assert_int_equal(mi.huge_rsvd, 1);
    assert_int_equal(peek(mm, (uint32_t)a + HUGE + 5), 9);
    /* Only one page is left unreserved: a second 8 MiB mapping is ENOMEM. */
    assert_int_equal(mm_mmap(mm, 0, 8u << 20, RW, HUGETLB_ANON, -1, 0), -ENOMEM);
    /* munmap inside a huge page is EINVAL (hugetlb_vm_op_split()). */
    assert_int_equal(mm_munmap(mm, (uint32_t)a, PG), -EINVAL);
    assert_int_equal(mm_mprotect(mm, (uint32_t)a + PG, PG, L_PROT_READ), -EINVAL);
    assert_int_equal(mm_munmap(mm, (uint32_t)a, 8u << 20), 0);
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_free, 3);
    assert_int_equal(mi.huge_rsvd, 0);
    assert_int_equal(mm_hugepages_set(mm, 0), 0);
    assert_int_equal(mm_free_frames(mm), free_before);
}

/* A 4 MiB page is one directory entry (PS): every 4 KiB of it translates
 * into the same physical block, and A/D are kept on that entry. */
static void huge_page_is_one_directory_entry(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 1), 1);
    long a = mm_mmap(mm, 0, HUGE, RW, HUGETLB_ANON, -1, 0);
    assert_true(a > 0);
    uint64_t p0, p1;
    int perms;
    assert_int_equal(mm_fill(mm, (uint32_t)a, MM_READ, &p0, &perms), MM_OK);
    assert_int_equal(p0 & (HUGE - 1), 0); /* the block is 4 MiB aligned */
    bool dirty = true, accessed = false;
    assert_true(mm_page_present(mm, (uint32_t)a + 5 * PG, &dirty, &accessed));
    assert_false(dirty);
    assert_true(accessed);
    assert_int_equal(mm_fill(mm, (uint32_t)a + 5 * PG + 12, MM_WRITE, &p1, &perms),
                     MM_OK);
    assert_int_equal(p1, p0 + 5 * PG);
    assert_true(perms & 2);
    assert_true(mm_page_present(mm, (uint32_t)a, &dirty, NULL));
    assert_true(dirty);
    /* mprotect of the whole page re-derives the entry's bits. */
    assert_int_equal(mm_mprotect(mm, (uint32_t)a, HUGE, L_PROT_READ), 0);
    assert_int_equal(mm_fill(mm, (uint32_t)a, MM_WRITE, &p1, &perms), MM_ACCERR);
    assert_int_equal(mm_fill(mm, (uint32_t)a, MM_READ, &p1, &perms), MM_OK);
    assert_int_equal(p1, p0);
}

/* A read of untouched anonymous memory maps the zero page (not resident in
 * smaps' sense, but present for mincore); the first write gets a frame. */
static void zero_page_then_own_frame(void **state)
{
    struct mm *mm = *state;
    uint32_t a = map(mm, 2 * PG, ANON);
    uint64_t z0, z1, w;
    int perms;
    assert_int_equal(mm_fill(mm, a, MM_READ, &z0, &perms), MM_OK);
    assert_int_equal(mm_fill(mm, a + PG, MM_READ, &z1, &perms), MM_OK);
    assert_true(z0 == z1); /* both map the one zero page */
    assert_false(perms & 2);
    assert_int_equal(mm_fill(mm, a, MM_WRITE, &w, &perms), MM_OK);
    assert_true(w != z0);
    assert_true(perms & 2);
    assert_int_equal(peek(mm, a + PG), 0);
    poke(mm, a + PG, 3); /* a syscall's write breaks the sharing too */
    assert_int_equal(peek(mm, a + PG), 3);
    assert_int_equal(mm_fill(mm, a + PG, MM_READ, &w, &perms), MM_OK);
    assert_true(w != z0);
}

/* Flag checks of hugetlb mmap: a page size other than 4 MiB, or a file,
 * is EINVAL; MAP_FIXED needs a 4 MiB-aligned address. */
static void hugetlb_mmap_errors(void **state)
{
    struct mm *mm = *state;
    assert_int_equal(mm_hugepages_set(mm, 1), 1);
    assert_int_equal(mm_mmap(mm, 0, HUGE, RW, HUGETLB_ANON | (21u << 26), -1, 0),
                     -EINVAL);
    assert_true(mm_mmap(mm, 0, HUGE, RW, HUGETLB_ANON | (22u << 26), -1, 0) > 0);
    assert_int_equal(
        mm_mmap(mm, 0x40001000u, HUGE, RW, HUGETLB_ANON | L_MAP_FIXED, -1, 0), -EINVAL);
    int fd = open("/dev/null", O_RDONLY);
    assert_int_equal(
        mm_mmap(mm, 0, HUGE, L_PROT_READ, L_MAP_PRIVATE | L_MAP_HUGETLB, fd, 0), -EINVAL);
    close(fd);
    /* Shrinking a pool whose pages are reserved keeps them (as surplus
     * accounting would): the mapping still gets its page. */
    assert_int_equal(mm_hugepages_set(mm, 0), 1);
}

/* A shrink below what is in use leaves surplus pages that go back to RAM
 * when freed (set_max_huge_pages(), free_huge_folio()). */
static void pool_surplus(void **state)
{
    struct mm *mm = *state;
    struct mm_meminfo mi;
    assert_int_equal(mm_hugepages_set(mm, 2), 2);
    long a = mm_mmap(mm, 0, HUGE, RW, HUGETLB_ANON, -1, 0);
    poke(mm, (uint32_t)a, 1);
    assert_int_equal(mm_hugepages_set(mm, 0), 0);
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_total, 1);
    assert_int_equal(mi.huge_surp, 1);
    assert_int_equal(mm_munmap(mm, (uint32_t)a, HUGE), 0);
    mm_meminfo(mm, &mi);
    assert_int_equal(mi.huge_total, 0);
    assert_int_equal(mi.huge_surp, 0);
}

/* Fragmentation: with every 4 MiB block broken up, the pool cannot grow. */
static void pool_fragmentation(void **state)
{
    (void)state;
    int err;
    struct mm *mm = mm_new(8u << 20, &err);
    assert_non_null(mm);
    /* Touch one page in the middle of each 4 MiB of address space; with
     * small RAM that splits both physical blocks. */
    uint32_t a = map(mm, 6u << 20, ANON);
    for (uint32_t va = a; va < a + (6u << 20); va += 256 * PG)
        poke(mm, va, 1);
    assert_true(mm_hugepages_set(mm, 2) < 2);
    mm_free(mm);
}

/* fork: dup_mmap() leaves DONTFORK ranges out, gives WIPEONFORK ranges zero
 * pages, drops locks; private memory is a copy, shared memory shared. */
static void fork_semantics(void **state)
{
    struct mm *mm = *state;
    uint32_t priv = map(mm, PG, ANON), sh = map(mm, 2 * PG, SHANON);
    uint32_t df = map(mm, PG, ANON), wf = map(mm, PG, ANON);
    poke(mm, priv, 'p');
    poke(mm, sh, 's');
    poke(mm, df, 'd');
    poke(mm, wf, 'w');
    assert_int_equal(mm_madvise(mm, df, PG, L_MADV_DONTFORK), 0);
    assert_int_equal(mm_madvise(mm, wf, PG, L_MADV_WIPEONFORK), 0);
    pid_t c = fork();
    assert_true(c >= 0);
    if (c == 0) {
        mm_fork_child(mm);
        int bad = 0;
        bad |= peek(mm, priv) != 'p';
        bad |= peek(mm, sh) != 's';
        bad |= peek(mm, wf) != 0;
        bad |= mm_vma_find(mm, df) != NULL;
        poke(mm, priv, 'P');
        poke(mm, sh, 'S');
        poke(mm, sh + PG, 'T'); /* first touched in the child */
        _exit(bad);
    }
    int st;
    assert_int_equal(waitpid(c, &st, 0), c);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_int_equal(peek(mm, priv), 'p');
    assert_int_equal(peek(mm, sh), 'S');
    assert_int_equal(peek(mm, sh + PG), 'T');
    assert_int_equal(peek(mm, df), 'd');
    assert_int_equal(peek(mm, wf), 'w');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(argument_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(holes_are_enomem_but_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(dontneed_zero_fills_private_refills_shared, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(dontneed_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_rules, setup, teardown),
        cmocka_unit_test(free_is_lazy_and_cancelled_by_write),
        cmocka_unit_test(exhausting_ram_is_oom),
        cmocka_unit_test_setup_teardown(wipeonfork_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(flag_advice_splits_and_merges, setup, teardown),
        cmocka_unit_test_setup_teardown(populate, setup, teardown),
        cmocka_unit_test_setup_teardown(hwpoison_then_access_is_sigbus, setup, teardown),
        cmocka_unit_test_setup_teardown(pool_accounting, setup, teardown),
        cmocka_unit_test_setup_teardown(hugetlb_mmap_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(huge_page_is_one_directory_entry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(zero_page_then_own_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(pool_surplus, setup, teardown),
        cmocka_unit_test(pool_fragmentation),
        cmocka_unit_test_setup_teardown(fork_semantics, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
