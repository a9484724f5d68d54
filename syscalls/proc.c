/* Process identity and lifetime: exit, pids, uname, TLS descriptors (user
 * and group ids and resource limits are in cred.c). */
#define _GNU_SOURCE
#include "internal.h"
#include "guest.h"
#include "personality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

static long sys_getpid(struct task *t, const uint32_t *a)
{
    (void)a;
    return t->pid;
}

static long sys_getppid(struct task *t, const uint32_t *a)
{
    (void)a;
    if (t->group->parent) /* a clone child living in this process */
        return t->group->parent->tgid;
    return getppid();
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

/* modify_ldt(func, ptr, bytecount): 0 reads the process LDT, 1 (old mode:
 * no "useable" bit) and 0x11 write one entry, 2 reads the default LDT (five
 * empty entries on i386). The LDT is the process's, shared by its threads. */
static long sys_modify_ldt(struct task *t, const uint32_t *a)
{
    enum { LDT_ENTRIES = 8192, LDT_ENTRY_SIZE = 8 };
    switch (a[0]) {
    case 0: {
        uint32_t len =
            a[2] > LDT_ENTRIES * LDT_ENTRY_SIZE ? LDT_ENTRIES * LDT_ENTRY_SIZE : a[2];
        uint8_t *buf = calloc(1, len ? len : 1);
        if (!buf)
            return -ENOMEM;
        long n = engine->read_ldt(buf, len);
        long r = mm_copy_to(t->mm, a[1], buf, (size_t)n) < 0 ? -EFAULT : n;
        free(buf);
        return r;
    }
    case 2: {
        uint8_t zero[5 * LDT_ENTRY_SIZE] = {0};
        uint32_t len = a[2] < sizeof(zero) ? a[2] : (uint32_t)sizeof(zero);
        return mm_copy_to(t->mm, a[1], zero, len) < 0 ? -EFAULT : (long)len;
    }
    case 1:
    case 0x11: {
        struct guest_user_desc d;
        if (a[2] != sizeof(d))
            return -EINVAL;
        if (mm_copy_from(t->mm, &d, a[1], sizeof(d)) < 0)
            return -EFAULT;
        if (d.entry_number >= LDT_ENTRIES)
            return -EINVAL;
        uint32_t contents = (d.flags >> 1) & 3;
        if (contents == 3 && (a[0] == 1 || !((d.flags >> 5) & 1)))
            return -EINVAL; /* conforming code is refused */
        if (a[0] == 1)
            d.flags &= ~(1u << 6); /* old mode has no "useable" */
        bool empty = a[0] == 1 ? (d.base_addr == 0 && d.limit == 0) : desc_empty(&d);
        return engine->write_ldt((int)d.entry_number, empty ? 0 : encode_desc(&d));
    }
    }
    return -ENOSYS;
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
    {"getpid", sys_getpid, ""},
    {"getppid", sys_getppid, ""},
    {"gettid", sys_gettid, ""},
    {"uname", sys_uname, "p"},
    {"personality", sys_personality, "x"},
    {"set_thread_area", sys_set_thread_area, "p"},
    {"get_thread_area", sys_get_thread_area, "p"},
    {"set_tid_address", sys_set_tid_address, "p"},
    {"modify_ldt", sys_modify_ldt, "dpu"},
    {"set_robust_list", sys_set_robust_list, "pu"},
    {"getrandom", sys_getrandom, "pux"},
    {NULL, NULL, NULL},
};
