/* -d in_asm: the guest code of each translated block, disassembled with
 * Capstone in the layout qemu-user's log uses (qemu 7.2's disas/capstone.c
 * prints "0x%08x: ", the first 8 bytes, padding, "  %-8s %s", and the rest
 * of a long instruction's bytes on lines of their own). Unicorn has no
 * translation hook, so a block hook prints each block the first time it
 * runs, and forgets them all when code translations are dropped. */
#define _GNU_SOURCE
#include "disas.h"

#include "../mm/mm.h"

#include <capstone/capstone.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPLIT 8 /* bytes per line, qemu's cap_insn_split for x86 */

bool disas_on;
static int log_fd = 2;
static csh cs;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Block start addresses printed since the last flush: open addressing. */
static uint32_t *seen;
static size_t seen_cap, seen_n;

/* The program's functions, sorted by address, for "IN: name". */
struct func {
    uint32_t start, size;
    char *name;
    size_t index; /* in the symbol table */
};
static struct func *funcs;
static size_t nfuncs;

static int by_start(const void *a, const void *b)
{
    const struct func *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    /* Aliases: qemu's sorted table names __libc_start_main, not the
     * __libc_start_main_impl before it in the symbol table: the later one. */
    return x->index < y->index ? 1 : -1;
}

/* qemu keeps the defined STT_FUNC symbols and names a block by the one
 * whose [value, value+size) holds it. */
static void load_symbols(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    Elf_Scn *scn = NULL;
    while (e && (scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        for (size_t i = 0; d && i < n; i++) {
            GElf_Sym s;
            if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
                s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE)
                continue;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            struct func *f = realloc(funcs, (nfuncs + 1) * sizeof(*funcs));
            if (!f || !name)
                break;
            funcs = f;
            funcs[nfuncs++] =
                (struct func){(uint32_t)s.st_value, (uint32_t)s.st_size, strdup(name), i};
        }
    }
    if (e)
        elf_end(e);
    close(fd);
    qsort(funcs, nfuncs, sizeof(*funcs), by_start);
}

static const char *symbol_at(uint32_t addr)
{
    size_t lo = 0, hi = nfuncs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct func *f = &funcs[mid];
        if (addr < f->start)
            hi = mid;
        else if (addr >= f->start + f->size)
            lo = mid + 1;
        else
            return f->name;
    }
    return "";
}

int disas_init(const char *items, const char *logfile, bool append, const char *program,
               char *err, size_t errlen)
{
    char *copy = strdup(items), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "in_asm") != 0) {
            snprintf(err, errlen, "-d: unknown item '%s' (supported: in_asm)", tok);
            free(copy);
            return -1;
        }
    }
    free(copy);
    if (logfile) {
        int fd =
            open(logfile, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
                 0666);
        if (fd < 0) {
            snprintf(err, errlen, "-D: cannot open '%s'", logfile);
            return -1;
        }
        log_fd = mm_hide_fd(fd);
    }
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK ||
        cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT) != CS_ERR_OK) {
        snprintf(err, errlen, "-d: cannot start Capstone");
        return -1;
    }
    load_symbols(program);
    disas_on = true;
    return 0;
}

/* Whether addr is new since the last flush (and remember it). */
static bool first_time(uint32_t addr)
{
    if (seen_n * 2 >= seen_cap) {
        size_t cap = seen_cap ? seen_cap * 2 : 4096;
        uint32_t *t = calloc(cap, sizeof(*t));
        if (!t)
            return false;
        for (size_t i = 0; i < seen_cap; i++) {
            if (!seen[i])
                continue;
            size_t j = (seen[i] * 2654435761u) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = seen[i];
        }
        free(seen);
        seen = t;
        seen_cap = cap;
    }
    uint32_t key = addr ? addr : 1; /* 0 marks an empty slot */
    size_t j = (key * 2654435761u) & (seen_cap - 1);
    while (seen[j]) {
        if (seen[j] == key)
            return false;
        j = (j + 1) & (seen_cap - 1);
    }
    seen[j] = key;
    seen_n++;
    return true;
}

void disas_forget(void)
{
    if (!disas_on)
        return;
    pthread_mutex_lock(&lock);
    if (seen)
        memset(seen, 0, seen_cap * sizeof(*seen));
    seen_n = 0;
    pthread_mutex_unlock(&lock);
}

static void bytes(char **p, const uint8_t *b, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        *p += sprintf(*p, " %02x", b[i]);
}

void disas_block(struct mm *mm, uint32_t addr, uint32_t size)
{
    pthread_mutex_lock(&lock);
    bool fresh = first_time(addr);
    pthread_mutex_unlock(&lock);
    if (!fresh || size == 0 || size > 4096)
        return;
    uint8_t code[4096];
    if (mm_copy_from(mm, code, addr, size) != 0)
        return;
    cs_insn *insn;
    size_t n = cs_disasm(cs, code, size, addr, 0, &insn);
    /* one write per block, so threads' blocks do not mix */
    size_t cap = 64 + size * 64 + n * 160;
    char *out = malloc(cap), *p = out;
    if (!out) {
        cs_free(insn, n);
        return;
    }
    p += sprintf(p, "----------------\nIN: %s\n", symbol_at(addr));
    for (size_t i = 0; i < n; i++) {
        const cs_insn *in = &insn[i];
        p += sprintf(p, "0x%08x: ", (uint32_t)in->address);
        size_t len = in->size;
        bytes(&p, in->bytes, 0, len < SPLIT ? len : SPLIT);
        if (len < SPLIT)
            p += sprintf(p, "%*s", (int)((SPLIT - len) * 3), "");
        p += sprintf(p, "  %-8s %s\n", in->mnemonic, in->op_str);
        for (size_t j = SPLIT; j < len; j += SPLIT) {
            p += sprintf(p, "0x%08x: ", (uint32_t)in->address + (uint32_t)j);
            bytes(&p, in->bytes, j, j + SPLIT < len ? j + SPLIT : len);
            p += sprintf(p, "\n");
        }
    }
    p += sprintf(p, "\n");
    cs_free(insn, n);
    for (const char *q = out; q < p;) {
        ssize_t w = write(log_fd, q, (size_t)(p - q));
        if (w <= 0)
            break;
        q += w;
    }
    free(out);
}
