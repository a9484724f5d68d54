/* The i386 engine: Unicorn in UC_TLB_VIRTUAL mode, every TLB miss answered by
 * mm, int 0x80 into the syscall layer, CPU exceptions into guest signals.
 * One Unicorn instance per guest thread, all over the same guest RAM.
 *
 * Each CPU's engine-private page (MM_KERNEL_PAGE) holds the GDT of Linux's
 * i386 layout (kernel code/data 0x60/0x68, user code/data 0x73/0x7b, TLS
 * slots 6-8), the entry trampolines and a small stack. The guest runs at
 * CPL 3: privileged instructions fault. */
#include "cpu.h"

#include "../syscalls/trace.h"
#include "disas.h"
#include "fault_addr.h"

#include "../syscalls/syscalls.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct i386_cpu *all_cpus;

/* The process LDT: its pages, allocated when first written. */
static struct {
    struct mm *mm;
    uint8_t *page[LDT_ENTRIES * 8 / MM_PAGE_SIZE];
    uint64_t pa[LDT_ENTRIES * 8 / MM_PAGE_SIZE];
    uint32_t entries; /* the highest entry written, plus one */
} ldt;

static uint64_t flat_desc(int dpl, bool code)
{
    /* base 0, limit 0xfffff pages, present, S=1, 32-bit, 4 KiB granularity */
    uint64_t type = code ? 0xa : 0x2; /* execute/read, or read/write */
    return 0x0000ffffull | (0xfull << 48) | (type << 40) | (1ull << 44) |
           ((uint64_t)dpl << 45) | (1ull << 47) | (1ull << 54) | (1ull << 55);
}

static void write_gdt(void *opaque, int index, uint64_t desc)
{
    struct i386_cpu *cpu = opaque;
    memcpy(cpu->kpage + 8 * index, &desc, 8);
}

static uint64_t read_gdt(void *opaque, int index)
{
    struct i386_cpu *cpu = opaque;
    uint64_t d;
    memcpy(&d, cpu->kpage + 8 * index, 8);
    return d;
}

static bool entered_once(struct i386_cpu *cpu)
{
    uint16_t cs;
    uc_reg_read(cpu->uc, UC_X86_REG_CS, &cs);
    return cs != KERNEL_CS;
}

bool i386_in_user_mode(struct i386_cpu *cpu)
{
    return entered_once(cpu);
}

static uint32_t get_sp(void *opaque)
{
    struct i386_cpu *cpu = opaque;
    uint32_t sp;
    uc_reg_read(cpu->uc, UC_X86_REG_ESP, &sp);
    return sp;
}

static void set_sp(void *opaque, uint32_t sp)
{
    struct i386_cpu *cpu = opaque;
    if (entered_once(cpu)) {
        uc_reg_write(cpu->uc, UC_X86_REG_ESP, &sp);
        return;
    }
    memcpy(cpu->kpage + KSTACK_OFF + 12, &sp, 4); /* the first entry's iret frame */
}

/* Load FS and GS again after their descriptors changed (set_thread_area on
 * a thread that has not run yet: the kernel reloads them on its way out). */
static void reload_segments(void *opaque)
{
    struct i386_cpu *cpu = opaque;
    static const int ids[2] = {UC_X86_REG_FS, UC_X86_REG_GS};
    for (int i = 0; i < 2; i++) {
        uint16_t sel;
        uc_reg_read(cpu->uc, ids[i], &sel);
        if (sel)
            uc_reg_write(cpu->uc, ids[i], &sel);
    }
}

static const struct cpu_ops i386_ops = {write_gdt, read_gdt, sigframe_return,
                                        get_sp,    set_sp,   reload_segments};

/* ---- the LDT ---- */

uint32_t ldt_entries(void)
{
    return ldt.entries;
}

