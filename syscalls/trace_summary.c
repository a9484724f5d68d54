/* The -c table: calls, errors and time per syscall in strace 6.1's layout
 * (count.c's columns: "% time", seconds, usecs/call, calls, errors, syscall,
 * widened when a number needs it), then what strace has not got: why each
 * ENOSYS happened, and the guest's memory figures.
 *
 * Every relic process of the run counts into one shared region (trace.c
 * maps it; zero-filled is empty), under a spin lock of its own. */
#include "trace.h"

#include "kversion.h"
#include "syscalls.h"
#include "trace_filter.h"

#include "../mm/mm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 640 /* more than every i386 name and sub-call name */

struct slot {
    char name[32];
    uint64_t calls, errors, ns;
    uint64_t enosys_kernel, enosys_relic;
};

struct shared_sum {
    int lock;
    uint32_t n;
    /* memory: the largest process's peak, faults of all processes */
    uint64_t peak_kib, huge_at_peak;
    uint64_t faults_small, faults_huge;
    struct slot slot[SLOTS];
};

static struct shared_sum *S;
/* This process: its peak so far, and the faults its mm had at its start
 * (a fork child's mm comes with its parent's counts). */
static uint64_t my_peak, my_huge_at_peak, base_small, base_huge;

static void lock(void)
{
    while (__atomic_exchange_n(&S->lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&S->lock, __ATOMIC_RELAXED))
            ;
}

static void unlock(void)
{
    __atomic_store_n(&S->lock, 0, __ATOMIC_RELEASE);
}

size_t summary_shared_size(void)
{
    return sizeof(struct shared_sum);
}

void summary_attach(void *shared)
{
    S = shared;
}

