/* The host kernel's own 32-bit gate. A few answers depend on the caller being
 * a 32-bit task: ext4 and others hand out 32-bit directory cookies (d_off,
 * and the positions lseek accepts on a directory) only to compat callers.
 * relic is a 64-bit process, so for those calls it enters the kernel through
 * int 0x80, exactly as a native i386 program would, with a bounce buffer in
 * the low 4 GiB. */
#define _GNU_SOURCE
#include "compat.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#define COMPAT_NR_READDIR    89
#define COMPAT_NR_LLSEEK     140
#define COMPAT_NR_GETDENTS64 220
#define COMPAT_NR_OPENAT     295
#define COMPAT_NR_OPENAT2    437
#define BOUNCE_SIZE          65536

static long compat_call5(long nr, long a, long b, long c, long d, long e)
{
#if defined(__x86_64__)
    long ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory", "r8", "r9", "r10", "r11");
    return ret;
#else
    (void)nr, (void)a, (void)b, (void)c, (void)d, (void)e;
    return -ENOSYS;
#endif
}

/* One bounce buffer per host thread, so that guest threads on their own
 * host threads never share one. */
static void *bounce(void)
{
    static __thread void *buf;
    if (!buf) {
        void *p = mmap(NULL, BOUNCE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
        buf = p == MAP_FAILED ? NULL : p;
    }
    return buf;
}

long compat_getdents64(int fd, void *dst, size_t count)
{
    void *b = bounce();
    if (!b)
        return -ENOMEM;
    if (count > BOUNCE_SIZE)
        count = BOUNCE_SIZE;
    long r =
        compat_call5(COMPAT_NR_GETDENTS64, fd, (long)(uintptr_t)b, (long)count, 0, 0);
    if (r > 0)
        memcpy(dst, b, (size_t)r);
    return r;
}

long compat_llseek(int fd, int64_t offset, int whence, int64_t *result)
{
    void *b = bounce();
    if (!b)
        return -ENOMEM;
    uint64_t off = (uint64_t)offset;
    long r = compat_call5(COMPAT_NR_LLSEEK, fd, (long)(uint32_t)(off >> 32),
                          (long)(uint32_t)off, (long)(uintptr_t)b, whence);
    if (r == 0)
        memcpy(result, b, sizeof(*result));
    return r;
}

/* open from a 32-bit caller: O_LARGEFILE is not forced on, so the open
 * fails with EOVERFLOW on a file past 2 GiB without it (generic_file_open),
 * before O_TRUNC, and the descriptor's flags are what the guest asked. */
long compat_openat(int dirfd, const char *path, int flags, unsigned mode)
{
    char *b = bounce();
    if (!b)
        return -ENOMEM;
    size_t n = strlen(path) + 1;
    if (n > BOUNCE_SIZE)
        return -ENAMETOOLONG;
    memcpy(b, path, n);
    return compat_call5(COMPAT_NR_OPENAT, dirfd, (long)(uintptr_t)b, flags, mode, 0);
}

/* The old readdir: one struct old_linux_dirent, whose d_offset is the
 * entry's own position, which no other call reports (on ext4 the first
 * entry's hash, not the 0 the directory was read from). */
long compat_readdir(int fd, void *dst, size_t max)
{
    char *b = bounce();
    if (!b)
        return -ENOMEM;
    long r = compat_call5(COMPAT_NR_READDIR, fd, (long)(uintptr_t)b, 1, 0, 0);
    if (r == 1) {
        uint16_t namlen;
        memcpy(&namlen, b + 8, 2);
        size_t n = 10 + (size_t)namlen + 1;
        memcpy(dst, b, n < max ? n : max);
    }
    return r;
}

/* openat2 likewise; how is the struct open_how of the guest (same layout
 * everywhere), size its size. */
long compat_openat2(int dirfd, const char *path, const void *how, size_t size)
{
    char *b = bounce();
    if (!b)
        return -ENOMEM;
    size_t n = strlen(path) + 1;
    if (n + size > BOUNCE_SIZE)
        return -E2BIG;
    memcpy(b, path, n);
    memcpy(b + n, how, size);
    return compat_call5(COMPAT_NR_OPENAT2, dirfd, (long)(uintptr_t)b,
                        (long)(uintptr_t)(b + n), (long)size, 0);
}
