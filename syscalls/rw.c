/* Reading and writing: read/write and their p-, v- and v2 forms, sendfile,
 * splice, tee and copy_file_range. Guest buffers are reached through mm, so
 * the host kernel moves the bytes straight into guest memory; a transfer is
 * one host call (so a writev to a pipe or socket stays one write) unless a
 * regular file needs more iovecs than one call takes. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_RW           0x7ffff000u /* MAX_RW_COUNT: the kernel's cap on one transfer */
#define GUEST_UIO_MAXIOV 1024
#define HOST_IOVECS      1024 /* the host's IOV_MAX */

/* One guest buffer of a transfer. */
struct seg {
    uint32_t base, len;
};

static bool is_regular(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* A read into a bad buffer: the kernel only notices when it copies, so a
 * pipe or terminal first waits for data (or says EAGAIN when non-blocking). */
static long bad_buffer(struct task *t, int fd, bool to_guest)
{
    if (!to_guest || is_regular(fd))
        return -EFAULT;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -EBADF;
    struct pollfd p = {fd, POLLIN, 0};
    long r = host_blocking(t, SYS_poll, (long)&p, 1, (fl & O_NONBLOCK) ? 0 : -1, 0, 0, 0);
    if (r < 0)
        return r;
    return r == 0 ? -EAGAIN : -EFAULT;
}

/* Where a transfer stands: the next guest segment and the offset in it. */
struct cursor {
    const struct seg *s;
    uint32_t n, i, off;
};

/* Host iovecs for what remains from c, at most max of them; *bytes says how
 * much they cover and *fault whether a bad page cut them short. */
static int gather(struct task *t, const struct cursor *c, bool to_guest,
                  struct iovec *iov, int max, size_t *bytes, bool *fault)
{
    int n = 0;
    *bytes = 0;
    *fault = false;
    for (uint32_t i = c->i, off = c->off; i < c->n && n < max; i++, off = 0) {
        uint32_t len = c->s[i].len - off;
        if (!len)
            continue;
        size_t done;
        int k = mm_iov(t->mm, c->s[i].base + off, len, to_guest ? MM_WRITE : MM_READ,
                       iov + n, max - n, &done);
        if (k <= 0) {
            *fault = true;
            break;
        }
        n += k;
        *bytes += done;
        if (done < len) {
            *fault = n < max; /* cut by a bad page, not by running out of iovecs */
            break;
        }
    }
    return n;
}

static void advance(struct cursor *c, size_t r)
{
    while (r && c->i < c->n) {
        uint32_t left = c->s[c->i].len - c->off;
        if (r < left) {
            c->off += (uint32_t)r;
            return;
        }
        r -= left;
        c->i++;
        c->off = 0;
    }
}

/* One host readv/writev (p- or v2- form when pos or flags ask), through
 * host_blocking unless the file is regular. pos -1: the file position. */
static long host_rw(struct task *t, int fd, const struct iovec *iov, int n, bool to_guest,
                    int64_t pos, int flags, bool regular)
{
    long nr, a4 = 0, a5 = 0;
    if (flags) {
        nr = to_guest ? SYS_preadv2 : SYS_pwritev2;
        a4 = (long)pos;
        a5 = 0;
    } else if (pos >= 0) {
        nr = to_guest ? SYS_preadv : SYS_pwritev;
        a4 = (long)pos;
    } else {
        nr = to_guest ? SYS_readv : SYS_writev;
    }
    if (regular)
        return HOST(syscall(nr, fd, iov, n, a4, a5, flags));
    return host_blocking(t, nr, fd, (long)iov, n, a4, a5, flags);
}

/* Move the bytes of segs between fd and guest memory. */
static long xfer(struct task *t, int fd, struct seg *segs, uint32_t nsegs, bool to_guest,
                 int64_t pos, int flags)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < nsegs; i++) { /* rw_verify_area's cap, on the last */
        if (sum + segs[i].len > MAX_RW)
            segs[i].len = (uint32_t)(MAX_RW - sum);
        sum += segs[i].len;
    }
    bool regular = is_regular(fd);
    struct iovec *iov = malloc(HOST_IOVECS * sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    struct cursor c = {segs, nsegs, 0, 0};
    long total = 0;
    for (;;) {
        size_t bytes;
        bool fault;
        int n = gather(t, &c, to_guest, iov, HOST_IOVECS, &bytes, &fault);
        if (n == 0 && fault) {
            if (!total)
                total = bad_buffer(t, fd, to_guest);
            break;
        }
        long r = host_rw(t, fd, iov, n, to_guest, pos, flags, regular);
        if (r < 0) {
            if (!total)
                total = r;
            break;
        }
        total += r;
        if (pos >= 0)
            pos += r;
        advance(&c, (size_t)r);
        /* Only a regular file is read on after a full run: a pipe or terminal
         * must not block for more than it had. A write goes on, as the
         * kernel's does, when the host took all it was given. */
        if ((size_t)r < bytes || fault || (!regular && to_guest) || c.i >= c.n || n == 0)
            break;
    }
    free(iov);
    return total;
}

