/* System V IPC decoders, as strace 6.1 prints them: semaphores, message
 * queues and shared memory, reached directly (i386 since 5.1) or through
 * ipc(2). trace_subcall (trace_net.c) gives an ipc sub-call the direct
 * call's argument layout; what still differs is read here from c->subcall:
 * semctl's union semun comes by address, msgrcv of version 0 finds its
 * buffer and type in a struct ipc_kludge, and shmat returns the address
 * through a pointer. The structures are i386's IPC_64 ones, which strace
 * shows whatever the command says. */
#include "trace_net.h"

#include <string.h>

#define IPC_64 0x100

static const struct xlat ipc_private[] = {{0, "IPC_PRIVATE"}, {0, NULL}};
static const struct xlat ipc_64[] = {{IPC_64, "IPC_64"}, {0, NULL}};
static const struct xlat resource_flags[] = {
    {01000, "IPC_CREAT"},
    {02000, "IPC_EXCL"},
    {04000, "IPC_NOWAIT"},
    {0, NULL},
};
static const struct xlat shm_resource_flags[] = {
    {01000, "IPC_CREAT"},      {02000, "IPC_EXCL"}, {04000, "SHM_HUGETLB"},
    {010000, "SHM_NORESERVE"}, {0, NULL},
};
static const struct xlat shm_flags[] = {
    {010000, "SHM_RDONLY"}, {020000, "SHM_RND"}, {040000, "SHM_REMAP"},
    {0100000, "SHM_EXEC"},  {0, NULL},
};
static const struct xlat semop_flags[] = {
    {0x1000, "SEM_UNDO"},
    {04000, "IPC_NOWAIT"},
    {0, NULL},
};
static const struct xlat ipc_msg_flags[] = {
    {010000, "MSG_NOERROR"},
    {020000, "MSG_EXCEPT"},
    {040000, "MSG_COPY"},
    {04000, "IPC_NOWAIT"},
    {0, NULL},
};
/* clang-format off */
static const struct xlat shmctl_cmds[] = {
    {0, "IPC_RMID"}, {1, "IPC_SET"}, {2, "IPC_STAT"}, {3, "IPC_INFO"}, {11, "SHM_LOCK"},
    {12, "SHM_UNLOCK"}, {13, "SHM_STAT"}, {14, "SHM_INFO"}, {15, "SHM_STAT_ANY"},
    {0, NULL},
};
static const struct xlat semctl_cmds[] = {
    {0, "IPC_RMID"}, {1, "IPC_SET"}, {2, "IPC_STAT"}, {3, "IPC_INFO"}, {11, "GETPID"},
    {12, "GETVAL"}, {13, "GETALL"}, {14, "GETNCNT"}, {15, "GETZCNT"}, {16, "SETVAL"},
    {17, "SETALL"}, {18, "SEM_STAT"}, {19, "SEM_INFO"}, {20, "SEM_STAT_ANY"}, {0, NULL},
};
static const struct xlat msgctl_cmds[] = {
    {0, "IPC_RMID"}, {1, "IPC_SET"}, {2, "IPC_STAT"}, {3, "IPC_INFO"}, {11, "MSG_STAT"},
    {12, "MSG_INFO"}, {13, "MSG_STAT_ANY"}, {0, NULL},
};
/* clang-format on */

enum { IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO };
enum { SEM_STAT = 18, SEM_INFO, SEM_STAT_ANY };
enum { MSG_STAT = 11, MSG_INFO, MSG_STAT_ANY };
enum { SHM_STAT = 13, SHM_INFO, SHM_STAT_ANY };

/* ---- pieces ---- */

static void id_arg(struct tcall *c, uint32_t v)
{
    tr_arg(c);
    tr_int(c, (int32_t)v);
}

/* A key: IPC_PRIVATE, else the number in hex (printxval, no default). */
static void key_arg(struct tcall *c, uint32_t key)
{
    tr_arg(c);
    if (key == 0)
        tr_xval(c, ipc_private, 0, NULL);
    else
        tr_hex(c, key);
}

/* Flags of x with no default name: nothing for 0, and as strace's
 * printflags the count of names printed (0 when only a number shows). */
