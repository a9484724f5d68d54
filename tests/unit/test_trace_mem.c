/* The memory decoders (syscalls/trace_mem.c). Every expected line is what
 * strace 6.1 printed natively on this machine for the same call made by an
 * i386 program (gcc -m32 -static: samples/trace/memcalls.c and probes like
 * it), with the addresses of that run replaced by the ones used here; the
 * calls are built by hand, their memory in a guest mm. alloc_hugepages and
 * free_hugepages, which strace never knew, are checked against the form
 * docs/tracing.md gives them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace_fixture.h"

static int mem_setup(void **state)
{
    return trace_fixture_setup(state, trace_mem_decoders);
}

/* n 32-bit words from va on. */
static void put32s(uint32_t va, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        put32(va + 4 * (uint32_t)i, va_arg(ap, uint32_t));
    va_end(ap);
}

static void test_mmap2_flags(void **state)
{
    (void)state;
    line_is(
        call("mmap2", 0, 4194304, 3, 0x22, (uint32_t)-1, 0), 0xb7c00000,
        "mmap2(NULL, 4194304, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) "
        "= 0xb7c00000");
    /* strace's table order, not the bits' order */
    line_is(call("mmap2", 0, 8192, 3,
                 0x2 | 0x20 | 0x4000 | 0x100 | 0x2000 | 0x20000 | 0x10000, (uint32_t)-1,
                 0),
            0xf7f56000,
            "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, "
            "MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_NONBLOCK|MAP_GROWSDOWN|"
            "MAP_LOCKED|MAP_STACK, -1, 0) = 0xf7f56000");
    /* the huge page size after the other flags, unknown bits before it */
    line_is(call("mmap2", 0, 8192, 3,
                 0x22 | 0x40000 | 0x80000 | 0x100000 | 0x400 | (21u << 26), (uint32_t)-1,
                 0),
            -12,
            "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, "
            "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_SYNC|MAP_FIXED_NOREPLACE|0x400|"
            "21<<MAP_HUGE_SHIFT, -1, 0) = -1 ENOMEM");
    /* an unknown mapping type; the offset in bytes, in hex */
    line_is(call("mmap2", 0, 8192, 3, 0x7 | 0x20 | (1u << 26), (uint32_t)-1, 0x12345),
            -22,
            "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, 0x7 /* MAP_??? */|MAP_ANONYMOUS|"
            "1<<MAP_HUGE_SHIFT, -1, 0x12345000) = -1 EINVAL");
    line_is(call("mmap2", 0, 8192, 0x10 | 0x01000000, 0x400, (uint32_t)-1, 0xfffff), -9,
            "mmap2(NULL, 8192, PROT_GROWSDOWN|0x10, MAP_FILE|0x400, -1, 0xfffff000) = -1 "
            "EBADF");
    /* a page offset past 4 GiB in bytes */
    line_is(call("mmap2", 0, 4096, 1, 0x2, 3, 0xffffffff), -22,
            "mmap2(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0xffffffff000) = -1 EINVAL");
    line_is(
        call("mmap2", 0x1001, 4096, 1, 0x32, (uint32_t)-1, 0), -22,
        "mmap2(0x1001, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = -1 "
        "EINVAL");
    line_is(call("mmap2", 0, 4096, 1 | 8, 0x22 | 0x40, (uint32_t)-1, 0), 0xf7d44000,
            "mmap2(NULL, 4096, PROT_READ|PROT_SEM, MAP_PRIVATE|MAP_ANONYMOUS|MAP_32BIT, "
            "-1, 0) "
            "= 0xf7d44000");
    line_is(
        call("mmap2", 0, 4096, 1, 0x3 | 0x400, 3, 0), -95,
        "mmap2(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE|0x400, 3, 0) = -1 EOPNOTSUPP");
}

