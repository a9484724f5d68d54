/* Sockets: the socketcall(2) multiplexer of every i386 kernel and the direct
 * calls i386 got in 4.3. Guest descriptors are host sockets; what differs is
 * the width of pointers and longs in struct msghdr, its iovecs and control
 * messages, and the timevals of SO_RCVTIMEO/SO_SNDTIMEO, all converted here
 * field by field. Calls that wait go through host_blocking(). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_ADDR 128  /* sizeof(struct sockaddr_storage): the kernel's cap */
#define MAX_IOV  1024 /* UIO_MAXIOV */
#define HOST_IOV (MAX_IOV * 2)
#define MAX_CTRL (64u * 1024u)

/* struct msghdr and mmsghdr of i386. */
struct guest_msghdr {
    uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};
struct guest_mmsghdr {
    struct guest_msghdr hdr;
    uint32_t len;
};
/* struct cmsghdr of i386: a 32-bit length, data aligned to 4. */
struct guest_cmsghdr {
    uint32_t len;
    int32_t level, type;
};
#define GCMSG_ALIGN(n) (((n) + 3u) & ~3u)
#define GCMSG_HDR      ((uint32_t)sizeof(struct guest_cmsghdr))

/* ---- addresses ---- */

/* move_addr_to_kernel(): a guest sockaddr into buf (*len its length). */
static long get_addr(struct task *t, uint32_t va, uint32_t len, void *buf)
{
    if ((int32_t)len < 0 || len > MAX_ADDR)
        return -EINVAL;
    if (len && mm_copy_from(t->mm, buf, va, len) < 0)
        return -EFAULT;
    return 0;
}

/* move_addr_to_user(): as much of the address as the guest has room for,
 * and its real length. */
static long put_addr(struct task *t, uint32_t va, uint32_t len_va, const void *addr,
                     socklen_t have)
{
    if (!va || !len_va)
        return 0;
    int32_t room;
    if (mm_copy_from(t->mm, &room, len_va, 4) < 0)
        return -EFAULT;
    if (room < 0)
        return -EINVAL;
    uint32_t n = have < (uint32_t)room ? have : (uint32_t)room;
    if (n && mm_copy_to(t->mm, va, addr, n) < 0)
        return -EFAULT;
    return put_u32(t, len_va, have);
}

/* The length word an accept/getsockname caller offers, checked first. */
static long addr_room(struct task *t, uint32_t va, uint32_t len_va)
{
    if (!va || !len_va)
        return 0;
    int32_t room;
    if (mm_copy_from(t->mm, &room, len_va, 4) < 0)
        return -EFAULT;
    return room < 0 ? -EINVAL : 0;
}

/* ---- the calls ---- */

static long do_socket(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(socket((int)a[0], (int)a[1], (int)a[2]));
}

static long do_socketpair(struct task *t, const uint32_t *a)
{
    int sv[2];
    long r = HOST(socketpair((int)a[0], (int)a[1], (int)a[2], sv));
    if (r < 0)
        return r;
    uint32_t g[2] = {(uint32_t)sv[0], (uint32_t)sv[1]};
    if (mm_copy_to(t->mm, a[3], g, sizeof(g)) < 0) {
        close(sv[0]);
        close(sv[1]);
        return -EFAULT;
    }
    return 0;
}

static long do_bind(struct task *t, const uint32_t *a)
{
    char addr[MAX_ADDR];
    long r = get_addr(t, a[1], a[2], addr);
    return r < 0 ? r : HOST(bind((int)a[0], (struct sockaddr *)addr, a[2]));
}

static long do_connect(struct task *t, const uint32_t *a)
{
    char addr[MAX_ADDR];
    long r = get_addr(t, a[1], a[2], addr);
    if (r < 0)
        return r;
    return host_blocking(t, SYS_connect, (long)a[0], (long)addr, (long)a[2], 0, 0, 0);
}

static long do_listen(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(listen((int)a[0], (int)a[1]));
}

static long do_accept4(struct task *t, const uint32_t *a)
{
    long r = addr_room(t, a[1], a[2]);
    if (r < 0)
        return r;
    char addr[MAX_ADDR];
    socklen_t len = sizeof(addr);
    r = host_blocking(t, SYS_accept4, (long)a[0], (long)addr, (long)&len, (long)a[3], 0,
                      0);
    if (r < 0)
        return r;
    long e = put_addr(t, a[1], a[2], addr, len);
    if (e < 0) {
        close((int)r);
        return e;
    }
    return r;
}

static long do_accept(struct task *t, const uint32_t *a)
{
    uint32_t b[4] = {a[0], a[1], a[2], 0};
    return do_accept4(t, b);
}

