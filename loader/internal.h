/* loader's private parts: one opened ELF file, its mapping, the stack. */
#ifndef RELIC_LOADER_INTERNAL_H
#define RELIC_LOADER_INTERNAL_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct loader_args;
struct loaded_image;

struct elf_file {
    int fd;
    char *image;   /* the whole file */
    char *headers; /* what libelf parses: ELF header + program headers */
    size_t size;
    Elf *elf;
    GElf_Ehdr eh;
    GElf_Phdr *ph;
    size_t phnum;
};

struct elf_mapped {
    uint32_t bias, entry, phdr, end;
};

int elf_open(const char *path, bool need_exec, struct elf_file *f, char *err,
             size_t errlen);
void elf_close(struct elf_file *f);
/* dyn_base: where an ET_DYN file's first segment should go, 0 for where
 * mmap puts it; ET_EXEC files go where they were linked. */
int elf_map(struct mm *mm, const struct elf_file *f, uint32_t dyn_base,
            struct elf_mapped *out, char *err, size_t errlen);
/* PT_INTERP's path, "" when malformed, NULL when absent. */
const char *elf_interp(const struct elf_file *f);
bool elf_exec_stack(const struct elf_file *f, bool *has_gnu_stack);

/* The initial stack (stack.c). */
int stack_build(struct mm *mm, const struct loader_args *args,
                const struct loaded_image *img, const struct elf_mapped *prog,
                uint32_t phnum, uint32_t *sp);

#endif