/* i386's old mmap: the six arguments read from the block, offset in bytes. */
static void test_old_mmap(void **state)
{
    (void)state;
    put32s(MEM, 6, 0u, 4096u, 1u, 0x2u, 3u, 4096u);
    line_is(call("mmap", MEM, 0, 0, 0, 0, 0), 0xf7d40000,
            "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x1000) = 0xf7d40000");
    put32s(MEM, 6, 0u, 8192u, 3u, 0x22u, 0xffffffffu, 0u);
    line_is(call("mmap", MEM, 0, 0, 0, 0, 0), 0xf7d3f000,
            "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
            "0xf7d3f000");
    line_is(call("mmap", 0, 0, 0, 0, 0, 0), -14, "mmap(NULL) = -1 EFAULT");
    line_is(call("mmap", 0x10, 0, 0, 0, 0, 0), -14, "mmap(0x10) = -1 EFAULT");
    line_is(call("mmap", END - 8, 0, 0, 0, 0, 0), -14, "mmap(0x4001ff8) = -1 EFAULT");
}

static void test_xlat_styles(void **state)
{
    (void)state;
    trace_opt.xlat = XLAT_VERBOSE;
    line_is(call("mmap2", 0, 163840, 3, 0x22, (uint32_t)-1, 0), 0xf7f5f000,
            "mmap2(NULL, 163840, 0x3 /* PROT_READ|PROT_WRITE */, 0x22 /* "
            "MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0) = 0xf7f5f000");
    /* strace 6.1 nests the comment for an unknown type: its own output */
    line_is(
        call("mmap2", 0, 8192, 0, 0x7, 3, 0), -9,
        "mmap2(NULL, 8192, 0 /* PROT_NONE */, 0x7 /* 0x7 /* MAP_??? */ */, 3, 0) = -1 "
        "EBADF");
    line_is(call("mmap2", 0, 8192, 0x10, 0, 1000, 1), -9,
            "mmap2(NULL, 8192, 0x10 /* PROT_??? */, 0 /* MAP_FILE */, 1000, 0x1000) = -1 "
            "EBADF");
    line_is(call("mprotect", 0xf7f5f000, 4096, 0x40, 0, 0, 0), -22,
            "mprotect(0xf7f5f000, 4096, 0x40 /* PROT_??? */) = -1 EINVAL");
    line_is(call("mlockall", 8, 0, 0, 0, 0, 0), -22,
            "mlockall(0x8 /* MCL_??? */) = -1 EINVAL");
    line_is(call("madvise", 0xf7f5f000, 4096, 0, 0, 0, 0), 0,
            "madvise(0xf7f5f000, 4096, 0 /* MADV_NORMAL */) = 0");
    line_is(call("msync", 0xf7f5f000, 4096, 0xc, 0, 0, 0), -22,
            "msync(0xf7f5f000, 4096, 0xc /* MS_SYNC|0x8 */) = -1 EINVAL");
    line_is(call("set_mempolicy", 0x8000 | 0x4000 | 0x100, 0, 0, 0, 0, 0), -22,
            "set_mempolicy(0xc100 /* MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|0x100 */, "
            "NULL, 0) = -1 EINVAL");
    line_is(
        call("mbind", 0xf7f5f000, 4096, 0x8002, 0, 3, 0x11), -22,
        "mbind(0xf7f5f000, 4096, 0x8002 /* MPOL_BIND|MPOL_F_STATIC_NODES */, NULL, 3, "
        "0x11 /* MPOL_MF_STRICT|0x10 */) = -1 EINVAL");
    trace_opt.xlat = XLAT_RAW;
    line_is(call("mmap2", 0, 8192, 0, 0x7, 3, 0), -9,
            "mmap2(NULL, 8192, 0, 0x7, 3, 0) = -1 EBADF");
    line_is(call("mmap2", 0, 8192, 0x10, 0, 1000, 1), -9,
            "mmap2(NULL, 8192, 0x10, 0, 1000, 0x1000) = -1 EBADF");
}