static long do_io(struct task *t, int fd, uint32_t buf, uint32_t len, bool to_guest,
                  int64_t pos)
{
    struct seg s = {buf, len};
    return xfer(t, fd, &s, 1, to_guest, pos, 0);
}

static long sys_read(struct task *t, const uint32_t *a)
{
    return do_io(t, (int)a[0], a[1], a[2], true, -1);
}

static long sys_write(struct task *t, const uint32_t *a)
{
    long r;
    if (procfs_write(t, (int)a[0], a[1], a[2], &r))
        return r;
    return do_io(t, (int)a[0], a[1], a[2], false, -1);
}

static long sys_pread64(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_io(t, (int)a[0], a[1], a[2], true, pos);
}

static long sys_pwrite64(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_io(t, (int)a[0], a[1], a[2], false, pos);
}

/* The guest's iovec array as segments: each length a ssize_t (negative or a
 * sum past SSIZE_MAX is EINVAL, as import_iovec says). */
static long read_iov(struct task *t, uint32_t va, uint32_t cnt, struct seg **out)
{
    *out = NULL;
    if (cnt > GUEST_UIO_MAXIOV)
        return -EINVAL;
    struct seg *s = malloc((cnt ? cnt : 1) * sizeof(*s));
    if (!s)
        return -ENOMEM;
    struct guest_iovec *g = (struct guest_iovec *)s; /* same size, read in place */
    _Static_assert(sizeof(*g) == sizeof(*s), "iovec and seg");
    if (cnt && mm_copy_from(t->mm, g, va, cnt * sizeof(*g)) < 0) {
        free(s);
        return -EFAULT;
    }
    uint64_t sum = 0;
    for (uint32_t i = 0; i < cnt; i++) {
        struct guest_iovec v = g[i];
        sum += v.len;
        if ((int32_t)v.len < 0 || sum > 0x7fffffff) {
            free(s);
            return -EINVAL;
        }
        s[i] = (struct seg){v.base, v.len};
    }
    *out = s;
    return 0;
}

static long do_iov(struct task *t, const uint32_t *a, bool to_guest, int64_t pos,
                   int flags)
{
    struct seg *s;
    long r = read_iov(t, a[1], a[2], &s);
    if (r < 0)
        return r;
    r = xfer(t, (int)a[0], s, a[2], to_guest, pos, flags);
    free(s);
    return r;
}

static long sys_readv(struct task *t, const uint32_t *a)
{
    return do_iov(t, a, true, -1, 0);
}

static long sys_writev(struct task *t, const uint32_t *a)
{
    return do_iov(t, a, false, -1, 0);
}

/* preadv/pwritev: the position in two halves (pos_l, pos_h). */
static long sys_preadv(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_iov(t, a, true, pos, 0);
}

static long sys_pwritev(struct task *t, const uint32_t *a)
{
    int64_t pos = arg64(a[3], a[4]);
    return pos < 0 ? -EINVAL : do_iov(t, a, false, pos, 0);
}

/* RWF_* flags of preadv2/pwritev2 and the release that brought each. */
static const struct {
    uint32_t flag;
    kver_t since;
} rwf_flags[] = {
    {0x01, KV(4, 6, 0)},  /* RWF_HIPRI */
    {0x02, KV(4, 7, 0)},  /* RWF_DSYNC */
    {0x04, KV(4, 7, 0)},  /* RWF_SYNC */
    {0x08, KV(4, 14, 0)}, /* RWF_NOWAIT */
    {0x10, KV(4, 16, 0)}, /* RWF_APPEND */
    {0x20, KV(6, 9, 0)},  /* RWF_NOAPPEND */
    {0x40, KV(6, 11, 0)}, /* RWF_ATOMIC */
    {0x80, KV(6, 14, 0)}, /* RWF_DONTCACHE */
};

static long do_iov2(struct task *t, const uint32_t *a, bool to_guest)
{
    int64_t pos = arg64(a[3], a[4]);
    uint32_t known = 0;
    for (size_t i = 0; i < sizeof(rwf_flags) / sizeof(rwf_flags[0]); i++)
        if (guest_kernel.kernel >= rwf_flags[i].since)
            known |= rwf_flags[i].flag;
    if (a[5] & ~known)
        return -EOPNOTSUPP;
    if (pos < -1)
        return -EINVAL;
    return do_iov(t, a, to_guest, pos, (int)a[5]);
}

static long sys_preadv2(struct task *t, const uint32_t *a)
{
    return do_iov2(t, a, true);
}

static long sys_pwritev2(struct task *t, const uint32_t *a)
{
    return do_iov2(t, a, false);
}

