/* The tracer's filter grammar and printing helpers. Expected strings are
 * what strace 6.1 prints (its -e trace= grammar, string quoting, xlat
 * forms and siginfo layout), checked by hand against native runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mm/mm.h"
#include "syscalls/syscalls.h"
#include "syscalls/trace.h"
#include "syscalls/trace_filter.h"

static void filter_is(const char *expr, const char *name, bool want)
{
    char err[128];
    assert_int_equal(trace_filter_parse(expr, err, sizeof(err)), 0);
    if (trace_filter_match(name) != want)
        fail_msg("--trace=%s: %s should be %s", expr, name,
                 want ? "traced" : "not traced");
}

static void test_filter_classes(void **state)
{
    (void)state;
    filter_is("%memory", "mmap2", true);
    filter_is("%memory", "shmat", true); /* strace: TI|TM */
    filter_is("%memory", "alloc_hugepages", true);
    filter_is("%memory", "read", false);
    filter_is("%ipc", "shmget", true);
    filter_is("%network", "socket", true);
    filter_is("%net", "connect", true);
    filter_is("%file", "openat", true);
    filter_is("%desc", "read", true);
    filter_is("%process", "wait4", true);
    filter_is("%signal", "rt_sigaction", true);
    filter_is("memory", "munmap", true); /* the old spelling strace accepts */
    filter_is("ipc", "shmget", true);    /* ... which wins over the call ipc */
    filter_is("signal", "kill", true);
}

static void test_filter_grammar(void **state)
{
    (void)state;
    filter_is("all", "anything_at_all", true);
    filter_is("none", "read", false);
    filter_is("open,close", "close", true);
    filter_is("open,close", "read", false);
    filter_is("!open,close", "read", true);
    filter_is("!open,close", "open", false);
    filter_is("!%memory", "brk", false);
    filter_is("/^m(un)?map", "munmap", true);
    filter_is("/^m(un)?map", "mprotect", false);
    filter_is("?no_such_call,read", "read", true);
    filter_is("trace=brk", "brk", true); /* strace's -e argument pasted whole */
}

static void test_filter_errors(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(trace_filter_parse("no_such_call", err, sizeof(err)), -1);
    assert_string_equal(err, "invalid system call 'no_such_call'");
    assert_int_equal(trace_filter_parse("/(", err, sizeof(err)), -1);
    assert_int_equal(trace_filter_parse("%nosuchclass", err, sizeof(err)), -1);
}

/* A call whose text the helpers print into. */
static struct tcall *new_call(void)
{
    struct tcall *c = calloc(1, sizeof(*c));
    c->text = calloc(1, 1);
    c->cap = 1;
    return c;
}

static void free_call(struct tcall *c)
{
    free(c->text);
    free(c);
}

static const struct xlat prot[] = {
    {0, "PROT_NONE"}, {1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}, {0, NULL},
};
static const struct xlat advice[] = {{4, "MADV_DONTNEED"}, {0, NULL}};

static void test_xlat_forms(void **state)
{
    (void)state;
    struct tcall *c = new_call();
    trace_opt.xlat = XLAT_ABBREV;
    tr_flags(c, prot, 3, "PROT_???");
    tr_puts(c, " ");
    tr_flags(c, prot, 0, "PROT_???");
    tr_puts(c, " ");
    tr_flags(c, prot, 0x11, "PROT_???");
    tr_puts(c, " ");
    tr_flags(c, prot, 0x10, "PROT_???");
    tr_puts(c, " ");
    tr_xval(c, advice, 4, "MADV_???");
    tr_puts(c, " ");
    tr_xval(c, advice, 100, "MADV_???");
    assert_string_equal(c->text, "PROT_READ|PROT_WRITE PROT_NONE PROT_READ|0x10 "
                                 "0x10 /* PROT_??? */ MADV_DONTNEED 0x64 /* MADV_??? */");
    c->len = 0;
    trace_opt.xlat = XLAT_RAW;
    tr_flags(c, prot, 3, "PROT_???");
    tr_puts(c, " ");
    tr_xval(c, advice, 4, "MADV_???");
    assert_string_equal(c->text, "0x3 0x4");
    c->len = 0;
    trace_opt.xlat = XLAT_VERBOSE;
    tr_flags(c, prot, 3, "PROT_???");
    tr_puts(c, " ");
    tr_xval(c, advice, 4, "MADV_???");
    assert_string_equal(c->text,
                        "0x3 /* PROT_READ|PROT_WRITE */ 0x4 /* MADV_DONTNEED */");
    trace_opt.xlat = XLAT_ABBREV;
    free_call(c);
}

