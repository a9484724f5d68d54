/* Kernel versions and personalities: parsing and ordering as the release
 * history runs (2.4.15 -> 2.5.0 ... 2.5.75 -> 2.6.0-test1..11 -> 2.6.0), the
 * syscall rows chosen for a version against the release trees named in
 * syscalls/data (e.g. i386 250/251 in entry.S of 2.4.20, 2.5.36, 2.5.53,
 * 2.5.54, 2.5.60), and --kernel auto on real ELF notes: the corpus binaries'
 * .note.ABI-tag as `readelf -n` prints it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/loader.h"
#include "syscalls/personality.h"
#include "syscalls/table.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static kver_t v(const char *s)
{
    kver_t k = 0;
    if (kver_parse(s, &k) < 0)
        fail_msg("cannot parse %s", s);
    return k;
}

static void parses_and_spells(void **state)
{
    (void)state;
    static const char *const same[] = {"2.4.20", "2.5.36",  "2.6.0-test3", "2.6.32.27",
                                       "6.1",    "3.0-rc2", "2.3.99pre1",  "0.96a"};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        char buf[32];
        kver_format(v(same[i]), buf, sizeof(buf));
        assert_string_equal(buf, same[i]);
    }
    char buf[32];
    kver_format(v("6.1.0"), buf, sizeof(buf));
    assert_string_equal(buf, "6.1");
    assert_int_equal(v("2.4.31+"), v("2.4.31")); /* the data's "still so" mark */
    assert_int_equal(v("3.17?"), v("3.17"));
    kver_t k;
    static const char *const bad[] = {"",           "6",    "x",       "2.4.x",
                                      "2.6.0-test", "2..4", "2.4.20 ", "-2.4",
                                      "2.4.20-foo", "300.1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (kver_parse(bad[i], &k) == 0)
            fail_msg("'%s' parsed", bad[i]);
}

static void orders_as_releases_came(void **state)
{
    (void)state;
    static const char *const order[] = {
        "0.01",      "0.95",   "0.95c",      "0.96a",       "0.96b",
        "1.1.85",    "2.0",    "2.3.99pre1", "2.3.99pre6",  "2.4.0-test2",
        "2.4.0",     "2.4.15", "2.4.20",     "2.5.0",       "2.5.36",
        "2.5.53",    "2.5.54", "2.5.75",     "2.6.0-test1", "2.6.0-test11",
        "2.6.0",     "2.6.9",  "2.6.12-rc1", "2.6.12",      "2.6.32",
        "2.6.32.27", "2.6.39", "3.0-rc1",    "3.0",         "3.2",
        "4.14",      "5.1",    "6.1",        "6.18",        "7.0"};
    for (size_t i = 1; i < sizeof(order) / sizeof(order[0]); i++)
        if (!(v(order[i - 1]) < v(order[i])))
            fail_msg("%s is not before %s", order[i - 1], order[i]);
    assert_true(kver_is_24_stable(v("2.4.20")));
    assert_false(kver_is_24_stable(v("2.4.15")));
    assert_false(kver_is_24_stable(v("2.5.1")));
}

static const char *meaning(int nr, const char *version, int *stub)
{
    const struct sys_row *r =
        sys_row_at(sys_rows_i386, sys_rows_i386_count, nr, v(version));
    *stub = r ? r->stub : -1;
    return r ? r->name : "(none)";
}

#define ASSERT_ROW(nr, version, name, is_stub)                                           \
    do {                                                                                 \
        int stub;                                                                        \
        assert_string_equal(meaning(nr, version, &stub), name);                          \
        assert_int_equal(stub, is_stub);                                                 \
    } while (0)

static void rows_by_version(void **state)
{
    (void)state;
    ASSERT_ROW(250, "2.4.20", "alloc_hugepages", 1); /* the 2.4 series stub */
    ASSERT_ROW(250, "2.5.35", "alloc_hugepages", 1);
    ASSERT_ROW(250, "2.5.36", "alloc_hugepages", 0);
    ASSERT_ROW(250, "2.5.53", "alloc_hugepages", 0);
    ASSERT_ROW(250, "2.5.54", "(unassigned)", 1);
    ASSERT_ROW(250, "2.5.60", "fadvise64", 0);
    ASSERT_ROW(250, "6.18", "fadvise64", 0);
    ASSERT_ROW(251, "2.5.53", "free_hugepages", 0);
    ASSERT_ROW(251, "2.6.13", "set_zone_reclaim", 0);
    ASSERT_ROW(243, "2.4.20", "set_thread_area", 1); /* named, not wired, in 2.4 */
    ASSERT_ROW(243, "2.6.0", "set_thread_area", 0);
    ASSERT_ROW(226, "2.4.19", "setxattr", 1);
    ASSERT_ROW(226, "2.4.20", "setxattr", 0);
    ASSERT_ROW(0, "2.5.50", "(unassigned; was setup)", 1);
    ASSERT_ROW(0, "2.5.51", "restart_syscall", 0);
    ASSERT_ROW(4, "2.0", "write", 0);
    int stub;
    assert_string_equal(meaning(258, "2.4.20", &stub), "(none)"); /* past its table */
    assert_string_equal(meaning(250, "2.4.10", &stub), "(none)"); /* mainline at 2.4.10 */
    /* ia64 kept its own numbers: 1234/1235 live in 2.5.38-2.5.53. */
    const struct sys_row *r =
        sys_row_at(sys_rows_ia64, sys_rows_ia64_count, 1234, v("2.5.37"));
    assert_non_null(r);
    assert_string_equal(r->name, "alloc_hugepages");
    assert_true(r->stub);
    r = sys_row_at(sys_rows_ia64, sys_rows_ia64_count, 1235, v("2.5.38"));
    assert_string_equal(r->name, "free_hugepages");
    assert_false(r->stub);
    r = sys_row_at(sys_rows_ia64, sys_rows_ia64_count, 1234, v("2.6.0"));
    assert_string_equal(r->name, "fadvise64");
    assert_null(sys_row_at(sys_rows_ia64, sys_rows_ia64_count, 1234, v("6.7")));
}

