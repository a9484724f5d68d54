/* Decoders of the memory calls: every argument and flag by name, in the
 * forms strace 6.1 prints (values from the kernel's uapi headers, i386;
 * see docs/tracing.md), and relic's historic alloc_hugepages/free_hugepages,
 * which strace never knew. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct xlat prot_flags[] = {
    {0, "PROT_NONE"},
    {0x1, "PROT_READ"},
    {0x2, "PROT_WRITE"},
    {0x4, "PROT_EXEC"},
    {0x8, "PROT_SEM"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
    {0, NULL},
};

#define MAP_TYPE       0x0f
#define MAP_HUGE_SHIFT 26
#define MAP_HUGE_MASK  (0x3fu << MAP_HUGE_SHIFT)

static const struct xlat map_types[] = {
    {0x0, "MAP_FILE"},
    {0x1, "MAP_SHARED"},
    {0x2, "MAP_PRIVATE"},
    {0x3, "MAP_SHARED_VALIDATE"},
    {0, NULL},
};
/* In strace's table order, which is the order the names print in. */
static const struct xlat map_flags[] = {
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x40, "MAP_32BIT"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
    {0, NULL},
};

static const struct xlat mremap_flags[] = {
    {0x1, "MREMAP_MAYMOVE"},
    {0x2, "MREMAP_FIXED"},
    {0x4, "MREMAP_DONTUNMAP"},
    {0, NULL},
};

static const struct xlat madvise_advice[] = {
    {0, "MADV_NORMAL"},          {1, "MADV_RANDOM"},
    {2, "MADV_SEQUENTIAL"},      {3, "MADV_WILLNEED"},
    {4, "MADV_DONTNEED"},        {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},          {10, "MADV_DONTFORK"},
    {11, "MADV_DOFORK"},         {12, "MADV_MERGEABLE"},
    {13, "MADV_UNMERGEABLE"},    {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},     {16, "MADV_DONTDUMP"},
    {17, "MADV_DODUMP"},         {18, "MADV_WIPEONFORK"},
    {19, "MADV_KEEPONFORK"},     {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},        {22, "MADV_POPULATE_READ"},
    {23, "MADV_POPULATE_WRITE"}, {24, "MADV_DONTNEED_LOCKED"},
    {25, "MADV_COLLAPSE"},       {100, "MADV_HWPOISON"},
    {101, "MADV_SOFT_OFFLINE"},  {0, NULL},
};

static const struct xlat msync_flags[] = {
    {0x4, "MS_SYNC"},
    {0x1, "MS_ASYNC"},
    {0x2, "MS_INVALIDATE"},
    {0, NULL},
};
static const struct xlat mlockall_flags[] = {
    {0x1, "MCL_CURRENT"},
    {0x2, "MCL_FUTURE"},
    {0x4, "MCL_ONFAULT"},
    {0, NULL},
};
static const struct xlat mlock2_flags[] = {
    {0x1, "MLOCK_ONFAULT"},
    {0, NULL},
};

static const struct xlat mpol_modes[] = {
    {0, "MPOL_DEFAULT"}, {1, "MPOL_PREFERRED"},
    {2, "MPOL_BIND"},    {3, "MPOL_INTERLEAVE"},
    {4, "MPOL_LOCAL"},   {5, "MPOL_PREFERRED_MANY"},
    {0, NULL},
};
#define MPOL_MODE_FLAGS 0xe000u
static const struct xlat mpol_mode_flags[] = {
    {0x8000, "MPOL_F_STATIC_NODES"},
    {0x4000, "MPOL_F_RELATIVE_NODES"},
    {0x2000, "MPOL_F_NUMA_BALANCING"},
    {0, NULL},
};
static const struct xlat mbind_flags[] = {
    {0x1, "MPOL_MF_STRICT"},
    {0x2, "MPOL_MF_MOVE"},
    {0x4, "MPOL_MF_MOVE_ALL"},
    {0, NULL},
};
static const struct xlat move_pages_flags[] = {
    {0x2, "MPOL_MF_MOVE"},
    {0x4, "MPOL_MF_MOVE_ALL"},
    {0, NULL},
};
static const struct xlat get_mempolicy_flags[] = {
    {0x1, "MPOL_F_NODE"},
    {0x2, "MPOL_F_ADDR"},
    {0x4, "MPOL_F_MEMS_ALLOWED"},
    {0, NULL},
};

