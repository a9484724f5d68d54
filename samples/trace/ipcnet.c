/* Sockets and System V IPC for the tracer, both ways an i386 program makes
 * them: through glibc (the direct calls of 4.3 and 5.1) and through the
 * multiplexers socketcall(2) and ipc(2) by number, whose sub-calls strace
 * names as the calls themselves. One process, loopback only, private IPC
 * objects removed at the end: the same trace natively and under relic, up
 * to ports, addresses and IPC ids. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <unistd.h>

/* socketcall(2) call numbers (linux/net.h) and ipc(2) ones (linux/ipc.h). */
enum {
    SC_SOCKET = 1,
    SC_BIND,
    SC_CONNECT,
    SC_LISTEN,
    SC_ACCEPT,
    SC_GETSOCKNAME,
    SC_GETPEERNAME,
    SC_SOCKETPAIR,
    SC_SEND,
    SC_RECV,
    SC_SENDTO,
    SC_RECVFROM,
    SC_SHUTDOWN,
    SC_SETSOCKOPT,
    SC_GETSOCKOPT,
    SC_SENDMSG,
    SC_RECVMSG,
    SC_ACCEPT4,
};
enum {
    IPC_SEMOP = 1,
    IPC_SEMGET,
    IPC_SEMCTL,
    IPC_SEMTIMEDOP,
    IPC_MSGSND = 11,
    IPC_MSGRCV,
    IPC_MSGGET,
    IPC_MSGCTL,
    IPC_SHMAT = 21,
    IPC_SHMDT,
    IPC_SHMGET,
    IPC_SHMCTL,
};
#define IPC_VERSION(v) ((v) << 16)

static long sc(int call, unsigned long a0, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5)
{
    unsigned long args[6] = {a0, a1, a2, a3, a4, a5};
    return syscall(SYS_socketcall, call, args);
}

static long ipc(unsigned call, long first, long second, long third, void *ptr, long fifth)
{
    return syscall(SYS_ipc, call, first, second, third, ptr, fifth);
}

/* TCP over 127.0.0.1 in one process: the backlog completes the connect. */
static void tcp(void)
{
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(l, (struct sockaddr *)&a, sizeof(a));
    socklen_t alen = sizeof(a);
    getsockname(l, (struct sockaddr *)&a, &alen);
    listen(l, 4);

    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    struct sockaddr_in peer;
    socklen_t plen = sizeof(peer) + 4; /* more room than it needs */
    int s = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    int type = 0;
    socklen_t tlen = sizeof(type);
    getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &tlen);
    getsockopt(s, SOL_SOCKET, SO_ERROR, &type, &tlen);
    getsockopt(c, SOL_SOCKET, SO_LINGER, &lg, &(socklen_t){sizeof(lg)});
    alen = sizeof(a);
    getpeername(c, (struct sockaddr *)&a, &alen);

    sendto(c, "hello, \"server\"\n", 16, MSG_NOSIGNAL, NULL, 0);
    char buf[64];
    recvfrom(s, buf, sizeof(buf), 0, NULL, NULL);
    /* a reply longer than -s 32, and a receive that asks for more */
    const char *reply = "0123456789abcdefghijklmnopqrstuvwxyz\1\2\3";
    send(s, reply, strlen(reply), 0);
    /* blocking receives only where data is expected: loopback may hand a
     * packet over a moment after the send returns */
    recv(c, buf, sizeof(buf), MSG_PEEK);
    recv(c, buf, sizeof(buf), 0);
    shutdown(c, SHUT_WR);
    recv(s, buf, sizeof(buf), 0); /* end of stream: 0 */
    close(c);
    close(s);

    /* the multiplexer: plain accept and send/recv exist only there */
    c = sc(SC_SOCKET, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
    sc(SC_CONNECT, c, (unsigned long)&a, sizeof(a), 0, 0, 0);
    plen = sizeof(peer);
    s = sc(SC_ACCEPT, l, (unsigned long)&peer, (unsigned long)&plen, 0, 0, 0);
    sc(SC_SEND, c, (unsigned long)"via socketcall", 14, 0, 0, 0);
    sc(SC_RECV, s, (unsigned long)buf, sizeof(buf), 0, 0, 0);
    sc(SC_GETPEERNAME, s, (unsigned long)&peer, (unsigned long)&plen, 0, 0, 0);
    sc(SC_SETSOCKOPT, s, SOL_SOCKET, SO_KEEPALIVE, (unsigned long)&one, sizeof(one), 0);
    sc(SC_GETSOCKOPT, s, SOL_SOCKET, SO_KEEPALIVE, (unsigned long)&type,
       (unsigned long)&tlen, 0);
    sc(SC_SHUTDOWN, s, SHUT_RDWR, 0, 0, 0, 0);
    sc(99, 0, 0, 0, 0, 0, 0);                       /* not a call: EINVAL */
    syscall(SYS_socketcall, SC_SOCKET, (void *)16); /* args unreadable */
    close(c);
    close(s);

    /* a port nobody listens on: ECONNREFUSED */
    close(l);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    close(c);
}