static int flags_nodflt(struct tcall *c, const struct xlat *x, uint32_t v)
{
    if (!v)
        return 0;
    if (trace_opt.xlat == XLAT_RAW) {
        tr_hex(c, v);
        return 1;
    }
    int n = 0;
    uint32_t left = v;
    bool verbose = trace_opt.xlat == XLAT_VERBOSE;
    if (verbose)
        tr_hex(c, v);
    for (; x->name && left; x++) {
        if ((left & x->val) != x->val || !x->val)
            continue;
        tr_printf(c, "%s%s", n ? "|" : verbose ? " /* " : "", x->name);
        left &= ~(uint32_t)x->val;
        n++;
    }
    if (n) {
        if (left) {
            tr_printf(c, "|%#x", left);
            n++;
        }
        if (verbose)
            tr_puts(c, " */");
    } else if (!verbose) {
        tr_hex(c, left);
    }
    return n;
}

/* IPC_CREAT|IPC_EXCL|0600: the flags, then the mode in octal. */
static void flags_mode(struct tcall *c, const struct xlat *x, uint32_t v)
{
    tr_arg(c);
    if (flags_nodflt(c, x, v & ~0777u))
        tr_puts(c, "|");
    tr_printf(c, "%#03o", v & 0777);
}

/* A command with IPC_64 shown apart: IPC_64|IPC_STAT. */
static void ctl_cmd(struct tcall *c, const struct xlat *x, uint32_t cmd, const char *dflt)
{
    tr_arg(c);
    if (cmd & IPC_64) {
        tr_xval(c, ipc_64, IPC_64, NULL);
        tr_puts(c, "|");
    }
    tr_xval(c, x, cmd & ~(uint32_t)IPC_64, dflt);
}

/* An id strace prints as PRINT_FIELD_ID: -1 as such, else unsigned. */
static void id_field(struct tcall *c, const char *name, uint32_t v)
{
    tr_printf(c, v == UINT32_MAX ? "%s=%d" : "%s=%u", name, (int32_t)v);
}

/* struct ipc64_perm of i386: key, uid, gid, cuid, cgid, mode. IPC_SET
 * shows only what it sets. */
struct ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint16_t mode, pad1, seq, pad2;
    uint32_t unused1, unused2;
};
_Static_assert(sizeof(struct ipc64_perm) == 36, "i386 ipc64_perm");

static void perm(struct tcall *c, const char *name, const struct ipc64_perm *p, bool set)
{
    tr_printf(c, "%s={", name);
    id_field(c, "uid", p->uid);
    tr_puts(c, ", ");
    id_field(c, "gid", p->gid);
    tr_printf(c, ", mode=%#03o", p->mode);
    if (!set) {
        tr_printf(c, ", key=%u, ", (uint32_t)p->key);
        id_field(c, "cuid", p->cuid);
        tr_puts(c, ", ");
        id_field(c, "cgid", p->cgid);
    }
    tr_puts(c, "}");
}

/* ---- semaphores ---- */

static bool sembuf_elem(struct tcall *c, const void *elem, void *data)
{
    (void)data;
    struct {
        uint16_t num;
        int16_t op;
        int16_t flg;
    } sb;
    memcpy(&sb, elem, sizeof(sb));
    tr_printf(c, "{sem_num=%u, sem_op=%d, sem_flg=", sb.num, sb.op);
    tr_flags(c, semop_flags, (uint16_t)sb.flg, "SEM_???");
    tr_puts(c, "}");
    return true;
}

static void sembufs(struct tcall *c, uint32_t va, uint32_t n)
{
    tr_arg(c);
    tn_array(c, va, n, 6, false, sembuf_elem, NULL);
    tr_arg(c);
    tr_uint(c, n);
}

int tn_semop(struct tcall *c)
{
    id_arg(c, c->args[0]);
    sembufs(c, c->args[1], c->args[2]);
    return TD_DONE;
}

int tn_semtimedop(struct tcall *c)
{
    tn_semop(c);
    tr_arg(c);
    tn_timespec(c, c->args[3]);
    return TD_DONE;
}

