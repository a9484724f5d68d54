/* Socket call decoders, as strace 6.1 prints them, and the sub-calls of
 * socketcall(2) and ipc(2): i386 programs reach sockets and System V IPC
 * through those multiplexers on every kernel (and directly since 4.3 and
 * 5.1); strace names each sub-call as the call itself, and so do we. */
#include "trace_net.h"

#include <stdio.h>
#include <string.h>

/* ---- constants ---- */

/* clang-format off */
static const struct xlat socktypes[] = {
    {1, "SOCK_STREAM"}, {2, "SOCK_DGRAM"}, {3, "SOCK_RAW"}, {4, "SOCK_RDM"},
    {5, "SOCK_SEQPACKET"}, {6, "SOCK_DCCP"}, {10, "SOCK_PACKET"}, {0, NULL},
};
/* clang-format on */
static const struct xlat sock_type_flags[] = {
    {02000000, "SOCK_CLOEXEC"},
    {04000, "SOCK_NONBLOCK"},
    {0, NULL},
};
/* clang-format off */
static const struct xlat inet_protocols[] = {
    {0, "IPPROTO_IP"}, {1, "IPPROTO_ICMP"}, {2, "IPPROTO_IGMP"}, {4, "IPPROTO_IPIP"},
    {6, "IPPROTO_TCP"}, {8, "IPPROTO_EGP"}, {12, "IPPROTO_PUP"}, {17, "IPPROTO_UDP"},
    {22, "IPPROTO_IDP"}, {29, "IPPROTO_TP"}, {33, "IPPROTO_DCCP"}, {41, "IPPROTO_IPV6"},
    {43, "IPPROTO_ROUTING"}, {44, "IPPROTO_FRAGMENT"}, {46, "IPPROTO_RSVP"},
    {47, "IPPROTO_GRE"}, {50, "IPPROTO_ESP"}, {51, "IPPROTO_AH"}, {58, "IPPROTO_ICMPV6"},
    {59, "IPPROTO_NONE"}, {60, "IPPROTO_DSTOPTS"}, {92, "IPPROTO_MTP"},
    {94, "IPPROTO_BEETPH"}, {98, "IPPROTO_ENCAP"}, {103, "IPPROTO_PIM"},
    {108, "IPPROTO_COMP"}, {115, "IPPROTO_L2TP"}, {132, "IPPROTO_SCTP"},
    {135, "IPPROTO_MH"}, {136, "IPPROTO_UDPLITE"}, {137, "IPPROTO_MPLS"},
    {143, "IPPROTO_ETHERNET"}, {255, "IPPROTO_RAW"}, {262, "IPPROTO_MPTCP"}, {0, NULL},
};
static const struct xlat netlink_protocols[] = {
    {0, "NETLINK_ROUTE"}, {1, "NETLINK_UNUSED"}, {2, "NETLINK_USERSOCK"},
    {3, "NETLINK_FIREWALL"}, {4, "NETLINK_SOCK_DIAG"}, {5, "NETLINK_NFLOG"},
    {6, "NETLINK_XFRM"}, {7, "NETLINK_SELINUX"}, {8, "NETLINK_ISCSI"},
    {9, "NETLINK_AUDIT"}, {10, "NETLINK_FIB_LOOKUP"}, {11, "NETLINK_CONNECTOR"},
    {12, "NETLINK_NETFILTER"}, {13, "NETLINK_IP6_FW"}, {14, "NETLINK_DNRTMSG"},
    {15, "NETLINK_KOBJECT_UEVENT"}, {16, "NETLINK_GENERIC"},
    {18, "NETLINK_SCSITRANSPORT"}, {19, "NETLINK_ECRYPTFS"}, {20, "NETLINK_RDMA"},
    {21, "NETLINK_CRYPTO"}, {22, "NETLINK_SMC"}, {0, NULL},
};
/* clang-format on */
static const struct xlat ethernet_protocols[] = {
    {0x0003, "ETH_P_ALL"},   {0x0800, "ETH_P_IP"},   {0x0806, "ETH_P_ARP"},
    {0x8100, "ETH_P_8021Q"}, {0x86DD, "ETH_P_IPV6"}, {0, NULL},
};
static const struct xlat shutdown_modes[] = {
    {0, "SHUT_RD"},
    {1, "SHUT_WR"},
    {2, "SHUT_RDWR"},
    {0, NULL},
};
/* clang-format off */
static const struct xlat socketcalls[] = {
    {1, "SYS_SOCKET"}, {2, "SYS_BIND"}, {3, "SYS_CONNECT"}, {4, "SYS_LISTEN"},
    {5, "SYS_ACCEPT"}, {6, "SYS_GETSOCKNAME"}, {7, "SYS_GETPEERNAME"},
    {8, "SYS_SOCKETPAIR"}, {9, "SYS_SEND"}, {10, "SYS_RECV"}, {11, "SYS_SENDTO"},
    {12, "SYS_RECVFROM"}, {13, "SYS_SHUTDOWN"}, {14, "SYS_SETSOCKOPT"},
    {15, "SYS_GETSOCKOPT"}, {16, "SYS_SENDMSG"}, {17, "SYS_RECVMSG"}, {18, "SYS_ACCEPT4"},
    {19, "SYS_RECVMMSG"}, {20, "SYS_SENDMMSG"}, {0, NULL},
};
static const struct xlat ipccalls[] = {
    {1, "SEMOP"}, {2, "SEMGET"}, {3, "SEMCTL"}, {4, "SEMTIMEDOP"}, {11, "MSGSND"},
    {12, "MSGRCV"}, {13, "MSGGET"}, {14, "MSGCTL"}, {21, "SHMAT"}, {22, "SHMDT"},
    {23, "SHMGET"}, {24, "SHMCTL"}, {0, NULL},
};
/* clang-format on */

