/* System V semaphores and message queues: the ipc(2) multiplexer every i386
 * kernel has, and the direct calls of 5.1. The objects are the host's own,
 * so guests and native programs on this machine share them as programs of
 * one machine do; what is converted is the i386 layout of each structure
 * (the old ones with 16-bit ids, and the IPC_64 ones) and of struct msgbuf,
 * whose mtype is a 32-bit long. Shared memory segments are the host's too,
 * attached over guest frames by mm (mm/sysvshm.c). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>

#define L_IPC_64 0x0100
#define MAX_MSG  (1u << 20) /* larger than any msgmax the host allows */
#define MAX_SEMS 32000      /* SEMMSL's ceiling */

/* ---- struct ipc_perm, old (16-bit ids) and ipc64 ---- */

struct guest_ipc_perm {
    int32_t key;
    uint16_t uid, gid, cuid, cgid, mode, seq;
};
struct guest_ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint16_t mode, pad1, seq, pad2;
    uint32_t unused1, unused2;
};
_Static_assert(sizeof(struct guest_ipc_perm) == 16, "i386 ipc_perm");
_Static_assert(sizeof(struct guest_ipc64_perm) == 36, "i386 ipc64_perm");

static uint16_t old_id(uint32_t id)
{
    return id > 65535 ? 65534 : (uint16_t)id;
}

static void perm_old(struct guest_ipc_perm *g, const struct ipc_perm *h)
{
    *g = (struct guest_ipc_perm){h->__key,          old_id(h->uid),  old_id(h->gid),
                                 old_id(h->cuid),   old_id(h->cgid), (uint16_t)h->mode,
                                 (uint16_t)h->__seq};
}

static void perm_64(struct guest_ipc64_perm *g, const struct ipc_perm *h)
{
    memset(g, 0, sizeof(*g));
    g->key = h->__key;
    g->uid = h->uid;
    g->gid = h->gid;
    g->cuid = h->cuid;
    g->cgid = h->cgid;
    g->mode = (uint16_t)h->mode;
    g->seq = (uint16_t)h->__seq;
}

/* IPC_SET reads only uid, gid and mode. */
static void perm_in(struct ipc_perm *h, uint32_t uid, uint32_t gid, uint32_t mode)
{
    h->uid = uid;
    h->gid = gid;
    h->mode = (unsigned short)mode;
}

/* ---- semaphores ---- */

struct guest_semid_ds { /* old */
    struct guest_ipc_perm perm;
    int32_t otime, ctime;
    uint32_t base, pending, pending_last, undo;
    uint16_t nsems, pad;
};
struct guest_semid64_ds {
    struct guest_ipc64_perm perm;
    uint32_t otime, otime_high, ctime, ctime_high, nsems, unused3, unused4;
};
_Static_assert(sizeof(struct guest_semid64_ds) == 64, "i386 semid64_ds");

union host_semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *info;
};