int ldt_write(int index, uint64_t desc)
{
    if (index < 0 || index >= LDT_ENTRIES)
        return -EINVAL;
    unsigned p = (unsigned)index * 8 / MM_PAGE_SIZE;
    if (!ldt.page[p] && !(ldt.page[p] = mm_kernel_frame(ldt.mm, &ldt.pa[p])))
        return -ENOMEM;
    memcpy(ldt.page[p] + (unsigned)index * 8 % MM_PAGE_SIZE, &desc, 8);
    if ((uint32_t)index >= ldt.entries)
        ldt.entries = (uint32_t)index + 1;
    struct i386_cpu *self = current_ht ? current_ht->cpu : NULL;
    for (struct i386_cpu *c = all_cpus; c; c = c->next)
        if (c != self && c->ht) /* the others take the new limit when they next run */
            atomic_fetch_or(&c->ht->flush, FLUSH_TLB);
    if (self)
        i386_sync_ldt(self);
    return 0;
}

long ldt_read(void *buf, uint32_t len)
{
    uint32_t have = ldt.entries * 8;
    if (len > have)
        len = have;
    for (uint32_t off = 0; off < len;) {
        unsigned p = off / MM_PAGE_SIZE;
        uint32_t n = MM_PAGE_SIZE - off % MM_PAGE_SIZE;
        if (n > len - off)
            n = len - off;
        if (ldt.page[p])
            memcpy((uint8_t *)buf + off, ldt.page[p] + off % MM_PAGE_SIZE, n);
        else
            memset((uint8_t *)buf + off, 0, n);
        off += n;
    }
    return len;
}

void i386_sync_ldt(struct i386_cpu *cpu)
{
    uint32_t limit = ldt.entries ? ldt.entries * 8 - 1 : 0;
    if (limit == cpu->ldt_limit)
        return;
    uc_x86_mmr ldtr = {0, LDT_BASE, limit, 0};
    uc_reg_write(cpu->uc, UC_X86_REG_LDTR, &ldtr);
    cpu->ldt_limit = limit;
}

/* ---- hooks ---- */

static bool on_tlb_fill(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e,
                        void *opaque)
{
    (void)uc;
    struct i386_cpu *cpu = opaque;
    uint32_t page = (uint32_t)va & ~(MM_PAGE_SIZE - 1);
    if (page == MM_KERNEL_PAGE) {
        e->paddr = cpu->kpage_pa;
        e->perms = UC_PROT_ALL;
        return true;
    }
    if (page >= LDT_BASE && page < LDT_BASE + LDT_ENTRIES * 8) {
        unsigned p = (page - LDT_BASE) / MM_PAGE_SIZE;
        if (!ldt.page[p] && !(ldt.page[p] = mm_kernel_frame(cpu->mm, &ldt.pa[p])))
            return false;
        e->paddr = ldt.pa[p];
        e->perms = UC_PROT_READ | UC_PROT_WRITE;
        return true;
    }
    enum mm_access access = type == UC_MEM_WRITE   ? MM_WRITE
                            : type == UC_MEM_FETCH ? MM_FETCH
                                                   : MM_READ;
    uint64_t paddr;
    int perms;
    enum mm_fault f = mm_fill(cpu->mm, (uint32_t)va, access, &paddr, &perms);
    if (f != MM_OK) {
        cpu->fault = f;
        cpu->fault_page = (uint32_t)va;
        cpu->fault_access = access;
        return false;
    }
    e->paddr = paddr;
    e->perms = (uc_prot)perms;
    return true;
}

static bool is_restart(long r)
{
    return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
           r == -ERESTART_RESTARTBLOCK;
}

static long run_call(struct task *t, uint32_t nr, const uint32_t *args)
{
    if (nr == 0 && t->restart_fn) { /* restart_syscall, in every era */
        long (*fn)(struct task *) = t->restart_fn;
        t->restart_fn = NULL;
        return fn(t);
    }
    return syscalls_dispatch(t, nr, args);
}