static void test_protect_remap(void **state)
{
    (void)state;
    line_is(call("mprotect", 0xf7f5f000, 4096, 0x1 | 0x2 | 0x8, 0, 0, 0), 0,
            "mprotect(0xf7f5f000, 4096, PROT_READ|PROT_WRITE|PROT_SEM) = 0");
    line_is(call("mprotect", 0xf7f4e000, 4096, 0x3 | 0x01000000, 0, 0, 0), 0,
            "mprotect(0xf7f4e000, 4096, PROT_READ|PROT_WRITE|PROT_GROWSDOWN) = 0");
    line_is(call("mprotect", 0xf7f5f000, 4096, 0x1 | 0x02000000, 0, 0, 0), -22,
            "mprotect(0xf7f5f000, 4096, PROT_READ|PROT_GROWSUP) = -1 EINVAL");
    line_is(call("mprotect", 0xf7f5f000, 4096, 0x11, 0, 0, 0), -22,
            "mprotect(0xf7f5f000, 4096, PROT_READ|0x10) = -1 EINVAL");
    line_is(call("pkey_mprotect", 0xf7f56000, 4096, 7, (uint32_t)-1, 0, 0), 0,
            "pkey_mprotect(0xf7f56000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, -1) = 0");
    line_is(call("munmap", 0x1001, 4096, 0, 0, 0, 0), -22,
            "munmap(0x1001, 4096) = -1 EINVAL");
    /* the new address only with MAYMOVE and FIXED both */
    line_is(call("mremap", 0xf7f5b000, 16384, 16384, 3, 0xf7f6b000, 0), 0xf7f6b000,
            "mremap(0xf7f5b000, 16384, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0xf7f6b000) = "
            "0xf7f6b000");
    line_is(
        call("mremap", 0xf7d0f000, 4096, 4096, 5, 0, 0), 0xf7f7c000,
        "mremap(0xf7d0f000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = 0xf7f7c000");
    line_is(call("mremap", 0xf7d0f000, 4096, 8192, 2, 0xf7f79000, 0), -22,
            "mremap(0xf7d0f000, 4096, 8192, MREMAP_FIXED) = -1 EINVAL");
    line_is(
        call("mremap", 0xf7f56000, 4096, 8192, 0xb, 0x12340000, 0), -22,
        "mremap(0xf7f56000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED|0x8, 0x12340000) = "
        "-1 EINVAL");
    line_is(call("mremap", 0xf7f56000, 4096, 8192, 8, 0x12340000, 0), -22,
            "mremap(0xf7f56000, 4096, 8192, 0x8 /* MREMAP_??? */) = -1 EINVAL");
    line_is(call("mremap", 0xf7f5f000, 65536, 49152, 0, 0, 0), 0xf7f5f000,
            "mremap(0xf7f5f000, 65536, 49152, 0) = 0xf7f5f000");
    line_is(
        call("remap_file_pages", 0xf7f56000, 4096, 0, 3, 0x10000, 0), -22,
        "remap_file_pages(0xf7f56000, 4096, PROT_NONE, 3, MAP_FILE|MAP_NONBLOCK) = -1 "
        "EINVAL");
    line_is(call("brk", 0, 0, 0, 0, 0, 0), 0x930d000, "brk(NULL) = 0x930d000");
    line_is(call("brk", 0x930c880, 0, 0, 0, 0, 0), 0x930c880,
            "brk(0x930c880) = 0x930c880");
}

/* Advice names strace 6.1 knows; newer ones (MADV_GUARD_INSTALL, 102) it
 * prints as numbers. (The advice loop's results are not native ones: only
 * its arguments are.) */