/* sendfile with a 32-bit offset: a transfer may not pass 2 GiB - 1 (it is
 * cut there, and EOVERFLOW once it starts at or past it). The offset is
 * written back whatever the result, as the kernel does. */
static long sys_sendfile(struct task *t, const uint32_t *a)
{
    uint32_t count = a[3];
    if (!a[2])
        return host_blocking(t, SYS_sendfile, (int)a[0], (int)a[1], 0, count, 0, 0);
    int32_t off;
    if (mm_copy_from(t->mm, &off, a[2], 4) < 0)
        return -EFAULT;
    int64_t pos = off;
    long r = 0;
    if (fcntl((int)a[0], F_GETFD) < 0 || fcntl((int)a[1], F_GETFD) < 0)
        r = -EBADF;
    else if (pos < 0)
        r = -EINVAL;
    else if (pos + count > GUEST_MAX_NON_LFS) {
        if (pos >= GUEST_MAX_NON_LFS)
            r = -EOVERFLOW;
        count = (uint32_t)(GUEST_MAX_NON_LFS - pos);
    }
    if (r == 0) {
        loff_t hpos = pos;
        r = host_blocking(t, SYS_sendfile, (int)a[0], (int)a[1], (long)&hpos, count, 0,
                          0);
        pos = hpos;
    }
    if (put_u32(t, a[2], (uint32_t)pos) < 0)
        return -EFAULT;
    return r;
}

static long sys_sendfile64(struct task *t, const uint32_t *a)
{
    if (!a[2])
        return host_blocking(t, SYS_sendfile, (int)a[0], (int)a[1], 0, a[3], 0, 0);
    int64_t pos;
    if (mm_copy_from(t->mm, &pos, a[2], 8) < 0)
        return -EFAULT;
    long r = host_blocking(t, SYS_sendfile, (int)a[0], (int)a[1], (long)&pos, a[3], 0, 0);
    if (mm_copy_to(t->mm, a[2], &pos, 8) < 0)
        return -EFAULT;
    return r;
}

/* An optional loff_t argument: copied in (NULL stays NULL). */
static long get_off(struct task *t, uint32_t va, int64_t *v, int64_t **p)
{
    *p = NULL;
    if (!va)
        return 0;
    if (mm_copy_from(t->mm, v, va, 8) < 0)
        return -EFAULT;
    *p = v;
    return 0;
}

/* splice(fd_in, off_in, fd_out, off_out, len, flags): offsets copied back
 * whatever the result. */
static long sys_splice(struct task *t, const uint32_t *a)
{
    int64_t in, out, *pin, *pout;
    if (get_off(t, a[1], &in, &pin) < 0 || get_off(t, a[3], &out, &pout) < 0)
        return -EFAULT;
    long r = host_blocking(t, SYS_splice, (int)a[0], (long)pin, (int)a[2], (long)pout,
                           a[4], a[5]);
    if ((pin && mm_copy_to(t->mm, a[1], pin, 8) < 0) ||
        (pout && mm_copy_to(t->mm, a[3], pout, 8) < 0))
        return -EFAULT;
    return r;
}

static long sys_tee(struct task *t, const uint32_t *a)
{
    return host_blocking(t, SYS_tee, (int)a[0], (int)a[1], a[2], a[3], 0, 0);
}

/* copy_file_range: offsets copied back only after bytes moved. */
static long sys_copy_file_range(struct task *t, const uint32_t *a)
{
    int64_t in, out, *pin, *pout;
    if (get_off(t, a[1], &in, &pin) < 0 || get_off(t, a[3], &out, &pout) < 0)
        return -EFAULT;
    long r = HOST(syscall(SYS_copy_file_range, (int)a[0], pin, (int)a[2], pout,
                          (size_t)a[4], a[5]));
    if (r > 0 && ((pin && mm_copy_to(t->mm, a[1], pin, 8) < 0) ||
                  (pout && mm_copy_to(t->mm, a[3], pout, 8) < 0)))
        return -EFAULT;
    return r;
}

const struct sys_impl sys_rw_impls[] = {
    {"read", sys_read, "dpu"},
    {"write", sys_write, "dpu"},
    {"pread64", sys_pread64, "dpuuu"},
    {"pwrite64", sys_pwrite64, "dpuuu"},
    {"readv", sys_readv, "dpu"},
    {"writev", sys_writev, "dpu"},
    {"preadv", sys_preadv, "dpuuu"},
    {"pwritev", sys_pwritev, "dpuuu"},
    {"preadv2", sys_preadv2, "dpuuux"},
    {"pwritev2", sys_pwritev2, "dpuuux"},
    {"sendfile", sys_sendfile, "ddpu"},
    {"sendfile64", sys_sendfile64, "ddpu"},
    {"splice", sys_splice, "dpdpux"},
    {"tee", sys_tee, "ddux"},
    {"copy_file_range", sys_copy_file_range, "dpdpux"},
    {NULL, NULL, NULL},
};