int tn_semtimedop64(struct tcall *c)
{
    tn_semop(c);
    tr_arg(c);
    struct {
        int64_t sec, nsec;
    } ts;
    if (tn_fetch_or_addr(c, c->args[3], &ts, sizeof(ts)) == 0)
        tr_printf(c, "{tv_sec=%lld, tv_nsec=%llu}", (long long)ts.sec,
                  (unsigned long long)ts.nsec);
    return TD_DONE;
}

int tn_semget(struct tcall *c)
{
    key_arg(c, c->args[0]);
    id_arg(c, c->args[1]);
    flags_mode(c, resource_flags, c->args[2]);
    return TD_DONE;
}

/* struct semid64_ds of i386, or its address ([address] when it came
 * through ipc's union semun). */
static void semid_ds(struct tcall *c, uint32_t va, uint32_t cmd, bool indirect)
{
    struct {
        struct ipc64_perm perm;
        uint32_t otime, otime_high, ctime, ctime_high, nsems, unused3, unused4;
    } ds;
    if (tn_fetch(c, va, &ds, sizeof(ds)) < 0) {
        tr_puts(c, indirect ? "[" : "");
        tr_addr(c, va);
        tr_puts(c, indirect ? "]" : "");
        return;
    }
    tr_puts(c, "{");
    perm(c, "sem_perm", &ds.perm, cmd == IPC_SET);
    if (cmd != IPC_SET)
        tr_printf(c, ", sem_otime=%u, sem_ctime=%u, sem_nsems=%u", ds.otime, ds.ctime,
                  ds.nsems);
    tr_puts(c, "}");
}

static void seminfo(struct tcall *c, uint32_t va)
{
    int32_t v[10];
    static const char *const f[] = {"semmap", "semmni", "semmns", "semmnu", "semmsl",
                                    "semopm", "semume", "semusz", "semvmx", "semaem"};
    if (tn_fetch_or_addr(c, va, v, sizeof(v)) < 0)
        return;
    for (int i = 0; i < 10; i++)
        tr_printf(c, "%s%s=%d", i ? ", " : "{", f[i], v[i]);
    tr_puts(c, "}");
}

int tn_semctl(struct tcall *c)
{
    uint32_t cmd = c->args[2] & ~(uint32_t)IPC_64;
    bool indirect = c->subcall; /* ipc passes the union semun by address */
    if (c->exiting) {
        uint32_t va = (uint32_t)c->dec_state;
        if (cmd == IPC_INFO || cmd == SEM_INFO)
            seminfo(c, va);
        else
            semid_ds(c, va, cmd, indirect);
        return TD_DONE;
    }
    id_arg(c, c->args[0]);
    id_arg(c, c->args[1]);
    ctl_cmd(c, semctl_cmds, c->args[2], "SEM_???");
    tr_arg(c);
    uint32_t va = c->args[3];
    if (indirect && tn_fetch_or_addr(c, c->args[3], &va, 4) < 0)
        return TD_DONE;
    switch (cmd) {
    case IPC_SET:
        semid_ds(c, va, cmd, indirect);
        return TD_DONE;
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
    case IPC_INFO:
    case SEM_INFO:
        c->dec_state = (int)va; /* written by the call: shown at exit */
        return TD_EXIT;
    }
    tr_puts(c, indirect ? "[" : "");
    tr_addr(c, va);
    tr_puts(c, indirect ? "]" : "");
    return TD_DONE;
}

/* ---- message queues ---- */

int tn_msgget(struct tcall *c)
{
    key_arg(c, c->args[0]);
    flags_mode(c, resource_flags, c->args[1]);
    return TD_DONE;
}

/* struct msgbuf of i386 (a 32-bit mtype), the text cut to -s. */
static void msgbuf(struct tcall *c, uint32_t va, uint32_t size)
{
    int32_t head[2]; /* mtype and the first bytes: sizeof(struct msgbuf) */
    if (tn_fetch_or_addr(c, va, head, sizeof(head)) < 0)
        return;
    tr_printf(c, "{mtype=%d, mtext=", head[0]);
    tr_str(c, va + 4, size);
    tr_puts(c, "}");
}

