/* Socket addresses and messages as strace 6.1 prints them: struct sockaddr
 * by family, struct msghdr with its iovecs and control messages (i386
 * layouts), and the decoders of sendmsg, recvmsg, sendmmsg and recvmmsg.
 * Also the small printing helpers the network and IPC decoders share. */
#include "trace_net.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ---- */

int tn_fetch(struct tcall *c, uint32_t va, void *dst, size_t len)
{
    if (!va || tn_failed(c))
        return -1;
    return tr_read(c, va, dst, len);
}

int tn_fetch_or_addr(struct tcall *c, uint32_t va, void *dst, size_t len)
{
    if (tn_fetch(c, va, dst, len) == 0)
        return 0;
    tr_addr(c, va);
    return -1;
}

void tn_quote(struct tcall *c, const void *buf, size_t n, bool zterm, bool hex)
{
    static const char esc[] = {
        ['\t'] = 't', ['\n'] = 'n', ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r'};
    const unsigned char *p = buf;
    tr_puts(c, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char b = p[i];
        if (zterm && b == 0)
            break;
        if (hex)
            tr_printf(c, "\\x%02x", b);
        else if (b == '"' || b == '\\')
            tr_printf(c, "\\%c", b);
        else if (b < sizeof(esc) && esc[b])
            tr_printf(c, "\\%c", esc[b]);
        else if (b >= ' ' && b < 0x7f)
            tr_printf(c, "%c", b);
        else if (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7')
            tr_printf(c, "\\%03o", b); /* an octal digit follows: all three */
        else
            tr_printf(c, "\\%o", b);
    }
    tr_puts(c, "\"");
}

const char *tn_xlookup(const struct xlat *x, uint64_t v)
{
    for (; x->name; x++)
        if (x->val == v)
            return x->name;
    return NULL;
}

void tn_xval_or_num(struct tcall *c, const struct xlat *x, uint32_t v, bool sign)
{
    const char *n = tn_xlookup(x, v);
    if (n && trace_opt.xlat == XLAT_ABBREV) {
        tr_puts(c, n);
        return;
    }
    tr_printf(c, sign ? "%d" : "%u", v); /* -X raw: the number in decimal */
    if (n && trace_opt.xlat == XLAT_VERBOSE)
        tr_printf(c, " /* %s */", n);
}

void tn_int_at(struct tcall *c, uint32_t va)
{
    int32_t v;
    if (tn_fetch_or_addr(c, va, &v, 4) == 0)
        tr_printf(c, "[%d]", v);
}

void tn_array(struct tcall *c, uint32_t va, uint32_t n, uint32_t size, bool ignore_err,
              tn_elem_fn fn, void *data)
{
    if (!va) {
        tr_puts(c, "NULL");
        return;
    }
    if (!n) {
        tr_puts(c, "[]");
        return;
    }
    uint8_t elem[64];
    for (uint32_t i = 0; i < n; i++) {
        uint64_t cur = (uint64_t)va + (uint64_t)i * size;
        if (i)
            tr_puts(c, ", ");
        bool ok = cur + size <= 0x100000000ull &&
                  (ignore_err ? tr_read(c, (uint32_t)cur, elem, size)
                              : tn_fetch(c, (uint32_t)cur, elem, size)) == 0;
        if (!ok) {
            if (i == 0) {
                tr_addr(c, va);
                return;
            }
            tr_printf(c, "... /* %#llx */", (unsigned long long)cur);
            break;
        }
        if (i == 0)
            tr_puts(c, "[");
        if (tn_abbrev() && i >= tn_strsize()) {
            tr_puts(c, "...");
            break;
        }
        if (!fn(c, elem, data))
            break;
    }
    tr_puts(c, "]");
}

void tn_timespec_str(struct tcall *c, uint32_t va, char *buf, size_t len)
{
    struct {
        int32_t sec, nsec;
    } ts;
    if (!va)
        snprintf(buf, len, "NULL");
    else if (tn_fetch(c, va, &ts, sizeof(ts)) < 0)
        snprintf(buf, len, "%#x", va);
    else
        snprintf(buf, len, "{tv_sec=%d, tv_nsec=%u}", ts.sec, (uint32_t)ts.nsec);
}

void tn_timespec(struct tcall *c, uint32_t va)
{
    char buf[64];
    tn_timespec_str(c, va, buf, sizeof(buf));
    tr_puts(c, buf);
}

/* ---- constants ---- */

/* clang-format off */
const struct xlat tn_addrfams[] = {
    {0, "AF_UNSPEC"}, {1, "AF_UNIX"}, {2, "AF_INET"}, {3, "AF_AX25"}, {4, "AF_IPX"},
    {5, "AF_APPLETALK"}, {6, "AF_NETROM"}, {7, "AF_BRIDGE"}, {8, "AF_ATMPVC"},
    {9, "AF_X25"}, {10, "AF_INET6"}, {11, "AF_ROSE"}, {12, "AF_DECnet"},
    {13, "AF_NETBEUI"}, {14, "AF_SECURITY"}, {15, "AF_KEY"}, {16, "AF_NETLINK"},
    {17, "AF_PACKET"}, {18, "AF_ASH"}, {19, "AF_ECONET"}, {20, "AF_ATMSVC"},
    {21, "AF_RDS"}, {22, "AF_SNA"}, {23, "AF_IRDA"}, {24, "AF_PPPOX"}, {25, "AF_WANPIPE"},
    {26, "AF_LLC"}, {27, "AF_IB"}, {28, "AF_MPLS"}, {29, "AF_CAN"}, {30, "AF_TIPC"},
    {31, "AF_BLUETOOTH"}, {32, "AF_IUCV"}, {33, "AF_RXRPC"}, {34, "AF_ISDN"},
    {35, "AF_PHONET"}, {36, "AF_IEEE802154"}, {37, "AF_CAIF"}, {38, "AF_ALG"},
    {39, "AF_NFC"}, {40, "AF_VSOCK"}, {41, "AF_KCM"}, {42, "AF_QIPCRTR"}, {43, "AF_SMC"},
    {44, "AF_XDP"}, {45, "AF_MCTP"}, {0, NULL},
};
/* clang-format on */

/* clang-format off */
const struct xlat tn_msg_flags[] = {
    {0x1, "MSG_OOB"}, {0x2, "MSG_PEEK"}, {0x4, "MSG_DONTROUTE"}, {0x8, "MSG_CTRUNC"},
    {0x10, "MSG_PROBE"}, {0x20, "MSG_TRUNC"}, {0x40, "MSG_DONTWAIT"}, {0x80, "MSG_EOR"},
    {0x100, "MSG_WAITALL"}, {0x200, "MSG_FIN"}, {0x400, "MSG_SYN"},
    {0x800, "MSG_CONFIRM"}, {0x1000, "MSG_RST"}, {0x2000, "MSG_ERRQUEUE"},
    {0x4000, "MSG_NOSIGNAL"}, {0x8000, "MSG_MORE"}, {0x10000, "MSG_WAITFORONE"},
    {0x20000, "MSG_SENDPAGE_NOTLAST"}, {0x40000, "MSG_BATCH"},
    {0x80000, "MSG_NO_SHARED_FRAGS"}, {0x4000000, "MSG_ZEROCOPY"},
    {0x20000000, "MSG_FASTOPEN"}, {0x40000000, "MSG_CMSG_CLOEXEC"},
    {0x80000000, "MSG_CMSG_COMPAT"}, {0, NULL},
};
/* clang-format on */

/* clang-format off */
const struct xlat tn_socketlayers[] = {
    {0, "SOL_IP"}, {1, "SOL_SOCKET"}, {6, "SOL_TCP"}, {17, "SOL_UDP"}, {40, "AF_VSOCK"},
    {41, "SOL_IPV6"}, {58, "SOL_ICMPV6"}, {100, "SOL_CAN_BASE"}, {101, "SOL_CAN_RAW"},
    {132, "SOL_SCTP"}, {136, "SOL_UDPLITE"}, {255, "SOL_RAW"}, {256, "SOL_IPX"},
    {257, "SOL_AX25"}, {258, "SOL_ATALK"}, {259, "SOL_NETROM"}, {260, "SOL_ROSE"},
    {261, "SOL_DECNET"}, {262, "SOL_X25"}, {263, "SOL_PACKET"}, {264, "SOL_ATM"},
    {265, "SOL_AAL"}, {266, "SOL_IRDA"}, {267, "SOL_NETBEUI"}, {268, "SOL_LLC"},
    {269, "SOL_DCCP"}, {270, "SOL_NETLINK"}, {271, "SOL_TIPC"}, {272, "SOL_RXRPC"},
    {273, "SOL_PPPOL2TP"}, {274, "SOL_BLUETOOTH"}, {275, "SOL_PNPIPE"}, {276, "SOL_RDS"},
    {277, "SOL_IUCV"}, {278, "SOL_CAIF"}, {279, "SOL_ALG"}, {280, "SOL_NFC"},
    {281, "SOL_KCM"}, {282, "SOL_TLS"}, {283, "SOL_XDP"}, {0, NULL},
};
/* clang-format on */

/* Control message types of SOL_SOCKET and SOL_IP. */
/* clang-format off */
static const struct xlat scm_types[] = {
    {1, "SCM_RIGHTS"}, {2, "SCM_CREDENTIALS"}, {3, "SCM_SECURITY"},
    {41, "SO_WIFI_STATUS"}, {61, "SO_TXTIME"}, {29, "SO_TIMESTAMP_OLD"},
    {35, "SO_TIMESTAMPNS_OLD"}, {37, "SO_TIMESTAMPING_OLD"}, {63, "SO_TIMESTAMP_NEW"},
    {64, "SO_TIMESTAMPNS_NEW"}, {65, "SO_TIMESTAMPING_NEW"},
    {0x36, "SCM_TIMESTAMPING_OPT_STATS"}, {0x3a, "SCM_TIMESTAMPING_PKTINFO"}, {0, NULL},
};
static const struct xlat ip_cmsg_types[] = {
    {1, "IP_TOS"}, {2, "IP_TTL"}, {6, "IP_RECVOPTS"}, {7, "IP_RETOPTS"},
    {8, "IP_PKTINFO"}, {11, "IP_RECVERR"}, {20, "IP_ORIGDSTADDR"}, {23, "IP_CHECKSUM"},
    {3, "SCM_SECURITY"}, {0, NULL},
};
/* clang-format on */

/* ---- struct sockaddr ---- */

#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */

/* An interface index as strace's print_ifindex: by name when it has one. */
static void ifindex(struct tcall *c, uint32_t idx)
{
    char name[IF_NAMESIZE];
    if (idx && if_indextoname(idx, name))
        tr_printf(c, "if_nametoindex(\"%s\")", name);
    else
        tr_uint(c, idx);
}

/* An IPv4 or IPv6 address field (strace's print_inet_addr). */
static void inet_field(struct tcall *c, int af, const void *a, size_t len,
                       const char *field)
{
    char s[INET6_ADDRSTRLEN];
    inet_ntop(af, a, s, sizeof(s));
    enum trace_xlat x = trace_opt.xlat;
    if (af == AF_INET || x != XLAT_ABBREV)
        tr_printf(c, "%s=", field);
    if (x != XLAT_ABBREV)
        tn_quote(c, a, len, false, true);
    if (x == XLAT_RAW)
        return;
    tr_puts(c, x == XLAT_VERBOSE ? " /* " : "");
    if (af == AF_INET)
        tr_printf(c, "inet_addr(\"%s\")", s);
    else if (x == XLAT_ABBREV)
        tr_printf(c, "inet_pton(AF_INET6, \"%s\", &%s)", s, field);
    else
        tr_printf(c, "inet_pton(AF_INET6, \"%s\")", s);
    tr_puts(c, x == XLAT_VERBOSE ? " */" : "");
}

/* A port or flow label in network order: htons(80), by -X. */
static void net_order(struct tcall *c, const char *field, const void *p, size_t len)
{
    uint32_t v = 0;
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++)
        v = v << 8 | b[i];
    tr_printf(c, "%s=", field);
    if (trace_opt.xlat != XLAT_ABBREV)
        tn_quote(c, p, len, false, true);
    if (trace_opt.xlat == XLAT_RAW)
        return;
    tr_printf(c, trace_opt.xlat == XLAT_VERBOSE ? " /* %s(%u) */" : "%s(%u)",
              len == 2 ? "htons" : "htonl", v);
}

static void sa_unix(struct tcall *c, const uint8_t *sa, int len)
{
    int path_len = (len > 110 ? 110 : len) - 2;
    const char *path = (const char *)sa + 2;
    tr_puts(c, "sun_path=");
    if (path[0]) {
        tn_quote(c, path, (size_t)path_len, true, false);
    } else { /* abstract: every byte counts */
        tr_puts(c, "@");
        tn_quote(c, path + 1, (size_t)(path_len - 1), false, false);
    }
}

static void sa_inet(struct tcall *c, const uint8_t *sa, int len)
{
    (void)len;
    net_order(c, "sin_port", sa + 2, 2);
    tr_puts(c, ", ");
    inet_field(c, AF_INET, sa + 4, 4, "sin_addr");
}

static void sa_inet6(struct tcall *c, const uint8_t *sa, int len)
{
    net_order(c, "sin6_port", sa + 2, 2);
    tr_puts(c, ", ");
    net_order(c, "sin6_flowinfo", sa + 4, 4);
    tr_puts(c, ", ");
    inet_field(c, AF_INET6, sa + 8, 16, "sin6_addr");
    if (len <= 24)
        return;
    uint32_t scope;
    memcpy(&scope, sa + 24, 4);
    tr_puts(c, ", sin6_scope_id=");
    /* link-local unicast (fe80::/10) and multicast (ff02::/16) name it */
    if ((sa[8] == 0xfe && (sa[9] & 0xc0) == 0x80) ||
        (sa[8] == 0xff && (sa[9] & 0xf) == 2))
        ifindex(c, scope);
    else
        tr_uint(c, scope);
}

static void sa_netlink(struct tcall *c, const uint8_t *sa, int len)
{
    (void)len;
    uint16_t pad;
    uint32_t pid, groups;
    memcpy(&pad, sa + 2, 2);
    memcpy(&pid, sa + 4, 4);
    memcpy(&groups, sa + 8, 4);
    if (pad)
        tr_printf(c, "nl_pad=%#x, ", pad);
    tr_printf(c, "nl_pid=%d, nl_groups=%#08x", (int32_t)pid, groups);
}

static const struct {
    void (*print)(struct tcall *c, const uint8_t *sa, int len);
    int min_len;
} sa_printers[] = {
    [AF_UNIX] = {sa_unix, 3},
    [AF_INET] = {sa_inet, 16},
    [AF_INET6] = {sa_inet6, 24},
    [AF_NETLINK] = {sa_netlink, 12},
};

static void sockaddr_local(struct tcall *c, const uint8_t *sa, int len)
{
    uint16_t fam;
    memcpy(&fam, sa, 2);
    tr_puts(c, "{sa_family=");
    tr_xval(c, tn_addrfams, fam, "AF_???");
    if (len > 2) {
        tr_puts(c, ", ");
        if (fam < sizeof(sa_printers) / sizeof(sa_printers[0]) &&
            sa_printers[fam].print && len >= sa_printers[fam].min_len) {
            sa_printers[fam].print(c, sa, len);
        } else {
            tr_puts(c, "sa_data=");
            tn_quote(c, sa + 2, (size_t)len - 2, false, false);
        }
    }
    tr_puts(c, "}");
}

int tn_sockaddr(struct tcall *c, uint32_t va, int32_t len)
{
    if (len < 2) {
        tr_addr(c, va);
        return -1;
    }
    if (len > SOCKADDR_MAX)
        len = SOCKADDR_MAX;
    uint8_t sa[SOCKADDR_MAX + 1] = {0}; /* zeroed past len: sun_path ends */
    if (tn_fetch_or_addr(c, va, sa, (size_t)len) < 0)
        return -1;
    sockaddr_local(c, sa, len);
    return sa[0] | sa[1] << 8;
}

/* ---- control messages (struct cmsghdr of i386: 12 bytes, 4-aligned) ---- */

static void cmsg_rights(struct tcall *c, const uint8_t *d, uint32_t len)
{
    tr_puts(c, "[");
    for (uint32_t i = 0; i + 4 <= len; i += 4) {
        int32_t fd;
        memcpy(&fd, d + i, 4);
        if (i)
            tr_puts(c, ", ");
        tr_fd(c, fd);
    }
    tr_puts(c, "]");
}

static void cmsg_creds(struct tcall *c, const uint8_t *d, uint32_t len)
{
    (void)len;
    int32_t v[3];
    memcpy(v, d, sizeof(v));
    tr_printf(c, "{pid=%d, uid=", v[0]);
    tr_printf(c, v[1] == -1 ? "%d" : "%u", v[1]);
    tr_puts(c, ", gid=");
    tr_printf(c, v[2] == -1 ? "%d" : "%u", v[2]);
    tr_puts(c, "}");
}

static void cmsg_string(struct tcall *c, const uint8_t *d, uint32_t len)
{
    tn_quote(c, d, len, false, false);
}

/* struct timeval or timespec of i386, at least 8 bytes. */
static void cmsg_time(struct tcall *c, const uint8_t *d, uint32_t len, const char *frac)
{
    int32_t t[2];
    if (len < sizeof(t)) {
        tr_puts(c, "???");
        return;
    }
    memcpy(t, d, sizeof(t));
    tr_printf(c, "{tv_sec=%d, %s=%u}", t[0], frac, (uint32_t)t[1]);
}

static void cmsg_timeval(struct tcall *c, const uint8_t *d, uint32_t len)
{
    cmsg_time(c, d, len, "tv_usec");
}

static void cmsg_timespec(struct tcall *c, const uint8_t *d, uint32_t len)
{
    cmsg_time(c, d, len, "tv_nsec");
}

static void cmsg_uints(struct tcall *c, const uint8_t *d, uint32_t len)
{
    tr_puts(c, "[");
    for (uint32_t i = 0; i + 4 <= len; i += 4) {
        uint32_t v;
        memcpy(&v, d + i, 4);
        tr_printf(c, "%s%u", i ? ", " : "", v);
    }
    tr_puts(c, "]");
}

static void cmsg_bytes_hex(struct tcall *c, const uint8_t *d, uint32_t len)
{
    tr_puts(c, "[");
    for (uint32_t i = 0; i < len; i++)
        tr_printf(c, "%s%#x", i ? ", " : "", d[i]);
    tr_puts(c, "]");
}

static void cmsg_pktinfo(struct tcall *c, const uint8_t *d, uint32_t len)
{
    (void)len;
    uint32_t idx;
    memcpy(&idx, d, 4);
    tr_puts(c, "{ipi_ifindex=");
    ifindex(c, idx);
    tr_puts(c, ", ");
    inet_field(c, AF_INET, d + 4, 4, "ipi_spec_dst");
    tr_puts(c, ", ");
    inet_field(c, AF_INET, d + 8, 4, "ipi_addr");
    tr_puts(c, "}");
}

struct cmsg_printer {
    void (*print)(struct tcall *c, const uint8_t *d, uint32_t len);
    uint32_t min_len;
};

static const struct cmsg_printer cmsg_socket[] = {
    [1] = {cmsg_rights, 4},   [2] = {cmsg_creds, 12},    [3] = {cmsg_string, 1},
    [29] = {cmsg_timeval, 1}, [35] = {cmsg_timespec, 1},
};
static const struct cmsg_printer cmsg_ip[] = {
    [1] = {cmsg_bytes_hex, 1}, [2] = {cmsg_uints, 4},     [3] = {cmsg_string, 1},
    [6] = {cmsg_bytes_hex, 1}, [7] = {cmsg_bytes_hex, 1}, [8] = {cmsg_pktinfo, 12},
    [23] = {cmsg_uints, 4},
};

static void cmsg_type_data(struct tcall *c, int32_t level, int32_t type, const uint8_t *d,
                           uint32_t len)
{
    const struct cmsg_printer *p = NULL;
    uint32_t n = 0;
    if (level == 1) {
        tr_xval(c, scm_types, (uint32_t)type, "SCM_???");
        p = cmsg_socket;
        n = sizeof(cmsg_socket) / sizeof(cmsg_socket[0]);
    } else if (level == 0) {
        tr_xval(c, ip_cmsg_types, (uint32_t)type, "IP_???");
        p = cmsg_ip;
        n = sizeof(cmsg_ip) / sizeof(cmsg_ip[0]);
    } else {
        tr_hex(c, (uint32_t)type);
        return;
    }
    if ((uint32_t)type < n && p[type].print && len >= p[type].min_len) {
        tr_puts(c, ", cmsg_data=");
        p[type].print(c, d, len);
    }
}

/* The kernel's cap on control data (net.core.optmem_max), as strace reads
 * it; the host's, since the sockets are the host's. */
static uint32_t optmem_max(void)
{
    static uint32_t max;
    if (!max) {
        FILE *f = fopen("/proc/sys/net/core/optmem_max", "r");
        int v = 0;
        if (!f || fscanf(f, "%d", &v) != 1 || v <= 0)
            max = 8 * (2 * 1024 + 512);
        else
            max = ((uint32_t)v + 7) & ~7u;
        if (f)
            fclose(f);
    }
    return max;
}

static void msg_control(struct tcall *c, uint32_t va, uint32_t in_len)
{
    if (!in_len)
        return;
    tr_puts(c, ", msg_control=");
    uint32_t control_len = in_len > optmem_max() ? optmem_max() : in_len;
    uint32_t left = control_len;
    uint8_t *buf = left < 12 ? NULL : malloc(left);
    if (!buf || tr_read(c, va, buf, left) < 0) {
        tr_addr(c, va);
        free(buf);
        return;
    }
    const uint8_t *p = buf;
    tr_puts(c, "[");
    while (left >= 12) {
        uint32_t clen;
        int32_t level, type;
        memcpy(&clen, p, 4);
        memcpy(&level, p + 4, 4);
        memcpy(&type, p + 8, 4);
        if (p != buf)
            tr_puts(c, ", ");
        tr_printf(c, "{cmsg_len=%u, cmsg_level=", clen);
        tr_xval(c, tn_socketlayers, (uint32_t)level, "SOL_???");
        tr_puts(c, ", cmsg_type=");
        uint32_t len = clen > left ? left : clen;
        cmsg_type_data(c, level, type, p + 12, len > 12 ? len - 12 : 0);
        tr_puts(c, "}");
        if (len < 12) {
            left -= 12;
            break;
        }
        len = (clen + 3) & ~3u;
        if (len >= left || len < clen) {
            left = 0;
            break;
        }
        p += len;
        left -= len;
    }
    if (left)
        tr_printf(c, ", ... /* %#x */", va + (control_len - left));
    else if (control_len < in_len)
        tr_puts(c, ", ...");
    tr_puts(c, "]");
    free(buf);
}

/* ---- iovecs and struct msghdr ---- */

/* strace's tprint_iov_upto: the buffers shown come to at most *left bytes
 * (UINT32_MAX: no limit). */
static bool iovec_elem(struct tcall *c, const void *elem, void *data)
{
    uint32_t iov[2], *left = data;
    memcpy(iov, elem, sizeof(iov));
    uint32_t len = iov[1] < *left ? iov[1] : *left;
    if (*left != UINT32_MAX)
        *left -= len;
    tr_puts(c, "{iov_base=");
    tr_str(c, iov[0], len);
    tr_printf(c, ", iov_len=%u}", iov[1]);
    return true;
}

struct guest_msghdr {
    uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};

static void msghdr_local(struct tcall *c, const struct guest_msghdr *m,
                         const int32_t *user_namelen, uint32_t data_size)
{
    int32_t namelen = (int32_t)m->namelen;
    if (user_namelen && namelen > *user_namelen)
        namelen = *user_namelen;
    tr_puts(c, "{msg_name=");
    tn_sockaddr(c, m->name, namelen);
    tr_puts(c, ", msg_namelen=");
    if (user_namelen && *user_namelen != (int32_t)m->namelen)
        tr_printf(c, "%d => ", *user_namelen);
    tr_printf(c, "%d, msg_iov=", (int32_t)m->namelen);
    tn_array(c, m->iov, m->iovlen, 8, true, iovec_elem, &data_size);
    tr_printf(c, ", msg_iovlen=%u", m->iovlen);
    msg_control(c, m->control, m->controllen);
    tr_printf(c, ", msg_controllen=%u, msg_flags=", m->controllen);
    tr_flags(c, tn_msg_flags, m->flags, "MSG_???");
    tr_puts(c, "}");
}

void tn_msghdr(struct tcall *c, uint32_t va, const int32_t *user_namelen,
               uint32_t data_size)
{
    struct guest_msghdr m;
    if (va && tr_read(c, va, &m, sizeof(m)) == 0)
        msghdr_local(c, &m, user_namelen, data_size);
    else
        tr_addr(c, va);
}

/* ---- sendmsg, recvmsg ---- */

int tn_sendmsg(struct tcall *c)
{
    tr_arg(c);
    tr_fd(c, (int32_t)c->args[0]);
    tr_arg(c);
    tn_msghdr(c, c->args[1], NULL, UINT32_MAX);
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[2], "MSG_???");
    return TD_DONE;
}