/* Socket options by level (the generic asm/socket.h values i386 uses). */
/* clang-format off */
static const struct xlat so_options[] = {
    {1, "SO_DEBUG"}, {2, "SO_REUSEADDR"}, {3, "SO_TYPE"}, {4, "SO_ERROR"},
    {5, "SO_DONTROUTE"}, {6, "SO_BROADCAST"}, {7, "SO_SNDBUF"}, {8, "SO_RCVBUF"},
    {9, "SO_KEEPALIVE"}, {10, "SO_OOBINLINE"}, {11, "SO_NO_CHECK"}, {12, "SO_PRIORITY"},
    {13, "SO_LINGER"}, {14, "SO_BSDCOMPAT"}, {15, "SO_REUSEPORT"}, {16, "SO_PASSCRED"},
    {17, "SO_PEERCRED"}, {18, "SO_RCVLOWAT"}, {19, "SO_SNDLOWAT"},
    {20, "SO_RCVTIMEO_OLD"}, {21, "SO_SNDTIMEO_OLD"}, {22, "SO_SECURITY_AUTHENTICATION"},
    {23, "SO_SECURITY_ENCRYPTION_TRANSPORT"}, {24, "SO_SECURITY_ENCRYPTION_NETWORK"},
    {25, "SO_BINDTODEVICE"}, {27, "SO_DETACH_FILTER"}, {28, "SO_PEERNAME"},
    {29, "SO_TIMESTAMP_OLD"}, {30, "SO_ACCEPTCONN"}, {31, "SO_PEERSEC"},
    {32, "SO_SNDBUFFORCE"}, {33, "SO_RCVBUFFORCE"}, {34, "SO_PASSSEC"},
    {35, "SO_TIMESTAMPNS_OLD"}, {36, "SO_MARK"}, {37, "SO_TIMESTAMPING_OLD"},
    {38, "SO_PROTOCOL"}, {39, "SO_DOMAIN"}, {40, "SO_RXQ_OVFL"}, {41, "SO_WIFI_STATUS"},
    {42, "SO_PEEK_OFF"}, {43, "SO_NOFCS"}, {44, "SO_LOCK_FILTER"},
    {45, "SO_SELECT_ERR_QUEUE"}, {46, "SO_BUSY_POLL"}, {47, "SO_MAX_PACING_RATE"},
    {48, "SO_BPF_EXTENSIONS"}, {49, "SO_INCOMING_CPU"}, {50, "SO_ATTACH_BPF"},
    {51, "SO_ATTACH_REUSEPORT_CBPF"}, {52, "SO_ATTACH_REUSEPORT_EBPF"},
    {53, "SO_CNX_ADVICE"}, {55, "SO_MEMINFO"}, {56, "SO_INCOMING_NAPI_ID"},
    {57, "SO_COOKIE"}, {59, "SO_PEERGROUPS"}, {60, "SO_ZEROCOPY"}, {61, "SO_TXTIME"},
    {62, "SO_BINDTOIFINDEX"}, {63, "SO_TIMESTAMP_NEW"}, {64, "SO_TIMESTAMPNS_NEW"},
    {65, "SO_TIMESTAMPING_NEW"}, {66, "SO_RCVTIMEO_NEW"}, {67, "SO_SNDTIMEO_NEW"},
    {68, "SO_DETACH_REUSEPORT_BPF"}, {69, "SO_PREFER_BUSY_POLL"},
    {70, "SO_BUSY_POLL_BUDGET"}, {71, "SO_NETNS_COOKIE"}, {72, "SO_BUF_LOCK"},
    {73, "SO_RESERVE_MEM"}, {74, "SO_TXREHASH"}, {75, "SO_RCVMARK"}, {0, NULL},
};
/* clang-format on */
/* 26 is SO_ATTACH_FILTER to set and SO_GET_FILTER to get. */
static const struct xlat so_set_only[] = {{26, "SO_ATTACH_FILTER"}, {0, NULL}};
static const struct xlat so_get_only[] = {{26, "SO_GET_FILTER"}, {0, NULL}};
/* clang-format off */
static const struct xlat ip_options[] = {
    {1, "IP_TOS"}, {2, "IP_TTL"}, {3, "IP_HDRINCL"}, {4, "IP_OPTIONS"},
    {5, "IP_ROUTER_ALERT"}, {6, "IP_RECVOPTS"}, {7, "IP_RETOPTS"}, {8, "IP_PKTINFO"},
    {9, "IP_PKTOPTIONS"}, {10, "IP_MTU_DISCOVER"}, {11, "IP_RECVERR"}, {12, "IP_RECVTTL"},
    {13, "IP_RECVTOS"}, {14, "IP_MTU"}, {15, "IP_FREEBIND"}, {16, "IP_IPSEC_POLICY"},
    {17, "IP_XFRM_POLICY"}, {18, "IP_PASSSEC"}, {19, "IP_TRANSPARENT"},
    {20, "IP_ORIGDSTADDR"}, {21, "IP_MINTTL"}, {22, "IP_NODEFRAG"}, {23, "IP_CHECKSUM"},
    {24, "IP_BIND_ADDRESS_NO_PORT"}, {25, "IP_RECVFRAGSIZE"}, {26, "IP_RECVERR_RFC4884"},
    {32, "IP_MULTICAST_IF"}, {33, "IP_MULTICAST_TTL"}, {34, "IP_MULTICAST_LOOP"},
    {35, "IP_ADD_MEMBERSHIP"}, {36, "IP_DROP_MEMBERSHIP"}, {37, "IP_UNBLOCK_SOURCE"},
    {38, "IP_BLOCK_SOURCE"}, {39, "IP_ADD_SOURCE_MEMBERSHIP"},
    {40, "IP_DROP_SOURCE_MEMBERSHIP"}, {41, "IP_MSFILTER"}, {42, "MCAST_JOIN_GROUP"},
    {43, "MCAST_BLOCK_SOURCE"}, {44, "MCAST_UNBLOCK_SOURCE"}, {45, "MCAST_LEAVE_GROUP"},
    {46, "MCAST_JOIN_SOURCE_GROUP"}, {47, "MCAST_LEAVE_SOURCE_GROUP"},
    {48, "MCAST_MSFILTER"}, {49, "IP_MULTICAST_ALL"}, {50, "IP_UNICAST_IF"}, {0, NULL},
};
static const struct xlat ipv6_options[] = {
    {1, "IPV6_ADDRFORM"}, {2, "IPV6_2292PKTINFO"}, {3, "IPV6_2292HOPOPTS"},
    {4, "IPV6_2292DSTOPTS"}, {5, "IPV6_2292RTHDR"}, {6, "IPV6_2292PKTOPTIONS"},
    {7, "IPV6_CHECKSUM"}, {8, "IPV6_2292HOPLIMIT"}, {9, "IPV6_NEXTHOP"},
    {10, "IPV6_AUTHHDR"}, {11, "IPV6_FLOWINFO"}, {16, "IPV6_UNICAST_HOPS"},
    {17, "IPV6_MULTICAST_IF"}, {18, "IPV6_MULTICAST_HOPS"}, {19, "IPV6_MULTICAST_LOOP"},
    {20, "IPV6_ADD_MEMBERSHIP"}, {21, "IPV6_DROP_MEMBERSHIP"}, {22, "IPV6_ROUTER_ALERT"},
    {23, "IPV6_MTU_DISCOVER"}, {24, "IPV6_MTU"}, {25, "IPV6_RECVERR"},
    {26, "IPV6_V6ONLY"}, {27, "IPV6_JOIN_ANYCAST"}, {28, "IPV6_LEAVE_ANYCAST"},
    {29, "IPV6_MULTICAST_ALL"}, {30, "IPV6_ROUTER_ALERT_ISOLATE"},
    {31, "IPV6_RECVERR_RFC4884"}, {32, "IPV6_FLOWLABEL_MGR"}, {33, "IPV6_FLOWINFO_SEND"},
    {34, "IPV6_IPSEC_POLICY"}, {35, "IPV6_XFRM_POLICY"}, {36, "IPV6_HDRINCL"},
    {42, "MCAST_JOIN_GROUP"}, {43, "MCAST_BLOCK_SOURCE"}, {44, "MCAST_UNBLOCK_SOURCE"},
    {45, "MCAST_LEAVE_GROUP"}, {46, "MCAST_JOIN_SOURCE_GROUP"},
    {47, "MCAST_LEAVE_SOURCE_GROUP"}, {48, "MCAST_MSFILTER"}, {49, "IPV6_RECVPKTINFO"},
    {50, "IPV6_PKTINFO"}, {51, "IPV6_RECVHOPLIMIT"}, {52, "IPV6_HOPLIMIT"},
    {53, "IPV6_RECVHOPOPTS"}, {54, "IPV6_HOPOPTS"}, {55, "IPV6_RTHDRDSTOPTS"},
    {56, "IPV6_RECVRTHDR"}, {57, "IPV6_RTHDR"}, {58, "IPV6_RECVDSTOPTS"},
    {59, "IPV6_DSTOPTS"}, {60, "IPV6_RECVPATHMTU"}, {61, "IPV6_PATHMTU"},
    {62, "IPV6_DONTFRAG"}, {63, "IPV6_USE_MIN_MTU"}, {66, "IPV6_RECVTCLASS"},
    {67, "IPV6_TCLASS"}, {70, "IPV6_AUTOFLOWLABEL"}, {72, "IPV6_ADDR_PREFERENCES"},
    {73, "IPV6_MINHOPCOUNT"}, {74, "IPV6_ORIGDSTADDR"}, {75, "IPV6_TRANSPARENT"},
    {76, "IPV6_UNICAST_IF"}, {77, "IPV6_RECVFRAGSIZE"}, {78, "IPV6_FREEBIND"}, {0, NULL},
};
static const struct xlat tcp_options[] = {
    {1, "TCP_NODELAY"}, {2, "TCP_MAXSEG"}, {3, "TCP_CORK"}, {4, "TCP_KEEPIDLE"},
    {5, "TCP_KEEPINTVL"}, {6, "TCP_KEEPCNT"}, {7, "TCP_SYNCNT"}, {8, "TCP_LINGER2"},
    {9, "TCP_DEFER_ACCEPT"}, {10, "TCP_WINDOW_CLAMP"}, {11, "TCP_INFO"},
    {12, "TCP_QUICKACK"}, {13, "TCP_CONGESTION"}, {14, "TCP_MD5SIG"},
    {15, "TCP_COOKIE_TRANSACTIONS"}, {16, "TCP_THIN_LINEAR_TIMEOUTS"},
    {17, "TCP_THIN_DUPACK"}, {18, "TCP_USER_TIMEOUT"}, {19, "TCP_REPAIR"},
    {20, "TCP_REPAIR_QUEUE"}, {21, "TCP_QUEUE_SEQ"}, {22, "TCP_REPAIR_OPTIONS"},
    {23, "TCP_FASTOPEN"}, {24, "TCP_TIMESTAMP"}, {25, "TCP_NOTSENT_LOWAT"},
    {26, "TCP_CC_INFO"}, {27, "TCP_SAVE_SYN"}, {28, "TCP_SAVED_SYN"},
    {29, "TCP_REPAIR_WINDOW"}, {30, "TCP_FASTOPEN_CONNECT"}, {31, "TCP_ULP"},
    {32, "TCP_MD5SIG_EXT"}, {33, "TCP_FASTOPEN_KEY"}, {34, "TCP_FASTOPEN_NO_COOKIE"},
    {35, "TCP_ZEROCOPY_RECEIVE"}, {36, "TCP_INQ"}, {37, "TCP_TX_DELAY"}, {0, NULL},
};
static const struct xlat udp_options[] = {
    {1, "UDP_CORK"}, {100, "UDP_ENCAP"}, {101, "UDP_NO_CHECK6_TX"},
    {102, "UDP_NO_CHECK6_RX"}, {103, "UDP_SEGMENT"}, {104, "UDP_GRO"}, {0, NULL},
};
/* clang-format on */

