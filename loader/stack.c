/* The initial process stack as fs/exec.c and binfmt_elf's create_elf_tables
 * lay it out: execfn, environment and argument strings at the top, then the
 * platform string and AT_RANDOM bytes, then (16-byte aligned) argc, argv[],
 * envp[] and the auxiliary vector. */
#include "internal.h"
#include "loader.h"

#include "../mm/mm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define STACK_MIN   (128u << 10) /* the kernel's initial stack_expand */
#define AT_NULL     0
#define AT_PHDR     3
#define AT_PHENT    4
#define AT_PHNUM    5
#define AT_PAGESZ   6
#define AT_BASE     7
#define AT_FLAGS    8
#define AT_ENTRY    9
#define AT_UID      11
#define AT_EUID     12
#define AT_GID      13
#define AT_EGID     14
#define AT_PLATFORM 15
#define AT_HWCAP    16
#define AT_CLKTCK   17
#define AT_SECURE   23
#define AT_RANDOM   25
#define AT_EXECFN   31

static size_t count(char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

/* Builds the stack image in a host buffer mirroring [base, top). */
struct builder {
    uint8_t *buf;
    uint32_t top, base, p;
};

static uint32_t push_bytes(struct builder *b, const void *data, size_t len)
{
    b->p -= (uint32_t)len;
    memcpy(b->buf + (b->p - b->base), data, len);
    return b->p;
}

static void put_word(struct builder *b, uint32_t at, uint32_t w)
{
    memcpy(b->buf + (at - b->base), &w, 4);
}

int stack_build(struct mm *mm, const struct loader_args *a,
                const struct loaded_image *img, const struct elf_mapped *prog,
                uint32_t phnum, uint32_t *sp)
{
    size_t argc = count(a->argv), envc = count(a->envp);
    size_t strings = strlen(a->execfn) + 1 + strlen(a->platform) + 1 + 16 + 64;
    for (size_t i = 0; i < argc; i++)
        strings += strlen(a->argv[i]) + 1;
    for (size_t i = 0; i < envc; i++)
        strings += strlen(a->envp[i]) + 1;
    size_t words = 1 + argc + 1 + envc + 1 + 2 * 20;
    size_t need = strings + 4 * words + 64;
    if (need > (2u << 20)) /* ARG_MAX: a quarter of the 8 MiB stack limit */
        return -E2BIG;
    uint32_t size = STACK_MIN;
    while (size < need + MM_PAGE_SIZE)
        size *= 2;

    struct builder b = {.top = MM_TASK_SIZE, .base = MM_TASK_SIZE - size};
    b.buf = calloc(1, size);
    if (!b.buf)
        return -ENOMEM;
    b.p = b.top - 4; /* the top word stays zero */
    uint32_t execfn = push_bytes(&b, a->execfn, strlen(a->execfn) + 1);
    uint32_t *envp = malloc(sizeof(uint32_t) * (envc + 1));
    uint32_t *argv = malloc(sizeof(uint32_t) * (argc + 1));
    if (!envp || !argv) {
        free(envp);
        free(argv);
        free(b.buf);
        return -ENOMEM;
    }
    for (size_t i = envc; i-- > 0;)
        envp[i] = push_bytes(&b, a->envp[i], strlen(a->envp[i]) + 1);
    uint32_t env_start = envc ? envp[0] : execfn;
    for (size_t i = argc; i-- > 0;)
        argv[i] = push_bytes(&b, a->argv[i], strlen(a->argv[i]) + 1);
    mm_set_arg_area(mm, argc ? argv[0] : env_start, env_start, env_start, execfn);
    b.p &= ~15u;
    uint32_t platform = push_bytes(&b, a->platform, strlen(a->platform) + 1);
    uint8_t rnd[16];
    if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
        memset(rnd, 0x5a, sizeof(rnd));
    uint32_t random = push_bytes(&b, rnd, sizeof(rnd));

    /* create_elf_tables()'s entries, each only in the kernels that had it. */
    struct {
        uint32_t type, value;
        bool present;
    } all[] = {
        {AT_HWCAP, a->hwcap, true},
        {AT_PAGESZ, MM_PAGE_SIZE, true},
        {AT_CLKTCK, (uint32_t)sysconf(_SC_CLK_TCK), true},
        {AT_PHDR, prog->phdr, true},
        {AT_PHENT, 32, true},
        {AT_PHNUM, phnum, true},
        {AT_BASE, img->interp_base, true},
        {AT_FLAGS, 0, true},
        {AT_ENTRY, prog->entry, true},
        {AT_UID, (uint32_t)getuid(), true},
        {AT_EUID, (uint32_t)geteuid(), true},
        {AT_GID, (uint32_t)getgid(), true},
        {AT_EGID, (uint32_t)getegid(), true},
        {AT_SECURE, 0, a->at_secure},
        {AT_RANDOM, random, a->at_random},
        {AT_EXECFN, execfn, a->at_execfn},
        {AT_PLATFORM, platform, true},
        {AT_NULL, 0, true},
    };
    uint32_t aux[sizeof(all) / sizeof(all[0])][2];
    size_t naux = 0;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (all[i].present) {
            aux[naux][0] = all[i].type;
            aux[naux++][1] = all[i].value;
        }
    }
    size_t nwords = 1 + (argc + 1) + (envc + 1) + 2 * naux;
    b.p = (b.p - (uint32_t)(4 * nwords)) & ~15u;
    uint32_t at = b.p;
    put_word(&b, at, (uint32_t)argc);
    at += 4;
    for (size_t i = 0; i <= argc; i++, at += 4)
        put_word(&b, at, i < argc ? argv[i] : 0);
    for (size_t i = 0; i <= envc; i++, at += 4)
        put_word(&b, at, i < envc ? envp[i] : 0);
    for (size_t i = 0; i < naux; i++, at += 8) {
        put_word(&b, at, aux[i][0]);
        put_word(&b, at + 4, aux[i][1]);
    }
    free(envp);
    free(argv);

    uint32_t prot = L_PROT_READ | L_PROT_WRITE | (img->exec_stack ? L_PROT_EXEC : 0);
    long r =
        mm_mmap(mm, b.base, size, prot,
                L_MAP_PRIVATE | L_MAP_FIXED | L_MAP_ANONYMOUS | L_MAP_GROWSDOWN, -1, 0);
    if (r >= 0) {
        mm_name_vma(mm, b.base, "[stack]");
        uint32_t used_from = b.p & ~(MM_PAGE_SIZE - 1);
        r = mm_poke(mm, used_from, b.buf + (used_from - b.base), b.top - used_from);
    }
    free(b.buf);
    if (r < 0)
        return (int)r;
    *sp = b.p;
    return 0;
}