static void do_syscall(struct i386_cpu *cpu)
{
    static const int ids[7] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX,
                               UC_X86_REG_EDX, UC_X86_REG_ESI, UC_X86_REG_EDI,
                               UC_X86_REG_EBP};
    uint32_t r[7];
    void *ptrs[7];
    for (int i = 0; i < 7; i++)
        ptrs[i] = &r[i];
    uc_reg_read_batch(cpu->uc, (int *)ids, ptrs, 7);
    struct task *t = cpu->task;
    t->sys_nr = r[0];
    cpu->sigreturned = false;
    trace_syscall_enter(t, r[0], &r[1]);
    long ret = run_call(t, r[0], &r[1]);
    /* Interrupted with nothing for the guest to see (a kick, an ignored
     * signal): the call goes on, as the kernel restarts it. */
    while (is_restart(ret) && !cpu->sigreturned && !signal_deliverable(t)) {
        if (ret == -ERESTART_RESTARTBLOCK)
            ret = run_call(t, 0, &r[1]);
        else
            ret = run_call(t, r[0], &r[1]);
    }
    trace_syscall_exit(t, ret);
    uint32_t eax = (uint32_t)ret;
    uc_reg_write(cpu->uc, UC_X86_REG_EAX, &eax);
    if (mm_oom_pending(cpu->mm)) /* RAM ran out inside the call: OOM kill */
        cpu->fault = MM_OOM;
    if (t->exited || t->fatal_signal || cpu->fault == MM_OOM || signal_deliverable(t) ||
        is_restart(ret)) {
        cpu->in_syscall = !cpu->sigreturned;
        cpu->sys_ret = ret;
        uc_emu_stop(cpu->uc);
    }
}

/* The signal Linux sends for each CPU exception vector (traps.c). */
static int signal_for_vector(uint32_t v)
{
    switch (v) {
    case 0:  /* #DE */
    case 7:  /* #NM */
    case 16: /* #MF */
    case 19: /* #XM */
        return SIGFPE;
    case 1: /* #DB */
    case 3: /* #BP */
        return SIGTRAP;
    case 6: /* #UD */
        return SIGILL;
    case 11: /* #NP */
    case 12: /* #SS */
    case 17: /* #AC */
        return SIGBUS;
    default: /* #OF, #BR, #TS, #GP, #PF, and int n other than 0x80 */
        return SIGSEGV;
    }
}

static void on_interrupt(uc_engine *uc, uint32_t intno, void *opaque)
{
    struct i386_cpu *cpu = opaque;
    if (intno == 0x80) {
        do_syscall(cpu);
        return;
    }
    cpu->trap_sig = signal_for_vector(intno);
    cpu->trap_vector = (int)intno;
    uc_emu_stop(uc);
}

/* Every entry passes here: a signal, a kick or a yield request that came
 * after the run loop last looked (while Unicorn could not yet be stopped)
 * stops the CPU before any guest instruction runs. */
static void on_entry(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
    (void)addr, (void)size;
    struct i386_cpu *cpu = opaque;
    if (cpu->ht && (cpu->ht->interrupted || atomic_load(&cpu->ht->yield) ||
                    atomic_load(&cpu->ht->flush)))
        uc_emu_stop(uc);
}

/* Translations went stale: this thread's CPU flushes now, the others (which
 * are not running: the run lock is ours) before they next run. */
static void on_invalidate(void *opaque, bool code, bool others_only)
{
    (void)opaque;
    if (code)
        disas_forget(); /* re-made blocks are logged again, as qemu does */
    struct i386_cpu *self = current_ht ? current_ht->cpu : NULL;
    for (struct i386_cpu *c = all_cpus; c; c = c->next) {
        if (!c->ht) { /* not running yet: nobody else can be using it */
            if (code)
                uc_ctl_flush_tb(c->uc);
            uc_ctl_flush_tlb(c->uc);
        } else if (c == self && !others_only) {
            if (code)
                uc_ctl_flush_tb(c->uc);
            uc_ctl_flush_tlb(c->uc);
        } else if (c != self) {
            atomic_fetch_or(&c->ht->flush, FLUSH_TLB | (code ? FLUSH_CODE : 0));
        }
    }
}

