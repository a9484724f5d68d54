/* -d in_asm: each translation block logged once per translation, in the
 * layout of qemu-user 7.2 (its disas/capstone.c: "0x%08x:  ", the first 8
 * bytes, padding, "  %-8s %s", and the rest of a long instruction's bytes
 * on rows of their own).
 *
 * Unicorn's UC_HOOK_EDGE_GENERATED runs inside tb_find right after
 * tb_gen_code: once per translation, never when a block merely runs, so a
 * logged run executes at full speed between translations (an unlogged one
 * has no hook at all). It skips a CPU's very first block, which is always
 * relic's entry trampoline in the engine-private page.
 *
 * Where the two engines differ, the log follows qemu:
 * - qemu-user has one translation cache per process, relic one per CPU: a
 *   block another CPU has logged (same address and bytes) is not logged
 *   again until code is dropped. A CPU translating the same block twice
 *   lost it to an invalidation Unicorn made itself (self-modifying code):
 *   qemu logs that again, and so does relic.
 * - qemu drops every translation when the process makes its first thread
 *   (from then on it translates for parallel CPUs): relic drops its CPUs'
 *   then too, so that the blocks are logged again as they are re-made.
 * - qemu 7.2 ends a block before an instruction that reaches into another
 *   page (see new_page). */
#define _GNU_SOURCE
#include "disas.h"
#include "cpu.h"

#include "../loader/loader.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BYTES_PER_ROW 8 /* qemu's cap_insn_split for x86 */
#define BYTES_WIDTH   (BYTES_PER_ROW * 3 - 1)

bool disas_on;
static int log_fd = 2;
static csh cs;
/* Guest threads run one at a time (the run lock), but the log does not
 * depend on that. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void disas_help(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n"
               "in_asm          show target assembly code for each compiled TB\n");
}

int disas_init(const char *items, const char *logfile, bool append, char *err,
               size_t errlen)
{
    for (const char *p = items;; p++) {
        size_t len = strcspn(p, ",");
        if (len != 6 || strncmp(p, "in_asm", 6) != 0) {
            snprintf(err, errlen, "-d: unknown item '%.*s' (supported: in_asm)", (int)len,
                     p);
            return -1;
        }
        p += len;
        if (!*p)
            break;
    }
    if (logfile) {
        /* O_APPEND even in the first relic: a forked child shares the
         * description, a re-executed one opens the file again. */
        int fd = open(logfile,
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC),
                      0666);
        if (fd < 0) {
            snprintf(err, errlen, "-D: cannot open '%s': %s", logfile, strerror(errno));
            return -1;
        }
        log_fd = mm_hide_fd(fd);
    }
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK ||
        cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT) != CS_ERR_OK) {
        snprintf(err, errlen, "-d: cannot start Capstone");
        return -1;
    }
    /* bytes it cannot decode print as ".byte", and it goes on after them */
    cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
    disas_on = true;
    return 0;
}

/* ---- symbols ----
 * qemu keeps the STT_FUNC symbols of an image's first SHT_SYMTAB (defined,
 * not SHN_ABS or another reserved section), compacting its array by moving
 * the last entry into each hole, sorts them by address with glibc's qsort
 * (a stable merge sort for these sizes) and bisects as glibc's bsearch:
 * which of two aliases it names is decided by those steps, repeated here.
 * A symbol of size 0 names nothing. */

struct sym {
    uint32_t value, size;
    uint32_t name;  /* offset into the image's strings */
    uint32_t order; /* position after compaction: the sort's tie-break */
    bool keep;
};

struct image_syms {
    struct sym *syms;
    size_t n;
    char *strings;
};

/* Searched in this order: the interpreter, then the program (qemu looks
 * through the images it loaded last first). */
static struct image_syms images[2];
static size_t nimages;

static int sym_cmp(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static bool wanted(const GElf_Sym *s)
{
    return s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE &&
           GELF_ST_TYPE(s->st_info) == STT_FUNC;
}

static Elf_Scn *first_symtab(Elf *elf, GElf_Shdr *sh)
{
    for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn))
        if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
            return scn;
    return NULL;
}