static void features_and_uname(void **state)
{
    (void)state;
    struct personality p;
    char why[128];
    assert_int_equal(personality_init(&p, "2.4.20", "i686", why, sizeof(why)), 0);
    assert_string_equal(p.release, "2.4.20");
    assert_false(kfeature(&p, KF_TOPDOWN_MMAP));
    assert_false(kfeature(&p, KF_AT_RANDOM));
    assert_false(kfeature(&p, KF_HUGETLB));
    assert_int_equal(personality_init(&p, "2.5.36", "i586", why, sizeof(why)), 0);
    assert_true(kfeature(&p, KF_HUGETLB_SYSCALLS));
    assert_true(kfeature(&p, KF_SYSCTL_NUMHUGEPAGES));
    assert_true(kfeature(&p, KF_MEMINFO_HUGE_OLD));
    assert_string_equal(p.machine, "i586");
    assert_int_equal(personality_init(&p, "2.5.54", "i686", why, sizeof(why)), 0);
    assert_false(kfeature(&p, KF_HUGETLB_SYSCALLS));
    assert_true(kfeature(&p, KF_MEMINFO_HUGE));
    assert_int_equal(personality_init(&p, "6.1", "i686", why, sizeof(why)), 0);
    assert_string_equal(p.release, "6.1.0");
    assert_true(kfeature(&p, KF_TOPDOWN_MMAP) && kfeature(&p, KF_AT_RANDOM));
    assert_int_equal(personality_init(&p, "1.2.13", "i686", why, sizeof(why)), -1);
    assert_non_null(strstr(why, "outside"));
    assert_int_equal(personality_init(&p, "9.0", "i686", why, sizeof(why)), -1);
    assert_int_equal(personality_init(&p, "banana", "i686", why, sizeof(why)), -1);
    assert_non_null(strstr(why, "bad kernel version"));
}

/* --kernel auto reads NT_GNU_ABI_TAG: the values readelf -n shows for the
 * corpus binaries (shared/corpus/legacy-i386), and none for musl. */
static void abi_notes_of_real_binaries(void **state)
{
    (void)state;
    const char *dir = RELIC_CORPUS_DIR "/legacy-i386";
    if (access(dir, R_OK) != 0) {
        printf("skipped: corpus not present at %s\n", dir);
        skip();
    }
    static const struct {
        const char *file;
        int found;
        unsigned ver[3];
    } cases[] = {
        {"cmu-binary-bomb", 1, {2, 0, 0}}, {"ch2-rootme-static", 1, {2, 6, 8}},
        {"calc-static", 1, {2, 6, 24}},    {"helloworld-gcc", 1, {2, 6, 32}},
        {"musl-hello", 0, {0, 0, 0}},      {"regdump", 0, {0, 0, 0}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].file);
        unsigned got[3] = {0, 0, 0};
        int r = loader_abi_note(path, got);
        if (r != cases[i].found)
            fail_msg("%s: loader_abi_note %d, want %d", cases[i].file, r, cases[i].found);
        if (r == 1 && memcmp(got, cases[i].ver, sizeof(got)) != 0)
            fail_msg("%s: %u.%u.%u", cases[i].file, got[0], got[1], got[2]);
    }
    assert_int_equal(loader_abi_note(dir, (unsigned[3]){0}), -1); /* not a file */
}

/* A freshly built glibc program: its note names glibc's minimum kernel. */
static void abi_note_of_a_built_sample(void **state)
{
    (void)state;
    unsigned got[3];
    assert_int_equal(loader_abi_note(RELIC_HELLO_SAMPLE, got), 1);
    assert_true(got[0] >= 2);
    assert_int_equal(loader_abi_note(RELIC_OLD_SAMPLE, got), 0); /* freestanding */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_and_spells),
        cmocka_unit_test(orders_as_releases_came),
        cmocka_unit_test(rows_by_version),
        cmocka_unit_test(features_and_uname),
        cmocka_unit_test(abi_notes_of_real_binaries),
        cmocka_unit_test(abi_note_of_a_built_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
