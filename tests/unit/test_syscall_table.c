/* The syscall table compared against the i386 numbers of the current kernel's
 * arch/x86/entry/syscalls/syscall_32.tbl (via syscalls/data/i386-syscalls.tsv
 * and gen_table.awk), and dispatch compared against the kernel's entry path:
 * a number with no handler is -ENOSYS (sys_ni_syscall), never a silent
 * success; handlers reach guest memory through the task's mm as
 * copy_{to,from}_user would (-EFAULT for a bad pointer). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "syscalls/personality.h"
#include "syscalls/syscalls.h"
#include "syscalls/table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG  MM_PAGE_SIZE
#define BRK 0x08100000u

/* A row of today's kernel: still open at the end (no last version) and
 * assigned at some point (first "-" marks numbers never assigned on i386).
 * ENOSYS stubs count: the number exists, the call does not. */
static bool current(const struct sys_row *r)
{
    return r->last[0] == 0 && strcmp(r->first, "-") != 0;
}

static const struct sys_row *current_row_named(const char *name)
{
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        if (current(r) && !r->stub && strcmp(r->name, name) == 0)
            return r;
    }
    return NULL;
}

/* A handler for a call of the past (alloc_hugepages) has a live row in
 * some kernel, if not in today's. */
static const struct sys_row *any_row_named(const char *name)
{
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        if (!r->stub && strcmp(r->name, name) == 0)
            return r;
    }
    return NULL;
}

static void names_of_current_numbers(void **state)
{
    (void)state;
    static const struct {
        uint32_t nr;
        const char *name;
    } known[] = {
        {1, "exit"},
        {3, "read"},
        {4, "write"},
        {20, "getpid"},
        {45, "brk"},
        {90, "mmap"},
        {122, "uname"},
        {192, "mmap2"},
        {243, "set_thread_area"},
        {250, "fadvise64"},
        {252, "exit_group"},
        {383, "statx"},
        {403, "clock_gettime64"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        assert_string_equal(syscalls_name(known[i].nr), known[i].name);
}

/* 251 is unassigned today (free_hugepages, set_zone_reclaim long gone),
 * 387..392 never were; numbers past the table have no name either. */
static void numbers_without_a_name(void **state)
{
    (void)state;
    static const uint32_t none[] = {251, 387, 392, SYS_MAX_NR, 9999, UINT32_MAX};
    char want[32];
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        snprintf(want, sizeof(want), "syscall_%u", none[i]);
        assert_string_equal(syscalls_name(none[i]), want);
    }
}

/* Every generated row is complete, and today each number has one meaning. */
static void rows_are_well_formed(void **state)
{
    (void)state;
    static const struct sys_row *seen[SYS_MAX_NR];
    memset(seen, 0, sizeof(seen));
    assert_true(sys_rows_i386_count > 450);
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        assert_true(r->nr >= 0 && r->nr < SYS_MAX_NR);
        assert_non_null(r->name);
        assert_true(r->name[0] != 0);
        assert_non_null(r->first);
        if (r->first[0] == 0)
            fail_msg("row %u (nr %d, %s) has no first version", i, r->nr, r->name);
        assert_true(r->stub == 0 || r->stub == 1);
        if (!current(r))
            continue;
        if (seen[r->nr])
            fail_msg("nr %d is both %s and %s today", r->nr, seen[r->nr]->name, r->name);
        seen[r->nr] = r;
    }
    /* The well-known numbers are among them. */
    assert_non_null(seen[252]);
    assert_string_equal(seen[252]->name, "exit_group");
}

/* The name lookup agrees with the rows: each real current call is named, and
 * each handler relic has is reachable from a current number. */
static void table_matches_rows_and_handlers(void **state)
{
    (void)state;
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        if (current(r) && !r->stub)
            assert_string_equal(syscalls_name((uint32_t)r->nr), r->name);
    }
    const struct sys_impl *const families[] = {
        sys_file_impls, sys_fs_impls,   sys_mem_impls,
        sys_proc_impls, sys_time_impls, sys_signal_impls,
    };
    size_t handlers = 0;
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
        for (const struct sys_impl *im = families[f]; im->name; im++, handlers++) {
            assert_non_null(im->fn);
            if (!current_row_named(im->name) && !any_row_named(im->name))
                fail_msg("handler %s names no syscall of any kernel", im->name);
        }
    }
    assert_true(handlers > 50);
}

