/* The socket and System V IPC decoders and the ipc/socketcall sub-calls
 * (syscalls/trace_net.c, trace_netmsg.c, trace_ipc.c). Each expected line
 * is what strace 6.1 prints natively on this machine for the same call by
 * an i386 program (samples/trace/ipcnet.c and runs like it); the calls
 * here are built by hand, their memory in a guest mm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace_fixture.h"

static int net_setup(void **state)
{
    return trace_fixture_setup(state, trace_net_decoders);
}

/* ---- sub-calls ---- */

static void test_socketcall_subcalls(void **state)
{
    (void)state;
    uint32_t args = mem;
    uint32_t v[6] = {2, 1 | 02000000, 6};
    put(args, v, sizeof(v));
    struct tcall *c = call("socketcall", 1, args, 0, 0, 0, 0);
    assert_true(trace_subcall(c));
    assert_true(c->subcall);
    assert_string_equal(c->name, "socket");
    assert_int_equal(c->args[0], 2);
    assert_int_equal(c->raw[0], 1); /* the registers stay as they were */
    line_is(c, 3, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3");

    /* plain accept and send exist on i386 only here */
    uint32_t acc[3] = {3, 0, 0};
    put(args, acc, sizeof(acc));
    c = call("socketcall", 5, args, 0, 0, 0, 0);
    assert_true(trace_subcall(c));
    line_is(c, 5, "accept(3, NULL, NULL) = 5");
    uint32_t snd[4] = {4, mem + 64, 14, 0};
    put(args, snd, sizeof(snd));
    put(mem + 64, "via socketcall", 14);
    c = call("socketcall", 9, args, 0, 0, 0, 0);
    assert_true(trace_subcall(c));
    line_is(c, 14, "send(4, \"via socketcall\", 14, 0) = 14");

    /* no such call, or args unreadable: socketcall itself */
    c = call("socketcall", 99, args, 0, 0, 0, 0);
    assert_false(trace_subcall(c));
    assert_false(c->subcall);
    assert_string_equal(c->name, "socketcall");
    c->args[1] = 0xffd59918;
    line_is(c, -22, "socketcall(99, 0xffd59918) = -1 EINVAL");
    c = call("socketcall", 1, 16, 0, 0, 0, 0);
    assert_false(trace_subcall(c));
    line_is(c, -14, "socketcall(SYS_SOCKET, 0x10) = -1 EFAULT");
}

static void test_ipc_subcalls(void **state)
{
    (void)state;
    /* ipc(SEMOP, semid, nsops, 0, sops): semop(semid, sops, nsops) */
    uint16_t sops[3] = {0, 1, 0};
    put(mem, sops, sizeof(sops));
    struct tcall *c = call("ipc", 1, 55, 1, 0, mem, 0);
    assert_true(trace_subcall(c));
    assert_string_equal(c->name, "semop");
    line_is(c, 0, "semop(55, [{sem_num=0, sem_op=1, sem_flg=0}], 1) = 0");

    /* semtimedop's timeout is fifth */
    uint16_t take[3] = {0, (uint16_t)-1, 04000};
    int32_t ts[2] = {0, 1000};
    put(mem, take, sizeof(take));
    put(mem + 16, ts, sizeof(ts));
    c = call("ipc", 4, 55, 1, 0, mem, mem + 16);
    assert_true(trace_subcall(c));
    line_is(c, 0,
            "semtimedop(55, [{sem_num=0, sem_op=-1, sem_flg=IPC_NOWAIT}], 1, "
            "{tv_sec=0, tv_nsec=1000}) = 0");

    /* the version in the upper half is not part of the call */
    c = call("ipc", 0x20000 | 22, 0, 0, 0, 0, 0);
    assert_true(trace_subcall(c));
    line_is(c, -22, "shmdt(NULL) = -1 EINVAL");
    c = call("ipc", 0x10000 | 99, 0, 0, 0, 0, 0);
    assert_false(trace_subcall(c));
    assert_string_equal(c->name, "ipc");
    line_is(c, -38, "ipc(1<<16|99, 0, 0, 0, 0, 0) = -1 ENOSYS");
    c = call("ipc", 99, 1, 2, 3, 0, 5);
    assert_false(trace_subcall(c));
    line_is(c, -38, "ipc(99, 0x1, 0x2, 0x3, 0, 0x5) = -1 ENOSYS");
}

/* semctl through ipc: the union semun comes by address, shown in [ ]. */
static void test_ipc_semctl(void **state)
{
    (void)state;
    put32(mem, 5);
    struct tcall *c = call("ipc", 3, 55, 1, 16 /* SETVAL */, mem, 0);
    assert_true(trace_subcall(c));
    line_is(c, 0, "semctl(55, 1, SETVAL, [0x5]) = 0");
    put32(mem, 0);
    c = call("ipc", 3, 56, 0, 0 /* IPC_RMID */, mem, 0);
    assert_true(trace_subcall(c));
    line_is(c, 0, "semctl(56, 0, IPC_RMID, [NULL]) = 0");
    /* struct semid64_ds of i386 */
    uint32_t ds[16] = {0};
    ds[5] = 0600;  /* mode (low half) */
    ds[9] = 1000;  /* sem_otime */
    ds[11] = 2000; /* sem_ctime */
    ds[13] = 2;    /* sem_nsems */
    put(mem + 64, ds, sizeof(ds));
    put32(mem, mem + 64);
    c = call("ipc", 3, 55, 0, 0x100 | 2 /* IPC_64|IPC_STAT */, mem, 0);
    assert_true(trace_subcall(c));
    line_is(c, 0,
            "semctl(55, 0, IPC_64|IPC_STAT, {sem_perm={uid=0, gid=0, mode=0600, key=0, "
            "cuid=0, cgid=0}, sem_otime=1000, sem_ctime=2000, sem_nsems=2}) = 0");
    /* the direct call passes the union's value */
    c = call("semctl", 55, 0, 0x100 | 2, mem + 64, 0, 0);
    line_is(c, -22, "semctl(55, 0, IPC_64|IPC_STAT, 0x4000040) = -1 EINVAL");
}

/* msgrcv through ipc version 0 finds msgp and msgtyp in an ipc_kludge. */
static void test_ipc_msgrcv_kludge(void **state)
{
    (void)state;
    uint32_t msgp = mem + 64;
    put32(msgp, 7);
    put(msgp + 4, "a message of System V", 22);
    uint32_t kludge[2] = {msgp, 7};
    put(mem, kludge, sizeof(kludge));
    struct tcall *c = call("ipc", 12, 55, 8, 04000, mem, 0);
    assert_true(trace_subcall(c));
    assert_string_equal(c->name, "msgrcv");
    line_is(c, 8, "msgrcv(55, {mtype=7, mtext=\"a messag\"}, 8, 7, IPC_NOWAIT) = 8");
    /* failed: strace shows where the kludge was */
    c = call("ipc", 12, 55, 48, 04000, mem, 0);
    assert_true(trace_subcall(c));
    line_is(c, -42, "msgrcv(55, 0x4000000, 48, IPC_NOWAIT) = -1 ENOMSG");
    /* version 1: the direct layout, msgtyp in fifth */
    c = call("ipc", 0x10000 | 12, 55, 8, 0, msgp, 7);
    assert_true(trace_subcall(c));
    line_is(c, 4, "msgrcv(55, {mtype=7, mtext=\"a messag\"}, 8, 7, 0) = 4");
    c = call("ipc", 11, 55, 4, 0, msgp, 0);
    assert_true(trace_subcall(c));
    line_is(c, 0, "msgsnd(55, {mtype=7, mtext=\"a me\"}, 4, 0) = 0");
}

/* shmat through ipc returns 0 and the address through third: strace
 * shows the address. */
static void test_ipc_shmat(void **state)
{
    (void)state;
    put32(mem, 0xf7f59000);
    struct tcall *c = call("ipc", 21, 98315, 010000, mem, 0, 0);
    assert_true(trace_subcall(c));
    assert_string_equal(c->name, "shmat");
    line_is(c, 0, "shmat(98315, NULL, SHM_RDONLY) = 0xf7f59000");
    c = call("ipc", 21, 98315, 040000, mem, 0, 0);
    assert_true(trace_subcall(c));
    line_is(c, -22, "shmat(98315, NULL, SHM_REMAP) = -1 EINVAL");
    c = call("shmat", 98315, 0, 0, 0, 0, 0);
    line_is(c, 0xf7f57000, "shmat(98315, NULL, 0) = 0xf7f57000");
    c = call("ipc", 24, 98315, 0, 0, 0, 0);
    assert_true(trace_subcall(c));
    line_is(c, 0, "shmctl(98315, IPC_RMID, NULL) = 0");
}

/* ---- System V IPC forms ---- */

static void test_ipc_flags(void **state)
{
    (void)state;
    line_is(call("shmget", 0, 8192, 01000 | 02000 | 0600, 0, 0, 0), 98315,
            "shmget(IPC_PRIVATE, 8192, IPC_CREAT|IPC_EXCL|0600) = 98315");
    line_is(call("shmget", 0, 4096, 01000 | 04000 | (21u << 26) | 0600, 0, 0, 0), -12,
            "shmget(IPC_PRIVATE, 4096, IPC_CREAT|SHM_HUGETLB|21<<SHM_HUGE_SHIFT|0600) = "
            "-1 ENOMEM");
    line_is(call("shmget", 0, 4096, (4u << 26) | 0644, 0, 0, 0), 5,
            "shmget(IPC_PRIVATE, 4096, 4<<SHM_HUGE_SHIFT|0644) = 5");
    line_is(call("shmget", 0x4d2, 4096, 0, 0, 0, 0), -2,
            "shmget(0x4d2, 4096, 000) = -1 ENOENT");
    /* unknown bits and no name: the number runs into the mode, as strace */
    line_is(call("semget", 0x1234, 1, 0x400000 | 0600, 0, 0, 0), -2,
            "semget(0x1234, 1, 0x4000000600) = -1 ENOENT");
    line_is(call("msgget", 0x1234, 02000, 0, 0, 0, 0), -2,
            "msgget(0x1234, IPC_EXCL|000) = -1 ENOENT");
    line_is(call("shmctl", 5, 0x100, 0, 0, 0, 0), 0,
            "shmctl(5, IPC_64|IPC_RMID, NULL) = 0");
    line_is(call("msgctl", -1u, 0x100 | 2, 0, 0, 0, 0), -22,
            "msgctl(-1, IPC_64|IPC_STAT, NULL) = -1 EINVAL");
    line_is(call("shmat", -1u, 0x1000, 020000 | 0100000 | 0x400, 0, 0, 0), -22,
            "shmat(-1, 0x1000, SHM_RND|SHM_EXEC|0x400) = -1 EINVAL");
    line_is(call("msgrcv", -1u, 0, 4, -3u, 010000 | 020000, 0), -22,
            "msgrcv(-1, NULL, 4, -3, MSG_NOERROR|MSG_EXCEPT) = -1 EINVAL");
}

static void test_ipc_structs(void **state)
{
    (void)state;
    uint32_t ds[21] = {0}; /* struct shmid64_ds of i386 */
    ds[5] = 0600;
    ds[9] = 8192;                 /* shm_segsz */
    ds[10] = 11;                  /* atime */
    ds[12] = 12;                  /* dtime */
    ds[14] = 13;                  /* ctime */
    ds[16] = 19657;               /* cpid */
    ds[17] = 19658;               /* lpid */
    ds[18] = 1;                   /* nattch */
    ds[1] = ds[3] = 1000;         /* uid, cuid */
    ds[2] = ds[4] = (uint32_t)-1; /* gid, cgid */
    put(mem, ds, sizeof(ds));
    line_is(
        call("shmctl", 98315, 0x100 | 2, mem, 0, 0, 0), 0,
        "shmctl(98315, IPC_64|IPC_STAT, {shm_perm={uid=1000, gid=-1, mode=0600, key=0, "
        "cuid=1000, cgid=-1}, shm_segsz=8192, shm_cpid=19657, shm_lpid=19658, "
        "shm_nattch=1, shm_atime=11, shm_dtime=12, shm_ctime=13}) = 0");
    line_is(call("shmctl", 98315, 1, mem, 0, 0, 0), 0,
            "shmctl(98315, IPC_SET, {shm_perm={uid=1000, gid=-1, mode=0600}}) = 0");
    /* a failed IPC_STAT wrote nothing: the address */
    line_is(call("shmctl", 98315, 2, mem, 0, 0, 0), -22,
            "shmctl(98315, IPC_STAT, 0x4000000) = -1 EINVAL");
    uint32_t info[9] = {2147483647, 1, 4096, 4096, 4278190079u};
    put(mem, info, sizeof(info));
    line_is(call("shmctl", 0, 0x100 | 3, mem, 0, 0, 0), 33,
            "shmctl(0, IPC_64|IPC_INFO, {shmmax=2147483647, shmmin=1, shmmni=4096, "
            "shmseg=4096, shmall=4278190079}) = 33");
    int32_t mi[8] = {512000, 16384, 8192, 16384, 32000, 16, 16384, 65535};
    put(mem, mi, sizeof(mi));
    line_is(call("msgctl", 0, 0x100 | 3, mem, 0, 0, 0), 48,
            "msgctl(0, IPC_64|IPC_INFO, {msgpool=512000, msgmap=16384, msgmax=8192, "
            "msgmnb=16384, msgmni=32000, msgssz=16, msgtql=16384, msgseg=65535}) = 48");
}

static void test_sembuf_abbrev(void **state)
{
    (void)state;
    uint16_t sb[3 * 3] = {0};
    put(mem, sb, sizeof(sb));
    trace_opt.strsize = 2;
    line_is(
        call("semtimedop_time64", -1u, mem, 3, 0, 0, 0), -22,
        "semtimedop_time64(-1, [{sem_num=0, sem_op=0, sem_flg=0}, {sem_num=0, sem_op=0, "
        "sem_flg=0}, ...], 3, NULL) = -1 EINVAL");
    trace_opt.verbose = true; /* -v: whole */
    line_is(call("semop", -1u, mem, 3, 0, 0, 0), -22,
            "semop(-1, [{sem_num=0, sem_op=0, sem_flg=0}, {sem_num=0, sem_op=0, "
            "sem_flg=0}, {sem_num=0, sem_op=0, sem_flg=0}], 3) = -1 EINVAL");
    trace_opt.verbose = false;
    trace_opt.strsize = 32;
}

/* ---- socket forms ---- */

static void test_sockaddrs(void **state)
{
    (void)state;
    uint8_t in[16] = {2, 0, 0xb4, 0x07, 127, 0, 0, 1};
    put(mem, in, sizeof(in));
    line_is(call("connect", 4, mem, 16, 0, 0, 0), 0,
            "connect(4, {sa_family=AF_INET, sin_port=htons(46087), "
            "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0");
    trace_opt.xlat = XLAT_VERBOSE;
    line_is(call("bind", 4, mem, 16, 0, 0, 0), 0,
            "bind(4, {sa_family=0x2 /* AF_INET */, sin_port=\"\\xb4\\x07\" /* "
            "htons(46087) */, "
            "sin_addr=\"\\x7f\\x00\\x00\\x01\" /* inet_addr(\"127.0.0.1\") */}, 16) = 0");
    trace_opt.xlat = XLAT_RAW;
    line_is(call("bind", 4, mem, 16, 0, 0, 0), 0,
            "bind(4, {sa_family=0x2, sin_port=\"\\xb4\\x07\", "
            "sin_addr=\"\\x7f\\x00\\x00\\x01\"}, 16) = 0");
    trace_opt.xlat = XLAT_ABBREV;

    uint8_t un[2 + 12] = {1, 0};
    memcpy(un + 2, "ipcnet.sock", 12);
    put(mem, un, sizeof(un));
    line_is(call("bind", 3, mem, 110, 0, 0, 0), 0,
            "bind(3, {sa_family=AF_UNIX, sun_path=\"ipcnet.sock\"}, 110) = 0");
    uint8_t abs[2 + 9] = {1, 0, 0, 'a', 'b', 's', 1, 'n', 'a', 'm', 'e'};
    put(mem, abs, sizeof(abs));
    line_is(call("bind", 3, mem, 11, 0, 0, 0), 0,
            "bind(3, {sa_family=AF_UNIX, sun_path=@\"abs\\1name\"}, 11) = 0");

    uint8_t in6[28] = {10, 0};
    in6[23] = 1; /* ::1 */
    put(mem, in6, sizeof(in6));
    line_is(call("bind", 3, mem, 28, 0, 0, 0), 0,
            "bind(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), "
            "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0");
    uint8_t nl[12] = {16, 0};
    put(mem, nl, sizeof(nl));
    line_is(call("bind", 8, mem, 12, 0, 0, 0), 0,
            "bind(8, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0");
    line_is(call("connect", 9, mem, 1, 0, 0, 0), -22,
            "connect(9, 0x4000000, 1) = -1 EINVAL");
    line_is(call("connect", 9, 8, 16, 0, 0, 0), -14, "connect(9, 0x8, 16) = -1 EFAULT");
}

static void test_socket_calls(void **state)
{
    (void)state;
    line_is(call("socket", 2, 7, 0, 0, 0, 0), -94,
            "socket(AF_INET, 0x7 /* SOCK_??? */, IPPROTO_IP) = -1 ESOCKTNOSUPPORT");
    line_is(call("socket", 99, 1, 5, 0, 0, 0), -97,
            "socket(0x63 /* AF_??? */, SOCK_STREAM, 5) = -1 EAFNOSUPPORT");
    line_is(call("socket", 17, 3, 0x0008, 0, 0, 0), 7,
            "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP)) = 7");
    line_is(call("shutdown", 9, 7, 0, 0, 0, 0), -22,
            "shutdown(9, 0x7 /* SHUT_??? */) = -1 EINVAL");
    int32_t sv[2] = {3, 4};
    put(mem, sv, sizeof(sv));
    line_is(call("socketpair", 1, 1, 0, mem, 0, 0), 0,
            "socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0");

    /* the length offered and the length back: only the descriptor shows
     * until the call returns */
    uint8_t in[16] = {2, 0, 0x98, 0xea, 127, 0, 0, 1};
    put(mem, in, sizeof(in));
    put32(mem + 32, 20);
    struct tcall *c = call("accept4", 3, mem, mem + 32, 02000000, 0, 0);
    int entry = decoder("accept4")(c);
    assert_int_equal(entry, TD_EXIT);
    /* as strace shows it unfinished: "accept4(3,  <unfinished ...>" */
    assert_string_equal(c->text, "3, ");
    put32(mem + 32, 16); /* what the kernel writes */
    exit_is(c, entry, 5,
            "accept4(3, {sa_family=AF_INET, sin_port=htons(39146), "
            "sin_addr=inet_addr(\"127.0.0.1\")}, [20 => 16], SOCK_CLOEXEC) = 5");
    line_is(call("accept4", 9, 0, 0, 04000, 0, 0), -95,
            "accept4(9, NULL, NULL, SOCK_NONBLOCK) = -1 EOPNOTSUPP");

    /* options */
    int32_t one = 1, lg[2] = {1, 0};
    put(mem, &one, 4);
    line_is(call("setsockopt", 4, 6, 1, mem, 4, 0), 0,
            "setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0");
    line_is(call("setsockopt", 9, 1, 9999, mem, 4, 0), -92,
            "setsockopt(9, SOL_SOCKET, 0x270f /* SO_??? */, [1], 4) = -1 ENOPROTOOPT");
    put(mem, lg, sizeof(lg));
    line_is(call("setsockopt", 4, 1, 13, mem, 8, 0), 0,
            "setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0");
    put(mem, "\1\0\0\0\5\0\0\0", 8);
    line_is(call("setsockopt", 9, 1, 20, mem, 8, 0), 0,
            "setsockopt(9, SOL_SOCKET, SO_RCVTIMEO_OLD, \"\\1\\0\\0\\0\\5\\0\\0\\0\", 8) "
            "= 0");
    put32(mem, 111);
    put32(mem + 32, 4);
    line_is(call("getsockopt", 5, 1, 4, mem, mem + 32, 0), 0,
            "getsockopt(5, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0");
}

static void test_send_recv(void **state)
{
    (void)state;
    const char *reply = "0123456789abcdefghijklmnopqrstuvwxyz\1\2\3";
    put(mem, reply, strlen(reply));
    line_is(call("recv", 4, mem, 64, 0x40 | 0x100, 0, 0), 39,
            "recv(4, \"0123456789abcdefghijklmnopqrstuv\"..., 64, "
            "MSG_DONTWAIT|MSG_WAITALL) = 39");
    line_is(call("recvfrom", 3, mem, 32, 0, 0, 0), -11,
            "recvfrom(3, 0x4000000, 32, 0, NULL, NULL) = -1 EAGAIN");
    put(mem, "x\0012", 3);
    line_is(call("sendto", 4, mem, 3, 0x4000, 0, 0), 3,
            "sendto(4, \"x\\0012\", 3, MSG_NOSIGNAL, NULL, 0) = 3");
}

/* struct msghdr of i386, with an SCM_RIGHTS message. */
static void test_msghdr(void **state)
{
    (void)state;
    uint32_t iov = mem + 256, ctl = mem + 512, data = mem + 768;
    put(data, "fd", 2);
    uint32_t v[2] = {data, 2};
    put(iov, v, sizeof(v));
    uint32_t cm[4] = {16, 1, 1, 3}; /* len, SOL_SOCKET, SCM_RIGHTS, fd 3 */
    put(ctl, cm, sizeof(cm));
    uint32_t mh[7] = {0, 0, iov, 1, ctl, 16, 0};
    put(mem, mh, sizeof(mh));
    line_is(
        call("sendmsg", 3, mem, 0, 0, 0, 0), 2,
        "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd\", "
        "iov_len=2}], msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, "
        "cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=16, msg_flags=0}, 0) = 2");
    v[1] = 8;
    put(iov, v, sizeof(v));
    mh[6] = 0x40000000;
    put(mem, mh, sizeof(mh));
    line_is(
        call("recvmsg", 4, mem, 0x40000000, 0, 0, 0), 2,
        "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd\", "
        "iov_len=8}], msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, "
        "cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=16, "
        "msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 2");
    line_is(call("recvmsg", 4, 0, 0, 0, 0, 0), -14, "recvmsg(4, NULL, 0) = -1 EFAULT");
}

/* recvmmsg: the vector at exit, the timeout as it was at entry, and what
 * is left of it after the value. */
static void test_recvmmsg(void **state)
{
    (void)state;
    uint32_t iov = mem + 256, data = mem + 512, ts = mem + 768;
    uint32_t v[2] = {data, 8};
    put(iov, v, sizeof(v));
    uint32_t mh[8] = {0, 0, iov, 1, 0, 0, 0, 0};
    put(mem, mh, sizeof(mh));
    int32_t t[2] = {5, 0};
    put(ts, t, sizeof(t));
    struct tcall *c = call("recvmmsg", 3, mem, 1, 0, ts, 0);
    int entry = decoder("recvmmsg")(c);
    assert_int_equal(entry, TD_EXIT);
    put(data, "ab", 2);
    put32(mem + 28, 2); /* msg_len */
    t[0] = 4;
    t[1] = 999995523;
    put(ts, t, sizeof(t));
    exit_is(
        c, entry, 1,
        "recvmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ab\", "
        "iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}], 1, 0, "
        "{tv_sec=5, tv_nsec=0}) = 1 (left {tv_sec=4, tv_nsec=999995523})");
    line_is(call("recvmmsg", 3, mem, 1, 0x40, ts, 0), -11,
            "recvmmsg(3, 0x4000000, 1, MSG_DONTWAIT, {tv_sec=4, tv_nsec=999995523}) = -1 "
            "EAGAIN");
    line_is(call("recvmmsg", 3, mem, 1, 0, ts, 0), 0,
            "recvmmsg(3, [], 1, 0, {tv_sec=4, tv_nsec=999995523}) = 0 (Timeout)");
}

/* An AF_UNIX peer with no name: the family alone. */
static void test_unnamed_unix(void **state)
{
    (void)state;
    put32(mem + 128, 110);
    struct tcall *c = call("accept", 3, mem, mem + 128, 0, 0, 0);
    int entry = decoder("accept")(c);
    uint8_t un[2] = {1, 0};
    put(mem, un, 2);
    put32(mem + 128, 2);
    exit_is(c, entry, 5, "accept(3, {sa_family=AF_UNIX}, [110 => 2]) = 5");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_socketcall_subcalls, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_subcalls, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_semctl, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_msgrcv_kludge, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_shmat, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_flags, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipc_structs, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_sembuf_abbrev, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_sockaddrs, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_socket_calls, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_send_recv, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_msghdr, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_recvmmsg, net_setup, teardown),
        cmocka_unit_test_setup_teardown(test_unnamed_unix, net_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