static int set_descriptor_tables(struct i386_cpu *cpu)
{
    write_gdt(cpu, KERNEL_CS >> 3, flat_desc(0, true));
    write_gdt(cpu, KERNEL_DS >> 3, flat_desc(0, false));
    write_gdt(cpu, USER_CS >> 3, flat_desc(3, true));
    write_gdt(cpu, USER_DS >> 3, flat_desc(3, false));
    uc_x86_mmr gdtr = {0, MM_KERNEL_PAGE, GDT_ENTRIES * 8 - 1, 0};
    /* Protected mode with x87 and SSE enabled as Linux leaves them for users. */
    uint32_t cr0 = 0x33;  /* PE | MP | ET | NE */
    uint32_t cr4 = 0x600; /* OSFXSR | OSXMMEXCPT */
    uint16_t cs = KERNEL_CS, ds = KERNEL_DS;
    if (uc_reg_write(cpu->uc, UC_X86_REG_GDTR, &gdtr) ||
        uc_reg_write(cpu->uc, UC_X86_REG_CR0, &cr0) ||
        uc_reg_write(cpu->uc, UC_X86_REG_CR4, &cr4) ||
        uc_reg_write(cpu->uc, UC_X86_REG_CS, &cs) ||
        uc_reg_write(cpu->uc, UC_X86_REG_SS, &ds) ||
        uc_reg_write(cpu->uc, UC_X86_REG_DS, &ds) ||
        uc_reg_write(cpu->uc, UC_X86_REG_ES, &ds))
        return -1;
    return 0;
}

static uint32_t probe_hwcap(struct i386_cpu *cpu)
{
    static const uint8_t cpuid[] = {0x0f, 0xa2};
    memcpy(cpu->kpage + CPUID_OFF, cpuid, sizeof(cpuid));
    uint32_t eax = 1, edx = 0;
    uc_reg_write(cpu->uc, UC_X86_REG_EAX, &eax);
    if (uc_emu_start(cpu->uc, MM_KERNEL_PAGE + CPUID_OFF,
                     MM_KERNEL_PAGE + CPUID_OFF + sizeof(cpuid), 0, 0) == UC_ERR_OK)
        uc_reg_read(cpu->uc, UC_X86_REG_EDX, &edx);
    return edx;
}

/* The code of the engine-private page: the entries and the sigreturn
 * trampolines a handler without SA_RESTORER returns through (the kernel's
 * vDSO has the same two sequences). */
static void write_kernel_code(uint8_t *k)
{
    static const uint8_t reentry[] = {0x2e, 0xff, 0x25, 0, 0, 0, 0}; /* jmp *%cs:slot */
    static const uint8_t sigret[] = {0x58, 0xb8, 0x77, 0, 0, 0, 0xcd, 0x80};
    static const uint8_t rt_sigret[] = {0xb8, 0xad, 0, 0, 0, 0xcd, 0x80};
    k[TRAMPOLINE_OFF] = 0xcf; /* iret */
    memcpy(k + REENTRY_OFF, reentry, sizeof(reentry));
    uint32_t slot = MM_KERNEL_PAGE + REENTRY_SLOT;
    memcpy(k + REENTRY_OFF + 3, &slot, 4);
    memcpy(k + SIGRETURN_OFF, sigret, sizeof(sigret));
    memcpy(k + RT_SIGRETURN_OFF, rt_sigret, sizeof(rt_sigret));
}

