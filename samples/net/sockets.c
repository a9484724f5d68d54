/* Sockets as a program sees them: socketpair with SCM_RIGHTS and
 * SCM_CREDENTIALS, AF_UNIX stream and datagram, TCP and UDP on 127.0.0.1
 * between a parent and a forked child, options (SO_RCVTIMEO, SO_LINGER,
 * SO_TYPE), a message of several iovecs, and the socketcall(2) multiplexer
 * by number. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void rights_and_creds(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int one = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
    int pfd[2];
    pipe(pfd);
    char cbuf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
    memset(cbuf, 0, sizeof(cbuf));
    struct iovec iov = {"fd!", 3};
    struct msghdr m = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = cbuf,
                       .msg_controllen = sizeof(cbuf)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pfd[1], sizeof(int));
    c = CMSG_NXTHDR(&m, c);
    struct ucred uc = {getpid(), getuid(), getgid()};
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(uc));
    memcpy(CMSG_DATA(c), &uc, sizeof(uc));
    printf("sendmsg with fd and creds: %zd\n", sendmsg(sv[0], &m, 0));
    char data[8] = {0};
    char rbuf[256];
    struct iovec riov = {data, sizeof(data)};
    struct msghdr r = {.msg_iov = &riov,
                       .msg_iovlen = 1,
                       .msg_control = rbuf,
                       .msg_controllen = sizeof(rbuf)};
    ssize_t n = recvmsg(sv[1], &r, 0);
    printf("recvmsg: %zd '%s' flags %d\n", n, data, r.msg_flags);
    for (c = CMSG_FIRSTHDR(&r); c; c = CMSG_NXTHDR(&r, c)) {
        if (c->cmsg_type == SCM_RIGHTS) {
            int fd;
            memcpy(&fd, CMSG_DATA(c), sizeof(fd));
            write(fd, "via passed fd", 13);
            char got[32] = {0};
            read(pfd[0], got, sizeof(got) - 1);
            printf("SCM_RIGHTS len %zu: wrote through it: %s\n", (size_t)c->cmsg_len,
                   got);
            close(fd);
        } else if (c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred u;
            memcpy(&u, CMSG_DATA(c), sizeof(u));
            printf("SCM_CREDENTIALS len %zu: pid is mine %d, uid %d\n",
                   (size_t)c->cmsg_len, u.pid == getpid(), (int)u.uid);
        }
    }
    /* a control buffer too small: MSG_CTRUNC */
    send(sv[0], "x", 1, 0);
    write(sv[0], "", 0);
    int fds[2] = {pfd[0], pfd[1]};
    char small_c[CMSG_SPACE(2 * sizeof(int))];
    m.msg_control = small_c;
    m.msg_controllen = CMSG_SPACE(2 * sizeof(int));
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), fds, sizeof(fds));
    sendmsg(sv[0], &m, 0);
    char tiny[CMSG_SPACE(0) + 4];
    r.msg_control = tiny;
    r.msg_controllen = sizeof(tiny);
    recv(sv[1], data, 1, 0);
    n = recvmsg(sv[1], &r, 0);
    printf("short control buffer: %zd, MSG_CTRUNC %s\n", n,
           (r.msg_flags & MSG_CTRUNC) ? "set" : "clear");
    close(sv[0]);
    close(sv[1]);
}

static void unix_sockets(void)
{
    char path[] = "/tmp/relic-sock-XXXXXX";
    int tmp = mkstemp(path);
    close(tmp);
    unlink(path);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, path);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    int bd = bind(l, (struct sockaddr *)&sa, sizeof(sa));
    int li = listen(l, 4);
    printf("bind: %d listen: %d\n", bd, li);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        connect(s, (struct sockaddr *)&sa, sizeof(sa));
        struct iovec v[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
        struct msghdr m = {.msg_iov = v, .msg_iovlen = 3};
        sendmsg(s, &m, 0);
        _exit(0);
    }
    struct sockaddr_un peer;
    socklen_t plen = sizeof(peer);
    int s = accept(l, (struct sockaddr *)&peer, &plen);
    printf("accept: family %d, address length %u\n", peer.sun_family, (unsigned)plen);
    char a[5] = {0}, b[20] = {0};
    struct iovec v[2] = {{a, 4}, {b, sizeof(b) - 1}};
    struct msghdr m = {.msg_iov = v, .msg_iovlen = 2};
    ssize_t n = 0, k;
    while ((k = recvmsg(s, &m, MSG_WAITALL)) > 0 && (n += k) < 13) {
        v[0].iov_len = 0;
        v[1].iov_base = b + (n - 4);
        v[1].iov_len = sizeof(b) - 1 - (n - 4);
    }
    printf("recvmsg into two iovecs: %zd '%s' '%s'\n", n, a, b);
    waitpid(c, NULL, 0);
    socklen_t sl = sizeof(sa);
    struct sockaddr_un me;
    getsockname(l, (struct sockaddr *)&me, &sl);
    printf("getsockname names the path: %s\n",
           strcmp(me.sun_path, path) == 0 ? "yes" : "no");
    close(s);
    close(l);
    unlink(path);
    /* datagrams */
    int d[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
    send(d[0], "first", 5, 0);
    send(d[0], "second", 6, 0);
    char buf[16] = {0};
    ssize_t first = recv(d[1], buf, 3, 0);
    printf("dgram: %zd '%.3s' (truncated)", first, buf);
    printf(", then %zd\n", recv(d[1], buf, sizeof(buf), 0));
    struct msghdr tm = {0};
    char t2[2];
    struct iovec tv = {t2, 2};
    tm.msg_iov = &tv;
    tm.msg_iovlen = 1;
    send(d[0], "abcdef", 6, 0);
    ssize_t tn = recvmsg(d[1], &tm, 0);
    printf("recvmsg of a longer datagram: %zd, MSG_TRUNC %s\n", tn,
           (tm.msg_flags & MSG_TRUNC) ? "set" : "clear");
    close(d[0]);
    close(d[1]);
}

