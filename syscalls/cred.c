/* Credentials and limits: user and group ids in the 16-bit calls of the
 * first kernels and the 32-bit ones of 2.3.39, supplementary groups,
 * process groups and sessions, resource limits.
 *
 * Ids are set with the raw host calls, never libc's setuid() and friends:
 * glibc would change every host thread's credentials, but Linux credentials
 * belong to one thread and the guest's own libc makes the broadcast. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OVERFLOW_ID 65534 /* /proc/sys/kernel/overflowuid and overflowgid */

/* high2lowuid(): an id past 16 bits reads as the overflow id. */
static uint16_t low16(uint32_t id)
{
    return id > 0xffff ? OVERFLOW_ID : (uint16_t)id;
}

/* low2highuid(): the 16-bit all-ones is -1, "unchanged". */
static long high32(uint32_t arg)
{
    uint16_t id = (uint16_t)arg;
    return id == 0xffff ? -1L : (long)id;
}

static long raw0(long nr)
{
    return HOST(syscall(nr));
}

static long sys_getuid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return low16((uint32_t)raw0(SYS_getuid));
}
static long sys_geteuid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return low16((uint32_t)raw0(SYS_geteuid));
}
static long sys_getgid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return low16((uint32_t)raw0(SYS_getgid));
}
static long sys_getegid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return low16((uint32_t)raw0(SYS_getegid));
}
static long sys_getuid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return raw0(SYS_getuid);
}
static long sys_geteuid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return raw0(SYS_geteuid);
}
static long sys_getgid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return raw0(SYS_getgid);
}
static long sys_getegid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return raw0(SYS_getegid);
}

/* One setter of one width: the host call and how many id arguments. */
#define SETTER(name, nr, n)                                                              \
    static long sys_##name##16(struct task * t, const uint32_t *a)                       \
    {                                                                                    \
        (void)t;                                                                         \
        return HOST(syscall(nr, high32(a[0]), n > 1 ? high32(a[1]) : 0,                  \
                            n > 2 ? high32(a[2]) : 0));                                  \
    }                                                                                    \
    static long sys_##name##32(struct task * t, const uint32_t *a)                       \
    {                                                                                    \
        (void)t;                                                                         \
        return HOST(syscall(nr, (long)(int32_t)a[0], n > 1 ? (long)(int32_t)a[1] : 0,    \
                            n > 2 ? (long)(int32_t)a[2] : 0));                           \
    }
SETTER(setuid, SYS_setuid, 1)
SETTER(setgid, SYS_setgid, 1)
SETTER(setreuid, SYS_setreuid, 2)
SETTER(setregid, SYS_setregid, 2)
SETTER(setresuid, SYS_setresuid, 3)
SETTER(setresgid, SYS_setresgid, 3)
/* setfsuid/setfsgid answer the old id and never fail. */
SETTER(setfsuid, SYS_setfsuid, 1)
SETTER(setfsgid, SYS_setfsgid, 1)

/* getresuid/getresgid: three ids, each written in the call's width (the
 * 16-bit calls store old_uid_t, two bytes). */
static long put_res(struct task *t, const uint32_t *a, const uint32_t id[3], bool wide)
{
    for (int i = 0; i < 3; i++) {
        long r;
        if (wide) {
            r = put_u32(t, a[i], id[i]);
        } else {
            uint16_t v = low16(id[i]);
            r = mm_copy_to(t->mm, a[i], &v, 2);
        }
        if (r < 0)
            return -EFAULT;
    }
    return 0;
}

static long do_getres(struct task *t, const uint32_t *a, long nr, bool wide)
{
    uint32_t id[3];
    long r = HOST(syscall(nr, &id[0], &id[1], &id[2]));
    return r < 0 ? r : put_res(t, a, id, wide);
}

static long sys_getresuid16(struct task *t, const uint32_t *a)
{
    return do_getres(t, a, SYS_getresuid, false);
}
static long sys_getresgid16(struct task *t, const uint32_t *a)
{
    return do_getres(t, a, SYS_getresgid, false);
}
static long sys_getresuid32(struct task *t, const uint32_t *a)
{
    return do_getres(t, a, SYS_getresuid, true);
}
static long sys_getresgid32(struct task *t, const uint32_t *a)
{
    return do_getres(t, a, SYS_getresgid, true);
}

/* getgroups: size 0 asks for the count; a smaller size than the count is
 * EINVAL. The 16-bit call writes old_gid_t. */
static long do_getgroups(struct task *t, int32_t size, uint32_t va, bool wide)
{
    if (size < 0)
        return -EINVAL;
    long n = HOST(syscall(SYS_getgroups, 0, NULL));
    if (n <= 0 || size == 0)
        return n;
    if (n > size)
        return -EINVAL;
    gid_t *g = malloc((size_t)n * sizeof(gid_t));
    if (!g)
        return -ENOMEM;
    n = HOST(syscall(SYS_getgroups, n, g));
    long r = n;
    if (n > 0 && wide) {
        if (mm_copy_to(t->mm, va, g, (size_t)n * 4) < 0)
            r = -EFAULT;
    } else if (n > 0) {
        uint16_t *s = malloc((size_t)n * 2);
        for (long i = 0; s && i < n; i++)
            s[i] = low16(g[i]);
        if (!s)
            r = -ENOMEM;
        else if (mm_copy_to(t->mm, va, s, (size_t)n * 2) < 0)
            r = -EFAULT;
        free(s);
    }
    free(g);
    return r;
}

