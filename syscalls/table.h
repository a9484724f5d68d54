/* Syscall tables: history rows (generated from data/) and relic's handlers. */
#ifndef RELIC_SYSCALLS_TABLE_H
#define RELIC_SYSCALLS_TABLE_H

#include "kversion.h"

#include <stdint.h>

struct task;

/* One meaning of one syscall number over a range of kernel versions. */
struct sys_row {
    int nr;
    const char *name;
    const char *first, *last; /* "" for last = still current */
    int stub;                 /* the number exists but returns ENOSYS */
    int series24;             /* a row of the 2.4 stable series only */
};

extern const struct sys_row sys_rows_i386[];
extern const unsigned sys_rows_i386_count;
extern const struct sys_row sys_rows_ia64[];
extern const unsigned sys_rows_ia64_count;

/* The row that gives nr its meaning in kernel v, or NULL when v has no
 * such number. A 2.4 kernel past 2.4.15 takes its 2.4-series row if one
 * covers it, else the mainline row of 2.4.15, where the series forked. */
const struct sys_row *sys_row_at(const struct sys_row *rows, unsigned count, int nr,
                                 kver_t v);
/* A row's versions: last is KV_END while the meaning is current. */
void sys_row_range(const struct sys_row *r, kver_t *first, kver_t *last);

typedef long (*sys_fn)(struct task *t, const uint32_t *a);

/* A call relic implements: name, handler, and argument kinds for tracing
 * (one letter per argument: d int, u unsigned, x hex, p pointer, s string). */
struct sys_impl {
    const char *name;
    sys_fn fn;
    const char *args;
    const char *partial; /* NULL: complete; else what is missing, for the docs */
};

/* Handler families, each a NULL-terminated list. */
extern const struct sys_impl sys_file_impls[];
extern const struct sys_impl sys_fs_impls[];
extern const struct sys_impl sys_mem_impls[];
extern const struct sys_impl sys_proc_impls[];
extern const struct sys_impl sys_process_impls[];
extern const struct sys_impl sys_time_impls[];
extern const struct sys_impl sys_signal_impls[];
extern const struct sys_impl sys_futex_impls[];
extern const struct sys_impl sys_exec_impls[];
extern const struct sys_impl sys_socket_impls[];
extern const struct sys_impl sys_ipc_impls[];
extern const struct sys_impl sys_rw_impls[];
extern const struct sys_impl sys_stat_impls[];
extern const struct sys_impl sys_dir_impls[];
extern const struct sys_impl sys_ioctl_impls[];
extern const struct sys_impl sys_poll_impls[];
extern const struct sys_impl sys_cred_impls[];
extern const struct sys_impl sys_xattr_impls[];

#define SYS_MAX_NR 512

/* What a number means to the running guest. */
struct sys_entry {
    const char *name;            /* NULL: the number does not exist */
    const struct sys_row *row;   /* its history row (NULL when name is NULL) */
    const struct sys_impl *impl; /* NULL: a stub of that kernel, or not in relic */
};

/* What nr means in kernel v: the lookup syscalls_init fills the dispatch
 * table with, and the compatibility report (report.c) reads. */
void sys_entry_at(kver_t v, int nr, struct sys_entry *e);
/* relic's handler for a call of that name, or NULL. */
const struct sys_impl *sys_impl_named(const char *name);

#endif