static struct task *new_task(void)
{
    static struct task t;
    int err;
    if (t.group) { /* the previous test's */
        free(t.group);
        free(t.sighand);
    }
    memset(&t, 0, sizeof(t));
    t.mm = mm_new(16u << 20, &err);
    assert_non_null(t.mm);
    t.pid = getpid();
    t.tid = gettid();
    mm_set_brk_start(t.mm, BRK);
    task_init_first(&t, 0, 0); /* its process and handlers */
    return &t;
}

static long call(struct task *t, uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3, uint32_t a4, uint32_t a5)
{
    const uint32_t args[6] = {a0, a1, a2, a3, a4, a5};
    return syscalls_dispatch(t, nr, args);
}

/* Unassigned numbers, numbers past the table, numbers the kernel has but relic
 * does not implement, and the kernel's own ENOSYS stubs: all -ENOSYS. */
static void unimplemented_is_enosys(void **state)
{
    (void)state;
    struct task *t = new_task();
    static const uint32_t nrs[] = {
        251, 9999, SYS_MAX_NR, UINT32_MAX, 51 /* acct: not in relic */,
        17 /* break: sys_ni_syscall */};
    for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
        assert_int_equal(call(t, nrs[i], 1, 2, 3, 4, 5, 6), -ENOSYS);
    assert_false(t->exited);
    mm_free(t->mm);
}

/* A few handlers through dispatch, each against what Linux returns. */
static void dispatch_reaches_handlers(void **state)
{
    (void)state;
    struct task *t = new_task();
    assert_int_equal(call(t, 20, 0, 0, 0, 0, 0, 0), getpid());
    assert_int_equal(call(t, 224, 0, 0, 0, 0, 0, 0), gettid());
    /* brk(0) is the break mm_set_brk_start set; then it grows. */
    assert_int_equal(call(t, 45, 0, 0, 0, 0, 0, 0), BRK);
    assert_int_equal(call(t, 45, BRK + 2 * PG, 0, 0, 0, 0, 0), BRK + 2 * PG);
    assert_non_null(mm_vma_find(t->mm, BRK + PG));
    /* mmap2: six registers, anonymous, top-down. */
    long m = call(t, 192, 0, 2 * PG, L_PROT_READ | L_PROT_WRITE,
                  L_MAP_PRIVATE | L_MAP_ANONYMOUS, (uint32_t)-1, 0);
    assert_int_equal(m, 0xB8000000u - 2 * PG);
    /* Old mmap (90): its six arguments are read from guest memory. */
    const uint32_t block[6] = {
        0x30000000u,  PG, L_PROT_READ, L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED,
        (uint32_t)-1, 0};
    assert_int_equal(mm_copy_to(t->mm, (uint32_t)m, block, sizeof(block)), 0);
    assert_int_equal(call(t, 90, (uint32_t)m, 0, 0, 0, 0, 0), 0x30000000);
    assert_int_equal(call(t, 90, 0x1000, 0, 0, 0, 0, 0), -EFAULT);
    assert_int_equal(call(t, 91, 0x30000000u, PG, 0, 0, 0, 0), 0); /* munmap */
    assert_null(mm_vma_find(t->mm, 0x30000000u));
    /* uname fills six 65-byte fields; a bad pointer is EFAULT, not a crash. */
    assert_int_equal(call(t, 122, (uint32_t)m, 0, 0, 0, 0, 0), 0);
    char sysname[65], machine[65];
    assert_int_equal(mm_copy_from(t->mm, sysname, (uint32_t)m, 65), 0);
    assert_int_equal(mm_copy_from(t->mm, machine, (uint32_t)m + 4 * 65, 65), 0);
    assert_string_equal(sysname, "Linux");
    assert_string_equal(machine, "i686");
    assert_int_equal(call(t, 122, 0x1000, 0, 0, 0, 0, 0), -EFAULT);
    /* exit_group: the task ends with the status's low byte. */
    assert_int_equal(call(t, 252, 300, 0, 0, 0, 0, 0), 0);
    assert_true(t->exited);
    assert_int_equal(t->exit_status, 300 & 0xff);
    mm_free(t->mm);
}

int main(void)
{
    /* The newest kernel the data knows: every open-ended row is current. */
    char why[128];
    if (personality_init(&guest_kernel, KERNEL_NEWEST_TEXT, "i686", why, sizeof(why)) < 0)
        return 1;
    syscalls_init(guest_kernel.kernel);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_of_current_numbers),
        cmocka_unit_test(numbers_without_a_name),
        cmocka_unit_test(rows_are_well_formed),
        cmocka_unit_test(table_matches_rows_and_handlers),
        cmocka_unit_test(unimplemented_is_enosys),
        cmocka_unit_test(dispatch_reaches_handlers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