static const struct xlat hugepage_flag[] = {
    {01000, "IPC_CREAT"},
    {0, NULL},
};

/* The names of flags in x that v holds, joined by '|' after sep; the
 * bits left over in hex. Returns whether anything was printed. */
static bool flag_list(struct tcall *c, const struct xlat *x, uint32_t v, bool sep)
{
    bool any = sep;
    for (; x->name; x++) {
        if (x->val && (v & x->val) == x->val) {
            tr_printf(c, "%s%s", any ? "|" : "", x->name);
            v &= ~(uint32_t)x->val;
            any = true;
        }
    }
    if (v)
        tr_printf(c, "%s%#x", any ? "|" : "", v);
    return any || v;
}

static const char *lookup(const struct xlat *x, uint32_t v)
{
    for (; x->name; x++)
        if (x->val == v)
            return x->name;
    return NULL;
}

/* mmap's flags: the mapping type, then the other flags, then the huge page
 * size as "N<<MAP_HUGE_SHIFT", as strace prints them. */
static void map_flags_arg(struct tcall *c, uint32_t flags)
{
    if (trace_opt.xlat != XLAT_ABBREV)
        tr_printf(c, "%#x", flags);
    if (trace_opt.xlat == XLAT_RAW)
        return;
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " /* ");
    const char *type = lookup(map_types, flags & MAP_TYPE);
    if (type)
        tr_puts(c, type);
    else
        tr_printf(c, "%#x /* MAP_??? */", flags & MAP_TYPE);
    uint32_t rest = flags & ~(uint32_t)MAP_TYPE & ~MAP_HUGE_MASK;
    if (rest)
        flag_list(c, map_flags, rest, true);
    if (flags & MAP_HUGE_MASK)
        tr_printf(c, "|%u<<MAP_HUGE_SHIFT", (flags & MAP_HUGE_MASK) >> MAP_HUGE_SHIFT);
    if (trace_opt.xlat == XLAT_VERBOSE)
        tr_puts(c, " */");
}

static void print_mmap(struct tcall *c, const uint32_t *a, uint64_t offset)
{
    tr_arg(c);
    tr_addr(c, a[0]);
    tr_arg(c);
    tr_uint(c, a[1]);
    tr_arg(c);
    tr_flags(c, prot_flags, a[2], "PROT_???");
    tr_arg(c);
    map_flags_arg(c, a[3]);
    tr_arg(c);
    tr_fd(c, (int32_t)a[4]);
    tr_arg(c);
    tr_printf(c, "%#llx", (unsigned long long)offset);
}

static int dec_mmap2(struct tcall *c)
{
    print_mmap(c, c->args, (uint64_t)c->args[5] << 12); /* 4 KiB units */
    c->rv = RV_HEX;
    return TD_DONE;
}

/* i386's old mmap (90): the six arguments are a struct in memory. */
static int dec_old_mmap(struct tcall *c)
{
    uint32_t a[6];
    c->rv = RV_HEX;
    if (tr_read(c, c->args[0], a, sizeof(a)) < 0) {
        tr_arg(c);
        tr_addr(c, c->args[0]);
        return TD_DONE;
    }
    print_mmap(c, a, a[5]);
    return TD_DONE;
}

static int dec_brk(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    c->rv = RV_HEX;
    return TD_DONE;
}

/* addr, length: munmap, mlock, munlock. */
static int dec_addr_len(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    return TD_DONE;
}

static int dec_mprotect(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_flags(c, prot_flags, c->args[2], "PROT_???");
    return TD_DONE;
}

