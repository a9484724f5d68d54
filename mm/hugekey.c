/* The machine-wide table of alloc_hugepages() keys (Linux 2.5.36-2.5.53 kept
 * 32 of them, MAX_ID in arch/i386/mm/hugetlbpage.c). relic processes of one
 * guest machine share it through files in a runtime directory: the table,
 * one backing file per segment (host shared memory, mapped over the huge
 * frames), and a liveness file every member holds a shared flock on. The
 * first process of a machine finds no other holder and starts it afresh, so
 * segments of crashed processes do not outlive the machine. */
#define _GNU_SOURCE
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HUGEKEY_MAX   32
#define HUGEKEY_MAGIC 0x6b657973u

struct keyrec {
    int32_t key; /* 0: free slot */
    uint32_t gen;
    uint32_t uid, gid, size;
    int32_t users; /* processes holding the segment */
};

struct keytab {
    uint32_t magic, next_gen;
    struct keyrec rec[HUGEKEY_MAX];
};

/* This process's holds, given back at exit (hugekey_release_all). */
static struct hold {
    int key;
    uint32_t gen;
    int n;
} holds[HUGEKEY_MAX];

static char machine_name[64] = "default";
static char dir[PATH_MAX];
static int alive_fd = -1;

int mm_set_machine(const char *name)
{
    if (!name[0] || strlen(name) >= sizeof(machine_name) || strchr(name, '/') ||
        name[0] == '.')
        return -EINVAL;
    snprintf(machine_name, sizeof(machine_name), "%s", name);
    return 0;
}

static int make_dir(void)
{
    const char *base = getenv("RELIC_RUNTIME_DIR");
    char top[PATH_MAX / 2];
    if (base && *base)
        snprintf(top, sizeof(top), "%s", base);
    else
        snprintf(top, sizeof(top), "/dev/shm/relic-%u", (unsigned)getuid());
    if (mkdir(top, 0700) < 0 && errno != EEXIST)
        return -errno;
    snprintf(dir, sizeof(dir), "%s/%s", top, machine_name);
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return -errno;
    return 0;
}

static void backing_path(char *buf, size_t len, int key, uint32_t gen)
{
    snprintf(buf, len, "%s/key-%d-%u", dir, key, gen);
}

/* No other process of this machine is alive: drop what the last run left. */
static void reset_machine(void)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, "key-", 4) == 0)
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    char path[PATH_MAX + 8];
    snprintf(path, sizeof(path), "%s/keys", dir);
    unlink(path);
}

static int join_machine(void)
{
    if (alive_fd >= 0)
        return 0;
    int r = make_dir();
    if (r < 0)
        return r;
    char path[PATH_MAX + 8];
    snprintf(path, sizeof(path), "%s/alive", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        reset_machine();
    if (flock(fd, LOCK_SH) < 0) {
        close(fd);
        return -errno;
    }
    alive_fd = fd;
    atexit(hugekey_release_all);
    return 0;
}

static struct hold *hold_of(int key, uint32_t gen, bool add)
{
    struct hold *free_slot = NULL;
    for (int i = 0; i < HUGEKEY_MAX; i++) {
        if (holds[i].n > 0 && holds[i].key == key && holds[i].gen == gen)
            return &holds[i];
        if (holds[i].n == 0 && !free_slot)
            free_slot = &holds[i];
    }
    if (add && free_slot)
        *free_slot = (struct hold){.key = key, .gen = gen, .n = 0};
    return add ? free_slot : NULL;
}

/* The table, locked: returns the open descriptor (close it to unlock). */
static int table_open(struct keytab *t)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof(path), "%s/keys", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    if (flock(fd, LOCK_EX) < 0) {
        close(fd);
        return -errno;
    }
    memset(t, 0, sizeof(*t));
    if (pread(fd, t, sizeof(*t), 0) != (ssize_t)sizeof(*t) || t->magic != HUGEKEY_MAGIC) {
        memset(t, 0, sizeof(*t));
        t->magic = HUGEKEY_MAGIC;
        t->next_gen = 1;
    }
    return fd;
}

