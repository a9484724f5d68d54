/* The -c table: calls, errors and time per syscall, counted by every relic
 * process of the run (fork children are host processes, threads host
 * threads, execve re-executes relic) into one shared region, and printed
 * once as strace 6.1 prints it on i386; then what strace cannot know: why
 * calls got ENOSYS, and the guest's memory figures.
 *
 * All-zero memory is the empty state. Counters are atomic adds; a row's
 * name is claimed once (0 -> NAMING -> READY), so no lock is ever held. */
#include "trace.h"

#include "kversion.h"
#include "syscalls.h"
#include "table.h"

#include "../mm/mm.h"

#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* strace numbers its rows by syscall and puts socketcall's sub-calls at
 * 500 + call and ipc's at 521 + call: the order of its table (and of its
 * ties). Past 545 it counts nothing (scno_in_range() in count_syscall()). */
#define SOCKET_SUBCALL 500
#define IPC_SUBCALL    521
#define ROWS           546
#define EXTRA          64 /* calls the table leaves out: their ENOSYS lines */
#define NAME_SIZE      32

enum { SLOT_EMPTY, SLOT_NAMING, SLOT_READY };

struct slot {
    uint32_t state;
    char name[NAME_SIZE];
    uint64_t calls, errors, ns;
    uint64_t min_ns; /* + 1: 0 is no call yet */
    uint64_t max_ns;
    uint64_t enosys[3]; /* by enum trace_enosys */
};

struct region {
    struct slot row[ROWS];    /* by strace's number */
    struct slot extra[EXTRA]; /* by name */
    uint64_t peak;            /* KiB << 16 | 4 MiB pages then: one atomic max */
    uint64_t faults[2];       /* 4 KiB, 4 MiB */
};

static struct region *reg;

size_t summary_shared_size(void)
{
    return sizeof(struct region);
}

void summary_attach(void *shared)
{
    reg = shared;
}

/* ---- counting ---- */

static const char *const socket_subcalls[] = {
    NULL,          "socket",      "bind",       "connect",    "listen",  "accept",
    "getsockname", "getpeername", "socketpair", "send",       "recv",    "sendto",
    "recvfrom",    "shutdown",    "setsockopt", "getsockopt", "sendmsg", "recvmsg",
    "accept4",     "recvmmsg",    "sendmmsg",
};