static void test_advice_sync_locks(void **state)
{
    (void)state;
    static const struct {
        uint32_t advice;
        const char *name;
    } advice[] = {
        {4, "MADV_DONTNEED"},        {8, "MADV_FREE"},
        {9, "MADV_REMOVE"},          {12, "MADV_MERGEABLE"},
        {14, "MADV_HUGEPAGE"},       {18, "MADV_WIPEONFORK"},
        {20, "MADV_COLD"},           {21, "MADV_PAGEOUT"},
        {23, "MADV_POPULATE_WRITE"}, {24, "MADV_DONTNEED_LOCKED"},
        {25, "MADV_COLLAPSE"},       {100, "MADV_HWPOISON"},
        {101, "MADV_SOFT_OFFLINE"},  {102, "0x66 /* MADV_??? */"},
        {73, "0x49 /* MADV_??? */"},
    };
    for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++) {
        char want[128];
        snprintf(want, sizeof(want), "madvise(0xf7f56000, 4096, %s) = 0", advice[i].name);
        line_is(call("madvise", 0xf7f56000, 4096, advice[i].advice, 0, 0, 0), 0, want);
    }
    line_is(call("madvise", 0, 4096, 0, 0, 0, 0), -12,
            "madvise(NULL, 4096, MADV_NORMAL) = -1 ENOMEM");
    line_is(call("msync", 0xf7d42000, 4096, 5, 0, 0, 0), -22,
            "msync(0xf7d42000, 4096, MS_SYNC|MS_ASYNC) = -1 EINVAL");
    line_is(call("msync", 0xf7d42000, 4096, 3, 0, 0, 0), 0,
            "msync(0xf7d42000, 4096, MS_ASYNC|MS_INVALIDATE) = 0");
    line_is(call("msync", 0xf7d42000, 4096, 8, 0, 0, 0), -22,
            "msync(0xf7d42000, 4096, 0x8 /* MS_??? */) = -1 EINVAL");
    line_is(call("msync", 0xf7d42000, 4096, 0, 0, 0, 0), 0,
            "msync(0xf7d42000, 4096, 0) = 0");
    line_is(call("mlock", 0xf7f4f000, 8192, 0, 0, 0, 0), 0,
            "mlock(0xf7f4f000, 8192) = 0");
    line_is(call("munlock", 0xf7f4f000, 8192, 0, 0, 0, 0), 0,
            "munlock(0xf7f4f000, 8192) = 0");
    line_is(call("mlock2", 0xf7f4f000, 4096, 1, 0, 0, 0), 0,
            "mlock2(0xf7f4f000, 4096, MLOCK_ONFAULT) = 0");
    line_is(call("mlock2", 0xf7f4f000, 4096, 2, 0, 0, 0), -22,
            "mlock2(0xf7f4f000, 4096, 0x2 /* MLOCK_??? */) = -1 EINVAL");
    line_is(call("mlock2", 0xf7f4f000, 4096, 0, 0, 0, 0), 0,
            "mlock2(0xf7f4f000, 4096, 0) = 0");
    line_is(call("mlockall", 3, 0, 0, 0, 0, 0), 0,
            "mlockall(MCL_CURRENT|MCL_FUTURE) = 0");
    line_is(call("mlockall", 6, 0, 0, 0, 0, 0), 0,
            "mlockall(MCL_FUTURE|MCL_ONFAULT) = 0");
    line_is(call("mlockall", 0, 0, 0, 0, 0, 0), -22, "mlockall(0) = -1 EINVAL");
    line_is(call("munlockall", 0, 0, 0, 0, 0, 0), 0, "munlockall() = 0");
    line_is(call("break", 0, 0, 0, 0, 0, 0), -38, "break() = -1 ENOSYS");
}

/* mincore's vector is the kernel's answer: printed at the exit, one 0 or 1
 * per page, -s of them unless -v. */
