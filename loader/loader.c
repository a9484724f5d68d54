/* loader_load: the program, its interpreter, brk and the initial stack. */
#include "loader.h"
#include "internal.h"

#include "../mm/mm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
        rc = elf_open(interp_path, false, &interp, why, sizeof(why));
        if (rc != LOAD_OK) {
            snprintf(err, errlen, "%s: interpreter %s", args->path, why);
            elf_close(&prog);
            return LOAD_CANNOT_EXEC;
        }
    }
    /* From here on binfmt_elf has discarded the old image. */
    rc = elf_map(mm, &prog, false, interp_path != NULL, &pm, why, sizeof(why));
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
        rc = elf_map(mm, &interp, true, false, &im, why, sizeof(why));
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