/* SOL_SOCKET options whose value is an int (strace's "int-like" list). */
static bool so_int_like(uint32_t name)
{
    static const uint8_t ints[] = {1,  2,  5,  6,  7,  8,  9,  10, 11, 12, 14,
                                   15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35,
                                   36, 37, 40, 41, 42, 43, 44, 45, 46, 49, 53,
                                   56, 60, 63, 64, 65, 68, 69, 70, 73, 75};
    for (size_t i = 0; i < sizeof(ints); i++)
        if (ints[i] == name)
            return true;
    return false;
}

/* ---- pieces ---- */

static void fd_arg(struct tcall *c, uint32_t fd)
{
    tr_arg(c);
    tr_fd(c, (int32_t)fd);
}

/* A socket type: the type by name, then its flags (tprint_sock_type). */
static void sock_type(struct tcall *c, uint32_t v)
{
    const char *name = tn_xlookup(socktypes, v & 0xf);
    if (name) {
        tr_xval(c, socktypes, v & 0xf, NULL);
        v &= ~0xfu;
        if (!v)
            return;
        tr_puts(c, "|");
    }
    tr_flags(c, sock_type_flags, v, "SOCK_???");
}

static void protocol(struct tcall *c, uint32_t family, uint32_t proto)
{
    switch (family) {
    case 2:  /* AF_INET */
    case 10: /* AF_INET6 */
        tr_xval(c, inet_protocols, proto, "IPPROTO_???");
        break;
    case 16: /* AF_NETLINK */
        tr_xval(c, netlink_protocols, proto, "NETLINK_???");
        break;
    case 17: /* AF_PACKET: a protocol in network order */
        tr_puts(c, "htons(");
        tr_xval(c, ethernet_protocols,
                (uint16_t)((proto & 0xff) << 8 | (proto >> 8 & 0xff)), "ETH_P_???");
        tr_puts(c, ")");
        break;
    default:
        tr_uint(c, proto);
        break;
    }
}