int tn_recvmsg(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        struct guest_msghdr m;
        if (c->args[1] && tr_read(c, c->args[1], &m, sizeof(m)) == 0) {
            c->dec_state = (int)m.namelen; /* what the caller offered */
            return tn_defer(c);
        }
        tr_arg(c);
        tr_addr(c, c->args[1]);
    } else {
        int32_t namelen = c->dec_state;
        if (tn_failed(c))
            tr_printf(c, "{msg_namelen=%d}", namelen);
        else
            tn_msghdr(c, c->args[1], &namelen, (uint32_t)c->ret);
    }
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[2], "MSG_???");
    return TD_DONE;
}

/* ---- sendmmsg, recvmmsg ---- */

#define MMSG_SIZE 32 /* struct mmsghdr of i386: a msghdr and msg_len */
#define IOV_MAX   1024

/* What recvmmsg keeps from entry to exit: the name lengths offered and the
 * timeout as it was. Each task is one host thread, so per thread. */
static __thread struct {
    uint32_t count;
    int32_t namelen[IOV_MAX];
    char timeout[64];
} mmsg_saved;

struct mmsgvec {
    uint32_t len_vlen;      /* msg_len shows for this many */
    bool use_len;           /* msg_len caps the bytes shown */
    const int32_t *namelen; /* the name lengths offered, or NULL */
    uint32_t count;         /* how many of them */
    uint32_t i;
};

