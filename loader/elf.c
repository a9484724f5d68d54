/* ELF parsing (libelf) and segment mapping, as binfmt_elf does it: program
 * headers only (the kernel never reads section headers), PT_LOAD segments
 * mapped from the file with their bss zeroed, PT_INTERP loaded beside. */
#include "loader.h"
#include "internal.h"

#include "../mm/mm.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_IMAGE_BYTES (1u << 30)

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return code;
}

void elf_close(struct elf_file *f)
{
    if (f->elf)
        elf_end(f->elf);
    free(f->image);
    free(f->headers);
    free(f->ph);
    if (f->fd >= 0)
        close(f->fd);
    memset(f, 0, sizeof(*f));
    f->fd = -1;
}

static int read_all(int fd, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_X86_64:
        return "x86-64";
    case EM_IA_64:
        return "IA-64";
    case EM_ARM:
        return "ARM";
    case EM_AARCH64:
        return "AArch64";
    default:
        return NULL;
    }
}

/* The checks binfmt_elf makes before it commits (ENOEXEC: the shell's 126). */
static int check_header(struct elf_file *f, const char *path, char *err, size_t errlen)
{
    const GElf_Ehdr *eh = &f->eh;
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: not a little-endian ELF file",
                    path);
    if (eh->e_machine != EM_386) {
        const char *name = machine_name(eh->e_machine);
        if (name)
            return fail(err, errlen, LOAD_CANNOT_EXEC,
                        "%s: %s programs are not supported (relic runs i386)", path,
                        name);
        return fail(err, errlen, LOAD_CANNOT_EXEC,
                    "%s: wrong machine (ELF e_machine %u; relic runs i386)", path,
                    eh->e_machine);
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: not an executable (ELF type %u)",
                    path, eh->e_type);
    if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
        (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > 65536u)
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: bad program header table", path);
    return LOAD_OK;
}

int elf_open(const char *path, bool need_exec, struct elf_file *f, char *err,
             size_t errlen)
{
    memset(f, 0, sizeof(*f));
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0)
        return fail(err, errlen,
                    errno == ENOENT || errno == ENOTDIR ? LOAD_NOT_FOUND
                                                        : LOAD_CANNOT_EXEC,
                    "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(f->fd, &st) < 0 || S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode) ||
        (need_exec && access(path, X_OK) < 0)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: %s", path, strerror(e));
    }
    if (st.st_size < (off_t)sizeof(Elf32_Ehdr) || st.st_size > MAX_IMAGE_BYTES) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: not an ELF file", path);
    }
    f->size = (size_t)st.st_size;
    f->image = malloc(f->size);
    if (!f->image || read_all(f->fd, f->image, f->size) < 0) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: cannot read file", path);
    }
    Elf32_Ehdr *raw = (Elf32_Ehdr *)f->image;
    if (memcmp(raw->e_ident, ELFMAG, SELFMAG) != 0) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: not an ELF file", path);
    }
    if (raw->e_ident[EI_CLASS] != ELFCLASS32) {
        bool is64 = raw->e_ident[EI_CLASS] == ELFCLASS64;
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: unsupported ELF class (%s)", path,
                    is64 ? "64-bit" : "unknown");
    }
    /* libelf sees a copy holding only the ELF header and the program headers,
     * moved apart: the kernel reads nothing else, and hand-made binaries
     * overlap the two and corrupt the section header fields on purpose. */
    if (raw->e_phentsize != sizeof(Elf32_Phdr) || raw->e_phoff > f->size ||
        (size_t)raw->e_phnum * sizeof(Elf32_Phdr) > f->size - raw->e_phoff) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: bad program header table", path);
    }
    size_t ph_bytes = (size_t)raw->e_phnum * sizeof(Elf32_Phdr);
    f->headers = malloc(sizeof(Elf32_Ehdr) + ph_bytes);
    if (!f->headers) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: out of memory", path);
    }
    Elf32_Ehdr *eh = (Elf32_Ehdr *)f->headers;
    memcpy(eh, raw, sizeof(*eh));
    memcpy(f->headers + sizeof(*eh), f->image + raw->e_phoff, ph_bytes);
    eh->e_phoff = sizeof(*eh);
    eh->e_shoff = 0;
    eh->e_shnum = 0;
    eh->e_shstrndx = 0;
    eh->e_ehsize = sizeof(*eh);
    elf_version(EV_CURRENT);
    f->elf = elf_memory(f->headers, sizeof(Elf32_Ehdr) + ph_bytes);
    if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &f->eh)) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: malformed ELF header", path);
    }
    f->eh.e_phoff = raw->e_phoff; /* AT_PHDR is computed from the real offset */
    int rc = check_header(f, path, err, errlen);
    if (rc != LOAD_OK) {
        elf_close(f);
        return rc;
    }
    f->phnum = f->eh.e_phnum;
    f->ph = calloc(f->phnum, sizeof(GElf_Phdr));
    for (size_t i = 0; f->ph && i < f->phnum; i++) {
        if (!gelf_getphdr(f->elf, (int)i, &f->ph[i])) {
            elf_close(f);
            return fail(err, errlen, LOAD_CANNOT_EXEC,
                        "%s: program header table runs past the end of the file", path);
        }
    }
    if (!f->ph) {
        elf_close(f);
        return fail(err, errlen, LOAD_CANNOT_EXEC, "%s: out of memory", path);
    }
    return LOAD_OK;
}