/* A guest int for a length argument: [16], or [16 => 8] when it changed. */
static void len_pair(struct tcall *c, int32_t before, int32_t after)
{
    if (before != after)
        tr_printf(c, "[%d => %d]", before, after);
    else
        tr_printf(c, "[%d]", after);
}

/* ---- socket, socketpair, bind, connect, listen, shutdown ---- */

static int dec_socket(struct tcall *c)
{
    tr_arg(c);
    tr_xval(c, tn_addrfams, c->args[0], "AF_???");
    tr_arg(c);
    sock_type(c, c->args[1]);
    tr_arg(c);
    protocol(c, c->args[0], c->args[2]);
    c->rv = RV_FD;
    return TD_DONE;
}

static int dec_socketpair(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_xval(c, tn_addrfams, c->args[0], "AF_???");
        tr_arg(c);
        sock_type(c, c->args[1]);
        tr_arg(c);
        tr_uint(c, c->args[2]);
        return tn_defer(c);
    }
    int32_t fds[2];
    if (tn_fetch_or_addr(c, c->args[3], &fds[0], 4) < 0)
        return TD_DONE;
    tr_puts(c, "[");
    tr_fd(c, fds[0]);
    if (tn_fetch(c, c->args[3] + 4, &fds[1], 4) == 0) {
        tr_puts(c, ", ");
        tr_fd(c, fds[1]);
    } else {
        tr_printf(c, ", ... /* %#x */", c->args[3] + 4);
    }
    tr_puts(c, "]");
    return TD_DONE;
}

