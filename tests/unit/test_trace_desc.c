/* The file, descriptor, process and signal decoders (syscalls/trace_desc.c,
 * trace_proc.c, trace_sig.c). Each expected line is what strace 6.1
 * prints natively on this machine for the same call by an i386 program
 * (samples/trace/calls.c and runs like it, gcc -m32 -static); the calls
 * here are built by hand, their memory in a guest mm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mm/mm.h"
#include "syscalls/syscalls.h"
#include "syscalls/trace.h"

static struct task task;
/* Each test's data: two pages at a fixed address, which the expected
 * lines show where strace shows an address. */
#define MEM 0x4000000u
static const uint32_t mem = MEM;

static int desc_setup(void **state)
{
    int err;
    task.mm = mm_new(64u << 20, &err);
    if (!task.mm)
        return -1;
    *state = task.mm;
    long a = mm_mmap(task.mm, MEM, 2 * MM_PAGE_SIZE, L_PROT_READ | L_PROT_WRITE,
                     L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, -1, 0);
    if (a != (long)MEM)
        return -1;
    trace_opt.strsize = 32;
    trace_opt.verbose = false;
    trace_opt.xlat = XLAT_ABBREV;
    return 0;
}

static int teardown(void **state)
{
    mm_free(*state);
    return 0;
}

static void put(uint32_t va, const void *p, size_t n)
{
    assert_int_equal(mm_copy_to(task.mm, va, p, n), 0);
}

static void put32(uint32_t va, uint32_t v)
{
    put(va, &v, 4);
}

static struct tcall *call(const char *name, uint32_t a0, uint32_t a1, uint32_t a2,
                          uint32_t a3, uint32_t a4, uint32_t a5)
{
    struct tcall *c = calloc(1, sizeof(*c));
    c->text = calloc(1, 1);
    c->cap = 1;
    c->t = &task;
    c->name = name;
    uint32_t a[6] = {a0, a1, a2, a3, a4, a5};
    memcpy(c->args, a, sizeof(a));
    memcpy(c->raw, a, sizeof(a));
    return c;
}

static trace_dec decoder(const char *name)
{
    for (const struct trace_decoder *d = trace_desc_decoders; d->name; d++)
        if (strcmp(d->name, name) == 0)
            return d->fn;
    fail_msg("no decoder for %s", name);
    return NULL;
}

/* The exit half: what the decoder adds once the call returned ret, and
 * the whole line as the core would assemble it, name(args) = ret. */
static void exit_is(struct tcall *c, int entry, long ret, const char *want)
{
    c->ret = ret;
    if (entry == TD_EXIT) {
        c->exiting = true;
        decoder(c->name)(c);
    }
    char got[2048];
    if (c->ret < 0)
        snprintf(got, sizeof(got), "%s(%s) = -1 %s", c->name, c->text,
                 trace_errno_name((int)-c->ret));
    else if (c->rv == RV_HEX)
        snprintf(got, sizeof(got), "%s(%s) = %#lx%s", c->name, c->text, c->ret,
                 c->rv_extra);
    else if (c->rv == RV_NONE)
        snprintf(got, sizeof(got), "%s(%s) = ?", c->name, c->text);
    else
        snprintf(got, sizeof(got), "%s(%s) = %ld%s", c->name, c->text, c->ret,
                 c->rv_extra);
    assert_string_equal(got, want);
    free(c->text);
    free(c);
}

static void line_is(struct tcall *c, long ret, const char *want)
{
    exit_is(c, decoder(c->name)(c), ret, want);
}

/* The entry part alone, as an unfinished line shows it. */
static void entry_is(struct tcall *c, int want_rc, const char *want)
{
    assert_int_equal(decoder(c->name)(c), want_rc);
    assert_string_equal(c->text, want);
}