static uint32_t prot_of(const GElf_Phdr *ph)
{
    return (ph->p_flags & PF_R ? L_PROT_READ : 0) |
           (ph->p_flags & PF_W ? L_PROT_WRITE : 0) |
           (ph->p_flags & PF_X ? L_PROT_EXEC : 0);
}

static int map_segment(struct mm *mm, const struct elf_file *f, const GElf_Phdr *ph,
                       uint32_t bias)
{
    uint32_t va = bias + (uint32_t)ph->p_vaddr;
    uint32_t pageoff = va & (MM_PAGE_SIZE - 1);
    uint32_t start = va - pageoff;
    uint32_t prot = prot_of(ph);
    if (ph->p_filesz) {
        if (ph->p_offset < pageoff || ((ph->p_offset - pageoff) & (MM_PAGE_SIZE - 1)))
            return -EINVAL;
        long r = mm_mmap(mm, start, pageoff + (uint32_t)ph->p_filesz, prot,
                         L_MAP_PRIVATE | L_MAP_FIXED, f->fd, ph->p_offset - pageoff);
        if (r < 0)
            return (int)r;
    }
    uint32_t file_end = va + (uint32_t)ph->p_filesz;
    uint32_t mem_end = va + (uint32_t)ph->p_memsz;
    if (mem_end <= file_end)
        return 0;
    uint32_t file_page_end = (file_end + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);
    /* binfmt_elf's padzero(): the rest of the last file page is cleared up
     * to the page's end, past p_memsz too. ld.so's early malloc hands out
     * the tail of its own last page and counts on it being zero. A
     * read-only segment keeps its bytes (the kernel ignores that failure). */
    if (ph->p_filesz && file_page_end > file_end) {
        static const char zeros[MM_PAGE_SIZE];
        if (mm_poke(mm, file_end, zeros, file_page_end - file_end) < 0 &&
            (prot & L_PROT_WRITE))
            return -EFAULT;
    }
    uint32_t anon_start = ph->p_filesz ? file_page_end : start;
    if (mem_end > anon_start) {
        long r = mm_mmap(mm, anon_start, mem_end - anon_start, prot,
                         L_MAP_PRIVATE | L_MAP_FIXED | L_MAP_ANONYMOUS, -1, 0);
        if (r < 0)
            return (int)r;
    }
    return 0;
}

int elf_map(struct mm *mm, const struct elf_file *f, uint32_t dyn_base,
            struct elf_mapped *out, char *err, size_t errlen)
{
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (ph->p_memsz < ph->p_filesz || ph->p_vaddr + ph->p_memsz > MM_TASK_SIZE)
            return fail(err, errlen, LOAD_CANNOT_EXEC, "bad PT_LOAD segment");
        uint32_t s = (uint32_t)ph->p_vaddr & ~(MM_PAGE_SIZE - 1);
        uint32_t e = (uint32_t)(ph->p_vaddr + ph->p_memsz);
        lo = s < lo ? s : lo;
        hi = e > hi ? e : hi;
    }
    if (lo == UINT32_MAX)
        return fail(err, errlen, LOAD_CANNOT_EXEC, "no loadable segment");
    uint32_t bias = 0;
    if (f->eh.e_type == ET_DYN) {
        uint32_t span = ((hi + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1)) - lo;
        long at = mm_mmap(mm, dyn_base, span, L_PROT_NONE,
                          L_MAP_PRIVATE | L_MAP_ANONYMOUS, -1, 0);
        if (at < 0)
            return fail(err, errlen, LOAD_CANNOT_EXEC, "no room for the image");
        mm_munmap(mm, (uint32_t)at, span);
        bias = (uint32_t)at - lo;
    }
    out->bias = bias;
    out->end = 0;
    out->phdr = 0;
    uint32_t first_load_addr = UINT32_MAX;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type == PT_PHDR)
            out->phdr = bias + (uint32_t)ph->p_vaddr;
        if (ph->p_type != PT_LOAD)
            continue;
        if (first_load_addr == UINT32_MAX)
            first_load_addr = (uint32_t)(ph->p_vaddr - ph->p_offset) + bias;
        int r = map_segment(mm, f, ph, bias);
        if (r < 0)
            return fail(err, errlen, LOAD_CANNOT_EXEC, "cannot map segment at 0x%08x: %s",
                        bias + (uint32_t)ph->p_vaddr, strerror(-r));
        uint32_t e = bias + (uint32_t)(ph->p_vaddr + ph->p_memsz);
        out->end = e > out->end ? e : out->end;
    }
    if (!out->phdr)
        out->phdr = first_load_addr + (uint32_t)f->eh.e_phoff;
    out->entry = bias + (uint32_t)f->eh.e_entry;
    return LOAD_OK;
}

const char *elf_interp(const struct elf_file *f)
{
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type != PT_INTERP)
            continue;
        if (ph->p_filesz < 2 || ph->p_offset + ph->p_filesz > f->size ||
            f->image[ph->p_offset + ph->p_filesz - 1] != 0)
            return "";
        return f->image + ph->p_offset;
    }
    return NULL;
}

bool elf_exec_stack(const struct elf_file *f, bool *has_gnu_stack)
{
    for (size_t i = 0; i < f->phnum; i++) {
        if (f->ph[i].p_type == PT_GNU_STACK) {
            *has_gnu_stack = true;
            return (f->ph[i].p_flags & PF_X) != 0;
        }
    }
    *has_gnu_stack = false;
    return true;
}