static void read_symbols(Elf *elf, uint32_t bias, struct image_syms *out)
{
    GElf_Shdr sh;
    Elf_Scn *scn = first_symtab(elf, &sh);
    Elf_Scn *strscn = scn ? elf_getscn(elf, sh.sh_link) : NULL;
    Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
    Elf_Data *sd = strscn ? elf_getdata(strscn, NULL) : NULL;
    if (!d || !sd || !sh.sh_entsize)
        return;
    size_t total = sh.sh_size / sh.sh_entsize;
    struct sym *syms = calloc(total ? total : 1, sizeof(*syms));
    char *strings = malloc(sd->d_size + 1);
    if (!syms || !strings) {
        free(syms);
        free(strings);
        return;
    }
    memcpy(strings, sd->d_buf, sd->d_size);
    strings[sd->d_size] = 0;
    for (size_t i = 0; i < total; i++) {
        GElf_Sym s;
        if (gelf_getsym(d, (int)i, &s))
            syms[i] = (struct sym){(uint32_t)s.st_value + bias, (uint32_t)s.st_size,
                                   (uint32_t)s.st_name, 0,
                                   wanted(&s) && s.st_name < sd->d_size};
    }
    size_t n = total;
    for (size_t i = 0; i < n;) {
        if (syms[i].keep)
            i++;
        else if (i < --n)
            syms[i] = syms[n];
    }
    for (size_t i = 0; i < n; i++)
        syms[i].order = (uint32_t)i;
    qsort(syms, n, sizeof(*syms), sym_cmp);
    *out = (struct image_syms){syms, n, strings};
}

/* An image's symbols, its load bias being where its entry point went
 * minus e_entry. */
static void load_file(const char *path, uint32_t entry)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    if (elf && gelf_getehdr(elf, &eh) && nimages < 2) {
        if (nimages)
            images[1] = images[0];
        images[0] = (struct image_syms){0};
        read_symbols(elf, entry - (uint32_t)eh.e_entry, &images[0]);
        nimages++;
    }
    if (elf)
        elf_end(elf);
    close(fd);
}

void disas_load_symbols(const char *program, const struct loaded_image *img)
{
    if (!disas_on)
        return;
    load_file(program, img->prog_entry);
    char interp[PATH_MAX], host[PATH_MAX];
    if (img->interp_base && loader_precheck(program, interp, sizeof(interp)) == 0 &&
        interp[0])
        load_file(sysroot_path(interp, host, sizeof(host)), img->entry);
}

static const char *lookup(const struct image_syms *im, uint32_t addr)
{
    size_t lo = 0, hi = im->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct sym *s = &im->syms[mid];
        if (addr < s->value)
            hi = mid;
        else if ((uint64_t)addr >= (uint64_t)s->value + s->size)
            lo = mid + 1;
        else
            return im->strings + s->name;
    }
    return "";
}

const char *disas_symbol(uint32_t addr)
{
    for (size_t i = 0; i < nimages; i++) {
        const char *name = lookup(&images[i], addr);
        if (name[0])
            return name;
    }
    return "";
}

/* ---- formatting ---- */

struct out {
    char *buf;
    size_t len, used; /* used may pass len: the length needed */
};

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->used < o->len ? o->len - o->used : 0;
    int n = vsnprintf(room ? o->buf + o->used : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n;
}

static void put_bytes(struct out *o, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(o, i ? " %02x" : "%02x", b[i]);
}

static void put_insn(struct out *o, const cs_insn *in)
{
    size_t first = in->size < BYTES_PER_ROW ? in->size : BYTES_PER_ROW;
    put(o, "0x%08x:  ", (uint32_t)in->address);
    put_bytes(o, in->bytes, first);
    put(o, "%*s  %-8s %s\n", (int)(BYTES_WIDTH - (first * 3 - 1)), "", in->mnemonic,
        in->op_str);
    for (size_t i = first; i < in->size; i += BYTES_PER_ROW) {
        size_t n = in->size - i < BYTES_PER_ROW ? in->size - i : BYTES_PER_ROW;
        put(o, "0x%08x:  ", (uint32_t)(in->address + i));
        put_bytes(o, in->bytes + i, n);
        put(o, "\n");
    }
}