static int dec_bind(struct tcall *c) /* and connect */
{
    fd_arg(c, c->args[0]);
    tr_arg(c);
    tn_sockaddr(c, c->args[1], (int32_t)c->args[2]);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[2]);
    return TD_DONE;
}

static int dec_listen(struct tcall *c)
{
    fd_arg(c, c->args[0]);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[1]);
    return TD_DONE;
}

static int dec_shutdown(struct tcall *c)
{
    fd_arg(c, c->args[0]);
    tr_arg(c);
    tr_xval(c, shutdown_modes, c->args[1], "SHUT_???");
    return TD_DONE;
}

/* ---- accept, accept4, getsockname, getpeername ---- */

/* The address and its length word: at entry only the descriptor, unless
 * the length cannot be read (then both addresses, and done). */
static int sockname(struct tcall *c)
{
    uint32_t addr = c->args[1], len_va = c->args[2];
    if (!c->exiting) {
        fd_arg(c, c->args[0]);
        int32_t ulen;
        if (addr && len_va && tr_read(c, len_va, &ulen, 4) == 0) {
            c->dec_state = ulen;
            return tn_defer(c);
        }
        tr_arg(c);
        tr_addr(c, addr);
        tr_arg(c);
        tr_addr(c, len_va);
        return TD_DONE;
    }
    int32_t ulen = c->dec_state, rlen;
    if (tn_failed(c) || tr_read(c, len_va, &rlen, 4) < 0) {
        tr_addr(c, addr);
        tr_arg(c);
        tr_printf(c, "[%d]", ulen);
    } else {
        tn_sockaddr(c, addr, ulen > rlen ? rlen : ulen);
        tr_arg(c);
        len_pair(c, ulen, rlen);
    }
    return TD_DONE;
}

static int dec_getsockname(struct tcall *c) /* and getpeername */
{
    return sockname(c);
}

static int dec_accept(struct tcall *c)
{
    c->rv = RV_FD;
    return sockname(c);
}

static int dec_accept4(struct tcall *c)
{
    c->rv = RV_FD;
    if (sockname(c) == TD_EXIT)
        return TD_EXIT;
    tr_arg(c);
    tr_flags(c, sock_type_flags, c->args[3], "SOCK_???");
    return TD_DONE;
}

/* ---- send, sendto, recv, recvfrom ---- */

static int dec_send(struct tcall *c)
{
    fd_arg(c, c->args[0]);
    tr_arg(c);
    tr_str(c, c->args[1], c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[3], "MSG_???");
    return TD_DONE;
}

static int dec_sendto(struct tcall *c)
{
    dec_send(c);
    tr_arg(c);
    tn_sockaddr(c, c->args[4], (int32_t)c->args[5]);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[5]);
    return TD_DONE;
}