static void test_arguments(void **state)
{
    (void)state;
    struct tcall *c = new_call();
    tr_arg(c);
    tr_addr(c, 0);
    tr_arg(c);
    tr_uint(c, 4194304);
    tr_arg(c);
    tr_int(c, -1);
    tr_arg(c);
    tr_hex(c, 0x1000);
    assert_string_equal(c->text, "NULL, 4194304, -1, 0x1000");
    assert_int_equal(c->nargs, 4);
    assert_int_equal(c->arg[1], 6); /* where "4194304" begins */
    free_call(c);
}

/* Strings are read from guest memory: a small guest with one page. */
static void test_strings(void **state)
{
    (void)state;
    int err = 0;
    struct mm *mm = mm_new(16u << 20, &err);
    assert_non_null(mm);
    long a = mm_mmap(mm, 0, 4096, 3, 0x22, -1, 0);
    assert_true(a > 0);
    uint32_t va = (uint32_t)a;
    static const char s[] = "hi\n\t\"q\"\\\001\0012x";
    assert_int_equal(mm_copy_to(mm, va, s, sizeof(s)), 0);
    struct task t = {.mm = mm};
    struct tcall *c = new_call();
    c->t = &t;
    trace_opt.strsize = 32;
    tr_str(c, va, -1);
    /* \1 before a digit takes three octal digits, as strace writes it */
    assert_string_equal(c->text, "\"hi\\n\\t\\\"q\\\"\\\\\\1\\0012x\"");
    c->len = 0;
    static const char eight[] = "\0018";
    assert_int_equal(mm_copy_to(mm, va + 64, eight, sizeof(eight)), 0);
    tr_str(c, va + 64, -1); /* 8 is no octal digit: one digit will do */
    assert_string_equal(c->text, "\"\\18\"");
    c->len = 0;
    trace_opt.strsize = 2;
    tr_str(c, va, -1);
    assert_string_equal(c->text, "\"hi\"...");
    c->len = 0;
    tr_str(c, va, 2); /* exactly -s bytes of a buffer: no dots */
    assert_string_equal(c->text, "\"hi\"");
    c->len = 0;
    tr_str(c, 0, -1);
    assert_string_equal(c->text, "NULL");
    c->len = 0;
    tr_str(c, 0x10, -1); /* unreadable: the address */
    assert_string_equal(c->text, "0x10");
    trace_opt.strsize = 32;
    free_call(c);
    mm_free(mm);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(trace_errno_name(12), "ENOMEM");
    assert_string_equal(trace_errno_text(12), "Cannot allocate memory");
    assert_string_equal(trace_errno_name(512), "ERESTARTSYS");
    assert_string_equal(trace_errno_text(512), "To be restarted if SA_RESTART is set");
    assert_string_equal(trace_signal_name(11), "SIGSEGV");
    assert_string_equal(trace_signal_name(32), "SIGRTMIN");
    assert_string_equal(trace_signal_name(34), "SIGRT_2");
    assert_null(trace_signal_name(0));
}

static void test_siginfo(void **state)
{
    (void)state;
    char buf[256];
    struct guest_siginfo si = {.signo = 11, .code = 1};
    si.u.fault.addr = 0x10;
    trace_format_siginfo(&si, buf, sizeof(buf));
    assert_string_equal(buf, "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}");
    struct guest_siginfo chld = {.signo = 17, .code = 1};
    chld.u.chld.pid = 42;
    chld.u.chld.status = 3;
    trace_format_siginfo(&chld, buf, sizeof(buf));
    assert_string_equal(buf,
                        "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, "
                        "si_status=3, si_utime=0, si_stime=0}");
    struct guest_siginfo kill = {.signo = 15, .code = 0};
    kill.u.kill.pid = 7;
    trace_format_siginfo(&kill, buf, sizeof(buf));
    assert_string_equal(buf, "{si_signo=SIGTERM, si_code=SI_USER, si_pid=7, si_uid=0}");
    struct guest_siginfo alrm = {.signo = 14, .code = 0x80};
    trace_format_siginfo(&alrm, buf, sizeof(buf));
    assert_string_equal(buf, "{si_signo=SIGALRM, si_code=SI_KERNEL}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_classes), cmocka_unit_test(test_filter_grammar),
        cmocka_unit_test(test_filter_errors),  cmocka_unit_test(test_xlat_forms),
        cmocka_unit_test(test_arguments),      cmocka_unit_test(test_strings),
        cmocka_unit_test(test_names),          cmocka_unit_test(test_siginfo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