bool summary_sortby_valid(const char *key)
{
    static const char *const keys[] = {"time", "calls", "errors", "name", "nothing"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

static struct slot *slot_for(const char *name)
{
    for (uint32_t i = 0; i < S->n; i++)
        if (strcmp(S->slot[i].name, name) == 0)
            return &S->slot[i];
    if (S->n == SLOTS)
        return NULL;
    struct slot *s = &S->slot[S->n++];
    snprintf(s->name, sizeof(s->name), "%s", name);
    return s;
}

void summary_add(const char *name, long ret, uint64_t ns, enum trace_enosys why)
{
    if (!S)
        return;
    lock();
    struct slot *s = slot_for(name);
    if (s) {
        s->calls++;
        s->ns += ns;
        if (ret < 0 && ret >= -4095)
            s->errors++;
        s->enosys_kernel += why == ENOSYS_KERNEL;
        s->enosys_relic += why == ENOSYS_RELIC;
    }
    unlock();
}

void summary_sample(struct mm *mm)
{
    struct mm_usage u;
    mm_usage(mm, &u);
    uint64_t kib = u.rss_pages * 4 + u.huge_pages * 4096;
    if (kib > my_peak) {
        my_peak = kib;
        my_huge_at_peak = u.huge_pages;
    }
}

void summary_fork_child(struct mm *mm)
{
    struct mm_usage u;
    mm_usage(mm, &u);
    base_small = u.faults_small;
    base_huge = u.faults_huge;
    my_peak = my_huge_at_peak = 0;
    summary_sample(mm);
}

void summary_process_done(void)
{
    struct task *t = task_current ? task_current : all_tasks;
    if (!S || !t || !t->mm)
        return;
    summary_sample(t->mm);
    struct mm_usage u;
    mm_usage(t->mm, &u);
    lock();
    if (my_peak > S->peak_kib) {
        S->peak_kib = my_peak;
        S->huge_at_peak = my_huge_at_peak;
    }
    S->faults_small += u.faults_small - base_small;
    S->faults_huge += u.faults_huge - base_huge;
    unlock();
}

static const char *sort_key;

static int compare(const void *a, const void *b)
{
    const struct slot *x = *(const struct slot *const *)a,
                      *y = *(const struct slot *const *)b;
    int r = 0;
    if (strcmp(sort_key, "calls") == 0)
        r = (x->calls < y->calls) - (x->calls > y->calls);
    else if (strcmp(sort_key, "errors") == 0)
        r = (x->errors < y->errors) - (x->errors > y->errors);
    else if (strcmp(sort_key, "name") == 0)
        r = strcmp(x->name, y->name);
    else if (strcmp(sort_key, "time") == 0)
        r = (x->ns < y->ns) - (x->ns > y->ns);
    /* ties, and "nothing": the order the calls were first made */
    return r ? r : (x < y ? -1 : x > y);
}

static int width_of(const char *fmt, double v)
{
    char buf[64];
    return snprintf(buf, sizeof(buf), fmt, v);
}

void summary_print(int fd)
{
    if (!S)
        return;
    FILE *f = fdopen(dup(fd), "w");
    if (!f)
        return;
    lock();
    struct slot *rows[SLOTS];
    uint32_t n = 0;
    uint64_t total_ns = 0, calls = 0, errors = 0, avg_max = 0;
    size_t name_max = 0;
    for (uint32_t i = 0; i < S->n; i++) {
        struct slot *s = &S->slot[i];
        if (!s->calls)
            continue;
        rows[n++] = s;
        total_ns += s->ns;
        calls += s->calls;
        errors += s->errors;
        if (s->ns / 1000 / s->calls > avg_max)
            avg_max = s->ns / 1000 / s->calls;
        if (strlen(s->name) > name_max)
            name_max = strlen(s->name);
    }
    sort_key = trace_opt.sortby ? trace_opt.sortby : "time";
    qsort(rows, n, sizeof(rows[0]), compare);
    double total_s = (double)total_ns / 1e9;
    /* strace's historical widths, widened for what does not fit */
    int w_sec = width_of("%.6f", total_s), w_avg = width_of("%.0f", (double)avg_max);
    int w_calls = width_of("%.0f", (double)calls),
        w_err = width_of("%.0f", (double)errors);
    w_sec = w_sec < 11 ? 11 : w_sec;
    w_avg = w_avg < 11 ? 11 : w_avg;
    w_calls = w_calls < 9 ? 9 : w_calls;
    w_err = w_err < 9 ? 9 : w_err;
    int w_name = (int)name_max + 1 < 16 ? 16 : (int)name_max + 1;
    char rule[256];
    snprintf(rule, sizeof(rule), "%.*s %.*s %.*s %.*s %.*s %.*s", 6,
             "------------------------", w_sec, "------------------------", w_avg,
             "------------------------", w_calls, "------------------------", w_err,
             "------------------------", w_name,
             "------------------------------------------------");
    fprintf(f, "%6s %*s %*s %*s %*s %s\n", "% time", w_sec, "seconds", w_avg,
            "usecs/call", w_calls, "calls", w_err, "errors", "syscall");
    fprintf(f, "%s\n", rule);
    for (uint32_t i = 0; i < n; i++) {
        const struct slot *s = rows[i];
        double pct = total_ns ? 100.0 * (double)s->ns / (double)total_ns : 0.0;
        fprintf(f, "%6.2f %*.6f %*llu %*llu ", pct, w_sec, (double)s->ns / 1e9, w_avg,
                (unsigned long long)(s->ns / 1000 / s->calls), w_calls,
                (unsigned long long)s->calls);
        if (s->errors)
            fprintf(f, "%*llu ", w_err, (unsigned long long)s->errors);
        else
            fprintf(f, "%*s ", w_err, "");
        fprintf(f, "%s\n", s->name);
    }
    fprintf(f, "%s\n", rule);
    fprintf(f, "%6.2f %*.6f %*llu %*llu ", 100.0, w_sec, total_s, w_avg,
            (unsigned long long)(calls ? total_ns / 1000 / calls : 0), w_calls,
            (unsigned long long)calls);
    if (errors)
        fprintf(f, "%*llu ", w_err, (unsigned long long)errors);
    else
        fprintf(f, "%*s ", w_err, "");
    fprintf(f, "total\n");
    /* Below the table, so that scripts reading strace's table still can. */
    char kv[32];
    kver_format(syscalls_kernel(), kv, sizeof(kv));
    for (uint32_t i = 0; i < n; i++) {
        const struct slot *s = rows[i];
        if (s->enosys_kernel)
            fprintf(f, "relic: %s: %llu ENOSYS, not in Linux %s\n", s->name,
                    (unsigned long long)s->enosys_kernel, kv);
        if (s->enosys_relic)
            fprintf(f, "relic: %s: %llu ENOSYS, not implemented by relic\n", s->name,
                    (unsigned long long)s->enosys_relic);
    }
    fprintf(
        f,
        "relic: memory: peak resident %llu KiB (the largest process), %llu huge pages "
        "(4 MiB) in use at that peak\n",
        (unsigned long long)S->peak_kib, (unsigned long long)S->huge_at_peak);
    fprintf(
        f,
        "relic: page faults (all processes): %llu of 4 KiB pages, %llu of 4 MiB pages\n",
        (unsigned long long)S->faults_small, (unsigned long long)S->faults_huge);
    unlock();
    fclose(f);
}
