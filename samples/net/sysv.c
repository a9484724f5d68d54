/* System V semaphores and message queues: through glibc (the direct calls
 * or ipc(2), as glibc chooses) and through ipc(117) by number with the old
 * (non-IPC_64) structures a 1990s libc used, shared with a forked child. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

struct msg {
    long type;
    char text[32];
};

/* The old i386 structures, as the kernel lays them out without IPC_64. */
struct old_ipc_perm {
    int key;
    unsigned short uid, gid, cuid, cgid, mode, seq;
};
struct old_msqid_ds {
    struct old_ipc_perm perm;
    unsigned first, last;
    int stime, rtime, ctime;
    unsigned lcbytes, lqbytes;
    unsigned short cbytes, qnum, qbytes, lspid, lrpid;
};

static void semaphores(void)
{
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    unsigned short init[3] = {1, 0, 5};
    union semun u = {.array = init};
    printf("SETALL: %d\n", semctl(id, 0, SETALL, u));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct sembuf up = {1, 1, 0};
        usleep(100000);
        semop(id, &up, 1); /* releases the parent */
        _exit(0);
    }
    struct sembuf down = {1, -1, 0};
    int r = semop(id, &down, 1);
    printf("semop waited for the child: %d\n", r);
    waitpid(c, NULL, 0);
    unsigned short got[3];
    u.array = got;
    semctl(id, 0, GETALL, u);
    printf("GETALL: %u %u %u, GETVAL 2: %d\n", got[0], got[1], got[2],
           semctl(id, 2, GETVAL));
    struct semid_ds ds;
    u.buf = &ds;
    semctl(id, 0, IPC_STAT, u);
    printf("IPC_STAT: nsems %lu, mode %o, uid is mine %d\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777, ds.sem_perm.uid == getuid());
    struct sembuf nowait = {1, -1, IPC_NOWAIT};
    errno = 0;
    r = semop(id, &nowait, 1);
    printf("semop IPC_NOWAIT on 0: %d %s\n", r, strerrorname_np(errno));
    struct timespec ts = {0, 50000000};
    errno = 0;
    r = semtimedop(id, &down, 1, &ts);
    printf("semtimedop timeout: %d %s\n", r, strerrorname_np(errno));
    printf("IPC_RMID: %d\n", semctl(id, 0, IPC_RMID));
    errno = 0;
    r = semctl(id, 0, GETVAL);
    printf("after IPC_RMID: %d %s\n", r, strerrorname_np(errno));
}

static void queues(void)
{
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct msg m = {2, "second type"};
        msgsnd(id, &m, strlen(m.text) + 1, 0);
        struct msg n = {1, "first type"};
        msgsnd(id, &n, strlen(n.text) + 1, 0);
        _exit(0);
    }
    struct msg m;
    ssize_t n = msgrcv(id, &m, sizeof(m.text), 1, 0);
    printf("msgrcv type 1: %zd type %ld '%s'\n", n, m.type, m.text);
    n = msgrcv(id, &m, sizeof(m.text), 0, 0);
    printf("msgrcv any: %zd type %ld '%s'\n", n, m.type, m.text);
    waitpid(c, NULL, 0);
    errno = 0;
    n = msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT);
    printf("empty queue: %zd %s\n", n, strerrorname_np(errno));
    struct msg big = {3, "0123456789012345678901234567890"};
    msgsnd(id, &big, 32, 0);
    errno = 0;
    n = msgrcv(id, &m, 8, 3, 0);
    printf("too small without MSG_NOERROR: %zd %s\n", n, strerrorname_np(errno));
    n = msgrcv(id, &m, 8, 3, MSG_NOERROR);
    printf("with MSG_NOERROR: %zd '%.8s'\n", n, m.text);
    struct msqid_ds ds;
    msgctl(id, IPC_STAT, &ds);
    printf("IPC_STAT: qnum %lu, mode %o\n", (unsigned long)ds.msg_qnum,
           ds.msg_perm.mode & 0777);
    /* ipc(117) by number: MSGSND (11), MSGRCV version 0 with its kludge
     * (12), MSGCTL IPC_STAT with the old structure (14). */
    struct msg o = {9, "through ipc()"};
    long r = syscall(SYS_ipc, 11, id, (long)strlen(o.text) + 1, 0, &o);
    struct {
        void *msgp;
        long type;
    } kludge = {&m, 9};
    long got = syscall(SYS_ipc, 12, id, (long)sizeof(m.text), 0, &kludge);
    printf("ipc MSGSND %ld, MSGRCV (version 0) %ld type %ld '%s'\n", r, got, m.type,
           m.text);
    struct old_msqid_ds old;
    memset(&old, 0, sizeof(old));
    r = syscall(SYS_ipc, 14, id, IPC_STAT, 0, &old);
    printf("ipc MSGCTL old IPC_STAT: %ld, mode %o, qbytes nonzero %d\n", r,
           old.perm.mode & 0777, old.qbytes != 0 || old.lqbytes != 0);
    errno = 0;
    r = syscall(SYS_ipc, 99, 0, 0, 0, 0);
    printf("ipc 99: %ld %s\n", r, strerrorname_np(errno));
    printf("IPC_RMID: %d\n", msgctl(id, IPC_RMID, NULL));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    semaphores();
    queues();
    return 0;
}
