/* The file, descriptor, process and signal decoders (syscalls/trace_desc.c,
 * trace_proc.c, trace_sig.c). Each expected line is what strace 6.1
 * prints natively on this machine for the same call by an i386 program
 * (samples/trace/calls.c and runs like it, gcc -m32 -static); the calls
 * here are built by hand, their memory in a guest mm. Dates print in UTC
 * (TZ=UTC), as strace on this machine prints them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "trace_fixture.h"

static int desc_setup(void **state)
{
    if (trace_fixture_setup(state, trace_desc_decoders) < 0)
        return -1;
    setenv("TZ", "UTC", 1); /* the dates strace comments times with */
    tzset();
    return 0;
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

/* pread64/pwrite64 take the offset as two registers; readv's strings are
 * cut to what it read, writev's are whole; -s bounds the entries. */
static void test_io_vectors(void **state)
{
    (void)state;
    put(mem, "abcdef", 6);
    line_is(call("pwrite64", 3, mem, 6, 100, 0, 0), 6,
            "pwrite64(3, \"abcdef\", 6, 100) = 6");
    struct tcall *c = call("pread64", 3, mem, 4, 0, 1, 0);
    entry_is(c, TD_EXIT, "3, ");
    exit_is(c, TD_EXIT, 4, "pread64(3, \"abcd\", 4, 4294967296) = 4");
    uint32_t iov[4] = {mem + 256, 3, mem + 264, 10};
    put(mem + 128, iov, sizeof(iov));
    put(mem + 256, "one", 3);
    put(mem + 264, "two!", 4);
    iov[3] = 4;
    put(mem + 160, iov, sizeof(iov));
    line_is(call("writev", 3, mem + 160, 2, 0, 0, 0), 7,
            "writev(3, [{iov_base=\"one\", iov_len=3}, {iov_base=\"two!\", iov_len=4}], "
            "2) = 7");
    put(mem + 256, "abcdef", 6);
    put(mem + 264, "def", 3);
    c = call("readv", 3, mem + 128, 2, 0, 0, 0);
    entry_is(c, TD_EXIT, "3, ");
    exit_is(c, TD_EXIT, 6,
            "readv(3, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"def\", iov_len=10}], "
            "2) = 6");
    c = call("readv", 3, mem + 128, 2, 0, 0, 0);
    exit_is(
        c, decoder("readv")(c), -14,
        "readv(3, [{iov_base=0x4000100, iov_len=3}, {iov_base=0x4000108, iov_len=10}], "
        "2) = -1 EFAULT");
    trace_opt.strsize = 1;
    line_is(call("writev", 3, mem + 160, 2, 0, 0, 0), 7,
            "writev(3, [{iov_base=\"a\"..., iov_len=3}, ...], 2) = 7");
    int32_t fds[2] = {3, 4};
    put(mem, fds, 8);
    struct tcall *p = call("pipe2", mem, 0, 0, 0, 0, 0);
    exit_is(p, decoder("pipe2")(p), 0, "pipe2([3, ...], 0) = 0");
    trace_opt.strsize = 32;
    line_is(call("writev", 3, mem + 160, 0, 0, 0, 0), 0, "writev(3, [], 0) = 0");
}