static long do_name(struct task *t, const uint32_t *a, bool peer)
{
    long r = addr_room(t, a[1], a[2]);
    if (r < 0)
        return r;
    char addr[MAX_ADDR];
    socklen_t len = sizeof(addr);
    r = peer ? HOST(getpeername((int)a[0], (struct sockaddr *)addr, &len))
             : HOST(getsockname((int)a[0], (struct sockaddr *)addr, &len));
    if (r < 0)
        return r;
    if (!a[2])
        return -EFAULT;
    return put_addr(t, a[1], a[2], addr, len);
}

static long do_getsockname(struct task *t, const uint32_t *a)
{
    return do_name(t, a, false);
}

static long do_getpeername(struct task *t, const uint32_t *a)
{
    return do_name(t, a, true);
}

static long do_shutdown(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(shutdown((int)a[0], (int)a[1]));
}

/* One buffer as host iovecs over guest memory. */
static long buffer_iov(struct task *t, uint32_t va, uint32_t len, bool to_guest,
                       struct iovec *iov, int max, int *n)
{
    *n = 0;
    if (!len)
        return 0;
    size_t done;
    int k = mm_iov(t->mm, va, len, to_guest ? MM_WRITE : MM_READ, iov, max, &done);
    if (k < 0 || done < len)
        return -EFAULT;
    *n = k;
    return 0;
}

/* send/sendto/recv/recvfrom, all as sendmsg/recvmsg of one buffer. */
static long xfer(struct task *t, int fd, uint32_t buf, uint32_t len, int flags,
                 uint32_t addr_va, uint32_t addrlen, bool recv, uint32_t addrlen_va)
{
    struct iovec iov[64];
    int n;
    long r = buffer_iov(t, buf, len, recv, iov, 64, &n);
    if (r < 0)
        return r;
    char addr[MAX_ADDR];
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = (size_t)n};
    if (!recv && addr_va) {
        if ((r = get_addr(t, addr_va, addrlen, addr)) < 0)
            return r;
        m.msg_name = addr;
        m.msg_namelen = addrlen;
    } else if (recv && addr_va && addrlen_va) {
        if ((r = addr_room(t, addr_va, addrlen_va)) < 0)
            return r;
        m.msg_name = addr;
        m.msg_namelen = sizeof(addr);
    }
    r = host_blocking(t, recv ? SYS_recvmsg : SYS_sendmsg, fd, (long)&m, flags, 0, 0, 0);
    if (r >= 0 && recv && m.msg_name) {
        long e = put_addr(t, addr_va, addrlen_va, addr, m.msg_namelen);
        if (e < 0)
            return e;
    }
    return r;
}

static long do_send(struct task *t, const uint32_t *a)
{
    return xfer(t, (int)a[0], a[1], a[2], (int)a[3], 0, 0, false, 0);
}

static long do_recv(struct task *t, const uint32_t *a)
{
    return xfer(t, (int)a[0], a[1], a[2], (int)a[3], 0, 0, true, 0);
}

static long do_sendto(struct task *t, const uint32_t *a)
{
    return xfer(t, (int)a[0], a[1], a[2], (int)a[3], a[4], a[5], false, 0);
}

static long do_recvfrom(struct task *t, const uint32_t *a)
{
    return xfer(t, (int)a[0], a[1], a[2], (int)a[3], a[4], 0, true, a[5]);
}

/* ---- socket options ---- */

/* Options whose value differs between i386 and the host: the 32-bit
 * timevals of SO_RCVTIMEO_OLD and SO_SNDTIMEO_OLD. */
static bool is_old_timeo(int level, int name)
{
    return level == SOL_SOCKET && (name == 20 || name == 21);
}

static long do_setsockopt(struct task *t, const uint32_t *a)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
    uint32_t len = a[4];
    if ((int32_t)len < 0)
        return -EINVAL;
    if (is_old_timeo(level, name)) {
        struct guest_timeval32 g;
        if (len < sizeof(g))
            return -EINVAL;
        if (mm_copy_from(t->mm, &g, a[3], sizeof(g)) < 0)
            return -EFAULT;
        struct timeval tv = {g.sec, g.usec};
        return HOST(setsockopt(fd, level, name, &tv, sizeof(tv)));
    }
    if (level == SOL_SOCKET &&
        (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF))
        return -ENOPROTOOPT; /* struct sock_fprog holds a pointer: not converted */
    if (len > 4096)
        len = 4096;
    char buf[4096];
    if (len && mm_copy_from(t->mm, buf, a[3], len) < 0)
        return -EFAULT;
    return HOST(setsockopt(fd, level, name, len ? buf : NULL, len));
}