/* What a receive filled: its first ret bytes, or the address if it failed
 * (the argument began at entry). */
static void received(struct tcall *c)
{
    if (tn_failed(c))
        tr_addr(c, c->args[1]);
    else
        tr_str(c, c->args[1],
               (uint32_t)c->ret < c->args[2] ? (uint32_t)c->ret : c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, tn_msg_flags, c->args[3], "MSG_???");
}

static int dec_recv(struct tcall *c)
{
    if (!c->exiting) {
        fd_arg(c, c->args[0]);
        return tn_defer(c);
    }
    received(c);
    return TD_DONE;
}

static int dec_recvfrom(struct tcall *c)
{
    uint32_t addr = c->args[4], len_va = c->args[5];
    int32_t rlen;
    if (!c->exiting) {
        fd_arg(c, c->args[0]);
        if (addr && len_va && tr_read(c, len_va, &rlen, 4) == 0)
            c->dec_state = rlen;
        return tn_defer(c);
    }
    received(c);
    tr_arg(c);
    if (!addr || !len_va || tr_read(c, len_va, &rlen, 4) < 0) {
        tr_addr(c, addr);
        tr_arg(c);
        tr_addr(c, len_va);
    } else if (tn_failed(c)) {
        tr_addr(c, addr);
        tr_arg(c);
        tr_printf(c, "[%d]", c->dec_state);
    } else {
        tn_sockaddr(c, addr, c->dec_state > rlen ? rlen : c->dec_state);
        tr_arg(c);
        len_pair(c, c->dec_state, rlen);
    }
    return TD_DONE;
}

/* ---- setsockopt, getsockopt ---- */

static void opt_level_name(struct tcall *c, bool get)
{
    uint32_t level = c->args[1], name = c->args[2];
    fd_arg(c, c->args[0]);
    tr_arg(c);
    tr_xval(c, tn_socketlayers, level, "SOL_??");
    tr_arg(c);
    switch (level) {
    case 1: /* SOL_SOCKET */
        if (tn_xlookup(so_options, name))
            tr_xval(c, so_options, name, NULL);
        else
            tr_xval(c, get ? so_get_only : so_set_only, name, "SO_???");
        break;
    case 0: /* SOL_IP */
        tr_xval(c, ip_options, name, "IP_???");
        break;
    case 41: /* SOL_IPV6 */
        tr_xval(c, ipv6_options, name, "IPV6_???");
        break;
    case 6: /* SOL_TCP */
        tr_xval(c, tcp_options, name, "TCP_???");
        break;
    case 17: /* SOL_UDP */
        tr_xval(c, udp_options, name, "UDP_???");
        break;
    default:
        tr_uint(c, name);
        break;
    }
}

/* struct linger, as much of it as len covers. */
static void linger(struct tcall *c, uint32_t va, uint32_t len)
{
    int32_t l[2];
    if (len > sizeof(l))
        len = sizeof(l);
    if (tn_fetch_or_addr(c, va, l, len) < 0)
        return;
    tr_puts(c, "{");
    if (len >= 4)
        tr_printf(c, "l_onoff=%d", l[0]);
    if (len >= 8)
        tr_printf(c, ", l_linger=%d", l[1]);
    tr_puts(c, "}");
}

static void peercred(struct tcall *c, uint32_t va, uint32_t len)
{
    int32_t u[3];
    if (len > sizeof(u))
        len = sizeof(u);
    if (tn_fetch_or_addr(c, va, u, len) < 0)
        return;
    static const char *const field[] = {"pid", "uid", "gid"};
    tr_puts(c, "{");
    for (uint32_t i = 0; i < len / 4; i++) {
        tr_printf(c, "%s%s=", i ? ", " : "", field[i]);
        tr_printf(c, i && u[i] != -1 ? "%u" : "%d", u[i]);
    }
    tr_puts(c, "}");
}

/* SO_ERROR's value: the errno by name. */
static void so_error(struct tcall *c, uint32_t va, uint32_t len)
{
    int32_t e;
    if (len < 4) {
        tr_addr(c, va);
        return;
    }
    if (tn_fetch_or_addr(c, va, &e, 4) < 0)
        return;
    const char *name = trace_errno_name(e);
    if (!name || trace_opt.xlat != XLAT_ABBREV)
        tr_printf(c, "[%u", (uint32_t)e);
    else
        tr_puts(c, "[");
    if (name && trace_opt.xlat != XLAT_RAW)
        tr_printf(c, trace_opt.xlat == XLAT_ABBREV ? "%s" : " /* %s */", name);
    tr_puts(c, "]");
}

