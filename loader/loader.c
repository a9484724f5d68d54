/* loader_load: the program, its interpreter, brk and the initial stack. */
#include "loader.h"
#include "internal.h"

#include "../mm/mm.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Where binfmt_elf puts an ET_DYN program (load_elf_binary's load_bias,
 * without randomization, which relic does not do). Before 4.13 every one
 * went to ELF_ET_DYN_BASE, TASK_SIZE / 3 * 2; since, a PIE goes to 4 MiB
 * on i386 and a program without PT_INTERP (ld.so run by hand, static PIE)
 * where mmap puts it, as the interpreter itself always went. */
static uint32_t dyn_base(const struct loader_args *a, bool has_interp)
{
    if (!a->pie_low_base)
        return MM_TASK_SIZE / 3 * 2 & ~(MM_PAGE_SIZE - 1);
    return has_interp ? 0x00400000u : 0;
}

int loader_load(struct mm *mm, const struct loader_args *args, struct loaded_image *out,
                char *err, size_t errlen)
{
    struct elf_file prog, interp;
    memset(out, 0, sizeof(*out));
    int rc = elf_open(args->path, true, &prog, err, errlen);
    if (rc != LOAD_OK)
        return rc;
    bool has_gnu_stack;
    out->exec_stack = elf_exec_stack(&prog, &has_gnu_stack);
    /* i386: a binary without PT_GNU_STACK predates NX and gets READ_IMPLIES_EXEC;
     * kernels before 2.6.8 had no NX at all. */
    mm_set_exec_policy(mm, args->nx, !has_gnu_stack || args->read_implies_exec);

    const char *interp_path = elf_interp(&prog);
    if (interp_path && !*interp_path) {
        elf_close(&prog);
        snprintf(err, errlen, "%s: malformed PT_INTERP", args->path);
        return LOAD_CANNOT_EXEC;
    }
    struct elf_mapped pm, im = {0};
    char why[256];
    if (interp_path) {
        /* The kernel opens PT_INTERP as a path the program named. */
        char host[PATH_MAX];
        rc = elf_open(sysroot_path(interp_path, host, sizeof(host)), false, &interp, why,
                      sizeof(why));
        if (rc != LOAD_OK) {
            snprintf(err, errlen, "%s: interpreter %s", args->path, why);
            elf_close(&prog);
            return LOAD_CANNOT_EXEC;
        }
    }
    /* From here on binfmt_elf has discarded the old image. */
    rc = elf_map(mm, &prog, dyn_base(args, interp_path != NULL), &pm, why, sizeof(why));
    if (rc != LOAD_OK) {
        snprintf(err, errlen, "%s: %s", args->path, why);
        elf_close(&prog);
        if (interp_path)
            elf_close(&interp);
        return LOAD_KILLED;
    }
    out->entry = out->prog_entry = pm.entry;
    out->phdr = pm.phdr;
    out->phnum = (uint32_t)prog.phnum;
    mm_set_brk_start(mm, (pm.end + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1));

    if (interp_path) {
        rc = elf_map(mm, &interp, 0, &im, why, sizeof(why));
        elf_close(&interp);
        if (rc != LOAD_OK) {
            snprintf(err, errlen, "%s: interpreter %s", args->path, why);
            elf_close(&prog);
            return LOAD_KILLED;
        }
        out->interp_base = im.bias;
        out->entry = im.entry;
    }
    elf_close(&prog);
    int r = stack_build(mm, args, out, &pm, out->phnum, &out->sp);
    if (r < 0) {
        snprintf(err, errlen, "%s: cannot set up the stack: %s", args->path,
                 strerror(-r));
        return LOAD_CANNOT_EXEC;
    }
    return LOAD_OK;
}