static struct i386_cpu *cpu_open(struct mm *mm, char *err, size_t errlen)
{
    struct i386_cpu *cpu = calloc(1, sizeof(*cpu));
    if (!cpu) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    cpu->mm = mm;
    ldt.mm = mm;
    uc_err e = uc_open(UC_ARCH_X86, UC_MODE_32, &cpu->uc);
    if (e) {
        snprintf(err, errlen, "cannot start Unicorn: %s", uc_strerror(e));
        free(cpu);
        return NULL;
    }
    uint64_t ram_size;
    uint8_t *ram = mm_ram(mm, &ram_size);
    cpu->kpage = mm_kernel_frame(mm, &cpu->kpage_pa);
    cpu->own_kpage = true;
    uc_hook h1, h2, h3;
    if ((e = uc_ctl_tlb_mode(cpu->uc, UC_TLB_VIRTUAL)) ||
        (e = uc_mem_map_ptr(cpu->uc, 0, ram_size, UC_PROT_ALL, ram)) ||
        (e = uc_hook_add(cpu->uc, &h1, UC_HOOK_TLB_FILL, (void *)on_tlb_fill, cpu, 1,
                         0)) ||
        (e = uc_hook_add(cpu->uc, &h2, UC_HOOK_INTR, (void *)on_interrupt, cpu, 1, 0)) ||
        (e = uc_hook_add(cpu->uc, &h3, UC_HOOK_CODE, (void *)on_entry, cpu,
                         MM_KERNEL_PAGE + TRAMPOLINE_OFF,
                         MM_KERNEL_PAGE + REENTRY_OFF)) ||
        !cpu->kpage || set_descriptor_tables(cpu)) {
        snprintf(err, errlen, "cannot set up the i386 CPU: %s",
                 e ? uc_strerror(e) : "descriptor tables");
        i386_free(cpu);
        return NULL;
    }
    write_kernel_code(cpu->kpage);
    if (disas_on)
        disas_attach(cpu);
    mm_set_invalidate(mm, on_invalidate, NULL);
    cpu->next = all_cpus;
    all_cpus = cpu;
    return cpu;
}

struct i386_cpu *i386_new(struct mm *mm, char *err, size_t errlen)
{
    struct i386_cpu *cpu = cpu_open(mm, err, errlen);
    if (cpu)
        cpu->hwcap = probe_hwcap(cpu);
    return cpu;
}

void i386_free(struct i386_cpu *cpu)
{
    if (!cpu)
        return;
    for (struct i386_cpu **p = &all_cpus; *p; p = &(*p)->next)
        if (*p == cpu) {
            *p = cpu->next;
            break;
        }
    if (cpu->uc)
        uc_close(cpu->uc);
    if (cpu->kpage && cpu->own_kpage)
        mm_kernel_frame_free(cpu->mm, cpu->kpage_pa);
    free(cpu);
}

uint32_t i386_hwcap(struct i386_cpu *cpu)
{
    return cpu->hwcap;
}

void i386_stop(struct i386_cpu *cpu)
{
    uc_emu_stop(cpu->uc);
}

const struct cpu_ops *i386_cpu_ops(void)
{
    return &i386_ops;
}

/* ---- registers ---- */

static const int gpr_ids[10] = {
    UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_ESI,
    UC_X86_REG_EDI, UC_X86_REG_EBP, UC_X86_REG_ESP, UC_X86_REG_EIP, UC_X86_REG_EFLAGS};
static const int seg_ids[6] = {UC_X86_REG_CS, UC_X86_REG_SS, UC_X86_REG_DS,
                               UC_X86_REG_ES, UC_X86_REG_FS, UC_X86_REG_GS};

void i386_get_regs(struct i386_cpu *cpu, struct i386_regs *r)
{
    uint32_t *g[10] = {&r->eax, &r->ebx, &r->ecx, &r->edx, &r->esi,
                       &r->edi, &r->ebp, &r->esp, &r->eip, &r->eflags};
    uint16_t *s[6] = {&r->cs, &r->ss, &r->ds, &r->es, &r->fs, &r->gs};
    for (int i = 0; i < 10; i++)
        uc_reg_read(cpu->uc, gpr_ids[i], g[i]);
    for (int i = 0; i < 6; i++)
        uc_reg_read(cpu->uc, seg_ids[i], s[i]);
}