static void ip_mreq(struct tcall *c, uint32_t va, int32_t len)
{
    uint8_t m[8];
    if (len < 8) {
        tr_addr(c, va);
        return;
    }
    if (tn_fetch_or_addr(c, va, m, 8) < 0)
        return;
    char a[16], b[16];
    snprintf(a, sizeof(a), "%u.%u.%u.%u", m[0], m[1], m[2], m[3]);
    snprintf(b, sizeof(b), "%u.%u.%u.%u", m[4], m[5], m[6], m[7]);
    tr_printf(c, "{imr_multiaddr=inet_addr(\"%s\"), imr_interface=inet_addr(\"%s\")}", a,
              b);
}

/* An option value with no decoder of its own: an int if it is int-sized,
 * else its bytes. */
static void opt_default(struct tcall *c, uint32_t va, int32_t len)
{
    if (len == 4)
        tn_int_at(c, va);
    else
        tr_str(c, va, (long)(uint32_t)len);
}

static void setsockopt_val(struct tcall *c, uint32_t level, uint32_t name, uint32_t va,
                           int32_t len)
{
    if (va && level == 1) {
        if (name == 13) { /* SO_LINGER */
            if (len < 8)
                tr_addr(c, va);
            else
                linger(c, va, 8);
            return;
        }
        if (so_int_like(name) || name == 26 || name == 51) { /* or a filter */
            if (len < 4 || name == 26 || name == 51)
                tr_addr(c, va);
            else
                tn_int_at(c, va);
            return;
        }
    } else if (va && level == 0 && (name == 35 || name == 36)) {
        ip_mreq(c, va, len);
        return;
    } else if (va && level == 270) { /* SOL_NETLINK */
        if (len < 4)
            tr_addr(c, va);
        else
            tn_int_at(c, va);
        return;
    }
    opt_default(c, va, len);
}

static int dec_setsockopt(struct tcall *c)
{
    opt_level_name(c, false);
    tr_arg(c);
    setsockopt_val(c, c->args[1], c->args[2], c->args[3], (int32_t)c->args[4]);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[4]);
    return TD_DONE;
}

static void getsockopt_val(struct tcall *c, uint32_t level, uint32_t name, uint32_t va,
                           int32_t ulen, int32_t rlen)
{
    if (ulen <= 0 || rlen <= 0) {
        tr_addr(c, va);
        return;
    }
    if (va && level == 1) {
        switch (name) {
        case 13: /* SO_LINGER */
            linger(c, va, (uint32_t)rlen);
            return;
        case 17: /* SO_PEERCRED */
            peercred(c, va, (uint32_t)rlen);
            return;
        case 4: /* SO_ERROR */
            so_error(c, va, (uint32_t)rlen);
            return;
        }
        if (so_int_like(name)) {
            if (rlen >= 4) {
                tn_int_at(c, va);
            } else {
                uint8_t b[4];
                if (tn_fetch_or_addr(c, va, b, (size_t)rlen) == 0)
                    tn_quote(c, b, (size_t)rlen, false, true);
            }
            return;
        }
    } else if (va && level == 270) { /* SOL_NETLINK */
        tn_int_at(c, va);
        return;
    }
    opt_default(c, va, rlen);
}

static int dec_getsockopt(struct tcall *c)
{
    uint32_t va = c->args[3], len_va = c->args[4];
    if (!c->exiting) {
        opt_level_name(c, true);
        int32_t ulen;
        if (len_va && tr_read(c, len_va, &ulen, 4) == 0) {
            c->dec_state = ulen;
            return tn_defer(c);
        }
        tr_arg(c);
        tr_addr(c, va);
        tr_arg(c);
        tr_addr(c, len_va);
        return TD_DONE;
    }
    int32_t ulen = c->dec_state, rlen;
    if (tn_failed(c) || tr_read(c, len_va, &rlen, 4) < 0) {
        tr_addr(c, va);
        tr_arg(c);
        tr_printf(c, "[%d]", ulen);
    } else {
        getsockopt_val(c, c->args[1], c->args[2], va, ulen, rlen);
        tr_arg(c);
        len_pair(c, ulen, rlen);
    }
    return TD_DONE;
}

/* ---- the multiplexers themselves, when a sub-call is not known ---- */

static int dec_socketcall(struct tcall *c)
{
    tr_arg(c);
    tn_xval_or_num(c, socketcalls, c->args[0], true);
    tr_arg(c);
    tr_addr(c, c->args[1]);
    return TD_DONE;
}

static int dec_ipc(struct tcall *c)
{
    uint32_t call = c->args[0] & 0xffff, version = c->args[0] >> 16;
    tr_arg(c);
    if (version)
        tr_printf(c, "%u<<16|", version);
    tn_xval_or_num(c, ipccalls, call, false);
    for (int i = 1; i < 6; i++) {
        tr_arg(c);
        tr_hex(c, c->args[i]);
    }
    return TD_DONE;
}

/* ---- sub-calls ---- */

/* socketcall(call, args): each call's name and how many words args holds
 * (net/socket.c's nargs). */
