/* The syscall table against the i386 numbers of the kernel's
 * arch/x86/entry/syscalls/syscall_32.tbl (via syscalls/data/), and dispatch:
 * what relic does not implement is ENOSYS, never a silent success. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mm/mm.h"
#include "syscalls/syscalls.h"
#include "syscalls/table.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void names_of_current_numbers(void **state)
{
    (void)state;
    static const struct {
        uint32_t nr;
        const char *name;
    } known[] = {
        {1, "exit"},
        {4, "write"},
        {90, "mmap"},
        {192, "mmap2"},
        {243, "set_thread_area"},
        {250, "fadvise64"},
        {252, "exit_group"},
        {383, "statx"},
        {403, "clock_gettime64"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        assert_string_equal(syscalls_name(known[i].nr), known[i].name);
    assert_string_equal(syscalls_name(251), "syscall_251");
    assert_string_equal(syscalls_name(100000), "syscall_100000");
}

static void rows_are_well_formed(void **state)
{
    (void)state;
    static char seen[SYS_MAX_NR];
    memset(seen, 0, sizeof(seen));
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        assert_true(r->nr >= 0 && r->nr < SYS_MAX_NR);
        assert_true(r->name[0] != 0);
        assert_true(r->first[0] != 0);
        bool current = !r->last[0] && strcmp(r->first, "-") != 0 && !r->stub;
        if (current) {
            assert_int_equal(seen[r->nr], 0); /* one meaning per number now */
            seen[r->nr] = 1;
        }
    }
}

static void dispatch(void **state)
{
    (void)state;
    int err;
    struct mm *mm = mm_new(16u << 20, &err);
    assert_non_null(mm);
    mm_set_brk_start(mm, 0x08100000);
    struct task t = {.mm = mm, .pid = getpid(), .tid = gettid()};
    uint32_t none[6] = {0};
    assert_int_equal(syscalls_dispatch(&t, 251, none), -ENOSYS);
    assert_int_equal(syscalls_dispatch(&t, 9999, none), -ENOSYS);
    assert_int_equal(syscalls_dispatch(&t, 20, none), getpid());
    assert_int_equal(syscalls_dispatch(&t, 45, none), 0x08100000);
    /* A bad guest pointer is EFAULT, not a crash. */
    uint32_t uname_args[6] = {0x1000};
    assert_int_equal(syscalls_dispatch(&t, 122, uname_args), -EFAULT);
    uint32_t exit_args[6] = {300};
    assert_int_equal(syscalls_dispatch(&t, 252, exit_args), 0);
    assert_true(t.exited);
    assert_int_equal(t.exit_status, 300 & 0xff);
    mm_free(mm);
}

int main(void)
{
    syscalls_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_of_current_numbers),
        cmocka_unit_test(rows_are_well_formed),
        cmocka_unit_test(dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