static int dec_pkey_mprotect(struct tcall *c)
{
    dec_mprotect(c);
    tr_arg(c);
    tr_int(c, (int32_t)c->args[3]);
    return TD_DONE;
}

static int dec_mremap(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, mremap_flags, c->args[3], "MREMAP_???");
    /* strace 6.1 shows the new address only with both MAYMOVE and FIXED
     * (not with MAYMOVE|DONTUNMAP, though the kernel uses it as a hint) */
    if ((c->args[3] & 0x3) == 0x3) {
        tr_arg(c);
        tr_addr(c, c->args[4]);
    }
    c->rv = RV_HEX;
    return TD_DONE;
}

static int dec_madvise(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_xval(c, madvise_advice, c->args[2], "MADV_???");
    return TD_DONE;
}

static int dec_msync(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_flags(c, msync_flags, c->args[2], "MS_???");
    return TD_DONE;
}

static int dec_mlock2(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_flags(c, mlock2_flags, c->args[2], "MLOCK_???");
    return TD_DONE;
}

static int dec_mlockall(struct tcall *c)
{
    tr_arg(c);
    tr_flags(c, mlockall_flags, c->args[0], "MCL_???");
    return TD_DONE;
}

static int dec_none(struct tcall *c)
{
    (void)c;
    return TD_DONE;
}

/* An array of n elements of size bytes at va, as strace prints one: NULL;
 * [] when empty; the address alone when the first element cannot be read,
 * or when the call failed and the array is printed at its exit (the kernel
 * wrote nothing); "..." in place of the elements past -s unless -v; and
 * "..." with the address in a comment where reading stops midway. Addresses are
 * computed in 64 bits, as strace's, so an array running past 4 GiB stops
 * there rather than wrapping to 0. */
typedef void (*elem_fn)(struct tcall *c, const void *elem);

static void print_array(struct tcall *c, uint32_t va, uint64_t n, size_t size,
                        elem_fn elem)
{
    if (va == 0) {
        tr_puts(c, "NULL");
        return;
    }
    if (n == 0) {
        tr_puts(c, "[]");
        return;
    }
    bool unwritten = c->exiting && c->ret < 0;
    uint64_t max = trace_opt.strsize > 0 ? (uint64_t)trace_opt.strsize : 32;
    uint64_t shown = !trace_opt.verbose && max < n ? max : n;
    unsigned char buf[8];
    uint64_t i;
    for (i = 0; i < n; i++) {
        uint64_t cur = va + i * size;
        if (i)
            tr_puts(c, ", ");
        /* strace reads the element at -s too before it prints "..." */
        if (unwritten || cur + size > 0x100000000ull ||
            tr_read(c, (uint32_t)cur, buf, size) < 0) {
            if (i == 0) {
                tr_addr(c, va);
                return;
            }
            tr_printf(c, "... /* %#llx */", (unsigned long long)cur);
            break;
        }
        if (i == 0)
            tr_puts(c, "[");
        if (i >= shown) {
            tr_puts(c, "...");
            break;
        }
        elem(c, buf);
    }
    tr_puts(c, "]");
}

static void mincore_elem(struct tcall *c, const void *p)
{
    tr_uint(c, *(const uint8_t *)p & 1); /* the other bits are reserved */
}

static void int_elem(struct tcall *c, const void *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    tr_int(c, v);
}

static void addr_elem(struct tcall *c, const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    tr_addr(c, v);
}

/* A node mask word: hex zero-padded to the word's 8 digits, "0x" counted
 * in them, so 1 is 0x000001 and 0 is 00000000 (printf's %#08x, as strace). */
static void node_word(struct tcall *c, const void *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    tr_printf(c, "%#08x", w);
}

/* A node mask of maxnode bits as the kernel reads it: (maxnode - 1) bits
 * rounded up to 32-bit words (64-bit sums: maxnode may be near 2^32). */
static void print_nodemask(struct tcall *c, uint32_t va, uint32_t maxnode)
{
    uint64_t n = ((uint64_t)maxnode + 32 - 2) / 32;
    if (maxnode && !n) {
        tr_addr(c, va);
        return;
    }
    print_array(c, va, n, 4, node_word);
}