static bool mmsghdr_elem(struct tcall *c, const void *elem, void *data)
{
    struct mmsgvec *v = data;
    struct {
        struct guest_msghdr hdr;
        uint32_t len;
    } m;
    memcpy(&m, elem, sizeof(m));
    if (v->i >= v->count) {
        tr_puts(c, "...");
        return false;
    }
    tr_puts(c, "{msg_hdr=");
    msghdr_local(c, &m.hdr, v->namelen ? &v->namelen[v->i] : NULL,
                 v->use_len ? m.len : UINT32_MAX);
    if (v->i < v->len_vlen)
        tr_printf(c, ", msg_len=%u", m.len);
    tr_puts(c, "}");
    v->i++;
    return true;
}

int tn_sendmmsg(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        return tn_defer(c);
    }
    uint32_t sent = tn_failed(c) ? 0 : (uint32_t)c->ret;
    bool exiting = c->exiting;
    c->exiting = false; /* strace reads the vector even when the call failed */
    struct mmsgvec v = {sent, false, NULL, IOV_MAX, 0};
    tn_array(c, c->args[1], c->args[2], MMSG_SIZE, false, mmsghdr_elem, &v);
    c->exiting = exiting;
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[3], "MSG_???");
    return TD_DONE;
}

/* A timeout of recvmmsg: 32-bit or (wide) time64 fields. */
static void mmsg_timeout(struct tcall *c, uint32_t va, bool wide, char *buf, size_t len)
{
    struct {
        int64_t sec, nsec;
    } t64;
    if (!wide || !va || tn_fetch(c, va, &t64, sizeof(t64)) < 0) {
        if (wide && va)
            snprintf(buf, len, "%#x", va);
        else
            tn_timespec_str(c, va, buf, len);
        return;
    }
    snprintf(buf, len, "{tv_sec=%lld, tv_nsec=%llu}", (long long)t64.sec,
             (unsigned long long)t64.nsec);
}