static void test_mincore(void **state)
{
    (void)state;
    struct tcall *c = call("mincore", 0xf7f4f000, 4097, MEM, 0, 0, 0);
    entry_is(c, TD_EXIT, "0xf7f4f000, 4097, ");
    put(MEM, "\x01\x81", 2); /* only the lowest bit is the answer */
    exit_is(c, TD_EXIT, 0, "mincore(0xf7f4f000, 4097, [1, 1]) = 0");
    unsigned char vec[40];
    for (int i = 0; i < 40; i++)
        vec[i] = (unsigned char)(i % 2 == 0);
    put(MEM, vec, sizeof(vec));
    line_is(
        call("mincore", 0xf7f4f000, 40 * 4096, MEM, 0, 0, 0), 0,
        "mincore(0xf7f4f000, 163840, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, "
        "1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, ...]) = 0");
    trace_opt.verbose = true;
    line_is(
        call("mincore", 0xf7f4f000, 34 * 4096, MEM, 0, 0, 0), 0,
        "mincore(0xf7f4f000, 139264, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, "
        "1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]) = 0");
    trace_opt.verbose = false;
    trace_opt.strsize = 4;
    line_is(call("mincore", 0xf7f4f000, 5 * 4096, MEM, 0, 0, 0), 0,
            "mincore(0xf7f4f000, 20480, [1, 0, 1, 0, ...]) = 0");
    trace_opt.strsize = 32;
    /* the kernel wrote nothing when the call failed: the address */
    line_is(call("mincore", 0xf7f5f001, 4096, MEM, 0, 0, 0), -22,
            "mincore(0xf7f5f001, 4096, 0x4000000) = -1 EINVAL");
    line_is(call("mincore", 0xf7f4f000, 4096, 0, 0, 0, 0), -14,
            "mincore(0xf7f4f000, 4096, NULL) = -1 EFAULT");
    line_is(call("mincore", 0xf7f4f000, 4096, 1, 0, 0, 0), -14,
            "mincore(0xf7f4f000, 4096, 0x1) = -1 EFAULT");
    line_is(call("mincore", 0xf7f4f000, 0, MEM, 0, 0, 0), 0,
            "mincore(0xf7f4f000, 0, []) = 0");
    /* an unreadable element: where reading stopped, even past -s */
    put(END - 2, "\x00\x01", 2);
    line_is(call("mincore", 0xf7f4f000, 3 * 4096, END - 2, 0, 0, 0), 0,
            "mincore(0xf7f4f000, 12288, [0, 1, ... /* 0x4002000 */]) = 0");
    put(END - 32, vec, 32);
    line_is(
        call("mincore", 0xf7f4f000, 40 * 4096, END - 32, 0, 0, 0), 0,
        "mincore(0xf7f4f000, 163840, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, "
        "1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, ... /* 0x4002000 */]) = 0");
    line_is(call("mincore", 0xf7f4f000, 4096, END, 0, 0, 0), 0,
            "mincore(0xf7f4f000, 4096, 0x4002000) = 0");
}

/* Node masks: words of 32 bits, "%#08x" (so 0x000001 and 00000000), as many
 * as the kernel reads for maxnode bits. */
static void test_mbind_set_mempolicy(void **state)
{
    (void)state;
    put32s(MEM, 4, 1u, 0x80000000u, 3u, 4u);
    line_is(
        call("mbind", 0xf7f56000, 4096, 2 | 0x8000, MEM, 65, 0x1f), -22,
        "mbind(0xf7f56000, 4096, MPOL_BIND|MPOL_F_STATIC_NODES, [0x000001, 0x80000000], "
        "65, MPOL_MF_STRICT|MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0x18) = -1 EINVAL");
    line_is(
        call("mbind", 0xf7f56000, 4096, 9 | 0x8000, MEM, 2, 0), -22,
        "mbind(0xf7f56000, 4096, MPOL_F_STATIC_NODES|0x9, [0x000001], 2, 0) = -1 EINVAL");
    line_is(
        call("mbind", 0xf7f56000, 4096, 9, MEM, 0, 0x10), -22,
        "mbind(0xf7f56000, 4096, 0x9 /* MPOL_??? */, [], 0, 0x10 /* MPOL_??? */) = -1 "
        "EINVAL");
    line_is(call("mbind", 0xf7f56000, 4096, 5, 0, 3, 0), -22,
            "mbind(0xf7f56000, 4096, MPOL_PREFERRED_MANY, NULL, 3, 0) = -1 EINVAL");
    /* mode 6 (MPOL_WEIGHTED_INTERLEAVE) came after strace 6.1 */
    line_is(call("mbind", 0xf7f56000, 4096, 6 | 0x2000, MEM, 33, 0), -22,
            "mbind(0xf7f56000, 4096, MPOL_F_NUMA_BALANCING|0x6, [0x000001], 33, 0) = -1 "
            "EINVAL");
    /* one bit of mask is no word at all: the address */
    line_is(
        call("mbind", 0xf7f56000, 4096, 0x2000, MEM, 1, 0), -22,
        "mbind(0xf7f56000, 4096, MPOL_DEFAULT|MPOL_F_NUMA_BALANCING, 0x4000000, 1, 0) = "
        "-1 EINVAL");
    line_is(call("set_mempolicy", 3 | 0x4000, MEM, 64, 0, 0, 0), 0,
            "set_mempolicy(MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES, [0x000001, "
            "0x80000000], 64) "
            "= 0");
    line_is(call("set_mempolicy", 0x8000 | 0x4000 | 0x100, MEM, 64, 0, 0, 0), -22,
            "set_mempolicy(MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|0x100, [0x000001, "
            "0x80000000], 64) = -1 EINVAL");
    line_is(call("set_mempolicy", 4, 0, 0, 0, 0, 0), 0,
            "set_mempolicy(MPOL_LOCAL, NULL, 0) = 0");
    /* a mask running off the mapped memory stops where it can't be read */
    line_is(
        call("set_mempolicy", 0, END - 4, 96, 0, 0, 0), -22,
        "set_mempolicy(MPOL_DEFAULT, [00000000, ... /* 0x4002000 */], 96) = -1 EINVAL");
}

