/* Process identity and lifetime: exit, ids, uname, TLS descriptors, limits. */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

static long sys_exit(struct task *t, const uint32_t *a)
{
    t->exited = true;
    t->exit_status = (int)(a[0] & 0xff);
    return 0;
}

static long sys_getpid(struct task *t, const uint32_t *a)
{
    (void)a;
    return t->pid;
}

static long sys_getppid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return getppid();
}

/* The 16-bit id calls report ids above 65535 as the overflow id. */
static long id16(uid_t id)
{
    return id > 65535 ? 65534 : (long)id;
}

static long sys_getuid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return id16(getuid());
}
static long sys_geteuid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return id16(geteuid());
}
static long sys_getgid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return id16(getgid());
}
static long sys_getegid(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return id16(getegid());
}
static long sys_getuid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return getuid();
}
static long sys_geteuid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return geteuid();
}
static long sys_getgid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return getgid();
}
static long sys_getegid32(struct task *t, const uint32_t *a)
{
    (void)t, (void)a;
    return getegid();
}

static long put_three(struct task *t, const uint32_t *a, uint32_t r, uint32_t e,
                      uint32_t s)
{
    if (put_u32(t, a[0], r) < 0 || put_u32(t, a[1], e) < 0 || put_u32(t, a[2], s) < 0)
        return -EFAULT;
    return 0;
}

static long sys_getresuid32(struct task *t, const uint32_t *a)
{
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    return put_three(t, a, r, e, s);
}

static long sys_getresgid32(struct task *t, const uint32_t *a)
{
    gid_t r, e, s;
    getresgid(&r, &e, &s);
    return put_three(t, a, r, e, s);
}

static void put_field(char *dst, const char *src)
{
    snprintf(dst, GUEST_UTS_LEN, "%s", src);
}

static long sys_uname(struct task *t, const uint32_t *a)
{
    struct utsname host;
    uname(&host);
    char u[6][GUEST_UTS_LEN];
    memset(u, 0, sizeof(u));
    put_field(u[0], "Linux");
    put_field(u[1], host.nodename);
    put_field(u[2], guest_kernel.release);
    put_field(u[3], guest_kernel.version);
    put_field(u[4], guest_kernel.machine);
    put_field(u[5], host.domainname);
    return mm_copy_to(t->mm, a[0], u, sizeof(u));
}

/* personality(2): 0xffffffff asks without changing. The layout bits take
 * effect at the next execve, as in the kernel. */
static long sys_personality(struct task *t, const uint32_t *a)
{
    (void)t;
    uint32_t old = guest_kernel.persona;
    if (a[0] != 0xffffffffu)
        guest_kernel.persona = a[0];
    return old;
}

/* fill_ldt() of arch/x86: a user_desc as an 8-byte descriptor (DPL 3). */
static uint64_t encode_desc(const struct guest_user_desc *d)
{
    uint32_t f = d->flags;
    uint32_t seg_32bit = f & 1, contents = (f >> 1) & 3, read_exec_only = (f >> 3) & 1;
    uint32_t limit_in_pages = (f >> 4) & 1, not_present = (f >> 5) & 1,
             useable = (f >> 6) & 1;
    uint32_t lo = (d->limit & 0xffff) | (d->base_addr << 16);
    uint32_t type = ((read_exec_only ^ 1) << 1) | (contents << 2) | 1;
    uint32_t hi = ((d->base_addr >> 16) & 0xff) | (type << 8) | (1u << 12) | (3u << 13) |
                  ((not_present ^ 1) << 15) | (d->limit & 0xf0000) | (useable << 20) |
                  (seg_32bit << 22) | (limit_in_pages << 23) |
                  (d->base_addr & 0xff000000);
    return ((uint64_t)hi << 32) | lo;
}

static bool desc_empty(const struct guest_user_desc *d)
{
    bool zero = d->base_addr == 0 && d->limit == 0;
    /* LDT_zero: all clear; LDT_empty: only read_exec_only and not_present set. */
    return zero && (d->flags == 0 || (d->flags & 0x7f) == ((1u << 3) | (1u << 5)));
}

long task_set_thread_area(struct task *t, uint32_t desc_va)
{
    struct guest_user_desc d;
    if (mm_copy_from(t->mm, &d, desc_va, sizeof(d)) < 0)
        return -EFAULT;
    int idx = (int)d.entry_number;
    if (idx == -1) {
        for (int i = GDT_TLS_FIRST; i < GDT_TLS_FIRST + GDT_TLS_COUNT; i++) {
            if (t->cpu_ops->read_gdt(t->cpu, i) == 0) {
                idx = i;
                break;
            }
        }
        if (idx == -1)
            return -ESRCH;
        if (put_u32(t, desc_va, (uint32_t)idx) < 0)
            return -EFAULT;
    }
    if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_COUNT)
        return -EINVAL;
    t->cpu_ops->write_gdt(t->cpu, idx, desc_empty(&d) ? 0 : encode_desc(&d));
    return 0;
}

static long sys_set_thread_area(struct task *t, const uint32_t *a)
{
    return task_set_thread_area(t, a[0]);
}

