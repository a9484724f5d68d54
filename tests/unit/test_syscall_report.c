/* The compatibility report (syscalls/report.c, relic --syscalls) compared
 * against the i386 syscall tables of the kernels themselves: 2.4.20's
 * entry.S (alloc_hugepages and free_hugepages at 250/251 as
 * sys_ni_syscall stubs, nothing past 252), 2.5.36-2.5.53 (the live huge
 * page calls), 2.6.0 (fadvise64 at 250) and 6.18's syscall_32.tbl
 * (fstatat64 at 300, break at 17 still sys_ni_syscall). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "syscalls/syscalls.h"
#include "syscalls/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kver_t kv(const char *s)
{
    kver_t v;
    assert_int_equal(kver_parse(s, &v), 0);
    return v;
}

static const char *status(const char *kernel, int nr)
{
    static char buf[256];
    return syscalls_status(kv(kernel), nr, buf, sizeof(buf));
}

static const char *name_at(const char *kernel, int nr)
{
    struct sys_entry e;
    sys_entry_at(kv(kernel), nr, &e);
    return e.name ? e.name : "-";
}

/* 250 and 251 across their history: a stub of the 2.4 series, missing in
 * 2.5.35 (the stub before the calls went live), relic's handlers in
 * 2.5.36-2.5.53, fadvise64 and an empty slot from 2.5.54 on. */
static void huge_page_numbers_by_kernel(void **state)
{
    (void)state;
    assert_string_equal(name_at("2.4.20", 250), "alloc_hugepages");
    assert_string_equal(status("2.4.20", 250), "not in Linux 2.4.20");
    assert_string_equal(status("2.4.20", 251), "not in Linux 2.4.20");
    assert_string_equal(status("2.5.35", 250), "not in Linux 2.5.35");
    assert_string_equal(name_at("2.5.53", 250), "alloc_hugepages");
    assert_string_equal(status("2.5.53", 250), "implemented");
    assert_string_equal(status("2.5.36", 251), "implemented");
    assert_string_equal(name_at("2.6.0", 250), "fadvise64");
    assert_string_equal(status("2.6.0", 250), "implemented");
    assert_string_equal(status("2.6.0", 251), "not in Linux 2.6.0");
    assert_string_equal(status("6.18", 251), "not in Linux 6.18");
}

/* A number 2.4.20 does not have at all, a stub every kernel keeps, a call
 * relic lacks, and a handler with a partial note. */
static void each_kind_of_status(void **state)
{
    (void)state;
    assert_string_equal(name_at("2.4.20", 300), "-");
    assert_string_equal(status("2.4.20", 300), "not in Linux 2.4.20");
    assert_string_equal(name_at("6.18", 300), "fstatat64");
    assert_string_equal(status("6.18", 300), "implemented");
    assert_string_equal(status("2.4.20", 17), "not in Linux 2.4.20");
    assert_string_equal(status("6.18", 17), "not in Linux 6.18");
    assert_string_equal(status("2.4.20", 51), "not implemented by relic"); /* acct */
    assert_string_equal(status("6.18", 51), "not implemented by relic");
    /* vfork (190, 2.1.130 on): its child has a copy of memory */
    const struct sys_impl *im = sys_impl_named("vfork");
    assert_non_null(im);
    assert_non_null(im->partial);
    char want[256];
    snprintf(want, sizeof(want), "partial: %s", im->partial);
    assert_string_equal(status("2.4.20", 190), want);
    assert_string_equal(status("6.18", 190), want);
}

static char *report(const char *kernel, const char *format, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *rc = syscalls_report(f, kernel ? kv(kernel) : 0, format);
    fclose(f);
    return text;
}

/* The printed tables carry the same statuses, one line per number. */
static void report_lines(void **state)
{
    (void)state;
    int rc;
    char *text = report("2.4.20", "text", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "i386 system calls of Linux 2.4.20 in relic\n"));
    assert_non_null(strstr(text, "   300  -  "));
    assert_non_null(
        strstr(text, "2.4.20 to 2.4.31+ (2.4.x stable)  not in Linux 2.4.20\n"));
    free(text);
    text = report("6.18", "md", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "| 250 | fadvise64 | since 2.5.60 | implemented |\n"));
    assert_non_null(strstr(text, "| 17 | break | since 0.01 | not in Linux 6.18 |\n"));
    free(text);
    text = report(NULL, "doc", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "## Linux 7.0, the newest kernel relic knows\n"));
    assert_non_null(strstr(text,
                           "| 250 | alloc_hugepages | 2.5.36 to 2.5.53 | the call | "
                           "implemented |\n"));
    assert_non_null(strstr(text, "| 250 | alloc_hugepages | 2.4.20 to 2.4.31+ (2.4.x "
                                 "stable) | ENOSYS stub | ENOSYS, as the kernel |\n"));
    free(text);
    text = report("6.18", "html", &rc);
    assert_int_equal(rc, -1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(huge_page_numbers_by_kernel),
        cmocka_unit_test(each_kind_of_status),
        cmocka_unit_test(report_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