static void test_open_flags(void **state)
{
    (void)state;
    put(mem, "a.txt", 6);
    line_is(call("openat", (uint32_t)-100, mem, 01 | 0100 | 01000, 0640, 0, 0), 3,
            "openat(AT_FDCWD, \"a.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0640) = 3");
    line_is(call("openat", (uint32_t)-100, mem, 02000000, 0, 0, 0), 3,
            "openat(AT_FDCWD, \"a.txt\", O_RDONLY|O_CLOEXEC) = 3");
    line_is(call("open", mem, 02 | 0100000 | 0100, 0600, 0, 0, 0), 4,
            "open(\"a.txt\", O_RDWR|O_CREAT|O_LARGEFILE, 0600) = 4");
}

static void test_read_write(void **state)
{
    (void)state;
    struct tcall *c = call("read", 3, mem, 64, 0, 0, 0);
    entry_is(c, TD_EXIT, "3, ");
    put(mem, "hello, file\n", 12);
    exit_is(c, TD_EXIT, 12, "read(3, \"hello, file\\n\", 64) = 12");
    put(mem, "ping", 4);
    line_is(call("write", 4, mem, 4, 0, 0, 0), 4, "write(4, \"ping\", 4) = 4");
}

static void test_execve(void **state)
{
    (void)state;
    put(mem + 256, "./calls", 8);
    put(mem + 264, "-l", 3);
    put32(mem, mem + 256);
    put32(mem + 4, mem + 264);
    put32(mem + 8, 0);
    put32(mem + 16, mem + 256);
    put32(mem + 20, mem + 264);
    put32(mem + 24, 0);
    line_is(call("execve", mem + 256, mem, mem + 16, 0, 0, 0), 0,
            "execve(\"./calls\", [\"./calls\", \"-l\"], 0x4000010 /* 2 vars */) = 0");
    trace_opt.strsize = 1; /* -s 1: one argv string, then "..." */
    line_is(call("execve", mem + 256, mem, mem + 16, 0, 0, 0), 0,
            "execve(\"./calls\", [\".\"..., ...], 0x4000010 /* 2 vars */) = 0");
}

static void test_stat(void **state)
{
    (void)state;
    unsigned char st[96] = {0};
    uint32_t mode = 020666;
    uint64_t rdev = 0x103;
    memcpy(st + 16, &mode, 4);
    memcpy(st + 32, &rdev, 8);
    put(mem + 512, st, sizeof(st));
    put(mem, "/dev/null", 10);
    struct tcall *c = call("stat64", mem, mem + 512, 0, 0, 0, 0);
    entry_is(c, TD_EXIT, "\"/dev/null\", ");
    exit_is(c, TD_EXIT, 0,
            "stat64(\"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), "
            "...}) = 0");
    mode = 040755;
    uint64_t size = 4096;
    memcpy(st + 16, &mode, 4);
    memcpy(st + 44, &size, 8);
    put(mem + 512, st, sizeof(st));
    put(mem, "/", 2);
    c = call("fstatat64", (uint32_t)-100, mem, mem + 512, 0, 0, 0);
    exit_is(
        c, decoder("fstatat64")(c), 0,
        "fstatat64(AT_FDCWD, \"/\", {st_mode=S_IFDIR|0755, st_size=4096, ...}, 0) = 0");
}

static void test_statx(void **state)
{
    (void)state;
    unsigned char stx[0x100] = {0};
    uint32_t mask = 0x17ff;
    uint16_t mode = 0100640;
    uint64_t size = 12;
    memcpy(stx, &mask, 4);
    memcpy(stx + 28, &mode, 2);
    memcpy(stx + 40, &size, 8);
    put(mem + 512, stx, sizeof(stx));
    put(mem, "", 1);
    struct tcall *c = call("statx", 3, mem, 0x1800, 0x7ff, mem + 512, 0);
    exit_is(c, decoder("statx")(c), 0,
            "statx(3, \"\", AT_STATX_SYNC_AS_STAT|AT_NO_AUTOMOUNT|AT_EMPTY_PATH, "
            "STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, "
            "stx_attributes=0, stx_mode=S_IFREG|0640, stx_size=12, ...}) = 0");
}