static void udp(void)
{
    int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(u, (struct sockaddr *)&a, sizeof(a));
    socklen_t alen = sizeof(a);
    getsockname(u, (struct sockaddr *)&a, &alen);
    char buf[32];
    recvfrom(u, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL); /* nothing yet: EAGAIN */
    sendto(u, "ping", 4, 0, (struct sockaddr *)&a, sizeof(a));
    struct sockaddr_in from;
    socklen_t flen = sizeof(from);
    recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);

    /* two datagrams out and in again, each of two iovecs */
    struct iovec out[2][2] = {{{"one", 3}, {"-a", 2}}, {{"two", 3}, {"-b", 2}}};
    struct mmsghdr m[2];
    memset(m, 0, sizeof(m));
    for (int i = 0; i < 2; i++) {
        m[i].msg_hdr.msg_name = &a;
        m[i].msg_hdr.msg_namelen = sizeof(a);
        m[i].msg_hdr.msg_iov = out[i];
        m[i].msg_hdr.msg_iovlen = 2;
    }
    sendmmsg(u, m, 2, 0);
    char in[2][8];
    struct iovec iv[2] = {{in[0], 8}, {in[1], 8}};
    struct sockaddr_in names[2];
    memset(m, 0, sizeof(m));
    for (int i = 0; i < 2; i++) {
        m[i].msg_hdr.msg_name = &names[i];
        m[i].msg_hdr.msg_namelen = sizeof(names[i]);
        m[i].msg_hdr.msg_iov = &iv[i];
        m[i].msg_hdr.msg_iovlen = 1;
    }
    recvmmsg(u, m, 2, 0, NULL);
    close(u);

    /* IPv6 loopback, when the host has it (the same answer either way) */
    int u6 = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6,
                              .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    bind(u6, (struct sockaddr *)&a6, sizeof(a6));
    close(u6);
}

/* AF_UNIX: a socketpair passing a descriptor, and a named socket. */
static void unix_sockets(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof(ctl));
    struct iovec iov = {"fd", 2};
    struct msghdr mh = {.msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = ctl.buf,
                        .msg_controllen = sizeof(ctl.buf)};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &sv[0], sizeof(int));
    sendmsg(sv[0], &mh, 0);
    char data[8];
    struct iovec riov = {data, sizeof(data)};
    memset(&ctl, 0, sizeof(ctl));
    struct msghdr rh = {.msg_iov = &riov,
                        .msg_iovlen = 1,
                        .msg_control = ctl.buf,
                        .msg_controllen = sizeof(ctl.buf)};
    recvmsg(sv[1], &rh, MSG_CMSG_CLOEXEC);
    int passed;
    memcpy(&passed, CMSG_DATA(CMSG_FIRSTHDR(&rh)), sizeof(int));
    close(passed);
    close(sv[0]);
    close(sv[1]);

    /* the multiplexer's socketpair */
    sc(SC_SOCKETPAIR, AF_UNIX, SOCK_DGRAM, 0, (unsigned long)sv, 0, 0);
    sc(SC_SENDTO, sv[0], (unsigned long)"dgram", 5, 0, 0, 0);
    sc(SC_RECVFROM, sv[1], (unsigned long)data, sizeof(data), 0, 0, 0);
    close(sv[0]);
    close(sv[1]);

    /* a named socket, relative to the directory we run in */
    unlink("ipcnet.sock");
    int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    struct sockaddr_un un = {.sun_family = AF_UNIX, .sun_path = "ipcnet.sock"};
    bind(l, (struct sockaddr *)&un, sizeof(un));
    listen(l, 1);
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    connect(c, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 12);
    struct sockaddr_un peer;
    socklen_t plen = sizeof(peer);
    int s = accept(l, (struct sockaddr *)&peer, &plen);
    plen = sizeof(peer);
    getsockname(s, (struct sockaddr *)&peer, &plen);
    close(s);
    close(c);
    close(l);
    unlink("ipcnet.sock");
}