/* A move_pages status: a node number, or a page's -errno by name. */
static void status_elem(struct tcall *c, const void *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    const char *name = v < 0 ? trace_errno_name(-v) : NULL;
    if (!name || trace_opt.xlat != XLAT_ABBREV)
        tr_int(c, v);
    if (!name || trace_opt.xlat == XLAT_RAW)
        return;
    tr_printf(c, trace_opt.xlat == XLAT_VERBOSE ? " /* -%s */" : "-%s", name);
}

static int dec_mincore(struct tcall *c)
{
    if (!c->exiting) {
        dec_addr_len(c);
        tr_arg(c); /* the vector, printed at the exit */
        return TD_EXIT;
    }
    uint32_t pages = c->args[1] / 4096 + (c->args[1] % 4096 ? 1 : 0);
    if (c->ret < 0)
        tr_addr(c, c->args[2]);
    else
        print_array(c, c->args[2], pages, 1, mincore_elem);
    return TD_DONE;
}

static int dec_remap_file_pages(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_flags(c, prot_flags, c->args[2], "PROT_???");
    tr_arg(c);
    tr_uint(c, c->args[3]);
    tr_arg(c);
    map_flags_arg(c, c->args[4]);
    return TD_DONE;
}

/* A policy mode with its mode flags. */
static void print_mode(struct tcall *c, uint32_t arg)
{
    uint32_t flags = arg & MPOL_MODE_FLAGS, mode = arg & ~MPOL_MODE_FLAGS;
    const char *name = lookup(mpol_modes, mode);
    if (!flags) {
        tr_xval(c, mpol_modes, mode, "MPOL_???");
    } else if (!name) {
        tr_flags(c, mpol_mode_flags, arg, "MPOL_???");
    } else {
        if (trace_opt.xlat != XLAT_ABBREV)
            tr_printf(c, "%#x", arg);
        if (trace_opt.xlat == XLAT_RAW)
            return;
        if (trace_opt.xlat == XLAT_VERBOSE)
            tr_puts(c, " /* ");
        tr_puts(c, name);
        flag_list(c, mpol_mode_flags, flags, true);
        if (trace_opt.xlat == XLAT_VERBOSE)
            tr_puts(c, " */");
    }
}

static int dec_mbind(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    print_mode(c, c->args[2]);
    tr_arg(c);
    print_nodemask(c, c->args[3], c->args[4]);
    tr_arg(c);
    tr_uint(c, c->args[4]);
    tr_arg(c);
    tr_flags(c, mbind_flags, c->args[5], "MPOL_???");
    return TD_DONE;
}