static long do_getsockopt(struct task *t, const uint32_t *a)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
    int32_t room;
    if (mm_copy_from(t->mm, &room, a[4], 4) < 0)
        return -EFAULT;
    if (room < 0)
        return -EINVAL;
    if (is_old_timeo(level, name)) {
        struct timeval tv;
        socklen_t l = sizeof(tv);
        long r = HOST(getsockopt(fd, level, name, &tv, &l));
        if (r < 0)
            return r;
        struct guest_timeval32 g = {(int32_t)tv.tv_sec, (int32_t)tv.tv_usec};
        uint32_t n = (uint32_t)room < sizeof(g) ? (uint32_t)room : (uint32_t)sizeof(g);
        if (mm_copy_to(t->mm, a[3], &g, n) < 0)
            return -EFAULT;
        return put_u32(t, a[4], n);
    }
    char buf[4096];
    socklen_t l = (uint32_t)room < sizeof(buf) ? (socklen_t)room : sizeof(buf);
    long r = HOST(getsockopt(fd, level, name, buf, &l));
    if (r < 0)
        return r;
    if (l && mm_copy_to(t->mm, a[3], buf, l) < 0)
        return -EFAULT;
    return put_u32(t, a[4], l);
}

/* ---- sendmsg, recvmsg ---- */

/* A message's iovecs and buffers as host iovecs (the kernel's limits). */
static long msg_iov(struct task *t, const struct guest_msghdr *g, bool to_guest,
                    struct iovec *iov, size_t *n)
{
    *n = 0;
    if (g->iovlen > MAX_IOV)
        return -EMSGSIZE;
    struct guest_iovec gv[64];
    uint64_t total = 0;
    for (uint32_t i = 0; i < g->iovlen; i += 64) {
        uint32_t k = g->iovlen - i < 64 ? g->iovlen - i : 64;
        if (mm_copy_from(t->mm, gv, g->iov + i * 8, k * sizeof(gv[0])) < 0)
            return -EFAULT;
        for (uint32_t j = 0; j < k; j++) {
            if ((int32_t)gv[j].len < 0 || (total += gv[j].len) > 0x7fffffff)
                return -EINVAL;
            int m;
            long r = buffer_iov(t, gv[j].base, gv[j].len, to_guest, iov + *n,
                                (int)(HOST_IOV - *n), &m);
            if (r < 0)
                return r;
            *n += (size_t)m;
        }
    }
    return 0;
}

/* Guest control messages into the host's layout (sendmsg). */
static long ctrl_to_host(struct task *t, const struct guest_msghdr *g, char **out,
                         size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (!g->control || g->controllen < GCMSG_HDR)
        return 0;
    if (g->controllen > MAX_CTRL)
        return -ENOBUFS;
    uint8_t *in = malloc(g->controllen);
    char *h = calloc(1, g->controllen * 2 + 64);
    if (!in || !h) {
        free(in);
        free(h);
        return -ENOMEM;
    }
    long r = mm_copy_from(t->mm, in, g->control, g->controllen);
    size_t off = 0, hoff = 0;
    while (r == 0 && off + GCMSG_HDR <= g->controllen) {
        struct guest_cmsghdr c;
        memcpy(&c, in + off, sizeof(c));
        if (c.len < GCMSG_HDR || c.len > g->controllen - off) {
            r = -EINVAL;
            break;
        }
        size_t data = c.len - GCMSG_HDR;
        struct cmsghdr *hc = (struct cmsghdr *)(h + hoff);
        hc->cmsg_len = CMSG_LEN(data);
        hc->cmsg_level = c.level;
        hc->cmsg_type = c.type;
        memcpy(CMSG_DATA(hc), in + off + GCMSG_HDR, data);
        hoff += CMSG_SPACE(data);
        off += GCMSG_ALIGN(c.len);
    }
    free(in);
    if (r < 0) {
        free(h);
        return r;
    }
    *out = h;
    *outlen = hoff;
    return 0;
}

/* Host control messages back into the guest's buffer (recvmsg); what does
 * not fit sets MSG_CTRUNC, as put_cmsg() does. */