/* qemu 7.2 ends a block before any instruction but the first that has a
 * byte on another page than the block's start; Unicorn's older translator
 * goes on. Such a block is logged as the blocks qemu makes of it (the rest
 * is the fall-through: it always runs next). Returns the length of the
 * first of them. */
static size_t piece_len(uint32_t pc, const uint8_t *code, size_t size)
{
    uint32_t page = pc & ~(MM_PAGE_SIZE - 1);
    if (((pc + size - 1) & ~(MM_PAGE_SIZE - 1)) == page)
        return size;
    cs_insn *in = cs_malloc(cs);
    uint64_t addr = pc;
    const uint8_t *p = code;
    size_t left = size;
    while (in && left && cs_disasm_iter(cs, &p, &left, &addr, in)) {
        uint32_t last = (uint32_t)in->address + in->size - 1;
        if (in->address != pc && (last & ~(MM_PAGE_SIZE - 1)) != page) {
            left += in->size;
            break;
        }
    }
    if (in)
        cs_free(in, 1);
    return size - left;
}

/* One block as qemu logs it, from the separator to the blank line. */
static void put_block(struct out *o, uint32_t pc, const uint8_t *code, size_t size)
{
    put(o, "----------------\nIN: %s\n", disas_symbol(pc));
    cs_insn *in = cs_malloc(cs);
    uint64_t addr = pc;
    while (in && size && cs_disasm_iter(cs, &code, &size, &addr, in))
        put_insn(o, in);
    if (in)
        cs_free(in, 1);
    put(o, "\n");
}

size_t disas_format(char *buf, size_t len, uint32_t pc, const uint8_t *code, size_t size)
{
    struct out o = {buf, len, 0};
    if (len)
        buf[0] = 0;
    for (size_t off = 0, n; off < size; off += n) {
        if (!(n = piece_len(pc + (uint32_t)off, code + off, size - off)))
            n = size - off;
        put_block(&o, pc + (uint32_t)off, code + off, n);
    }
    return o.used;
}

/* ---- the hook ---- */

/* Blocks logged since code was last dropped, and by which CPU. */
struct seen {
    uint32_t pc, size, hash;
    uint32_t cpu; /* 0: a free slot */
    bool piece;   /* logged as the tail of a block split at a page */
};
static struct seen *seen;
static size_t seen_cap, seen_used;
static uint32_t cpus_attached;

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static struct seen *seen_slot(uint32_t pc, uint32_t size, uint32_t hash)
{
    size_t i = ((pc * 2654435761u) ^ hash) & (seen_cap - 1);
    while (seen[i].cpu &&
           (seen[i].pc != pc || seen[i].size != size || seen[i].hash != hash))
        i = (i + 1) & (seen_cap - 1);
    return &seen[i];
}

static bool seen_grow(void)
{
    size_t old_cap = seen_cap;
    struct seen *old = seen;
    struct seen *fresh = calloc(old_cap ? old_cap * 2 : 1024, sizeof(*fresh));
    if (!fresh)
        return false;
    seen = fresh;
    seen_cap = old_cap ? old_cap * 2 : 1024;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].cpu)
            *seen_slot(old[i].pc, old[i].size, old[i].hash) = old[i];
    free(old);
    return true;
}

/* Whether CPU number cpu logs this block (and remember it). A piece is
 * the tail of a translation split at a page: in qemu, a block of its own,
 * not made again when the same CPU comes to it (it would be cached). */