static void test_paths(void **state)
{
    (void)state;
    put(mem, "f", 2);
    put(mem + 16, "l", 2);
    line_is(call("umask", 022, 0, 0, 0, 0, 0), 022, "umask(022) = 022");
    line_is(call("fchmodat", (uint32_t)-100, mem, 0640, 0, 0, 0), 0,
            "fchmodat(AT_FDCWD, \"f\", 0640) = 0");
    line_is(call("chown32", mem, (uint32_t)-1, (uint32_t)-1, 0, 0, 0), 0,
            "chown32(\"f\", -1, -1) = 0");
    line_is(call("fchown", 3, 0xffff, 5, 0, 0, 0), 0, "fchown(3, -1, 5) = 0");
    line_is(call("truncate64", mem, 20, 1, 0, 0, 0), 0,
            "truncate64(\"f\", 4294967316) = 0");
    line_is(call("ftruncate", 3, 10, 0, 0, 0, 0), 0, "ftruncate(3, 10) = 0");
    line_is(call("symlinkat", mem, (uint32_t)-100, mem + 16, 0, 0, 0), 0,
            "symlinkat(\"f\", AT_FDCWD, \"l\") = 0");
    line_is(call("unlinkat", (uint32_t)-100, mem, 0x200, 0, 0, 0), 0,
            "unlinkat(AT_FDCWD, \"f\", AT_REMOVEDIR) = 0");
    line_is(call("mknod", mem, 020600, 0x103, 0, 0, 0), 0,
            "mknod(\"f\", S_IFCHR|0600, makedev(0x1, 0x3)) = 0");
    line_is(call("mknod", mem, 010644, 0, 0, 0, 0), 0, "mknod(\"f\", S_IFIFO|0644) = 0");
    line_is(call("linkat", 3, mem, (uint32_t)-100, mem + 16, 0x400, 0), 0,
            "linkat(3, \"f\", AT_FDCWD, \"l\", AT_SYMLINK_FOLLOW) = 0");
    trace_opt.xlat = XLAT_VERBOSE;
    line_is(call("unlinkat", (uint32_t)-100, mem, 0x200, 0, 0, 0), 0,
            "unlinkat(-100 /* AT_FDCWD */, \"f\", 0x200 /* AT_REMOVEDIR */) = 0");
    trace_opt.xlat = XLAT_RAW;
    struct tcall *c = call("statx", 3, mem + 32, 0x1800, 0x7ff, mem + 512, 0);
    put(mem + 32, "", 1);
    entry_is(c, TD_EXIT, "3, \"\", |0x1800, 0x7ff, ");
    free(c->text);
    free(c);
}

/* Two directory entries as the kernel writes them, counted or (-v)
 * listed. */
static void test_getdents(void **state)
{
    (void)state;
    unsigned char b[48] = {0};
    uint64_t ino = 10986562, off = 1042853288;
    uint16_t reclen = 24;
    memcpy(b, &ino, 8);
    memcpy(b + 8, &off, 8);
    memcpy(b + 16, &reclen, 2);
    b[18] = 4;
    memcpy(b + 19, ".", 2);
    ino = 10986563;
    off = 2147483647;
    memcpy(b + 24, &ino, 8);
    memcpy(b + 32, &off, 8);
    memcpy(b + 40, &reclen, 2);
    b[42] = 8;
    memcpy(b + 43, "f", 2);
    put(mem, b, sizeof(b));
    struct tcall *c = call("getdents64", 4, mem, 32768, 0, 0, 0);
    entry_is(c, TD_EXIT, "4, ");
    exit_is(c, TD_EXIT, 48, "getdents64(4, 0x4000000 /* 2 entries */, 32768) = 48");
    trace_opt.verbose = true;
    c = call("getdents64", 4, mem, 32768, 0, 0, 0);
    exit_is(
        c, decoder("getdents64")(c), 48,
        "getdents64(4, [{d_ino=10986562, d_off=1042853288, d_reclen=24, d_type=DT_DIR, "
        "d_name=\".\"}, {d_ino=10986563, d_off=2147483647, d_reclen=24, d_type=DT_REG, "
        "d_name=\"f\"}], 32768) = 48");
    c = call("getdents64", 4, mem, 32768, 0, 0, 0);
    exit_is(c, decoder("getdents64")(c), 0, "getdents64(4, [], 32768) = 0");
}

static void test_fcntl(void **state)
{
    (void)state;
    int16_t fl[8] = {1, 0, 4, 0, 8, 0, 0, 0}; /* F_WRLCK, SEEK_SET, 4, 8 */
    put(mem, fl, 16);
    line_is(call("fcntl64", 3, 6, mem, 0, 0, 0), 0,
            "fcntl64(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=4, "
            "l_len=8}) = 0");
    struct tcall *c = call("fcntl64", 3, 5, mem, 0, 0, 0);
    entry_is(c, TD_EXIT, "3, F_GETLK");
    fl[0] = 2;
    put(mem, fl, 16);
    exit_is(c, TD_EXIT, 0,
            "fcntl64(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=4, l_len=8, "
            "l_pid=0}) = 0");
    line_is(call("fcntl64", 3, 4, 02000 | 04000, 0, 0, 0), 0,
            "fcntl64(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0");
    line_is(call("fcntl64", 3, 1031, 65536, 0, 0, 0), 65536,
            "fcntl64(3, F_SETPIPE_SZ, 65536) = 65536");
    line_is(call("fcntl64", 3, 17, 0, 0, 0, 0), -22,
            "fcntl64(3, F_GETOWNER_UIDS, 0) = -1 EINVAL");
    line_is(call("flock", 3, 6, 0, 0, 0, 0), 0, "flock(3, LOCK_EX|LOCK_NB) = 0");
    trace_opt.xlat =
        XLAT_VERBOSE; /* F_GETFL's note stays by name, F_GETFD's follows -X */
    line_is(call("fcntl64", 3, 3, 0, 0, 0, 0), 0xc02,
            "fcntl64(3, 0x3 /* F_GETFL */) = 0xc02 (flags O_RDWR|O_APPEND|O_NONBLOCK)");
    line_is(call("fcntl64", 3, 1, 0, 0, 0, 0), 1,
            "fcntl64(3, 0x1 /* F_GETFD */) = 0x1 (flags 0x1 /* FD_CLOEXEC */)");
}