static const struct {
    const char *name;
    uint8_t nargs;
} socket_subcalls[] = {
    [1] = {"socket", 3},      [2] = {"bind", 3},        [3] = {"connect", 3},
    [4] = {"listen", 2},      [5] = {"accept", 3},      [6] = {"getsockname", 3},
    [7] = {"getpeername", 3}, [8] = {"socketpair", 4},  [9] = {"send", 4},
    [10] = {"recv", 4},       [11] = {"sendto", 6},     [12] = {"recvfrom", 6},
    [13] = {"shutdown", 2},   [14] = {"setsockopt", 5}, [15] = {"getsockopt", 5},
    [16] = {"sendmsg", 3},    [17] = {"recvmsg", 3},    [18] = {"accept4", 4},
    [19] = {"recvmmsg", 5},   [20] = {"sendmmsg", 4},
};

/* ipc(call, first, second, third, ptr, fifth): each call's name and where
 * the direct call's arguments come from (1 first .. 5 fifth, 0 none), so the
 * decoders see the direct layout. semctl keeps ptr, the address of the
 * union semun, and msgrcv of version 0 ptr, the address of the ipc_kludge:
 * strace prints what they point to (their decoders check c->subcall). */
static const struct {
    const char *name;
    uint8_t from[5];
} ipc_subcalls[] = {
    [1] = {"semop", {1, 4, 2}},      [2] = {"semget", {1, 2, 3}},
    [3] = {"semctl", {1, 2, 3, 4}},  [4] = {"semtimedop", {1, 4, 2, 5}},
    [11] = {"msgsnd", {1, 4, 2, 3}}, [12] = {"msgrcv", {1, 4, 2, 5, 3}},
    [13] = {"msgget", {1, 2}},       [14] = {"msgctl", {1, 2, 4}},
    [21] = {"shmat", {1, 4, 2, 3}},  [22] = {"shmdt", {4}},
    [23] = {"shmget", {1, 2, 3}},    [24] = {"shmctl", {1, 2, 4}},
};

static bool socket_subcall(struct tcall *c)
{
    uint32_t call = c->raw[0];
    if (call < 1 || call >= sizeof(socket_subcalls) / sizeof(socket_subcalls[0]))
        return false;
    uint32_t args[6] = {0};
    if (tr_read(c, c->raw[1], args, socket_subcalls[call].nargs * 4u) < 0)
        return false; /* strace then shows socketcall itself */
    c->name = socket_subcalls[call].name;
    memcpy(c->args, args, sizeof(args));
    return true;
}

static bool ipc_subcall(struct tcall *c)
{
    uint32_t call = c->raw[0] & 0xffff;
    if (call >= sizeof(ipc_subcalls) / sizeof(ipc_subcalls[0]) ||
        !ipc_subcalls[call].name)
        return false;
    c->name = ipc_subcalls[call].name;
    uint32_t args[6] = {0};
    for (int i = 0; i < 5; i++)
        if (ipc_subcalls[call].from[i])
            args[i] = c->raw[ipc_subcalls[call].from[i]];
    memcpy(c->args, args, sizeof(args));
    return true;
}

bool trace_subcall(struct tcall *c)
{
    bool ok = strcmp(c->name, "socketcall") == 0 ? socket_subcall(c) : ipc_subcall(c);
    c->subcall = ok;
    return ok;
}

const struct trace_decoder trace_net_decoders[] = {
    {"socketcall", dec_socketcall},
    {"ipc", dec_ipc},
    {"socket", dec_socket},
    {"socketpair", dec_socketpair},
    {"bind", dec_bind},
    {"connect", dec_bind},
    {"listen", dec_listen},
    {"accept", dec_accept},
    {"accept4", dec_accept4},
    {"getsockname", dec_getsockname},
    {"getpeername", dec_getsockname},
    {"send", dec_send},
    {"sendto", dec_sendto},
    {"recv", dec_recv},
    {"recvfrom", dec_recvfrom},
    {"shutdown", dec_shutdown},
    {"setsockopt", dec_setsockopt},
    {"getsockopt", dec_getsockopt},
    {"sendmsg", tn_sendmsg},
    {"recvmsg", tn_recvmsg},
    {"sendmmsg", tn_sendmmsg},
    {"recvmmsg", tn_recvmmsg},
    {"recvmmsg_time64", tn_recvmmsg64},
    {"semop", tn_semop},
    {"semtimedop", tn_semtimedop},
    {"semtimedop_time64", tn_semtimedop64},
    {"semget", tn_semget},
    {"semctl", tn_semctl},
    {"msgget", tn_msgget},
    {"msgsnd", tn_msgsnd},
    {"msgrcv", tn_msgrcv},
    {"msgctl", tn_msgctl},
    {"shmget", tn_shmget},
    {"shmat", tn_shmat},
    {"shmdt", tn_shmdt},
    {"shmctl", tn_shmctl},
    {NULL, NULL},
};