static int table_close(int fd, const struct keytab *t, bool changed)
{
    int r = 0;
    if (changed && pwrite(fd, t, sizeof(*t), 0) != (ssize_t)sizeof(*t))
        r = -EIO;
    close(fd);
    return r;
}

static struct keyrec *find(struct keytab *t, int key)
{
    for (int i = 0; i < HUGEKEY_MAX; i++)
        if (t->rec[i].key == key)
            return &t->rec[i];
    return NULL;
}

int hugekey_attach(const struct hugekey_req *q, struct hugekey_ref *out)
{
    int r = join_machine();
    if (r < 0)
        return r;
    struct keytab t;
    int tfd = table_open(&t);
    if (tfd < 0)
        return tfd;
    struct keyrec *k = find(&t, q->key);
    bool changed = false;
    char path[PATH_MAX + 32];
    int fd = -1;
    if (!k) {
        /* alloc_key(): the right to create comes first, then IPC_CREAT. */
        if (!q->may_create)
            r = -EPERM;
        else if (!q->create)
            r = -ENOENT;
        else if (!(k = find(&t, 0)))
            r = -ENOMEM;
        if (r < 0)
            goto out;
        *k = (struct keyrec){.key = q->key,
                             .gen = t.next_gen++,
                             .uid = q->uid,
                             .gid = q->gid,
                             .size = q->size,
                             .users = 0};
        backing_path(path, sizeof(path), k->key, k->gen);
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || ftruncate(fd, q->size) < 0) {
            r = fd < 0 ? -errno : -ENOMEM;
            k->key = 0;
            goto out;
        }
        out->created = true;
    } else {
        /* check_size_prot(): the owner's ids and the size must match. */
        if (k->uid != q->uid || k->gid != q->gid || k->size != q->size) {
            r = -EINVAL;
            goto out;
        }
        out->created = false;
        if (q->take_ref) {
            backing_path(path, sizeof(path), k->key, k->gen);
            fd = open(path, O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                r = -errno;
                goto out;
            }
        }
    }
    out->gen = k->gen;
    out->fd = fd;
    if (q->take_ref) {
        struct hold *h = hold_of(k->key, k->gen, true);
        if (!h) { /* cannot happen: at most HUGEKEY_MAX keys exist */
            r = -ENOMEM;
            if (out->created)
                k->key = 0;
            goto out;
        }
        h->n++;
        k->users++;
        changed = true;
    } else if (fd >= 0) {
        close(fd);
        out->fd = -1;
    }
    changed |= out->created;
out:
    if (r < 0 && fd >= 0)
        close(fd);
    int w = table_close(tfd, &t, changed);
    return r < 0 ? r : w;
}

/* Count the caller's holders up or down; the last one out deletes the
 * segment, whose pages are then really freed. */
static void adjust(int key, uint32_t gen, int delta)
{
    struct keytab t;
    int tfd = table_open(&t);
    if (tfd < 0)
        return;
    struct keyrec *k = find(&t, key);
    if (k && k->gen == gen) {
        k->users += delta;
        if (k->users <= 0) {
            char path[PATH_MAX + 32];
            backing_path(path, sizeof(path), key, gen);
            unlink(path);
            k->key = 0;
        }
    }
    table_close(tfd, &t, k != NULL);
}

void hugekey_release(int key, uint32_t gen)
{
    struct hold *h = hold_of(key, gen, false);
    if (!h)
        return;
    h->n--;
    adjust(key, gen, -1);
}

void hugekey_fork_child(void)
{
    for (int i = 0; i < HUGEKEY_MAX; i++)
        if (holds[i].n > 0)
            adjust(holds[i].key, holds[i].gen, holds[i].n);
}

void hugekey_release_all(void)
{
    for (int i = 0; i < HUGEKEY_MAX; i++)
        while (holds[i].n > 0)
            hugekey_release(holds[i].key, holds[i].gen);
}