/* A pty's termios as this machine's kernel fills it, raw mode, winsize. */
static void test_ioctl(void **state)
{
    (void)state;
    uint32_t tio[9] = {0x500, 0x5, 0xbf, 0x8a3b};
    put(mem, tio, sizeof(tio));
    struct tcall *c = call("ioctl", 3, 0x5401, mem, 0, 0, 0);
    entry_is(c, TD_EXIT, "3, TCGETS");
    exit_is(
        c, TD_EXIT, 0,
        "ioctl(3, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|"
        "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|"
        "ECHOCTL|ECHOKE, ...}) = 0");
    uint32_t raw[9] = {0, 0x4, 0xbf, 0xa30};
    put(mem, raw, sizeof(raw));
    line_is(
        call("ioctl", 3, 0x5402, mem, 0, 0, 0), 0,
        "ioctl(3, SNDCTL_TMR_START or TCSETS, {c_iflag=, "
        "c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|"
        "ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ECHOE|ECHOK|ECHOCTL|ECHOKE, ...}) = 0");
    trace_opt.xlat = XLAT_RAW;
    line_is(call("ioctl", 3, 0x5402, mem, 0, 0, 0), 0,
            "ioctl(3, 0x5402, {c_iflag=, c_oflag=0|0|0|0|0|0|0x4, c_cflag=0xf|0x30|0x80, "
            "c_lflag=0xa30, ...}) = 0");
    trace_opt.xlat = XLAT_ABBREV;
    uint16_t ws[4] = {24, 80, 0, 0};
    put(mem, ws, sizeof(ws));
    line_is(call("ioctl", 3, 0x5414, mem, 0, 0, 0), 0,
            "ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0");
    c = call("ioctl", 3, 0x5413, mem, 0, 0, 0);
    exit_is(c, decoder("ioctl")(c), -25, "ioctl(3, TIOCGWINSZ, 0x4000000) = -1 ENOTTY");
    put32(mem, 2);
    line_is(call("ioctl", 3, 0x541b, mem, 0, 0, 0), 0, "ioctl(3, FIONREAD, [2]) = 0");
    line_is(call("ioctl", 3, 0x5451, 0, 0, 0, 0), 0, "ioctl(3, FIOCLEX) = 0");
    put32(mem, 0);
    line_is(call("ioctl", 3, 0x40045431, mem, 0, 0, 0), 0,
            "ioctl(3, TIOCSPTLCK, [0]) = 0");
    line_is(call("ioctl", 3, 0x12345678, 0x42, 0, 0, 0), -25,
            "ioctl(3, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0x42) = -1 ENOTTY");
}

static void test_time(void **state)
{
    (void)state;
    int32_t tv[4] = {1795422417, 210311, 0, 0};
    put(mem, tv, sizeof(tv));
    struct tcall *c = call("gettimeofday", mem, mem + 8, 0, 0, 0, 0);
    exit_is(c, decoder("gettimeofday")(c), 0,
            "gettimeofday({tv_sec=1795422417, tv_usec=210311}, {tz_minuteswest=0, "
            "tz_dsttime=0}) = 0");
    c = call("time", mem, 0, 0, 0, 0, 0);
    exit_is(c, decoder("time")(c), 1795422417,
            "time([1795422417 /* 2026-11-23T08:26:57+0000 */]) = 1795422417 "
            "(2026-11-23T08:26:57+0000)");
    int32_t it[4] = {0, 0, 0, 20000};
    put(mem, it, sizeof(it));
    line_is(
        call("setitimer", 0, mem, 0, 0, 0, 0), 0,
        "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, "
        "tv_usec=20000}}, NULL) = 0");
    int64_t ts[2] = {0, 1};
    put(mem, ts, sizeof(ts));
    line_is(call("clock_getres_time64", 1, mem, 0, 0, 0, 0), 0,
            "clock_getres_time64(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0");
    line_is(call("clock_gettime", (uint32_t)-6, mem, 0, 0, 0, 0), -22,
            "clock_gettime(0xfffffffa /* CLOCK_??? */, 0x4000000) = -1 EINVAL");
    line_is(call("futex", mem, 133, 1, 1, mem + 8, 0x4000001), 1,
            "futex(0x4000000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x4000008, "
            "FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 1");
    line_is(
        call("futex", mem, 132, 1, 2147483647, mem + 8, 3), 0,
        "futex(0x4000000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x4000008, 3) = 0");
    line_is(call("futex", mem, 257, 1, 0, 0, 0), -38,
            "futex(0x4000000, 0x101 /* FUTEX_??? */, 1) = -1 ENOSYS");
}