static long sys_getgroups16(struct task *t, const uint32_t *a)
{
    return do_getgroups(t, (int32_t)a[0], a[1], false);
}
static long sys_getgroups32(struct task *t, const uint32_t *a)
{
    return do_getgroups(t, (int32_t)a[0], a[1], true);
}

/* setgroups: the permission check comes first, then the size (NGROUPS_MAX:
 * 32 before 2.6.4, 65536 since), then the list; the host call with no list
 * gives the first two answers in that order. */
static long do_setgroups(struct task *t, uint32_t size, uint32_t va, bool wide)
{
    uint32_t max = guest_kernel.kernel < KV(2, 6, 4) ? 32 : 65536;
    if (size > max)
        return HOST(syscall(SYS_setgroups, 65537, NULL));
    gid_t *g = malloc((size ? size : 1) * sizeof(gid_t));
    if (!g)
        return -ENOMEM;
    long r = 0;
    if (wide) {
        r = size ? mm_copy_from(t->mm, g, va, size * 4) : 0;
    } else if (size) {
        uint16_t *s = malloc(size * 2);
        r = s ? mm_copy_from(t->mm, s, va, size * 2) : -ENOMEM;
        for (uint32_t i = 0; r == 0 && i < size; i++)
            g[i] = (gid_t)high32(s[i]);
        free(s);
    }
    if (r == -EFAULT) /* EPERM still comes first */
        r = HOST(syscall(SYS_setgroups, size, NULL));
    else if (r == 0)
        r = HOST(syscall(SYS_setgroups, size, g));
    free(g);
    return r;
}

static long sys_setgroups16(struct task *t, const uint32_t *a)
{
    return do_setgroups(t, a[0], a[1], false);
}
static long sys_setgroups32(struct task *t, const uint32_t *a)
{
    return do_setgroups(t, a[0], a[1], true);
}

/* Process groups and sessions: guest pids are host pids. */
static long sys_getpgid(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_getpgid, (int32_t)a[0]));
}
static long sys_setpgid(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_setpgid, (int32_t)a[0], (int32_t)a[1]));
}
static long sys_getpgrp(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return HOST(syscall(SYS_getpgid, 0));
}
static long sys_getsid(struct task *t, const uint32_t *a)
{
    (void)t;
    return HOST(syscall(SYS_getsid, (int32_t)a[0]));
}
static long sys_setsid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return HOST(syscall(SYS_setsid));
}

/* Resource limits. Most are the host process's own (a file size or open
 * file limit means the same to relic as to the guest), but an address
 * space or data limit on relic would starve the emulator, which maps the
 * guest's whole RAM: those two are kept here for the guest. */
#define GUEST_RLIM_NLIMITS 16
#define RLIM64_INF         UINT64_MAX
#define CAP_SYS_RESOURCE   24

static struct guest_limit {
    int res;
    bool known;
    uint64_t cur, max;
} guest_limits[] = {{RLIMIT_DATA}, {RLIMIT_AS}};

static struct guest_limit *guest_limit(int res)
{
    for (size_t i = 0; i < sizeof(guest_limits) / sizeof(guest_limits[0]); i++) {
        struct guest_limit *l = &guest_limits[i];
        if (l->res != res)
            continue;
        if (!l->known) { /* what relic was started with */
            struct rlimit64 h;
            prlimit64(0, (enum __rlimit_resource)res, NULL, &h);
            *l = (struct guest_limit){res, true, h.rlim_cur, h.rlim_max};
        }
        return l;
    }
    return NULL;
}

/* CAP_SYS_RESOURCE in the calling thread's effective set. */
static bool capable_resource(void)
{
    FILE *f = fopen("/proc/thread-self/status", "r");
    unsigned long long caps = 0;
    char line[128];
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "CapEff: %llx", &caps) == 1)
            break;
    if (f)
        fclose(f);
    return (caps >> CAP_SYS_RESOURCE) & 1;
}

/* do_prlimit() on the calling process: set (new non-NULL) and/or get. */
static long limit(int res, const struct rlimit64 *nl, struct rlimit64 *ol)
{
    if (res < 0 || res >= GUEST_RLIM_NLIMITS)
        return -EINVAL;
    struct guest_limit *l = guest_limit(res);
    if (!l)
        return HOST(syscall(SYS_prlimit64, 0, res, nl, ol));
    if (nl && nl->rlim_cur > nl->rlim_max)
        return -EINVAL;
    if (nl && nl->rlim_max > l->max && !capable_resource())
        return -EPERM;
    if (ol)
        *ol = (struct rlimit64){l->cur, l->max};
    if (nl) {
        l->cur = nl->rlim_cur;
        l->max = nl->rlim_max;
    }
    return 0;
}