/* get_mempolicy prints everything at the exit, what the kernel wrote. */
static void test_get_mempolicy(void **state)
{
    (void)state;
    struct tcall *c = call("get_mempolicy", MEM, MEM + 16, 64, 0xf7f56000, 3, 0);
    entry_is(c, TD_EXIT, "");
    put32s(MEM, 3, 0u, 0u, 0u);
    exit_is(c, TD_EXIT, 0,
            "get_mempolicy([MPOL_DEFAULT], [00000000, 00000000], 64, 0xf7f56000, "
            "MPOL_F_NODE|MPOL_F_ADDR) = 0");
    put32s(MEM, 3, 0x4003u, 1u, 0u);
    c = call("get_mempolicy", MEM, MEM + 4, 64, 0, 0, 0);
    exit_is(
        c, decoder("get_mempolicy")(c), 0,
        "get_mempolicy([0x4003 /* MPOL_??? */], [0x000001, 00000000], 64, NULL, 0) = 0");
    c = call("get_mempolicy", 0, 0, 0, 0, 4, 0);
    exit_is(c, decoder("get_mempolicy")(c), 0,
            "get_mempolicy(NULL, NULL, 0, NULL, MPOL_F_MEMS_ALLOWED) = 0");
    /* failed: nothing written, the addresses */
    c = call("get_mempolicy", MEM, MEM + 4, 64, 0, 8, 0);
    exit_is(
        c, decoder("get_mempolicy")(c), -22,
        "get_mempolicy(0x4000000, 0x4000004, 64, NULL, 0x8 /* MPOL_??? */) = -1 EINVAL");
}