static void inet(void)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(l, (struct sockaddr *)&a, sizeof(a));
    listen(l, 1);
    socklen_t al = sizeof(a);
    getsockname(l, (struct sockaddr *)&a, &al);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0)
            _exit(1);
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        send(s, "ping", 4, 0);
        char r[8] = {0};
        recv(s, r, 4, MSG_WAITALL);
        _exit(strcmp(r, "pong") == 0 ? 0 : 2);
    }
    struct sockaddr_in peer;
    socklen_t pl = sizeof(peer);
    int s = accept4(l, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
    char r[8] = {0};
    recv(s, r, 4, MSG_WAITALL);
    send(s, "pong", 4, 0);
    int st;
    waitpid(c, &st, 0);
    printf("tcp: got '%s', peer is loopback %d, cloexec %d, child status %d\n", r,
           peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           (fcntl(s, F_GETFD) & FD_CLOEXEC) != 0, WEXITSTATUS(st));
    close(s);
    close(l);
    /* UDP with sendto/recvfrom */
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(u, (struct sockaddr *)&ua, sizeof(ua));
    al = sizeof(ua);
    getsockname(u, (struct sockaddr *)&ua, &al);
    int u2 = socket(AF_INET, SOCK_DGRAM, 0);
    sendto(u2, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof(ua));
    struct sockaddr_in from;
    socklen_t fl = sizeof(from);
    char buf[16] = {0};
    ssize_t n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
    printf("udp: %zd '%s' from loopback %d, address length %u\n", n, buf,
           from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), (unsigned)fl);
    /* options */
    struct timeval tv = {0, 200000}, got;
    socklen_t gl = sizeof(got);
    setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &got, &gl);
    printf("SO_RCVTIMEO: %ld.%06ld (length %u)\n", (long)got.tv_sec, (long)got.tv_usec,
           (unsigned)gl);
    n = recv(u, buf, sizeof(buf), 0);
    printf("recv past the timeout: %zd %s\n", n, strerrorname_np(errno));
    int type;
    gl = sizeof(type);
    getsockopt(u, SOL_SOCKET, SO_TYPE, &type, &gl);
    struct linger lg = {1, 5}, lg2;
    setsockopt(u2, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    gl = sizeof(lg2);
    getsockopt(u2, SOL_SOCKET, SO_LINGER, &lg2, &gl);
    printf("SO_TYPE %d, SO_LINGER %d/%d\n", type, lg2.l_onoff, lg2.l_linger);
    int bad = setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, 3);
    printf("bad option length: %d %s\n", bad, strerrorname_np(errno));
    close(u);
    close(u2);
}

/* The multiplexer, as libcs before Linux 4.3 call it. */
static void socketcall(void)
{
    unsigned long args[6] = {AF_UNIX, SOCK_DGRAM, 0};
    long fd = syscall(SYS_socketcall, 1 /* SYS_SOCKET */, args);
    int sv[2];
    unsigned long pa[4] = {AF_UNIX, SOCK_STREAM, 0, (unsigned long)sv};
    long r = syscall(SYS_socketcall, 8 /* SYS_SOCKETPAIR */, pa);
    unsigned long sa[4] = {(unsigned long)sv[0], (unsigned long)"mux", 3, 0};
    long s = syscall(SYS_socketcall, 9 /* SYS_SEND */, sa);
    char buf[4] = {0};
    unsigned long ra[4] = {(unsigned long)sv[1], (unsigned long)buf, 3, 0};
    long g = syscall(SYS_socketcall, 10 /* SYS_RECV */, ra);
    printf("socketcall: socket %s, socketpair %ld, send %ld, recv %ld '%s'\n",
           fd >= 0 ? "ok" : "failed", r, s, g, buf);
    errno = 0;
    long bad = syscall(SYS_socketcall, 99, args);
    printf("socketcall 99: %ld %s\n", bad, strerrorname_np(errno));
    errno = 0;
    bad = syscall(SYS_socketcall, 1, (void *)16);
    printf("socketcall with a bad pointer: %ld %s\n", bad, strerrorname_np(errno));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    rights_and_creds();
    unix_sockets();
    inet();
    socketcall();
    return 0;
}