int tn_msgsnd(struct tcall *c)
{
    id_arg(c, c->args[0]);
    tr_arg(c);
    msgbuf(c, c->args[1], c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, ipc_msg_flags, c->args[3], "MSG_???");
    return TD_DONE;
}

int tn_msgrcv(struct tcall *c)
{
    if (!c->exiting) {
        id_arg(c, c->args[0]);
        return tn_defer(c);
    }
    uint32_t msgp = c->args[1], type = c->args[3];
    if (c->subcall && (c->raw[0] >> 16) == 0) {
        /* ipc version 0: msgp and msgtyp in a struct ipc_kludge at ptr */
        uint32_t k[2];
        if (tn_fetch(c, c->args[1], k, sizeof(k)) < 0) {
            tr_addr(c, c->args[1]);
            tr_arg(c);
            tr_uint(c, c->args[2]);
            goto flags;
        }
        msgp = k[0];
        type = k[1];
    }
    msgbuf(c, msgp, c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_int(c, (int32_t)type);
flags:
    tr_arg(c);
    tr_flags(c, ipc_msg_flags, c->args[4], "MSG_???");
    return TD_DONE;
}

static void msqid_ds(struct tcall *c, uint32_t va, uint32_t cmd)
{
    struct {
        struct ipc64_perm perm;
        uint32_t stime, stime_high, rtime, rtime_high, ctime, ctime_high;
        uint32_t cbytes, qnum, qbytes;
        int32_t lspid, lrpid;
        uint32_t unused4, unused5;
    } ds;
    if (tn_fetch_or_addr(c, va, &ds, sizeof(ds)) < 0)
        return;
    tr_puts(c, "{");
    perm(c, "msg_perm", &ds.perm, cmd == IPC_SET);
    if (cmd != IPC_SET)
        tr_printf(c, ", msg_stime=%u, msg_rtime=%u, msg_ctime=%u, msg_qnum=%u", ds.stime,
                  ds.rtime, ds.ctime, ds.qnum);
    tr_printf(c, ", msg_qbytes=%u", ds.qbytes);
    if (cmd != IPC_SET)
        tr_printf(c, ", msg_lspid=%d, msg_lrpid=%d", ds.lspid, ds.lrpid);
    tr_puts(c, "}");
}

static void msginfo(struct tcall *c, uint32_t va)
{
    struct {
        int32_t pool, map, max, mnb, mni, ssz, tql;
        uint16_t seg, pad;
    } i;
    if (tn_fetch_or_addr(c, va, &i, sizeof(i)) < 0)
        return;
    tr_printf(c,
              "{msgpool=%d, msgmap=%d, msgmax=%d, msgmnb=%d, msgmni=%d, msgssz=%d, "
              "msgtql=%d, msgseg=%u}",
              i.pool, i.map, i.max, i.mnb, i.mni, i.ssz, i.tql, i.seg);
}

int tn_msgctl(struct tcall *c)
{
    uint32_t cmd = c->args[1] & ~(uint32_t)IPC_64, va = c->args[2];
    if (c->exiting) {
        tr_arg(c);
        if (cmd == IPC_INFO || cmd == MSG_INFO)
            msginfo(c, va);
        else
            msqid_ds(c, va, cmd);
        return TD_DONE;
    }
    id_arg(c, c->args[0]);
    ctl_cmd(c, msgctl_cmds, c->args[1], "MSG_???");
    switch (cmd) {
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY:
    case IPC_INFO:
    case MSG_INFO:
        return TD_EXIT;
    }
    tr_arg(c);
    if (cmd == IPC_SET)
        msqid_ds(c, va, cmd);
    else
        tr_addr(c, va);
    return TD_DONE;
}

/* ---- shared memory ---- */

#define SHM_HUGE_SHIFT 26
#define SHM_HUGE_MASK  (0x3fu << SHM_HUGE_SHIFT)

int tn_shmget(struct tcall *c)
{
    key_arg(c, c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    tr_arg(c);
    uint32_t v = c->args[2], flags = v & ~0777u & ~SHM_HUGE_MASK;
    uint32_t huge = v & SHM_HUGE_MASK;
    if (flags || !huge)
        flags_nodflt(c, shm_resource_flags, flags);
    if (huge) { /* a page size: SHM_HUGETLB|21<<SHM_HUGE_SHIFT for 2 MiB */
        tr_printf(c, "%s%u<<", flags ? "|" : "", huge >> SHM_HUGE_SHIFT);
        if (trace_opt.xlat == XLAT_ABBREV)
            tr_puts(c, "SHM_HUGE_SHIFT");
        else if (trace_opt.xlat == XLAT_RAW)
            tr_uint(c, SHM_HUGE_SHIFT);
        else
            tr_printf(c, "%u /* SHM_HUGE_SHIFT */", SHM_HUGE_SHIFT);
    }
    if (flags || huge)
        tr_puts(c, "|");
    tr_printf(c, "%#03o", v & 0777);
    return TD_DONE;
}

int tn_shmat(struct tcall *c)
{
    if (!c->exiting) {
        id_arg(c, c->args[0]);
        tr_arg(c);
        tr_addr(c, c->args[1]);
        tr_arg(c);
        tr_flags(c, shm_flags, c->args[2], "SHM_???");
        return TD_EXIT;
    }
    if (tn_failed(c))
        return TD_DONE;
    c->rv = RV_HEX;
    if (c->subcall) { /* ipc returns 0 and the address through third */
        uint32_t addr;
        if (tr_read(c, c->args[3], &addr, 4) < 0)
            c->rv = RV_NONE;
        else
            c->ret = addr;
    }
    return TD_DONE;
}

int tn_shmdt(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    return TD_DONE;
}

static void shmid_ds(struct tcall *c, uint32_t va, uint32_t cmd)
{
    struct {
        struct ipc64_perm perm;
        uint32_t segsz, atime, atime_high, dtime, dtime_high, ctime, ctime_high;
        int32_t cpid, lpid;
        uint32_t nattch, unused4, unused5;
    } ds;
    if (tn_fetch_or_addr(c, va, &ds, sizeof(ds)) < 0)
        return;
    tr_puts(c, "{");
    perm(c, "shm_perm", &ds.perm, cmd == IPC_SET);
    if (cmd != IPC_SET)
        tr_printf(c,
                  ", shm_segsz=%u, shm_cpid=%d, shm_lpid=%d, shm_nattch=%u, "
                  "shm_atime=%u, shm_dtime=%u, shm_ctime=%u",
                  ds.segsz, ds.cpid, ds.lpid, ds.nattch, ds.atime, ds.dtime, ds.ctime);
    tr_puts(c, "}");
}

static void shm_info(struct tcall *c, uint32_t va, uint32_t cmd)
{
    uint32_t v[9];
    if (tn_fetch_or_addr(c, va, v, cmd == IPC_INFO ? 36 : 24) < 0)
        return;
    if (cmd == IPC_INFO) /* struct shminfo64 */
        tr_printf(c, "{shmmax=%u, shmmin=%u, shmmni=%u, shmseg=%u, shmall=%u}", v[0],
                  v[1], v[2], v[3], v[4]);
    else /* struct shm_info */
        tr_printf(c,
                  "{used_ids=%d, shm_tot=%u, shm_rss=%u, shm_swp=%u, swap_attempts=%u, "
                  "swap_successes=%u}",
                  (int32_t)v[0], v[1], v[2], v[3], v[4], v[5]);
}

int tn_shmctl(struct tcall *c)
{
    uint32_t cmd = c->args[1] & ~(uint32_t)IPC_64, va = c->args[2];
    if (c->exiting) {
        if (cmd == IPC_INFO || cmd == SHM_INFO)
            shm_info(c, va, cmd);
        else
            shmid_ds(c, va, cmd);
        return TD_DONE;
    }
    id_arg(c, c->args[0]);
    ctl_cmd(c, shmctl_cmds, c->args[1], "SHM_???");
    tr_arg(c);
    switch (cmd) {
    case IPC_SET:
        shmid_ds(c, va, cmd);
        return TD_DONE;
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY:
    case IPC_INFO:
    case SHM_INFO:
        return TD_EXIT;
    }
    tr_addr(c, va);
    return TD_DONE;
}
