/* The dispatch table: syscall numbers of the running kernel mapped to relic's
 * handlers by name, from the generated history rows. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sys_entry table[SYS_MAX_NR];
static unsigned char reported[SYS_MAX_NR];
static bool debug;

static const struct sys_impl *const families[] = {
    sys_file_impls,    sys_fs_impls,   sys_mem_impls,    sys_proc_impls,
    sys_process_impls, sys_time_impls, sys_signal_impls,
};

/* The current kernel's meaning of each number: rows still open at the end. */
static bool row_is_current(const struct sys_row *r)
{
    return r->last[0] == 0 && strcmp(r->first, "-") != 0 && !r->stub;
}

void syscalls_init(void)
{
    memset(table, 0, sizeof(table));
    debug = getenv("RELIC_DEBUG") != NULL;
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        if (r->nr >= 0 && r->nr < SYS_MAX_NR && row_is_current(r))
            table[r->nr].name = r->name;
    }
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
        for (const struct sys_impl *im = families[f]; im->name; im++) {
            for (int nr = 0; nr < SYS_MAX_NR; nr++) {
                if (table[nr].name && strcmp(table[nr].name, im->name) == 0)
                    table[nr].impl = im;
            }
        }
    }
}

const char *syscalls_name(uint32_t nr)
{
    static char buf[32];
    if (nr < SYS_MAX_NR && table[nr].name)
        return table[nr].name;
    snprintf(buf, sizeof(buf), "syscall_%u", nr);
    return buf;
}

long syscalls_dispatch(struct task *t, uint32_t nr, const uint32_t args[6])
{
    if (nr < SYS_MAX_NR && table[nr].impl)
        return table[nr].impl->fn(t, args);
    if (debug && (nr >= SYS_MAX_NR || !reported[nr])) {
        if (nr < SYS_MAX_NR)
            reported[nr] = 1;
        fprintf(stderr, "relic: %s (%u): %s\n", syscalls_name(nr), nr,
                nr < SYS_MAX_NR && table[nr].name ? "not implemented by relic"
                                                  : "no such syscall in this kernel");
    }
    return -ENOSYS;
}