static long sys_get_thread_area(struct task *t, const uint32_t *a)
{
    uint32_t idx;
    if (mm_copy_from(t->mm, &idx, a[0], 4) < 0)
        return -EFAULT;
    if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_COUNT)
        return -EINVAL;
    uint64_t e = t->cpu_ops->read_gdt(t->cpu, (int)idx);
    uint32_t lo = (uint32_t)e, hi = (uint32_t)(e >> 32);
    struct guest_user_desc d = {
        .entry_number = idx,
        .base_addr = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000),
        .limit = (lo & 0xffff) | (hi & 0xf0000),
    };
    uint32_t type = (hi >> 8) & 0xf;
    d.flags = ((hi >> 22) & 1) | (((type >> 2) & 3) << 1) |
              ((((type >> 1) & 1) ^ 1) << 3) | (((hi >> 23) & 1) << 4) |
              ((((hi >> 15) & 1) ^ 1) << 5) | (((hi >> 20) & 1) << 6);
    return mm_copy_to(t->mm, a[0], &d, sizeof(d));
}

static long sys_set_tid_address(struct task *t, const uint32_t *a)
{
    t->clear_child_tid = a[0];
    return t->tid;
}

static long sys_gettid(struct task *t, const uint32_t *a)
{
    (void)a;
    return t->tid;
}

static long sys_set_robust_list(struct task *t, const uint32_t *a)
{
    if (a[1] != 12) /* sizeof(struct robust_list_head) on i386 */
        return -EINVAL;
    t->robust_list = a[0];
    t->robust_len = a[1];
    return 0;
}

/* prlimit64 on the caller; RLIM_INFINITY is all ones in both widths here. */
static long sys_prlimit64(struct task *t, const uint32_t *a)
{
    if (a[0] != 0 && (int)a[0] != t->pid)
        return -ESRCH; /* other processes come with process support */
    struct rlimit64 nl, ol;
    if (a[2]) {
        uint64_t v[2];
        if (mm_copy_from(t->mm, v, a[2], sizeof(v)) < 0)
            return -EFAULT;
        nl.rlim_cur = v[0];
        nl.rlim_max = v[1];
    }
    long r = HOST(
        prlimit64(0, (enum __rlimit_resource)a[1], a[2] ? &nl : NULL, a[3] ? &ol : NULL));
    if (r < 0 || !a[3])
        return r;
    uint64_t v[2] = {ol.rlim_cur, ol.rlim_max};
    return mm_copy_to(t->mm, a[3], v, sizeof(v));
}

/* getrlimit/ugetrlimit: 32-bit values, infinity clamped to 0xffffffff. The old
 * getrlimit (76) clamps to 0x7fffffff, as the kernel's compat path does. */
static long do_getrlimit(struct task *t, const uint32_t *a, uint32_t inf)
{
    struct rlimit64 l;
    long r = HOST(prlimit64(0, (enum __rlimit_resource)a[0], NULL, &l));
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
    struct rlimit64 l = {v[0] == 0xffffffffu ? RLIM64_INFINITY : v[0],
                         v[1] == 0xffffffffu ? RLIM64_INFINITY : v[1]};
    return HOST(prlimit64(0, (enum __rlimit_resource)a[0], &l, NULL));
}

static long sys_getrandom(struct task *t, const uint32_t *a)
{
    if (a[2] & ~(uint32_t)(GRND_NONBLOCK | GRND_RANDOM | 0x4 /* GRND_INSECURE */))
        return -EINVAL;
    uint32_t len = a[1] > 0x1ffffff ? 0x1ffffff : a[1];
    uint8_t buf[256];
    long done = 0;
    while ((uint32_t)done < len) {
        size_t n =
            len - (uint32_t)done < sizeof(buf) ? len - (uint32_t)done : sizeof(buf);
        ssize_t r = getrandom(buf, n, a[2] & (GRND_NONBLOCK | GRND_RANDOM));
        if (r < 0)
            return done ? done : -errno;
        if (mm_copy_to(t->mm, a[0] + (uint32_t)done, buf, (size_t)r) < 0)
            return done ? done : -EFAULT;
        done += r;
    }
    return done;
}

const struct sys_impl sys_proc_impls[] = {
    {"exit", sys_exit, "d"},
    {"exit_group", sys_exit, "d"},
    {"getpid", sys_getpid, ""},
    {"getppid", sys_getppid, ""},
    {"gettid", sys_gettid, ""},
    {"getuid", sys_getuid, ""},
    {"geteuid", sys_geteuid, ""},
    {"getgid", sys_getgid, ""},
    {"getegid", sys_getegid, ""},
    {"getuid32", sys_getuid32, ""},
    {"geteuid32", sys_geteuid32, ""},
    {"getgid32", sys_getgid32, ""},
    {"getegid32", sys_getegid32, ""},
    {"getresuid32", sys_getresuid32, "ppp"},
    {"getresgid32", sys_getresgid32, "ppp"},
    {"uname", sys_uname, "p"},
    {"personality", sys_personality, "x"},
    {"set_thread_area", sys_set_thread_area, "p"},
    {"get_thread_area", sys_get_thread_area, "p"},
    {"set_tid_address", sys_set_tid_address, "p"},
    {"set_robust_list", sys_set_robust_list, "pu"},
    {"prlimit64", sys_prlimit64, "ddpp",
     "the calling process only: another pid is ESRCH"},
    {"ugetrlimit", sys_ugetrlimit, "dp"},
    {"getrlimit", sys_getrlimit, "dp"},
    {"setrlimit", sys_setrlimit, "dp"},
    {"getrandom", sys_getrandom, "pux"},
    {NULL, NULL, NULL},
};