static bool first_sight(uint32_t cpu, uint32_t pc, const uint8_t *code, uint32_t size,
                        bool piece)
{
    pthread_mutex_lock(&lock);
    bool log = true;
    if (seen_used * 2 < seen_cap || seen_grow()) {
        uint32_t hash = fnv1a(code, size);
        struct seen *s = seen_slot(pc, size, hash);
        if (!s->cpu) {
            *s = (struct seen){pc, size, hash, cpu, piece};
            seen_used++;
        } else if (s->piece) {
            log = false;
            if (!piece) /* from now on a translation of this CPU's own */
                s->cpu = cpu, s->piece = false;
        } else {
            log = s->cpu == cpu && !piece;
        }
    }
    pthread_mutex_unlock(&lock);
    return log;
}

void disas_forget(void)
{
    if (!disas_on)
        return;
    pthread_mutex_lock(&lock);
    if (seen)
        memset(seen, 0, seen_cap * sizeof(*seen));
    seen_used = 0;
    pthread_mutex_unlock(&lock);
}

static void write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(log_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* The code of a block: guest memory (present: it was just fetched), or
 * the sigreturn trampolines of the engine-private page, which the guest
 * runs as it would the kernel's; relic's entry code there is not logged. */
static bool block_code(struct i386_cpu *cpu, uint32_t pc, uint8_t *buf, uint32_t size)
{
    if (pc < MM_TASK_SIZE)
        return mm_copy_from(cpu->mm, buf, pc, size) == 0;
    uint32_t off = pc - MM_KERNEL_PAGE;
    if (pc < MM_KERNEL_PAGE || (off != SIGRETURN_OFF && off != RT_SIGRETURN_OFF) ||
        off + size > MM_PAGE_SIZE)
        return false;
    memcpy(buf, cpu->kpage + off, size);
    return true;
}

/* A translation as the blocks qemu would make of it, and which to log. */
struct piece {
    uint32_t off, len;
    bool log;
};
#define MAX_PIECES 4 /* a Unicorn block spans two pages at most */

static size_t pieces_of(uint32_t cpu, uint32_t pc, const uint8_t *code, uint32_t size,
                        struct piece *p)
{
    size_t np = 0;
    for (uint32_t off = 0, n; off < size; off += n) {
        n = (uint32_t)piece_len(pc + off, code + off, size - off);
        if (!n || np == MAX_PIECES - 1)
            n = size - off;
        p[np] = (struct piece){off, n, first_sight(cpu, pc + off, code + off, n, np > 0)};
        np++;
    }
    return np;
}

static void on_translate(uc_engine *uc, uc_tb *tb, uc_tb *prev, void *opaque)
{
    (void)prev;
    struct i386_cpu *cpu = all_cpus;
    while (cpu && cpu->uc != uc)
        cpu = cpu->next;
    uint32_t pc = (uint32_t)tb->pc;
    uint8_t *code = tb->size ? malloc(tb->size) : NULL;
    struct piece p[MAX_PIECES];
    size_t np = 0;
    if (code && cpu && block_code(cpu, pc, code, tb->size))
        np = pieces_of((uint32_t)(uintptr_t)opaque, pc, code, tb->size, p);
    /* measured, then written: all of it in one write, so that another
     * process's blocks stay whole */
    struct out o = {NULL, 0, 0};
    for (int pass = 0; pass < 2 && (pass == 0 || o.buf); pass++) {
        for (size_t i = 0; i < np; i++)
            if (p[i].log)
                put_block(&o, pc + p[i].off, code + p[i].off, p[i].len);
        if (pass == 0 && o.used) {
            o.len = o.used + 1;
            o.used = 0;
            o.buf = malloc(o.len);
        }
    }
    if (o.buf)
        write_all(o.buf, o.used);
    free(o.buf);
    free(code);
}

void disas_attach(struct i386_cpu *cpu)
{
    uc_hook h;
    uintptr_t serial = ++cpus_attached;
    uc_hook_add(cpu->uc, &h, UC_HOOK_EDGE_GENERATED, (void *)on_translate, (void *)serial,
                1, 0);
    if (serial != 2)
        return;
    /* The process's first thread: qemu flushes its cache here. */
    for (struct i386_cpu *c = all_cpus; c; c = c->next)
        if (c != cpu)
            uc_ctl_flush_tb(c->uc);
    disas_forget();
}