static void test_migrate_move_pages(void **state)
{
    (void)state;
    put32s(MEM, 4, 1u, 0u, 0u, 0u);
    line_is(
        call("migrate_pages", 0, 64, MEM, MEM + 8, 0, 0), -22,
        "migrate_pages(0, 64, [0x000001, 00000000], [00000000, 00000000]) = -1 EINVAL");
    line_is(call("migrate_pages", 99999, 3, 0, 1, 0, 0), -14,
            "migrate_pages(99999, 3, NULL, 0x1) = -1 EFAULT");
    /* pages and nodes at the entry, the statuses at the exit */
    put32s(MEM, 3, 0xf7f96000u, 0x1000u, 0xf7f97000u);
    put32s(MEM + 64, 3, 7u, 7u, 7u);
    struct tcall *c = call("move_pages", 0, 3, MEM, 0, MEM + 64, 0);
    entry_is(c, TD_EXIT, "0, 3, [0xf7f96000, 0x1000, 0xf7f97000], NULL, ");
    put32s(MEM + 64, 3, 0u, (uint32_t)-14, (uint32_t)-2);
    exit_is(
        c, TD_EXIT, 0,
        "move_pages(0, 3, [0xf7f96000, 0x1000, 0xf7f97000], NULL, [0, -EFAULT, -ENOENT], "
        "0) = 0");
    trace_opt.xlat = XLAT_VERBOSE;
    c = call("move_pages", 0, 3, MEM, 0, MEM + 64, 0);
    exit_is(
        c, decoder("move_pages")(c), 0,
        "move_pages(0, 3, [0xf7f96000, 0x1000, 0xf7f97000], NULL, [0, -14 /* -EFAULT */, "
        "-2 /* -ENOENT */], 0) = 0");
    trace_opt.xlat = XLAT_ABBREV;
    put32s(MEM + 32, 2, 0u, 0u);
    c = call("move_pages", 0, 2, MEM, MEM + 32, MEM + 64, 2);
    exit_is(
        c, decoder("move_pages")(c), 0,
        "move_pages(0, 2, [0xf7f96000, 0x1000], [0, 0], [0, -EFAULT], MPOL_MF_MOVE) = 0");
    c = call("move_pages", 0, 2, MEM, 0, MEM + 64, 8);
    exit_is(c, decoder("move_pages")(c), -22,
            "move_pages(0, 2, [0xf7f96000, 0x1000], NULL, 0x4000040, 0x8 /* MPOL_??? */) "
            "= -1 "
            "EINVAL");
    line_is(call("set_mempolicy_home_node", 0xf7f56000, 4096, 0, 0, 0, 0), -2,
            "set_mempolicy_home_node(0xf7f56000, 4096, 0, 0) = -1 ENOENT");
}

static void test_aio(void **state)
{
    (void)state;
    struct tcall *c = call("io_setup", 4, MEM, 0, 0, 0, 0);
    entry_is(c, TD_EXIT, "4, ");
    put32s(MEM, 1, 0xf7f95000u);
    exit_is(c, TD_EXIT, 0, "io_setup(4, [0xf7f95000]) = 0");
    c = call("io_setup", 4, 0x10, 0, 0, 0, 0);
    exit_is(c, decoder("io_setup")(c), -14, "io_setup(4, 0x10) = -1 EFAULT");
    line_is(call("io_destroy", 0xf7f95000, 0, 0, 0, 0, 0), 0,
            "io_destroy(0xf7f95000) = 0");
}

/* relic's own form for the 2.5.36-2.5.53 calls (docs/tracing.md): key as a
 * number, prot by name, flag IPC_CREAT or 0, the result an address. */
static void test_hugepages(void **state)
{
    (void)state;
    line_is(call("alloc_hugepages", 1, 0, 4194304, 3, 01000, 0), 0xb7000000,
            "alloc_hugepages(1, NULL, 4194304, PROT_READ|PROT_WRITE, IPC_CREAT) = "
            "0xb7000000");
    line_is(call("alloc_hugepages", 0, 0xb7400000, 8388608, 1, 0, 0), 0xb7400000,
            "alloc_hugepages(0, 0xb7400000, 8388608, PROT_READ, 0) = 0xb7400000");
    line_is(call("alloc_hugepages", (uint32_t)-1, 0, 4096, 1, 0, 0), -22,
            "alloc_hugepages(-1, NULL, 4096, PROT_READ, 0) = -1 EINVAL");
    line_is(call("free_hugepages", 0xb7000000, 0, 0, 0, 0, 0), 0,
            "free_hugepages(0xb7000000) = 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mmap2_flags, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_mmap, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlat_styles, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_protect_remap, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_advice_sync_locks, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_mincore, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_mbind_set_mempolicy, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_mempolicy, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_move_pages, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_aio, mem_setup, teardown),
        cmocka_unit_test_setup_teardown(test_hugepages, mem_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