static void test_prctl(void **state)
{
    (void)state;
    put(mem, "calls", 6);
    line_is(call("prctl", 15, mem, 0, 0, 0, 0), 0, "prctl(PR_SET_NAME, \"calls\") = 0");
    struct tcall *c = call("prctl", 3, 0, 0, 0, 0, 0);
    exit_is(c, decoder("prctl")(c), 1, "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
    c = call("prctl", 16, mem, 0, 0, 0, 0);
    entry_is(c, TD_EXIT, "PR_GET_NAME, ");
    exit_is(c, TD_EXIT, 0, "prctl(PR_GET_NAME, \"calls\") = 0");
    line_is(call("prctl", 23, 21, 0, 0, 0, 0), 1,
            "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1");
    line_is(call("prctl", 38, 1, 0, 0, 0, 0), 0,
            "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
    line_is(call("prctl", 39, 0, 0, 0, 0, 0), 0,
            "prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 0");
}

static void test_more_signals(void **state)
{
    (void)state;
    uint32_t ss[3] = {0x80f2300, 0, 65536};
    put(mem, ss, sizeof(ss));
    struct tcall *c = call("sigaltstack", mem, 0, 0, 0, 0, 0);
    exit_is(c, decoder("sigaltstack")(c), 0,
            "sigaltstack({ss_sp=0x80f2300, ss_flags=0, ss_size=65536}, NULL) = 0");
    uint32_t none[2] = {0, 0};
    put(mem + 64, none, 8);
    line_is(call("rt_sigsuspend", mem + 64, 8, 0, 0, 0, 0), -4,
            "rt_sigsuspend([], 8) = -1 EINTR");
    line_is(call("sigsuspend", 0, 0, 1u << 9, 0, 0, 0), -4,
            "sigsuspend([USR1]) = -1 EINTR");
    uint32_t old[4] = {0, 1u << 11, 0x10000000, 0}; /* handler, mask, flags, restorer */
    put(mem, old, sizeof(old));
    line_is(call("sigaction", 12, 0, mem, 0, 0, 0), 0,
            "sigaction(SIGUSR2, NULL, {sa_handler=SIG_DFL, sa_mask=[USR2], "
            "sa_flags=SA_RESTART}) = 0");
    line_is(call("sigprocmask", 0, 0, mem + 64, 0, 0, 0), 0,
            "sigprocmask(SIG_BLOCK, NULL, []) = 0");
    line_is(call("rt_sigpending", mem + 64, 8, 0, 0, 0, 0), 0,
            "rt_sigpending([], 8) = 0");
    c = call("signal", 12, 1, 0, 0, 0, 0);
    exit_is(c, decoder("signal")(c), 0, "signal(SIGUSR2, SIG_IGN) = 0 (SIG_DFL)");
    uint32_t set[2] = {1u << 11, 0};
    put(mem + 64, set, 8);
    struct guest_siginfo si = {.signo = 12, .code = 0};
    si.u.kill.pid = 8791;
    put(mem + 128, &si, sizeof(si));
    int32_t ts[2] = {1, 0};
    put(mem + 32, ts, 8);
    c = call("rt_sigtimedwait", mem + 64, mem + 128, mem + 32, 8, 0, 0);
    entry_is(c, TD_EXIT, "[USR2], ");
    exit_is(c, TD_EXIT, 12,
            "rt_sigtimedwait([USR2], {si_signo=SIGUSR2, si_code=SI_USER, si_pid=8791, "
            "si_uid=0}, {tv_sec=1, tv_nsec=0}, 8) = 12 (SIGUSR2)");
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
        cmocka_unit_test_setup_teardown(test_io_vectors, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_getdents, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_fcntl, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioctl, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_time, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_prctl, desc_setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_signals, desc_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