static void sem_and_msg(void)
{
    int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | IPC_EXCL | 0600);
    struct sembuf ops[2] = {{0, 1, 0}, {1, 2, SEM_UNDO}};
    semop(sem, ops, 2);
    struct sembuf take = {0, -1, IPC_NOWAIT};
    struct timespec ts = {0, 1000};
    semtimedop(sem, &take, 1, &ts);
    semctl(sem, 1, GETVAL);
    struct semid_ds ds;
    semctl(sem, 0, IPC_STAT, &ds);
    /* the multiplexer: semop exists only there (and as semtimedop) */
    ipc(IPC_SEMOP, sem, 1, 0, ops, 0);
    ipc(IPC_SEMTIMEDOP, sem, 1, 0, &take, (long)&ts);
    unsigned long semun = 5; /* union semun { int val; ... }: SETVAL's */
    ipc(IPC_SEMCTL, sem, 1, SETVAL, &semun, 0);
    semun = (unsigned long)&ds;
    ipc(IPC_SEMCTL, sem, 0, IPC_STAT | 0x100, &semun, 0);
    semctl(sem, 0, IPC_RMID);
    semop(sem, ops, 1); /* gone: EINVAL */
    int sem2 = ipc(IPC_SEMGET, IPC_PRIVATE, 1, IPC_CREAT | 0640, NULL, 0);
    semun = 0;
    ipc(IPC_SEMCTL, sem2, 0, IPC_RMID, &semun, 0);

    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    struct {
        long mtype;
        char mtext[48];
    } msg = {7, "a message of System V"};
    msgsnd(q, &msg, 21, 0);
    msgrcv(q, &msg, sizeof(msg.mtext), 0, MSG_NOERROR);
    msgrcv(q, &msg, sizeof(msg.mtext), 0, IPC_NOWAIT); /* empty: ENOMSG */
    struct msqid_ds qs;
    msgctl(q, IPC_STAT, &qs);
    ipc(IPC_MSGSND, q, 21, 0, &msg, 0);
    /* version 0 passes msgp and msgtyp in a struct ipc_kludge */
    struct {
        void *msgp;
        long msgtyp;
    } kludge = {&msg, 7};
    ipc(IPC_MSGRCV, q, sizeof(msg.mtext), IPC_NOWAIT, &kludge, 0);
    ipc(IPC_MSGRCV, q, sizeof(msg.mtext), IPC_NOWAIT, &kludge, 0); /* ENOMSG */
    ipc(IPC_MSGSND, q, 4, 0, &msg, 0);
    ipc(IPC_VERSION(1) | IPC_MSGRCV, q, sizeof(msg.mtext), 0, &msg, 7);
    ipc(IPC_MSGCTL, q, IPC_RMID, 0, NULL, 0);
    int q2 = ipc(IPC_MSGGET, IPC_PRIVATE, IPC_CREAT | 0600, 0, NULL, 0);
    msgctl(q2, IPC_RMID, NULL);
}

static void shm(void)
{
    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | IPC_EXCL | 0600);
    char *p = shmat(id, NULL, 0);
    strcpy(p, "shared");
    char *r = shmat(id, NULL, SHM_RDONLY);
    shmdt(r);
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    shmdt(p);
    /* the multiplexer: shmat's address comes back through third */
    unsigned long at = 0;
    ipc(IPC_SHMAT, id, SHM_RDONLY, (long)&at, NULL, 0);
    ipc(IPC_SHMDT, 0, 0, 0, (void *)at, 0);
    ipc(IPC_SHMAT, id, SHM_REMAP, (long)&at, NULL, 0); /* no address: EINVAL */
    ipc(IPC_SHMCTL, id, IPC_STAT | 0x100, 0, &ds, 0);
    ipc(IPC_SHMCTL, id, IPC_RMID, 0, NULL, 0);
    shmctl(id, IPC_RMID, NULL); /* gone: EINVAL */
    int id2 = ipc(IPC_SHMGET, IPC_PRIVATE, 4096, IPC_CREAT | 0600, NULL, 0);
    shmctl(id2, IPC_RMID, NULL);
    ipc(99, 1, 2, 3, NULL, 5); /* not a call: ENOSYS */
}