static long ctrl_to_guest(struct task *t, struct msghdr *m, struct guest_msghdr *g)
{
    uint32_t room = g->controllen, used = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        size_t data = c->cmsg_len - CMSG_LEN(0);
        uint8_t conv[16];
        const uint8_t *src = CMSG_DATA(c);
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP_OLD &&
            data == sizeof(struct timeval)) {
            struct timeval tv;
            memcpy(&tv, src, sizeof(tv));
            struct guest_timeval32 gt = {(int32_t)tv.tv_sec, (int32_t)tv.tv_usec};
            memcpy(conv, &gt, sizeof(gt));
            src = conv;
            data = sizeof(gt);
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS_OLD &&
                   data == sizeof(struct timespec)) {
            struct timespec ts;
            memcpy(&ts, src, sizeof(ts));
            struct guest_timespec32 gt = {(int32_t)ts.tv_sec, (int32_t)ts.tv_nsec};
            memcpy(conv, &gt, sizeof(gt));
            src = conv;
            data = sizeof(gt);
        }
        uint32_t len = GCMSG_HDR + (uint32_t)data;
        if (used + GCMSG_HDR > room) {
            g->flags |= MSG_CTRUNC;
            break;
        }
        if (used + len > room) {
            g->flags |= MSG_CTRUNC;
            len = room - used; /* as much data as fits (SCM_RIGHTS: whole fds) */
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
                len = GCMSG_HDR + (len - GCMSG_HDR) / 4 * 4;
        }
        struct guest_cmsghdr gc = {len, c->cmsg_level, c->cmsg_type};
        if (mm_copy_to(t->mm, g->control + used, &gc, sizeof(gc)) < 0 ||
            mm_copy_to(t->mm, g->control + used + GCMSG_HDR, src, len - GCMSG_HDR) < 0)
            return -EFAULT;
        used += GCMSG_ALIGN(len);
        if (used > room)
            used = room;
        if (g->flags & MSG_CTRUNC)
            break;
    }
    g->controllen = used;
    return 0;
}