bool i386_set_regs(struct i386_cpu *cpu, const struct i386_regs *r)
{
    const uint32_t *g[10] = {&r->eax, &r->ebx, &r->ecx, &r->edx, &r->esi,
                             &r->edi, &r->ebp, &r->esp, &r->eip, &r->eflags};
    for (int i = 0; i < 10; i++)
        uc_reg_write(cpu->uc, gpr_ids[i], g[i]);
    /* CS and SS stay the user's own (relic has no other user code segment);
     * the data segments load through the descriptor tables. */
    const uint16_t *s[4] = {&r->ds, &r->es, &r->fs, &r->gs};
    bool ok = (r->cs | 3) == USER_CS && (r->ss | 3) == USER_DS;
    for (int i = 0; i < 4; i++)
        if (uc_reg_write(cpu->uc, seg_ids[2 + i], s[i]) != UC_ERR_OK)
            ok = false;
    return ok;
}

/* FXSAVE image: FCW, FSW, abridged FTW, FOP, FIP, FCS, FDP, FDS, MXCSR,
 * MXCSR_MASK, ST0-7 in 16-byte slots, XMM0-7. */
void i386_get_fxsave(struct i386_cpu *cpu, uint8_t fx[512])
{
    memset(fx, 0, 512);
    uint16_t fcw, fsw, ftw;
    uint32_t mxcsr, mask = 0xffff;
    uc_reg_read(cpu->uc, UC_X86_REG_FPCW, &fcw);
    uc_reg_read(cpu->uc, UC_X86_REG_FPSW, &fsw);
    uc_reg_read(cpu->uc, UC_X86_REG_FPTAG, &ftw);
    uc_reg_read(cpu->uc, UC_X86_REG_MXCSR, &mxcsr);
    uint8_t abridged = 0;
    for (int i = 0; i < 8; i++)
        if (((ftw >> (2 * i)) & 3) != 3)
            abridged |= (uint8_t)(1u << i);
    memcpy(fx, &fcw, 2);
    memcpy(fx + 2, &fsw, 2);
    fx[4] = abridged;
    memcpy(fx + 24, &mxcsr, 4);
    memcpy(fx + 28, &mask, 4);
    int top = (fsw >> 11) & 7;
    for (int i = 0; i < 8; i++) /* ST(i): 64-bit mantissa, 16-bit sign+exponent */
        uc_reg_read(cpu->uc, UC_X86_REG_FP0 + ((top + i) & 7), fx + 32 + 16 * i);
    for (int i = 0; i < 8; i++)
        uc_reg_read(cpu->uc, UC_X86_REG_XMM0 + i, fx + 160 + 16 * i);
}

void i386_set_fxsave(struct i386_cpu *cpu, const uint8_t fx[512])
{
    uint16_t fcw, fsw, ftw = 0;
    uint32_t mxcsr;
    memcpy(&fcw, fx, 2);
    memcpy(&fsw, fx + 2, 2);
    memcpy(&mxcsr, fx + 24, 4);
    for (int i = 0; i < 8; i++)
        if (!(fx[4] & (1u << i)))
            ftw |= (uint16_t)(3u << (2 * i));
    uc_reg_write(cpu->uc, UC_X86_REG_FPCW, &fcw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPSW, &fsw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPTAG, &ftw);
    mxcsr &= 0xffff;
    uc_reg_write(cpu->uc, UC_X86_REG_MXCSR, &mxcsr);
    int top = (fsw >> 11) & 7;
    for (int i = 0; i < 8; i++)
        uc_reg_write(cpu->uc, UC_X86_REG_FP0 + ((top + i) & 7), fx + 32 + 16 * i);
    for (int i = 0; i < 8; i++)
        uc_reg_write(cpu->uc, UC_X86_REG_XMM0 + i, fx + 160 + 16 * i);
}

void i386_reset_fpu(struct i386_cpu *cpu)
{
    uint16_t fpcw = 0x37f, fptag = 0xffff, fpsw = 0;
    uint32_t mxcsr = 0x1f80;
    uc_reg_write(cpu->uc, UC_X86_REG_FPCW, &fpcw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPSW, &fpsw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPTAG, &fptag);
    uc_reg_write(cpu->uc, UC_X86_REG_MXCSR, &mxcsr);
}

/* ---- entering user mode ---- */