static int recvmmsg_common(struct tcall *c, bool wide)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_fd(c, (int32_t)c->args[0]);
        uint32_t n = c->args[2] > IOV_MAX ? IOV_MAX : c->args[2], i;
        for (i = 0; i < n; i++) {
            struct guest_msghdr m;
            if (tr_read(c, c->args[1] + i * MMSG_SIZE, &m, sizeof(m)) < 0)
                break;
            mmsg_saved.namelen[i] = (int32_t)m.namelen;
        }
        mmsg_saved.count = i;
        mmsg_timeout(c, c->args[4], wide, mmsg_saved.timeout, sizeof(mmsg_saved.timeout));
        return tn_defer(c);
    }
    uint32_t got = (uint32_t)c->ret;
    struct mmsgvec v = {got, true, mmsg_saved.namelen, mmsg_saved.count, 0};
    tn_array(c, c->args[1], got, MMSG_SIZE, false, mmsghdr_elem, &v);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[3], "MSG_???");
    tr_arg(c);
    tr_puts(c, mmsg_saved.timeout);
    if (tn_failed(c))
        return TD_DONE;
    if (got == 0) {
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (Timeout)");
    } else if (c->args[4]) {
        char left[64];
        mmsg_timeout(c, c->args[4], wide, left, sizeof(left));
        snprintf(c->rv_extra, sizeof(c->rv_extra), " (left %s)", left);
    }
    return TD_DONE;
}

int tn_recvmmsg(struct tcall *c)
{
    return recvmmsg_common(c, false);
}

int tn_recvmmsg64(struct tcall *c)
{
    return recvmmsg_common(c, true);
}