static long do_msg(struct task *t, int fd, uint32_t msg_va, int flags, bool recv,
                   uint32_t *sent)
{
    struct guest_msghdr g;
    if (mm_copy_from(t->mm, &g, msg_va, sizeof(g)) < 0)
        return -EFAULT;
    struct iovec *iov = malloc(HOST_IOV * sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    size_t niov;
    char addr[MAX_ADDR];
    char *ctrl = NULL;
    size_t ctrllen = 0;
    struct msghdr m = {0};
    long r = msg_iov(t, &g, recv, iov, &niov);
    if (r == 0 && g.name) {
        if (recv) {
            if ((int32_t)g.namelen < 0)
                r = -EINVAL;
            m.msg_namelen = sizeof(addr);
        } else {
            r = get_addr(t, g.name, g.namelen, addr);
            m.msg_namelen = g.namelen;
        }
        m.msg_name = addr;
    }
    if (r == 0 && recv && g.control && g.controllen) {
        ctrllen = (g.controllen > MAX_CTRL ? MAX_CTRL : g.controllen) * 2 + 64;
        ctrl = calloc(1, ctrllen);
        if (!ctrl)
            r = -ENOMEM;
    } else if (r == 0 && !recv) {
        r = ctrl_to_host(t, &g, &ctrl, &ctrllen);
    }
    if (r == 0) {
        m.msg_iov = iov;
        m.msg_iovlen = niov;
        m.msg_control = ctrllen ? ctrl : NULL;
        m.msg_controllen = ctrllen;
        r = host_blocking(t, recv ? SYS_recvmsg : SYS_sendmsg, fd, (long)&m, flags, 0, 0,
                          0);
    }
    if (r >= 0 && recv) {
        g.flags = (uint32_t)m.msg_flags & ~(uint32_t)MSG_CTRUNC;
        if (m.msg_flags & MSG_CTRUNC)
            g.flags |= MSG_CTRUNC;
        if (g.name) {
            uint32_t n = m.msg_namelen < g.namelen ? m.msg_namelen : g.namelen;
            if (n && mm_copy_to(t->mm, g.name, addr, n) < 0)
                r = -EFAULT;
            g.namelen = m.msg_namelen;
        }
        long e = g.control ? ctrl_to_guest(t, &m, &g) : 0;
        if (!g.control)
            g.controllen = 0;
        if (e < 0 || mm_copy_to(t->mm, msg_va, &g, sizeof(g)) < 0)
            r = -EFAULT;
    }
    free(iov);
    free(ctrl);
    if (sent && r >= 0)
        *sent = (uint32_t)r;
    return r;
}

static long do_sendmsg(struct task *t, const uint32_t *a)
{
    return do_msg(t, (int)a[0], a[1], (int)a[2], false, NULL);
}

static long do_recvmsg(struct task *t, const uint32_t *a)
{
    return do_msg(t, (int)a[0], a[1], (int)a[2], true, NULL);
}

/* sendmmsg/recvmmsg: one message at a time, as ___sys_sendmsg in a loop;
 * the count so far when a later one fails. MSG_WAITFORONE makes every
 * receive after the first non-blocking. */
static long do_mmsg(struct task *t, const uint32_t *a, bool recv)
{
    uint32_t vlen = a[2] > MAX_IOV ? MAX_IOV : a[2];
    int flags = (int)a[3];
    long done = 0;
    for (uint32_t i = 0; i < vlen; i++) {
        uint32_t va = a[1] + i * (uint32_t)sizeof(struct guest_mmsghdr), n = 0;
        int f = flags & ~MSG_WAITFORONE;
        if (recv && (flags & MSG_WAITFORONE) && done)
            f |= MSG_DONTWAIT;
        long r = do_msg(t, (int)a[0], va, f, recv, &n);
        if (r < 0)
            return done ? done : r;
        if (put_u32(t, va + (uint32_t)offsetof(struct guest_mmsghdr, len), n) < 0)
            return done ? done : -EFAULT;
        done++;
    }
    return done;
}

static long do_sendmmsg(struct task *t, const uint32_t *a)
{
    return do_mmsg(t, a, false);
}

static long do_recvmmsg(struct task *t, const uint32_t *a)
{
    return do_mmsg(t, a, true);
}

/* ---- socketcall ---- */

/* Each sub-call: its handler, how many argument words it takes
 * (net/socket.c's nargs[]), and the kernel it came with. */
static const struct {
    sys_fn fn;
    uint8_t nargs;
    kver_t since;
} subcalls[] = {
    [1] = {do_socket, 3, 0},
    [2] = {do_bind, 3, 0},
    [3] = {do_connect, 3, 0},
    [4] = {do_listen, 2, 0},
    [5] = {do_accept, 3, 0},
    [6] = {do_getsockname, 3, 0},
    [7] = {do_getpeername, 3, 0},
    [8] = {do_socketpair, 4, 0},
    [9] = {do_send, 4, 0},
    [10] = {do_recv, 4, 0},
    [11] = {do_sendto, 6, 0},
    [12] = {do_recvfrom, 6, 0},
    [13] = {do_shutdown, 2, 0},
    [14] = {do_setsockopt, 5, 0},
    [15] = {do_getsockopt, 5, 0},
    [16] = {do_sendmsg, 3, 0},
    [17] = {do_recvmsg, 3, 0},
    [18] = {do_accept4, 4, KV(2, 6, 28)},
    [19] = {do_recvmmsg, 5, KV(2, 6, 33)},
    [20] = {do_sendmmsg, 4, KV(3, 0, 0)},
};

static long sys_socketcall(struct task *t, const uint32_t *a)
{
    uint32_t call = a[0];
    if (call < 1 || call >= sizeof(subcalls) / sizeof(subcalls[0]) ||
        guest_kernel.kernel < subcalls[call].since)
        return -EINVAL;
    uint32_t args[6] = {0};
    if (mm_copy_from(t->mm, args, a[1], subcalls[call].nargs * 4u) < 0)
        return -EFAULT;
    return subcalls[call].fn(t, args);
}

const struct sys_impl sys_socket_impls[] = {
    {"socketcall", sys_socketcall, "dp",
     "SO_ATTACH_FILTER and other options holding pointers are ENOPROTOOPT"},
    {"socket", do_socket, "ddd"},
    {"socketpair", do_socketpair, "dddp"},
    {"bind", do_bind, "dpu"},
    {"connect", do_connect, "dpu"},
    {"listen", do_listen, "dd"},
    {"accept4", do_accept4, "dppx"},
    {"getsockname", do_getsockname, "dpp"},
    {"getpeername", do_getpeername, "dpp"},
    {"sendto", do_sendto, "dpuxpu"},
    {"recvfrom", do_recvfrom, "dpuxpp"},
    {"shutdown", do_shutdown, "dd"},
    {"setsockopt", do_setsockopt, "dddpu",
     "SO_ATTACH_FILTER and other options holding pointers are ENOPROTOOPT"},
    {"getsockopt", do_getsockopt, "dddpp"},
    {"sendmsg", do_sendmsg, "dpx"},
    {"recvmsg", do_recvmsg, "dpx"},
    {"sendmmsg", do_sendmmsg, "dpux"},
    {"recvmmsg", do_recvmmsg, "dpuxp", "the timeout is not applied"},
    {"recvmmsg_time64", do_recvmmsg, "dpuxp", "the timeout is not applied"},
    {NULL, NULL, NULL},
};