static int dec_set_mempolicy(struct tcall *c)
{
    tr_arg(c);
    print_mode(c, c->args[0]);
    tr_arg(c);
    print_nodemask(c, c->args[1], c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    return TD_DONE;
}

static int dec_get_mempolicy(struct tcall *c)
{
    if (!c->exiting)
        return TD_EXIT; /* everything is printed once the kernel has written */
    tr_arg(c);
    int32_t pol;
    if (c->args[0] == 0) {
        tr_puts(c, "NULL");
    } else if (c->ret < 0 || tr_read(c, c->args[0], &pol, 4) < 0) {
        tr_addr(c, c->args[0]);
    } else {
        tr_puts(c, "[");
        tr_xval(c, mpol_modes, (uint64_t)(int64_t)pol,
                "MPOL_???"); /* an int, widened as strace */
        tr_puts(c, "]");
    }
    tr_arg(c);
    print_nodemask(c, c->args[1], c->args[2]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_addr(c, c->args[3]);
    tr_arg(c);
    tr_flags(c, get_mempolicy_flags, c->args[4], "MPOL_???");
    return TD_DONE;
}

static int dec_migrate_pages(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    tr_arg(c);
    print_nodemask(c, c->args[2], c->args[1]);
    tr_arg(c);
    print_nodemask(c, c->args[3], c->args[1]);
    return TD_DONE;
}

/* move_pages(pid, count, pages, nodes, status, flags): the statuses are
 * the kernel's answer, printed at the exit. */
static int dec_move_pages(struct tcall *c)
{
    if (c->exiting) {
        print_array(c, c->args[4], c->args[1], 4, status_elem);
        tr_arg(c);
        tr_flags(c, move_pages_flags, c->args[5], "MPOL_???");
        return TD_DONE;
    }
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_uint(c, c->args[1]);
    tr_arg(c);
    print_array(c, c->args[2], c->args[1], 4, addr_elem);
    tr_arg(c);
    print_array(c, c->args[3], c->args[1], 4, int_elem);
    tr_arg(c);
    return TD_EXIT;
}

static int dec_set_mempolicy_home_node(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_hex(c, c->args[3]); /* no flags defined: strace prints the number */
    return TD_DONE;
}

/* io_setup and io_destroy are %memory calls too (the AIO ring is mapped
 * into the caller). */
static int dec_io_setup(struct tcall *c)
{
    if (!c->exiting) {
        tr_arg(c);
        tr_uint(c, c->args[0]);
        tr_arg(c);
        return TD_EXIT;
    }
    uint32_t ctx;
    if (c->args[1] == 0 || c->ret < 0 || tr_read(c, c->args[1], &ctx, 4) < 0) {
        tr_addr(c, c->args[1]);
        return TD_DONE;
    }
    tr_puts(c, "[");
    tr_addr(c, ctx);
    tr_puts(c, "]");
    return TD_DONE;
}

static int dec_io_destroy(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    return TD_DONE;
}

static int dec_mseal(struct tcall *c)
{
    dec_addr_len(c);
    tr_arg(c);
    tr_hex(c, c->args[2]);
    return TD_DONE;
}

/* alloc_hugepages(key, addr, len, prot, flag), Linux 2.5.36-2.5.53: the
 * address of the segment, like mmap's. */
static int dec_alloc_hugepages(struct tcall *c)
{
    tr_arg(c);
    tr_int(c, (int32_t)c->args[0]);
    tr_arg(c);
    tr_addr(c, c->args[1]);
    tr_arg(c);
    tr_uint(c, c->args[2]);
    tr_arg(c);
    tr_flags(c, prot_flags, c->args[3], "PROT_???");
    tr_arg(c);
    tr_flags(c, hugepage_flag, c->args[4], "IPC_???");
    c->rv = RV_HEX;
    return TD_DONE;
}

static int dec_free_hugepages(struct tcall *c)
{
    tr_arg(c);
    tr_addr(c, c->args[0]);
    return TD_DONE;
}

const struct trace_decoder trace_mem_decoders[] = {
    {"brk", dec_brk},
    {"mmap", dec_old_mmap},
    {"mmap2", dec_mmap2},
    {"munmap", dec_addr_len},
    {"mprotect", dec_mprotect},
    {"pkey_mprotect", dec_pkey_mprotect},
    {"mremap", dec_mremap},
    {"madvise", dec_madvise},
    {"msync", dec_msync},
    {"mlock", dec_addr_len},
    {"munlock", dec_addr_len},
    {"mlock2", dec_mlock2},
    {"mlockall", dec_mlockall},
    {"munlockall", dec_none},
    {"mincore", dec_mincore},
    {"remap_file_pages", dec_remap_file_pages},
    {"mbind", dec_mbind},
    {"set_mempolicy", dec_set_mempolicy},
    {"get_mempolicy", dec_get_mempolicy},
    {"migrate_pages", dec_migrate_pages},
    {"move_pages", dec_move_pages},
    {"set_mempolicy_home_node", dec_set_mempolicy_home_node},
    {"io_setup", dec_io_setup},
    {"io_destroy", dec_io_destroy},
    {"break", dec_none},
    {"mseal", dec_mseal},
    {"alloc_hugepages", dec_alloc_hugepages},
    {"free_hugepages", dec_free_hugepages},
    {NULL, NULL},
};