static long sem_stat_out(struct task *t, uint32_t va, const struct semid_ds *s, bool v64)
{
    if (v64) {
        struct guest_semid64_ds g;
        memset(&g, 0, sizeof(g));
        perm_64(&g.perm, &s->sem_perm);
        g.otime = (uint32_t)s->sem_otime;
        g.ctime = (uint32_t)s->sem_ctime;
        g.nsems = (uint32_t)s->sem_nsems;
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    struct guest_semid_ds g;
    memset(&g, 0, sizeof(g));
    perm_old(&g.perm, &s->sem_perm);
    g.otime = (int32_t)s->sem_otime;
    g.ctime = (int32_t)s->sem_ctime;
    g.nsems = (uint16_t)s->sem_nsems;
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

/* semctl(id, num, cmd, arg): arg is the value of union semun (a pointer or
 * an int), as the i386 kernel receives it. */
static long do_semctl(struct task *t, int id, int num, int cmd, uint32_t arg)
{
    bool v64 = cmd & L_IPC_64;
    cmd &= ~L_IPC_64;
    struct semid_ds ds;
    union host_semun u = {.buf = &ds};
    switch (cmd) {
    case IPC_RMID:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
        return HOST(semctl(id, num, cmd));
    case SETVAL:
        u.val = (int)arg;
        return HOST(semctl(id, num, cmd, u));
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        long r = HOST(semctl(id, num, cmd, u));
        if (r < 0)
            return r;
        return sem_stat_out(t, arg, &ds, v64) < 0 ? -EFAULT : r;
    }
    case IPC_SET: {
        long r = HOST(semctl(id, 0, IPC_STAT, u));
        if (r < 0)
            return r;
        if (v64) {
            struct guest_semid64_ds g;
            if (mm_copy_from(t->mm, &g, arg, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.sem_perm, g.perm.uid, g.perm.gid, g.perm.mode);
        } else {
            struct guest_semid_ds g;
            if (mm_copy_from(t->mm, &g, arg, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.sem_perm, g.perm.uid, g.perm.gid, g.perm.mode);
        }
        return HOST(semctl(id, 0, IPC_SET, u));
    }
    case GETALL:
    case SETALL: {
        long r = HOST(semctl(id, 0, IPC_STAT, u));
        if (r < 0)
            return r;
        size_t n = ds.sem_nsems > MAX_SEMS ? MAX_SEMS : ds.sem_nsems;
        unsigned short *vals = calloc(n ? n : 1, sizeof(*vals));
        if (!vals)
            return -ENOMEM;
        u.array = vals;
        if (cmd == SETALL && mm_copy_from(t->mm, vals, arg, n * 2) < 0)
            r = -EFAULT;
        else
            r = HOST(semctl(id, 0, cmd, u));
        if (r >= 0 && cmd == GETALL && mm_copy_to(t->mm, arg, vals, n * 2) < 0)
            r = -EFAULT;
        free(vals);
        return r;
    }
    case IPC_INFO:
    case SEM_INFO: { /* struct seminfo: ten ints, the same everywhere */
        struct seminfo si;
        u.info = &si;
        long r = HOST(semctl(id, num, cmd, u));
        if (r >= 0 && mm_copy_to(t->mm, arg, &si, sizeof(si)) < 0)
            return -EFAULT;
        return r;
    }
    }
    return -EINVAL;
}

/* semop/semtimedop: struct sembuf (u16, s16, s16) is the same on i386. */
static long do_semtimedop(struct task *t, int id, uint32_t sops, uint32_t nsops,
                          uint32_t ts_va, bool wide)
{
    if (nsops < 1)
        return -EINVAL;
    if (nsops > 4096)
        return -E2BIG;
    struct sembuf *ops = malloc(nsops * sizeof(*ops));
    if (!ops)
        return -ENOMEM;
    long r = mm_copy_from(t->mm, ops, sops, nsops * sizeof(*ops));
    struct timespec ts;
    if (r == 0 && ts_va)
        r = get_timespec(t, ts_va, &ts, wide);
    if (r == 0)
        r = host_blocking(t, SYS_semtimedop, id, (long)ops, nsops, ts_va ? (long)&ts : 0,
                          0, 0);
    free(ops);
    /* The kernel's semop answers a signal with EINTR, never a restart. */
    return r == -ERESTARTSYS ? -EINTR : r;
}

/* ---- message queues ---- */

struct guest_msqid_ds { /* old */
    struct guest_ipc_perm perm;
    uint32_t first, last;
    int32_t stime, rtime, ctime;
    uint32_t lcbytes, lqbytes;
    uint16_t cbytes, qnum, qbytes, lspid, lrpid, pad;
};
struct guest_msqid64_ds {
    struct guest_ipc64_perm perm;
    uint32_t stime, stime_high, rtime, rtime_high, ctime, ctime_high;
    uint32_t cbytes, qnum, qbytes, lspid, lrpid, unused4, unused5;
};
_Static_assert(sizeof(struct guest_msqid64_ds) == 88, "i386 msqid64_ds");

static long do_msgctl(struct task *t, int id, int cmd, uint32_t buf)
{
    bool v64 = cmd & L_IPC_64;
    cmd &= ~L_IPC_64;
    struct msqid_ds ds;
    switch (cmd) {
    case IPC_RMID:
        return HOST(msgctl(id, cmd, NULL));
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY: {
        long r = HOST(msgctl(id, cmd, &ds));
        if (r < 0)
            return r;
        if (v64) {
            struct guest_msqid64_ds g;
            memset(&g, 0, sizeof(g));
            perm_64(&g.perm, &ds.msg_perm);
            g.stime = (uint32_t)ds.msg_stime;
            g.rtime = (uint32_t)ds.msg_rtime;
            g.ctime = (uint32_t)ds.msg_ctime;
            g.cbytes = (uint32_t)ds.__msg_cbytes;
            g.qnum = (uint32_t)ds.msg_qnum;
            g.qbytes = (uint32_t)ds.msg_qbytes;
            g.lspid = (uint32_t)ds.msg_lspid;
            g.lrpid = (uint32_t)ds.msg_lrpid;
            return mm_copy_to(t->mm, buf, &g, sizeof(g)) < 0 ? -EFAULT : r;
        }
        struct guest_msqid_ds g;
        memset(&g, 0, sizeof(g));
        perm_old(&g.perm, &ds.msg_perm);
        g.stime = (int32_t)ds.msg_stime;
        g.rtime = (int32_t)ds.msg_rtime;
        g.ctime = (int32_t)ds.msg_ctime;
        g.lcbytes = (uint32_t)ds.__msg_cbytes;
        g.lqbytes = (uint32_t)ds.msg_qbytes;
        g.cbytes = (uint16_t)(ds.__msg_cbytes > 65535 ? 65535 : ds.__msg_cbytes);
        g.qnum = (uint16_t)(ds.msg_qnum > 65535 ? 65535 : ds.msg_qnum);
        g.qbytes = (uint16_t)(ds.msg_qbytes > 65535 ? 65535 : ds.msg_qbytes);
        g.lspid = old_id((uint32_t)ds.msg_lspid);
        g.lrpid = old_id((uint32_t)ds.msg_lrpid);
        return mm_copy_to(t->mm, buf, &g, sizeof(g)) < 0 ? -EFAULT : r;
    }
    case IPC_SET: {
        long r = HOST(msgctl(id, IPC_STAT, &ds));
        if (r < 0)
            return r;
        if (v64) {
            struct guest_msqid64_ds g;
            if (mm_copy_from(t->mm, &g, buf, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.msg_perm, g.perm.uid, g.perm.gid, g.perm.mode);
            ds.msg_qbytes = g.qbytes;
        } else {
            struct guest_msqid_ds g;
            if (mm_copy_from(t->mm, &g, buf, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.msg_perm, g.perm.uid, g.perm.gid, g.perm.mode);
            ds.msg_qbytes = g.qbytes ? g.qbytes : g.lqbytes;
        }
        return HOST(msgctl(id, IPC_SET, &ds));
    }
    case IPC_INFO:
    case MSG_INFO: { /* struct msginfo: seven ints and a short, the same */
        struct msginfo mi;
        long r = HOST(msgctl(id, cmd, (struct msqid_ds *)&mi));
        if (r >= 0 && mm_copy_to(t->mm, buf, &mi, sizeof(mi)) < 0)
            return -EFAULT;
        return r;
    }
    }
    return -EINVAL;
}

/* msgsnd: the guest's struct msgbuf has a 32-bit mtype. */
static long do_msgsnd(struct task *t, int id, uint32_t msgp, uint32_t size, int flags)
{
    if ((int32_t)size < 0)
        return -EINVAL;
    if (size > MAX_MSG)
        return -EINVAL;
    long *h = malloc(sizeof(long) + size);
    if (!h)
        return -ENOMEM;
    int32_t type;
    long r = mm_copy_from(t->mm, &type, msgp, 4);
    if (r == 0 && size)
        r = mm_copy_from(t->mm, h + 1, msgp + 4, size);
    if (r == 0) {
        h[0] = type;
        r = host_blocking(t, SYS_msgsnd, id, (long)h, size, flags, 0, 0);
    }
    free(h);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

static long do_msgrcv(struct task *t, int id, uint32_t msgp, uint32_t size, int32_t type,
                      int flags)
{
    if ((int32_t)size < 0)
        return -EINVAL;
    uint32_t cap = size > MAX_MSG ? MAX_MSG : size;
    long *h = malloc(sizeof(long) + cap);
    if (!h)
        return -ENOMEM;
    long r = host_blocking(t, SYS_msgrcv, id, (long)h, cap, type, flags, 0);
    if (r >= 0) {
        int32_t gt = (int32_t)h[0];
        if (mm_copy_to(t->mm, msgp, &gt, 4) < 0 ||
            (r && mm_copy_to(t->mm, msgp + 4, h + 1, (size_t)r) < 0))
            r = -EFAULT;
    }
    free(h);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

/* ---- shared memory ---- */

struct guest_shmid_ds { /* old */
    struct guest_ipc_perm perm;
    int32_t segsz, atime, dtime, ctime;
    uint16_t cpid, lpid;
    int16_t nattch;
    uint16_t unused;
    uint32_t unused2, unused3;
};
struct guest_shmid64_ds {
    struct guest_ipc64_perm perm;
    uint32_t segsz, atime, atime_high, dtime, dtime_high, ctime, ctime_high;
    int32_t cpid, lpid;
    uint32_t nattch, unused4, unused5;
};
_Static_assert(sizeof(struct guest_shmid_ds) == 48, "i386 shmid_ds");
_Static_assert(sizeof(struct guest_shmid64_ds) == 84, "i386 shmid64_ds");

#define L_SHM_HUGETLB 04000
#define L_SHM_RDONLY  010000
#define L_SHM_RND     020000
#define L_SHM_REMAP   040000
#define L_SHM_EXEC    0100000
#define L_SHMLBA      4096u

static long do_shmget(struct task *t, int32_t key, uint32_t size, int flags)
{
    if (flags & L_SHM_HUGETLB) {
        /* The segment's pages would come from the guest's pool of 4 MiB
         * pages: a pool too small is ENOMEM, as hugetlb_file_setup()'s. */
        struct mm_meminfo mi;
        mm_meminfo(t->mm, &mi);
        uint64_t pages = ((uint64_t)size + (4u << 20) - 1) >> 22;
        if (!guest_kernel.hugetlb || pages > mi.huge_free)
            return -ENOMEM;
        size = (uint32_t)(pages << 22);
        flags &= ~L_SHM_HUGETLB;
    }
    return HOST(shmget((key_t)key, size, flags));
}

static long do_shmat(struct task *t, int id, uint32_t addr, int flags)
{
    if (addr & (L_SHMLBA - 1)) {
        if (!(flags & L_SHM_RND))
            return -EINVAL;
        addr &= ~(L_SHMLBA - 1);
    }
    if ((flags & L_SHM_REMAP) && !addr)
        return -EINVAL;
    struct shmid_ds ds;
    long r = HOST(shmctl(id, IPC_STAT, &ds));
    if (r < 0)
        return r;
    return mm_shmat(t->mm, id, ds.shm_perm.__key, ds.shm_segsz, addr,
                    (flags & L_SHM_REMAP) != 0, (flags & L_SHM_RDONLY) != 0,
                    (flags & L_SHM_EXEC) != 0);
}

static long shm_stat_out(struct task *t, uint32_t va, const struct shmid_ds *d, bool v64)
{
    if (v64) {
        struct guest_shmid64_ds g;
        memset(&g, 0, sizeof(g));
        perm_64(&g.perm, &d->shm_perm);
        g.segsz = (uint32_t)d->shm_segsz;
        g.atime = (uint32_t)d->shm_atime;
        g.dtime = (uint32_t)d->shm_dtime;
        g.ctime = (uint32_t)d->shm_ctime;
        g.cpid = d->shm_cpid;
        g.lpid = d->shm_lpid;
        g.nattch = (uint32_t)d->shm_nattch;
        return mm_copy_to(t->mm, va, &g, sizeof(g));
    }
    struct guest_shmid_ds g;
    memset(&g, 0, sizeof(g));
    perm_old(&g.perm, &d->shm_perm);
    g.segsz = (int32_t)d->shm_segsz;
    g.atime = (int32_t)d->shm_atime;
    g.dtime = (int32_t)d->shm_dtime;
    g.ctime = (int32_t)d->shm_ctime;
    g.cpid = old_id((uint32_t)d->shm_cpid);
    g.lpid = old_id((uint32_t)d->shm_lpid);
    g.nattch = (int16_t)d->shm_nattch;
    return mm_copy_to(t->mm, va, &g, sizeof(g));
}

static long do_shmctl(struct task *t, int id, int cmd, uint32_t buf)
{
    bool v64 = cmd & L_IPC_64;
    cmd &= ~L_IPC_64;
    struct shmid_ds ds;
    switch (cmd) {
    case IPC_RMID:
    case SHM_LOCK:
    case SHM_UNLOCK:
        return HOST(shmctl(id, cmd, NULL));
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY: {
        long r = HOST(shmctl(id, cmd, &ds));
        if (r < 0)
            return r;
        return shm_stat_out(t, buf, &ds, v64) < 0 ? -EFAULT : r;
    }
    case IPC_SET: {
        long r = HOST(shmctl(id, IPC_STAT, &ds));
        if (r < 0)
            return r;
        if (v64) {
            struct guest_shmid64_ds g;
            if (mm_copy_from(t->mm, &g, buf, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.shm_perm, g.perm.uid, g.perm.gid, g.perm.mode);
        } else {
            struct guest_shmid_ds g;
            if (mm_copy_from(t->mm, &g, buf, sizeof(g)) < 0)
                return -EFAULT;
            perm_in(&ds.shm_perm, g.perm.uid, g.perm.gid, g.perm.mode);
        }
        return HOST(shmctl(id, IPC_SET, &ds));
    }
    case IPC_INFO: { /* struct shminfo(64): unsigned longs, 32-bit here */
        struct shminfo si;
        long r = HOST(shmctl(id, IPC_INFO, (struct shmid_ds *)&si));
        if (r < 0)
            return r;
        uint32_t g[9] = {(uint32_t)(si.shmmax > 0xffffffffu ? 0xffffffffu : si.shmmax),
                         (uint32_t)si.shmmin, (uint32_t)si.shmmni, (uint32_t)si.shmseg,
                         (uint32_t)(si.shmall > 0xffffffffu ? 0xffffffffu : si.shmall)};
        return mm_copy_to(t->mm, buf, g, v64 ? 36 : 20) < 0 ? -EFAULT : r;
    }
    case SHM_INFO: {
        struct shm_info si;
        long r = HOST(shmctl(id, SHM_INFO, (struct shmid_ds *)&si));
        if (r < 0)
            return r;
        uint32_t g[6] = {(uint32_t)si.used_ids,      (uint32_t)si.shm_tot,
                         (uint32_t)si.shm_rss,       (uint32_t)si.shm_swp,
                         (uint32_t)si.swap_attempts, (uint32_t)si.swap_successes};
        return mm_copy_to(t->mm, buf, g, sizeof(g)) < 0 ? -EFAULT : r;
    }
    }
    return -EINVAL;
}

/* ---- the direct calls ---- */

static long sys_semget(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(semget((key_t)a[0], (int)a[1], (int)a[2]));
}
static long sys_semctl(struct task *t, const uint32_t *a)
{
    return do_semctl(t, (int)a[0], (int)a[1], (int)a[2], a[3]);
}
static long sys_semtimedop(struct task *t, const uint32_t *a)
{
    return do_semtimedop(t, (int)a[0], a[1], a[2], a[3], false);
}
static long sys_semtimedop_time64(struct task *t, const uint32_t *a)
{
    return do_semtimedop(t, (int)a[0], a[1], a[2], a[3], true);
}
static long sys_msgget(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(msgget((key_t)a[0], (int)a[1]));
}
static long sys_msgctl(struct task *t, const uint32_t *a)
{
    return do_msgctl(t, (int)a[0], (int)a[1], a[2]);
}
static long sys_msgsnd(struct task *t, const uint32_t *a)
{
    return do_msgsnd(t, (int)a[0], a[1], a[2], (int)a[3]);
}
static long sys_msgrcv(struct task *t, const uint32_t *a)
{
    return do_msgrcv(t, (int)a[0], a[1], a[2], (int32_t)a[3], (int)a[4]);
}
static long sys_shmget(struct task *t, const uint32_t *a)
{
    return do_shmget(t, (int32_t)a[0], a[1], (int)a[2]);
}
static long sys_shmat(struct task *t, const uint32_t *a)
{
    return do_shmat(t, (int)a[0], a[1], (int)a[2]);
}
static long sys_shmdt(struct task *t, const uint32_t *a)
{
    return mm_shmdt(t->mm, a[0]);
}
static long sys_shmctl(struct task *t, const uint32_t *a)
{
    return do_shmctl(t, (int)a[0], (int)a[1], a[2]);
}

/* ---- ipc(call, first, second, third, ptr, fifth) ---- */

enum {
    IPCOP_SEMOP = 1,
    IPCOP_SEMGET,
    IPCOP_SEMCTL,
    IPCOP_SEMTIMEDOP,
    IPCOP_MSGSND = 11,
    IPCOP_MSGRCV,
    IPCOP_MSGGET,
    IPCOP_MSGCTL,
    IPCOP_SHMAT = 21,
    IPCOP_SHMDT,
    IPCOP_SHMGET,
    IPCOP_SHMCTL,
};

static long sys_ipc(struct task *t, const uint32_t *a)
{
    uint32_t op = a[0] & 0xffff, version = a[0] >> 16;
    int first = (int)a[1];
    switch (op) {
    case IPCOP_SEMOP:
        return do_semtimedop(t, first, a[4], a[2], 0, false);
    case IPCOP_SEMTIMEDOP:
        return do_semtimedop(t, first, a[4], a[2], a[5], false);
    case IPCOP_SEMGET:
        return HOST(semget((key_t)first, (int)a[2], (int)a[3]));
    case IPCOP_SEMCTL: { /* ptr points at the union semun */
        uint32_t arg;
        if (!a[4])
            return -EINVAL;
        if (mm_copy_from(t->mm, &arg, a[4], 4) < 0)
            return -EFAULT;
        return do_semctl(t, first, (int)a[2], (int)a[3], arg);
    }
    case IPCOP_MSGSND:
        return do_msgsnd(t, first, a[4], a[2], (int)a[3]);
    case IPCOP_MSGRCV:
        if (version == 0) { /* struct ipc_kludge { msgp; msgtyp; } */
            uint32_t k[2];
            if (!a[4])
                return -EINVAL;
            if (mm_copy_from(t->mm, k, a[4], sizeof(k)) < 0)
                return -EFAULT;
            return do_msgrcv(t, first, k[0], a[2], (int32_t)k[1], (int)a[3]);
        }
        return do_msgrcv(t, first, a[4], a[2], (int32_t)a[5], (int)a[3]);
    case IPCOP_MSGGET:
        return HOST(msgget((key_t)first, (int)a[2]));
    case IPCOP_MSGCTL:
        return do_msgctl(t, first, (int)a[2], a[4]);
    case IPCOP_SHMAT: { /* the address comes back through third */
        if (version == 1)
            return -EINVAL; /* iBCS2's, for the kernel's own use */
        long r = do_shmat(t, first, a[4], (int)a[2]);
        if (r >= 0 && put_u32(t, a[3], (uint32_t)r) < 0)
            return -EFAULT;
        return r < 0 ? r : 0;
    }
    case IPCOP_SHMDT:
        return mm_shmdt(t->mm, a[4]);
    case IPCOP_SHMGET:
        return do_shmget(t, first, a[2], (int)a[3]);
    case IPCOP_SHMCTL:
        return do_shmctl(t, first, (int)a[2], a[4]);
    }
    return -ENOSYS;
}

const struct sys_impl sys_ipc_impls[] = {
    {"ipc", sys_ipc, "xdddpd", "SHM_HUGETLB segments use 4 KiB pages"},
    {"semget", sys_semget, "xdx"},
    {"semctl", sys_semctl, "dddx"},
    {"semtimedop", sys_semtimedop, "dpup"},
    {"semtimedop_time64", sys_semtimedop_time64, "dpup"},
    {"msgget", sys_msgget, "xx"},
    {"msgctl", sys_msgctl, "ddp"},
    {"msgsnd", sys_msgsnd, "dpux"},
    {"msgrcv", sys_msgrcv, "dpudx"},
    {"shmget", sys_shmget, "xux",
     "SHM_HUGETLB segments use 4 KiB pages (the pool is checked)"},
    {"shmat", sys_shmat, "dpx"},
    {"shmdt", sys_shmdt, "p"},
    {"shmctl", sys_shmctl, "ddp"},
    {NULL, NULL, NULL},
};