/* The first entry irets from ring 0 (the kernel stack in the private page)
 * into ring 3 with the registers in r; data segments are loaded first. */
static void enter_first(struct i386_cpu *cpu, const struct i386_regs *r)
{
    uint32_t frame[5] = {r->eip, USER_CS, r->eflags, r->esp, USER_DS};
    memcpy(cpu->kpage + KSTACK_OFF, frame, sizeof(frame));
    const uint32_t *g[7] = {&r->eax, &r->ebx, &r->ecx, &r->edx,
                            &r->esi, &r->edi, &r->ebp};
    for (int i = 0; i < 7; i++)
        uc_reg_write(cpu->uc, gpr_ids[i], g[i]);
    uint32_t ksp = MM_KERNEL_PAGE + KSTACK_OFF;
    uc_reg_write(cpu->uc, UC_X86_REG_ESP, &ksp);
    const uint16_t *s[4] = {&r->ds, &r->es, &r->fs, &r->gs};
    for (int i = 0; i < 4; i++) {
        uint16_t sel = *s[i];
        if (uc_reg_write(cpu->uc, seg_ids[2 + i], &sel) != UC_ERR_OK) {
            sel = 0; /* a selector that no longer loads: null, as iret leaves */
            uc_reg_write(cpu->uc, seg_ids[2 + i], &sel);
        }
    }
}

uc_err i386_enter(struct i386_cpu *cpu)
{
    cpu->fault = MM_OK;
    cpu->trap_sig = 0;
    i386_sync_ldt(cpu);
    if (!entered_once(cpu))
        return uc_emu_start(cpu->uc, MM_KERNEL_PAGE + TRAMPOLINE_OFF,
                            MM_KERNEL_PAGE + STOP_OFF, 0, 0);
    uint32_t eip;
    uc_reg_read(cpu->uc, UC_X86_REG_EIP, &eip);
    /* Stopped on the trampoline itself: the slot still holds the target. */
    if (eip != MM_KERNEL_PAGE + REENTRY_OFF)
        memcpy(cpu->kpage + REENTRY_SLOT, &eip, 4);
    return uc_emu_start(cpu->uc, MM_KERNEL_PAGE + REENTRY_OFF, MM_KERNEL_PAGE + STOP_OFF,
                        0, 0);
}

/* The user-mode register state Linux starts an i386 ELF with: all general
 * registers zero, flags 0x202, null FS and GS, FNINIT state. */
void i386_start(struct i386_cpu *cpu, struct task *task, uint32_t entry, uint32_t sp)
{
    cpu->task = task;
    task->cpu = cpu;
    task->cpu_ops = &i386_ops;
    struct i386_regs r = {.eip = entry,
                          .esp = sp,
                          .eflags = 0x202,
                          .ds = USER_DS,
                          .es = USER_DS,
                          .cs = USER_CS,
                          .ss = USER_DS};
    enter_first(cpu, &r);
    i386_reset_fpu(cpu);
}

struct i386_cpu *i386_clone(struct i386_cpu *parent, uint32_t newsp, char *err,
                            size_t errlen)
{
    struct i386_cpu *c = cpu_open(parent->mm, err, errlen);
    if (!c)
        return NULL;
    c->hwcap = parent->hwcap;
    for (int i = 6; i < 6 + 3; i++) /* GDT_ENTRY_TLS_MIN .. MAX */
        write_gdt(c, i, read_gdt(parent, i));
    struct i386_regs r;
    i386_get_regs(parent, &r);
    r.eax = 0; /* clone returns 0 in the child */
    if (newsp)
        r.esp = newsp;
    enter_first(c, &r);
    uint8_t fx[512];
    i386_get_fxsave(parent, fx);
    i386_set_fxsave(c, fx);
    return c;
}

/* fault_address() for the loop's SIGSEGV/SIGBUS. */
uint32_t i386_fault_addr(struct i386_cpu *cpu, uint32_t pc)
{
    return fault_address(cpu->uc, cpu->mm, pc, cpu->fault_page);
}