static const struct {
    uint32_t call;
    const char *name;
} ipc_subcalls[] = {
    {1, "semop"},   {2, "semget"},  {3, "semctl"},  {4, "semtimedop"},
    {11, "msgsnd"}, {12, "msgrcv"}, {13, "msgget"}, {14, "msgctl"},
    {21, "shmat"},  {22, "shmdt"},  {23, "shmget"}, {24, "shmctl"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* strace's number for a name alone: the direct call if there is one, else
 * the sub-call (summary_add_call knows which it was). */
static long number_of(const char *name)
{
    for (uint32_t nr = 0; nr < SOCKET_SUBCALL && nr < SYS_MAX_NR; nr++)
        if (strcmp(syscalls_name(nr), name) == 0)
            return nr;
    unsigned long v;
    if (sscanf(name, "syscall_%lx", &v) == 1)
        return (long)(v < SOCKET_SUBCALL ? v : ROWS);
    for (size_t i = 1; i < COUNT(socket_subcalls); i++)
        if (strcmp(socket_subcalls[i], name) == 0)
            return SOCKET_SUBCALL + (long)i;
    for (size_t i = 0; i < COUNT(ipc_subcalls); i++)
        if (strcmp(ipc_subcalls[i].name, name) == 0)
            return IPC_SUBCALL + ipc_subcalls[i].call;
    return ROWS;
}

/* Give s its name unless it has one. Another process naming it takes a
 * moment; one killed in that moment must not hang the rest, so waiting is
 * bounded. */
static void name_slot(struct slot *s, const char *name)
{
    uint32_t st = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    if (st == SLOT_READY)
        return;
    if (st == SLOT_EMPTY &&
        __atomic_compare_exchange_n(&s->state, &st, SLOT_NAMING, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_ACQUIRE)) {
        snprintf(s->name, sizeof(s->name), "%s", name);
        __atomic_store_n(&s->state, SLOT_READY, __ATOMIC_RELEASE);
        return;
    }
    for (int i = 0;
         i < 1000 && __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != SLOT_READY; i++)
        sched_yield();
}

/* A call strace leaves out of its table, by name (NULL: no room). */
static struct slot *extra_slot(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    for (uint32_t i = 0; i < EXTRA; i++) {
        struct slot *s = &reg->extra[(h + i) % EXTRA];
        name_slot(s, name);
        if (strncmp(s->name, name, NAME_SIZE - 1) == 0)
            return s;
    }
    return NULL;
}

static void atomic_max(uint64_t *p, uint64_t v)
{
    uint64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (v > cur && !__atomic_compare_exchange_n(p, &cur, v, true, __ATOMIC_RELAXED,
                                                   __ATOMIC_RELAXED))
        ;
}

static void count(long number, const char *name, long ret, uint64_t ns,
                  enum trace_enosys why)
{
    if (!reg)
        return;
    struct slot *s = number < ROWS ? &reg->row[number] : extra_slot(name);
    if (!s)
        return;
    if (number < ROWS)
        name_slot(s, name);
    __atomic_add_fetch(&s->calls, 1, __ATOMIC_RELAXED);
    if (ret < 0 && ret >= -4095) /* syserror(): ERESTART* count too */
        __atomic_add_fetch(&s->errors, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&s->ns, ns, __ATOMIC_RELAXED);
    atomic_max(&s->max_ns, ns);
    uint64_t cur = __atomic_load_n(&s->min_ns, __ATOMIC_RELAXED);
    while ((cur == 0 || ns + 1 < cur) &&
           !__atomic_compare_exchange_n(&s->min_ns, &cur, ns + 1, true, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
    if (why == ENOSYS_KERNEL || why == ENOSYS_RELIC)
        __atomic_add_fetch(&s->enosys[why], 1, __ATOMIC_RELAXED);
}

void summary_add(const char *name, long ret, uint64_t ns, enum trace_enosys why)
{
    count(number_of(name), name, ret, ns, why);
}

void summary_add_call(const struct tcall *c, uint64_t ns, enum trace_enosys why)
{
    long number = c->nr;
    if (c->subcall)
        number =
            (c->nr == 102 ? SOCKET_SUBCALL : IPC_SUBCALL) + (long)(c->raw[0] & 0xffff);
    else if (number >= SOCKET_SUBCALL)
        number = ROWS; /* strace would show it under a sub-call's name */
    count(number, c->name, c->ret, ns, why);
}

/* ---- memory ---- */

/* The faults this image has already added, so that adding again (at
 * execve, and if that fails at the end) adds only what came since. A fork
 * child (a new pid) counts from zero: mm_fork_child started its mm's
 * figures afresh. The peak needs no such care: it is a maximum. */
static pid_t folded_pid;
static uint64_t folded[2];

void summary_process_done(void)
{
    struct task *t = task_current ? task_current : all_tasks;
    if (!reg || !t || !t->mm)
        return;
    struct mm_stats st;
    mm_stats(t->mm, &st);
    if (folded_pid != getpid()) {
        folded_pid = getpid();
        folded[0] = folded[1] = 0;
    }
    __atomic_add_fetch(&reg->faults[0], st.faults - folded[0], __ATOMIC_RELAXED);
    __atomic_add_fetch(&reg->faults[1], st.faults_huge - folded[1], __ATOMIC_RELAXED);
    folded[0] = st.faults;
    folded[1] = st.faults_huge;
    atomic_max(&reg->peak, st.peak_kib << 16 | (st.peak_huge & 0xffff));
}

/* ---- sorting (-S) ---- */

enum sort_key {
    BY_TIME,
    BY_MIN,
    BY_MAX,
    BY_AVG,
    BY_CALLS,
    BY_ERRORS,
    BY_NAME,
    BY_NOTHING
};

/* strace 6.1's names for its columns, which -S takes. */
static const struct {
    const char *name;
    enum sort_key key;
} sort_names[] = {
    {"time", BY_TIME},         {"time_percent", BY_TIME}, {"time-percent", BY_TIME},
    {"time_total", BY_TIME},   {"time-total", BY_TIME},   {"total_time", BY_TIME},
    {"total-time", BY_TIME},   {"min_time", BY_MIN},      {"min-time", BY_MIN},
    {"shortest", BY_MIN},      {"time_min", BY_MIN},      {"time-min", BY_MIN},
    {"longest", BY_MAX},       {"max_time", BY_MAX},      {"max-time", BY_MAX},
    {"time_max", BY_MAX},      {"time-max", BY_MAX},      {"avg_time", BY_AVG},
    {"avg-time", BY_AVG},      {"time_avg", BY_AVG},      {"time-avg", BY_AVG},
    {"calls", BY_CALLS},       {"count", BY_CALLS},       {"error", BY_ERRORS},
    {"errors", BY_ERRORS},     {"name", BY_NAME},         {"syscall", BY_NAME},
    {"syscall_name", BY_NAME}, {"syscall-name", BY_NAME}, {"none", BY_NOTHING},
    {"nothing", BY_NOTHING},
};

static int sort_lookup(const char *key)
{
    for (size_t i = 0; i < COUNT(sort_names); i++)
        if (strcmp(key, sort_names[i].name) == 0)
            return (int)sort_names[i].key;
    return -1;
}

bool summary_sortby_valid(const char *key)
{
    return sort_lookup(key) >= 0;
}

/* One row of the table, read out of its slot. */
struct row {
    const struct slot *s;
    long number;
    uint64_t calls, errors, ns, min_ns, max_ns, avg_ns;
};

static enum sort_key sort_by;

static uint64_t sort_value(const struct row *r)
{
    switch (sort_by) {
    case BY_TIME:
        return r->ns;
    case BY_MIN:
        return r->min_ns;
    case BY_MAX:
        return r->max_ns;
    case BY_AVG:
        return r->avg_ns;
    case BY_CALLS: /* strace compares them as unsigned int */
        return (uint32_t)r->calls;
    case BY_ERRORS:
        return (uint32_t)r->errors;
    default:
        return 0;
    }
}

/* Largest first (by name: a to z); ties keep the syscall order, as strace's
 * sort of its by-number array with glibc's merge sort does. */
static int row_cmp(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    int c = 0;
    if (sort_by == BY_NAME) {
        c = strcmp(a->s->name, b->s->name);
    } else {
        uint64_t x = sort_value(a), y = sort_value(b);
        c = (x < y) - (x > y);
    }
    return c ? c : (a->number > b->number) - (a->number < b->number);
}

static void read_row(struct row *r, const struct slot *s, long number)
{
    r->s = s;
    r->number = number;
    r->calls = __atomic_load_n(&s->calls, __ATOMIC_RELAXED);
    r->errors = __atomic_load_n(&s->errors, __ATOMIC_RELAXED);
    r->ns = __atomic_load_n(&s->ns, __ATOMIC_RELAXED);
    uint64_t mn = __atomic_load_n(&s->min_ns, __ATOMIC_RELAXED);
    r->min_ns = mn ? mn - 1 : 0;
    r->max_ns = __atomic_load_n(&s->max_ns, __ATOMIC_RELAXED);
    /* ts_div(): the average rounded to the nearest nanosecond */
    r->avg_ns = r->calls ? (r->ns + r->calls / 2) / r->calls : 0;
}

/* ---- the table ---- */

/* strace's arithmetic, to the last bit: a timespec as a double, and
 * usecs/call as the truncated microseconds of the rounded average. */
static double secs(uint64_t ns)
{
    return (double)(ns / 1000000000u) + (double)(ns % 1000000000u) / 1000000000.0;
}

static uint64_t usecs(uint64_t avg_ns)
{
    return (uint64_t)(secs(avg_ns) * 1e6);
}

static int width(int min, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int width(int min, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    return n > min ? n : min;
}

static void rule(FILE *f, const int w[6])
{
    for (int i = 0; i < 6; i++) {
        if (i)
            fputc(' ', f);
        for (int j = 0; j < w[i]; j++)
            fputc('-', f);
    }
    fputc('\n', f);
}

/* count.c's columns with their historical widths, wider when a figure
 * needs it; the name is last, so neither padded nor cut. A zero error
 * count prints blank ("%.0"). */
static void print_table(FILE *f, const struct row *r, size_t n)
{
    uint64_t ns = 0, calls = 0, errors = 0, avg_max = 0;
    size_t name_max = 0;
    for (size_t i = 0; i < n; i++) {
        ns += r[i].ns;
        calls += r[i].calls;
        errors += r[i].errors;
        avg_max = r[i].avg_ns > avg_max ? r[i].avg_ns : avg_max;
        size_t len = strlen(r[i].s->name);
        name_max = len > name_max ? len : name_max;
    }
    double total = secs(ns);
    int w[6] = {6,
                width(11, "%.6f", total),
                width(11, "%" PRIu64, usecs(avg_max)),
                width(9, "%" PRIu64, calls),
                width(9, "%" PRIu64, errors),
                (int)name_max + 1 > 16 ? (int)name_max + 1 : 16};
    fprintf(f, "%*s %*s %*s %*s %*s %s\n", w[0], "% time", w[1], "seconds", w[2],
            "usecs/call", w[3], "calls", w[4], "errors", "syscall");
    rule(f, w);
    for (size_t i = 0; i < n; i++) {
        double t = secs(r[i].ns), pct = 100.0 * t;
        if (pct != 0.0) /* strace's guard against 0/0 when no time passed */
            pct /= total;
        fprintf(f, "%*.2f %*.6f %*" PRIu64 " %*" PRIu64 " %*.0" PRIu64 " %s\n", w[0], pct,
                w[1], t, w[2], usecs(r[i].avg_ns), w[3], r[i].calls, w[4], r[i].errors,
                r[i].s->name);
    }
    rule(f, w);
    fprintf(f, "%*.2f %*.6f %*" PRIu64 " %*" PRIu64 " %*.0" PRIu64 " total\n", w[0],
            100.0, w[1], total, w[2], (uint64_t)(total / (double)calls * 1e6), w[3],
            calls, w[4], errors);
}

/* strace cannot tell a kernel without the call from an emulator without
 * it; relic can, and says so below the table, where parsers of strace's
 * table do not look. */
static void print_enosys(FILE *f, const struct row *r, size_t n)
{
    char kv[32];
    kver_format(syscalls_kernel(), kv, sizeof(kv));
    for (size_t i = 0; i < n; i++) {
        const struct slot *s = r[i].s;
        uint64_t k = __atomic_load_n(&s->enosys[ENOSYS_KERNEL], __ATOMIC_RELAXED);
        uint64_t m = __atomic_load_n(&s->enosys[ENOSYS_RELIC], __ATOMIC_RELAXED);
        if (k)
            fprintf(f, "relic: %s: %" PRIu64 " ENOSYS, not in Linux %s\n", s->name, k,
                    kv);
        if (m)
            fprintf(f, "relic: %s: %" PRIu64 " ENOSYS, not implemented by relic\n",
                    s->name, m);
    }
}

static void print_memory(FILE *f)
{
    uint64_t peak = __atomic_load_n(&reg->peak, __ATOMIC_RELAXED);
    fprintf(f,
            "relic: memory: peak resident %" PRIu64 " KiB (the largest process), %" PRIu64
            " huge pages (4 MiB) in use at that peak\n",
            peak >> 16, peak & 0xffff);
    fprintf(f,
            "relic: page faults (all processes): %" PRIu64 " of 4 KiB pages, %" PRIu64
            " of 4 MiB pages\n",
            __atomic_load_n(&reg->faults[0], __ATOMIC_RELAXED),
            __atomic_load_n(&reg->faults[1], __ATOMIC_RELAXED));
}

/* The rows with calls: the table's (sorted) first, *ntable of them, then
 * the calls it leaves out. */
static struct row *collect(size_t *n, size_t *ntable)
{
    struct row *r = calloc(ROWS + EXTRA, sizeof(*r));
    *n = *ntable = 0;
    if (!r)
        return NULL;
    for (long i = 0; i < ROWS + EXTRA; i++) {
        const struct slot *s = i < ROWS ? &reg->row[i] : &reg->extra[i - ROWS];
        if (__atomic_load_n(&s->calls, __ATOMIC_RELAXED))
            read_row(&r[(*n)++], s, i);
        if (i == ROWS - 1)
            *ntable = *n;
    }
    int key = trace_opt.sortby ? sort_lookup(trace_opt.sortby) : BY_TIME;
    sort_by = key < 0 ? BY_TIME : (enum sort_key)key;
    qsort(r, *ntable, sizeof(*r), row_cmp);
    sort_by = BY_NAME; /* the calls left out: their names' order */
    qsort(r + *ntable, *n - *ntable, sizeof(*r), row_cmp);
    return r;
}

static void write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t k = write(fd, p, len);
        if (k <= 0)
            return;
        p += k;
        len -= (size_t)k;
    }
}

void summary_print(int fd)
{
    if (!reg)
        return;
    char *text = NULL;
    size_t len = 0, n, ntable;
    FILE *f = open_memstream(&text, &len);
    struct row *r = collect(&n, &ntable);
    if (!f || !r) {
        if (f)
            fclose(f);
        free(text);
        free(r);
        return;
    }
    if (ntable) /* strace prints nothing when nothing was counted */
        print_table(f, r, ntable);
    print_enosys(f, r, n);
    print_memory(f);
    fclose(f);
    write_all(fd, text, len);
    free(text);
    free(r);
}