/* An i386 kernel keeps limits in 32-bit longs, all ones being infinity. */
static uint64_t as_i386(uint64_t v)
{
    return v >= 0xffffffffu ? RLIM64_INF : v;
}

static long sys_prlimit64(struct task *t, const uint32_t *a)
{
    struct rlimit64 nl, ol;
    if (a[2]) {
        uint64_t v[2];
        if (mm_copy_from(t->mm, v, a[2], sizeof(v)) < 0)
            return -EFAULT;
        nl = (struct rlimit64){v[0], v[1]};
    }
    long r;
    if (a[0] != 0 && (int)a[0] != t->pid) /* another process: its host limits */
        r = HOST(syscall(SYS_prlimit64, (int)a[0], (int)a[1], a[2] ? &nl : NULL,
                         a[3] ? &ol : NULL));
    else
        r = limit((int)a[1], a[2] ? &nl : NULL, a[3] ? &ol : NULL);
    if (r < 0 || !a[3])
        return r;
    uint64_t v[2] = {as_i386(ol.rlim_cur), as_i386(ol.rlim_max)};
    return mm_copy_to(t->mm, a[3], v, sizeof(v));
}

/* getrlimit/ugetrlimit: 32-bit values, infinity clamped to 0xffffffff. The old
 * getrlimit (76) clamps to 0x7fffffff, as old_getrlimit does. */
static long do_getrlimit(struct task *t, const uint32_t *a, uint32_t inf)
{
    struct rlimit64 l;
    long r = limit((int)a[0], NULL, &l);
    if (r < 0)
        return r;
    uint32_t v[2] = {l.rlim_cur > inf ? inf : (uint32_t)l.rlim_cur,
                     l.rlim_max > inf ? inf : (uint32_t)l.rlim_max};
    return mm_copy_to(t->mm, a[1], v, sizeof(v));
}

static long sys_ugetrlimit(struct task *t, const uint32_t *a)
{
    return do_getrlimit(t, a, 0xffffffffu);
}

static long sys_getrlimit(struct task *t, const uint32_t *a)
{
    return do_getrlimit(t, a, 0x7fffffffu);
}

static long sys_setrlimit(struct task *t, const uint32_t *a)
{
    uint32_t v[2];
    if (mm_copy_from(t->mm, v, a[1], sizeof(v)) < 0)
        return -EFAULT;
    struct rlimit64 l = {v[0] == 0xffffffffu ? RLIM64_INF : v[0],
                         v[1] == 0xffffffffu ? RLIM64_INF : v[1]};
    return limit((int)a[0], &l, NULL);
}

const struct sys_impl sys_cred_impls[] = {
    {"getuid", sys_getuid, ""},
    {"geteuid", sys_geteuid, ""},
    {"getgid", sys_getgid, ""},
    {"getegid", sys_getegid, ""},
    {"getuid32", sys_getuid32, ""},
    {"geteuid32", sys_geteuid32, ""},
    {"getgid32", sys_getgid32, ""},
    {"getegid32", sys_getegid32, ""},
    {"setuid", sys_setuid16, "u"},
    {"setgid", sys_setgid16, "u"},
    {"setreuid", sys_setreuid16, "uu"},
    {"setregid", sys_setregid16, "uu"},
    {"setresuid", sys_setresuid16, "uuu"},
    {"setresgid", sys_setresgid16, "uuu"},
    {"setfsuid", sys_setfsuid16, "u"},
    {"setfsgid", sys_setfsgid16, "u"},
    {"setuid32", sys_setuid32, "u"},
    {"setgid32", sys_setgid32, "u"},
    {"setreuid32", sys_setreuid32, "uu"},
    {"setregid32", sys_setregid32, "uu"},
    {"setresuid32", sys_setresuid32, "uuu"},
    {"setresgid32", sys_setresgid32, "uuu"},
    {"setfsuid32", sys_setfsuid32, "u"},
    {"setfsgid32", sys_setfsgid32, "u"},
    {"getresuid", sys_getresuid16, "ppp"},
    {"getresgid", sys_getresgid16, "ppp"},
    {"getresuid32", sys_getresuid32, "ppp"},
    {"getresgid32", sys_getresgid32, "ppp"},
    {"getgroups", sys_getgroups16, "dp"},
    {"setgroups", sys_setgroups16, "dp"},
    {"getgroups32", sys_getgroups32, "dp"},
    {"setgroups32", sys_setgroups32, "dp"},
    {"getpgid", sys_getpgid, "d"},
    {"setpgid", sys_setpgid, "dd"},
    {"getpgrp", sys_getpgrp, ""},
    {"getsid", sys_getsid, "d"},
    {"setsid", sys_setsid, ""},
    {"prlimit64", sys_prlimit64, "ddpp",
     "RLIMIT_AS and RLIMIT_DATA are kept for the guest, not enforced by the guest MMU"},
    {"ugetrlimit", sys_ugetrlimit, "dp"},
    {"getrlimit", sys_getrlimit, "dp"},
    {"setrlimit", sys_setrlimit, "dp",
     "RLIMIT_AS and RLIMIT_DATA are kept for the guest, not enforced by the guest MMU"},
    {NULL, NULL, NULL},
};
