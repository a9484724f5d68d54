/* The dispatch table: syscall numbers of the running kernel mapped to relic's
 * handlers by name, from the generated history rows. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sys_entry table[SYS_MAX_NR];
static unsigned char reported[SYS_MAX_NR];
static bool debug;
static kver_t kernel_version;
static int first_missing = -1; /* a call the guest wanted that came later */

static const struct sys_impl *const families[] = {
    sys_file_impls,    sys_fs_impls,    sys_mem_impls,    sys_proc_impls,
    sys_process_impls, sys_time_impls,  sys_signal_impls, sys_rw_impls,
    sys_stat_impls,    sys_dir_impls,   sys_ioctl_impls,  sys_poll_impls,
    sys_cred_impls,    sys_futex_impls, sys_exec_impls,   sys_socket_impls,
    sys_ipc_impls,     sys_xattr_impls,
};

void sys_row_range(const struct sys_row *r, kver_t *first, kver_t *last)
{
    if (kver_parse(r->first, first) < 0) { /* "-": never assigned */
        *first = KV_END;
        *last = 0;
        return;
    }
    size_t n = strlen(r->last);
    if (n == 0)
        *last = KV_END;
    else if (r->last[n - 1] == '+') /* "2.4.31+": the rest of that series */
        *last = KV(2, 4, 255);
    else if (kver_parse(r->last, last) < 0)
        *last = 0;
}

const struct sys_row *sys_row_at(const struct sys_row *rows, unsigned count, int nr,
                                 kver_t v)
{
    const struct sys_row *mainline = NULL;
    kver_t at = kver_is_24_stable(v) ? KV(2, 4, 15) : v;
    for (unsigned i = 0; i < count; i++) {
        const struct sys_row *r = &rows[i];
        if (r->nr != nr)
            continue;
        kver_t first, last;
        sys_row_range(r, &first, &last);
        if (r->series24) {
            if (kver_is_24_stable(v) && kver_in_range(v, first, last))
                return r;
        } else if (kver_in_range(at, first, last)) {
            mainline = r;
        }
    }
    return mainline;
}

const struct sys_impl *sys_impl_named(const char *name)
{
    const struct sys_impl *found = NULL;
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
        for (const struct sys_impl *im = families[f]; im->name; im++)
            if (strcmp(name, im->name) == 0)
                found = im;
    return found;
}

void sys_entry_at(kver_t v, int nr, struct sys_entry *e)
{
    memset(e, 0, sizeof(*e));
    const struct sys_row *r = sys_row_at(sys_rows_i386, sys_rows_i386_count, nr, v);
    if (!r)
        return;
    e->name = r->name;
    e->row = r;
    if (!r->stub)
        e->impl = sys_impl_named(r->name);
}

void syscalls_init(kver_t kernel)
{
    debug = getenv("RELIC_DEBUG") != NULL;
    kernel_version = kernel;
    for (int nr = 0; nr < SYS_MAX_NR; nr++)
        sys_entry_at(kernel, nr, &table[nr]);
}

const char *syscalls_name(uint32_t nr)
{
    static char buf[32];
    /* "(unassigned)" rows are reserved slots, not names. */
    if (nr < SYS_MAX_NR && table[nr].name && table[nr].name[0] != '(')
        return table[nr].name;
    snprintf(buf, sizeof(buf), "syscall_%u", nr);
    return buf;
}

long syscalls_dispatch(struct task *t, uint32_t nr, const uint32_t args[6])
{
    if (nr < SYS_MAX_NR && table[nr].impl)
        return table[nr].impl->fn(t, args);
    if (first_missing < 0 && nr < SYS_MAX_NR && (!table[nr].row || table[nr].row->stub)) {
        const struct sys_row *later =
            sys_row_at(sys_rows_i386, sys_rows_i386_count, (int)nr, KV_END - 1);
        if (later && !later->stub)
            first_missing = (int)nr;
    }
    if (debug && (nr >= SYS_MAX_NR || !reported[nr])) {
        if (nr < SYS_MAX_NR)
            reported[nr] = 1;
        char kv[32];
        kver_format(kernel_version, kv, sizeof(kv));
        bool exists = nr < SYS_MAX_NR && table[nr].row && !table[nr].row->stub;
        fprintf(stderr, "relic: %s (%u): %s Linux %s\n", syscalls_name(nr), nr,
                exists ? "not implemented by relic for" : "no such syscall in", kv);
    }
    return -ENOSYS;
}

const char *syscalls_missing(int *nr)
{
    if (first_missing < 0)
        return NULL;
    *nr = first_missing;
    return sys_row_at(sys_rows_i386, sys_rows_i386_count, first_missing, KV_END - 1)
        ->name;
}

int syscalls_enosys_why(uint32_t nr)
{
    if (nr < SYS_MAX_NR && table[nr].impl)
        return 0;
    if (nr < SYS_MAX_NR && table[nr].row && !table[nr].row->stub &&
        table[nr].row->name[0] != '(')
        return 2;
    return 1;
}

kver_t syscalls_kernel(void)
{
    return kernel_version;
}