/* Forms strace has for odd values, bad pointers and failures. */
static void edges(void)
{
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    memcpy(un.sun_path, "\0abs\001name", 9); /* abstract, unprintable byte */
    bind(s, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 9);
    socklen_t len = sizeof(un);
    getsockname(s, (struct sockaddr *)&un, &len);
    close(s);
    socket(AF_INET, 7, 0);
    socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | 0x100000, IPPROTO_RAW);
    socket(99, SOCK_STREAM, 5);
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl snl = {.nl_family = AF_NETLINK};
    bind(nl, (struct sockaddr *)&snl, sizeof(snl));
    close(nl);

    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(u, (struct sockaddr *)&a, sizeof(a));
    len = sizeof(a);
    getsockname(u, (struct sockaddr *)&a, &len);
    int one = 1;
    struct timeval tv = {1, 5};
    setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, &(socklen_t){sizeof(tv)});
    setsockopt(u, SOL_IP, IP_TTL, &one, sizeof(one));
    setsockopt(u, SOL_IP, IP_RECVTTL, &one, sizeof(one));
    setsockopt(u, SOL_SOCKET, 9999, &one, sizeof(one));
    setsockopt(u, 9999, 1, "abcdefgh", 8);
    struct ip_mreq mr = {{htonl(0xe0000001)}, {htonl(INADDR_LOOPBACK)}};
    setsockopt(u, SOL_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
    char buf[16];
    struct iovec iv = {buf, sizeof(buf)};
    struct mmsghdr mm = {.msg_hdr = {.msg_iov = &iv, .msg_iovlen = 1}};
    struct timespec ts = {0, 1000000};
    recvmmsg(u, &mm, 1, MSG_DONTWAIT, &ts); /* EAGAIN */
    sendto(u, "x\0012", 3, 0, (struct sockaddr *)&a, sizeof(a));
    union {
        char buf[128];
        struct cmsghdr align;
    } ctl;
    struct sockaddr_in from;
    struct msghdr mh = {.msg_name = &from,
                        .msg_namelen = sizeof(from) + 2,
                        .msg_iov = &iv,
                        .msg_iovlen = 1,
                        .msg_control = ctl.buf,
                        .msg_controllen = sizeof(ctl.buf)};
    recvmsg(u, &mh, 0); /* with the received TTL */
    connect(u, (struct sockaddr *)&a, 1);
    connect(u, (struct sockaddr *)8, 16);
    connect(u, NULL, 0);
    bind(u, (struct sockaddr *)&a, 200);
    shutdown(u, 7);
    listen(u, -1);
    accept4(u, NULL, NULL, SOCK_NONBLOCK);
    accept(u, (struct sockaddr *)&a, NULL);
    recvfrom(u, buf, 4, MSG_DONTWAIT, (struct sockaddr *)&a, &len);
    close(u);

    shmget(0x7e1ec0de, 4096, 0); /* no such key: ENOENT */
    semget(0x7e1ec0de, 1, 0x400000 | 0600);
    msgget(0x7e1ec0de, IPC_EXCL);
    int id = shmget(IPC_PRIVATE, 4096, (4 << 26) | 0644); /* a size, no SHM_HUGETLB */
    shmctl(id, IPC_RMID, NULL);
    msgctl(-1, IPC_STAT, NULL);
    struct sembuf sb[40];
    memset(sb, 0, sizeof(sb));
    semop(-1, sb, 40); /* more than -s: cut short */
    msgsnd(-1, (void *)8, 4, 0);
    msgrcv(-1, NULL, 4, -3, MSG_EXCEPT | MSG_NOERROR);
    shmat(-1, (void *)0x1000, SHM_RND | SHM_EXEC | 0x400);
    shmdt((void *)0x1234);
    ipc(IPC_VERSION(2) | IPC_SHMDT, 0, 0, 0, NULL, 0);
    ipc(IPC_VERSION(1) | 99, 0, 0, 0, NULL, 0);
}

int main(void)
{
    tcp();
    udp();
    unix_sockets();
    sem_and_msg();
    shm();
    edges();
    puts("done");
    return 0;
}