static void test_fd_calls(void **state)
{
    (void)state;
    struct tcall *c = call("_llseek", 3, 0, 2, mem, 0, 0);
    entry_is(c, TD_EXIT, "3, 2, ");
    uint64_t r = 2;
    put(mem, &r, 8);
    exit_is(c, TD_EXIT, 0, "_llseek(3, 2, [2], SEEK_SET) = 0");
    line_is(call("lseek", 3, 0, 1, 0, 0, 0), 2147483647,
            "lseek(3, 0, SEEK_CUR) = 2147483647");
    line_is(call("fcntl64", 3, 1, 0, 0, 0, 0), 1,
            "fcntl64(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
    line_is(call("fcntl64", 3, 1, 0, 0, 0, 0), 0, "fcntl64(3, F_GETFD) = 0");
    line_is(call("fcntl64", 3, 3, 0, 0, 0, 0), 0x10800,
            "fcntl64(3, F_GETFL) = 0x10800 (flags O_RDONLY|O_NONBLOCK|O_DIRECTORY)");
    line_is(call("fcntl64", 3, 2, 1, 0, 0, 0), 0, "fcntl64(3, F_SETFD, FD_CLOEXEC) = 0");
    line_is(call("fcntl64", 3, 4, 04000, 0, 0, 0), 0,
            "fcntl64(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0");
    line_is(call("fcntl64", 3, 1030, 30, 0, 0, 0), 30,
            "fcntl64(3, F_DUPFD_CLOEXEC, 30) = 30");
    line_is(call("dup3", 3, 20, 02000000, 0, 0, 0), 20, "dup3(3, 20, O_CLOEXEC) = 20");
    line_is(call("ioctl", 0, 0x5401, mem, 0, 0, 0), -25,
            "ioctl(0, TCGETS, 0x4000000) = -1 ENOTTY");
    line_is(call("ioctl", 99, 0x1234, 0, 0, 0, 0), -9,
            "ioctl(99, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0) = -1 EBADF");
    struct tcall *p = call("pipe2", mem, 02000000, 0, 0, 0, 0);
    entry_is(p, TD_EXIT, "");
    int32_t fds[2] = {3, 4};
    put(mem, fds, 8);
    exit_is(p, TD_EXIT, 0, "pipe2([3, 4], O_CLOEXEC) = 0");
    put(mem, "a.txt", 6);
    line_is(call("access", mem, 6, 0, 0, 0, 0), 0, "access(\"a.txt\", R_OK|W_OK) = 0");
    line_is(call("access", mem, 0, 0, 0, 0, 0), -2,
            "access(\"a.txt\", F_OK) = -1 ENOENT");
    line_is(call("mkdir", mem, 0755, 0, 0, 0, 0), 0, "mkdir(\"a.txt\", 0755) = 0");
}

static void test_process(void **state)
{
    (void)state;
    struct tcall *c = call("clone", 0x1200011, 0, 0, 0, mem, 0);
    entry_is(c, TD_EXIT,
             "child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
    exit_is(
        c, TD_EXIT, 4816,
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
        "child_tidptr=0x4000000) = 4816");
    c = call("wait4", 4816, mem, 0, 0, 0, 0);
    entry_is(c, TD_EXIT, "4816, ");
    put32(mem, 3 << 8);
    exit_is(c, TD_EXIT, 4816,
            "wait4(4816, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 4816");
    c = call("wait4", 4817, mem, 0, 0, 0, 0);
    put32(mem, 15);
    exit_is(c, decoder("wait4")(c), 4817,
            "wait4(4817, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 4817");
    c = call("wait4", (uint32_t)-1, 0, 0x40000001, 0, 0, 0);
    exit_is(c, decoder("wait4")(c), -10,
            "wait4(-1, NULL, WNOHANG|__WALL, NULL) = -1 ECHILD");
    line_is(call("kill", 4817, 15, 0, 0, 0, 0), 0, "kill(4817, SIGTERM) = 0");
    line_is(call("tgkill", 7100, 7100, 0, 0, 0, 0), 0, "tgkill(7100, 7100, 0) = 0");
    uint32_t limit[2] = {8192 * 1024, 0xffffffff};
    put(mem, limit, 8);
    line_is(call("ugetrlimit", 3, mem, 0, 0, 0, 0), 0,
            "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}) = 0");
    uint32_t desc[4] = {0xffffffff, 0x8e84380, 0xfffff, 0x51};
    put(mem, desc, sizeof(desc));
    c = call("set_thread_area", mem, 0, 0, 0, 0, 0);
    int entry = decoder("set_thread_area")(c);
    put32(mem, 12);
    exit_is(c, entry, 0,
            "set_thread_area({entry_number=-1, base_addr=0x8e84380, limit=0x0fffff, "
            "seg_32bit=1, contents=0, read_exec_only=0, limit_in_pages=1, "
            "seg_not_present=0, useable=1}) = 0 (entry_number=12)");
    line_is(call("rseq", 0x8e84820, 0x20, 0, 0x53053053, 0, 0), 0,
            "rseq(0x8e84820, 0x20, 0, 0x53053053) = 0");
    line_is(call("futex", mem, 129, 1, 0, 0, 0), 0,
            "futex(0x4000000, FUTEX_WAKE_PRIVATE, 1) = 0");
    line_is(call("futex", mem, 128, 2, 0, 0, 0), 0,
            "futex(0x4000000, FUTEX_WAIT_PRIVATE, 2, NULL) = 0");
    int32_t ts[2] = {0, 10000000};
    put(mem, ts, 8);
    c = call("clock_nanosleep", 0, 0, mem, mem + 64, 0, 0);
    entry_is(c, TD_EXIT, "CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000}, ");
    exit_is(c, TD_EXIT, 0,
            "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000}, 0x4000040) "
            "= 0");
    put(mem, "\xe1\x64\x9d\xf7", 4);
    line_is(call("getrandom", mem, 4, 1, 0, 0, 0), 4,
            "getrandom(\"\\xe1\\x64\\x9d\\xf7\", 4, GRND_NONBLOCK) = 4");
}

static void test_signals(void **state)
{
    (void)state;
    uint32_t sa[5] = {0x8049820, 0x10000000, 0, 1u << 14, 0};
    put(mem, sa, sizeof(sa));
    line_is(call("rt_sigaction", 10, mem, 0, 8, 0, 0), 0,
            "rt_sigaction(SIGUSR1, {sa_handler=0x8049820, sa_mask=[TERM], "
            "sa_flags=SA_RESTART}, NULL, 8) = 0");
    uint32_t ign[5] = {1, 0x14000000, 0x8049000, 1u << 11, 0};
    put(mem, ign, sizeof(ign));
    uint32_t dfl[5] = {0};
    put(mem + 64, dfl, sizeof(dfl));
    line_is(call("rt_sigaction", 12, mem, mem + 64, 8, 0, 0), 0,
            "rt_sigaction(SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[USR2], "
            "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x8049000}, "
            "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
    uint32_t set[2] = {(1u << 1) | (1u << 2), 0};
    put(mem, set, 8);
    put(mem + 64, dfl, 8);
    line_is(call("rt_sigprocmask", 0, mem, mem + 64, 8, 0, 0), 0,
            "rt_sigprocmask(SIG_BLOCK, [INT QUIT], [], 8) = 0");
    /* everything but KILL, 32 and 33 (glibc's own): the complement */
    uint32_t most[2] = {~((1u << 8) | (1u << 31)), ~1u};
    put(mem, most, 8);
    line_is(call("rt_sigprocmask", 0, mem, 0, 8, 0, 0), 0,
            "rt_sigprocmask(SIG_BLOCK, ~[KILL RTMIN RT_1], NULL, 8) = 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_flags, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_write, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_execve, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_stat, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_statx, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_fd_calls, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_process, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_signals, desc_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
