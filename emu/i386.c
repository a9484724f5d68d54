/* The i386 engine: Unicorn in UC_TLB_VIRTUAL mode, every TLB miss answered by
 * mm, int 0x80 into the syscall layer, CPU exceptions into guest signals.
 *
 * The engine-private page (MM_KERNEL_PAGE) holds the GDT Linux's i386 layout
 * uses (kernel code/data 0x60/0x68, user code/data 0x73/0x7b, TLS slots 6-8),
 * a one-instruction iret trampoline that drops the CPU to ring 3, and its
 * stack. The guest therefore runs at CPL 3: privileged instructions fault. */
#include "engine.h"
#include "fault_addr.h"

#include "../mm/mm.h"
#include "../syscalls/syscalls.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#define GDT_ENTRIES    32
#define KERNEL_CS      0x60
#define KERNEL_DS      0x68
#define USER_CS        0x73
#define USER_DS        0x7b
#define TRAMPOLINE_OFF 0x800u /* iret */
#define CPUID_OFF      0x810u /* cpuid, used once to learn AT_HWCAP */
#define STOP_OFF       0xff0u /* never executed: uc_emu_start's end address */
#define KSTACK_OFF     0xf00u

struct i386_cpu {
    uc_engine *uc;
    struct mm *mm;
    struct task *task;
    uint8_t *kpage;
    uint32_t hwcap;
    /* The last fault the TLB fill hook refused. */
    enum mm_fault fault;
    uint32_t fault_page;
    /* A CPU exception the interrupt hook turned into a signal. */
    int trap_sig;
};

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

static const struct cpu_ops i386_ops = {write_gdt, read_gdt};

static bool on_tlb_fill(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e,
                        void *opaque)
{
    (void)uc;
    struct i386_cpu *cpu = opaque;
    enum mm_access access = type == UC_MEM_WRITE   ? MM_WRITE
                            : type == UC_MEM_FETCH ? MM_FETCH
                                                   : MM_READ;
    uint64_t paddr;
    int perms;
    enum mm_fault f = mm_fill(cpu->mm, (uint32_t)va, access, &paddr, &perms);
    if (f != MM_OK) {
        cpu->fault = f;
        cpu->fault_page = (uint32_t)va;
        return false;
    }
    e->paddr = paddr;
    e->perms = (uc_prot)perms;
    return true;
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
    long ret = syscalls_dispatch(cpu->task, r[0], &r[1]);
    uint32_t eax = (uint32_t)ret;
    uc_reg_write(cpu->uc, UC_X86_REG_EAX, &eax);
    if (mm_oom_pending(cpu->mm)) /* RAM ran out inside the call: OOM kill */
        cpu->fault = MM_OOM;
    if (cpu->task->exited || cpu->task->fatal_signal || cpu->fault == MM_OOM)
        uc_emu_stop(cpu->uc);
}

/* The signal Linux sends for each CPU exception vector (traps.c). */
static int signal_for_vector(uint32_t v)
{
    switch (v) {
    case 0:  /* #DE */
    case 16: /* #MF */
    case 19: /* #XM */
        return SIGFPE;
    case 1: /* #DB */
    case 3: /* #BP */
        return SIGTRAP;
    case 6: /* #UD */
        return SIGILL;
    case 7: /* #NM */
        return SIGFPE;
    case 17: /* #AC */
        return SIGBUS;
    default: /* #OF, #BR, #GP, #SS, #NP, #PF, and int n other than 0x80 */
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
    uc_emu_stop(uc);
}

static void on_invalidate(void *opaque, bool code)
{
    struct i386_cpu *cpu = opaque;
    if (code)
        uc_ctl_flush_tb(cpu->uc);
    uc_ctl_flush_tlb(cpu->uc);
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

struct i386_cpu *i386_new(struct mm *mm, char *err, size_t errlen)
{
    struct i386_cpu *cpu = calloc(1, sizeof(*cpu));
    if (!cpu) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    cpu->mm = mm;
    uc_err e = uc_open(UC_ARCH_X86, UC_MODE_32, &cpu->uc);
    if (e) {
        snprintf(err, errlen, "cannot start Unicorn: %s", uc_strerror(e));
        free(cpu);
        return NULL;
    }
    uint64_t ram_size;
    uint8_t *ram = mm_ram(mm, &ram_size);
    cpu->kpage = mm_kernel_page(mm);
    uc_hook h1, h2;
    if ((e = uc_ctl_tlb_mode(cpu->uc, UC_TLB_VIRTUAL)) ||
        (e = uc_mem_map_ptr(cpu->uc, 0, ram_size, UC_PROT_ALL, ram)) ||
        (e = uc_hook_add(cpu->uc, &h1, UC_HOOK_TLB_FILL, (void *)on_tlb_fill, cpu, 1,
                         0)) ||
        (e = uc_hook_add(cpu->uc, &h2, UC_HOOK_INTR, (void *)on_interrupt, cpu, 1, 0)) ||
        !cpu->kpage || set_descriptor_tables(cpu)) {
        snprintf(err, errlen, "cannot set up the i386 CPU: %s",
                 e ? uc_strerror(e) : "descriptor tables");
        i386_free(cpu);
        return NULL;
    }
    cpu->hwcap = probe_hwcap(cpu);
    cpu->kpage[TRAMPOLINE_OFF] = 0xcf; /* iret */
    mm_set_invalidate(mm, on_invalidate, cpu);
    return cpu;
}

void i386_free(struct i386_cpu *cpu)
{
    if (!cpu)
        return;
    if (cpu->uc)
        uc_close(cpu->uc);
    free(cpu);
}

uint32_t i386_hwcap(struct i386_cpu *cpu)
{
    return cpu->hwcap;
}

/* The user-mode register state Linux starts an i386 ELF with: all general
 * registers zero, and an iret frame that lands at entry in ring 3. */
static void enter_user(struct i386_cpu *cpu, uint32_t entry, uint32_t sp)
{
    uint32_t frame[5] = {entry, USER_CS, 0x202, sp, USER_DS};
    memcpy(cpu->kpage + KSTACK_OFF, frame, sizeof(frame));
    uint32_t zero = 0, ksp = MM_KERNEL_PAGE + KSTACK_OFF;
    static const int gprs[] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX,
                               UC_X86_REG_EDX, UC_X86_REG_ESI, UC_X86_REG_EDI,
                               UC_X86_REG_EBP};
    for (size_t i = 0; i < sizeof(gprs) / sizeof(gprs[0]); i++)
        uc_reg_write(cpu->uc, gprs[i], &zero);
    uc_reg_write(cpu->uc, UC_X86_REG_ESP, &ksp);
    uint16_t uds = USER_DS, null_sel = 0;
    uc_reg_write(cpu->uc, UC_X86_REG_DS, &uds);
    uc_reg_write(cpu->uc, UC_X86_REG_ES, &uds);
    uc_reg_write(cpu->uc, UC_X86_REG_FS, &null_sel);
    uc_reg_write(cpu->uc, UC_X86_REG_GS, &null_sel);
    /* FNINIT state and the default MXCSR. */
    uint16_t fpcw = 0x37f, fptag = 0xffff, fpsw = 0;
    uint32_t mxcsr = 0x1f80;
    uc_reg_write(cpu->uc, UC_X86_REG_FPCW, &fpcw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPSW, &fpsw);
    uc_reg_write(cpu->uc, UC_X86_REG_FPTAG, &fptag);
    uc_reg_write(cpu->uc, UC_X86_REG_MXCSR, &mxcsr);
}

void i386_run(struct i386_cpu *cpu, struct task *task, uint32_t entry, uint32_t sp,
              struct engine_exit *out)
{
    memset(out, 0, sizeof(*out));
    cpu->task = task;
    task->cpu = cpu;
    task->cpu_ops = &i386_ops;
    enter_user(cpu, entry, sp);
    cpu->fault = MM_OK;
    cpu->trap_sig = 0;
    uc_err e = uc_emu_start(cpu->uc, MM_KERNEL_PAGE + TRAMPOLINE_OFF,
                            MM_KERNEL_PAGE + STOP_OFF, 0, 0);
    uc_reg_read(cpu->uc, UC_X86_REG_EIP, &out->pc);
    if (task->exited) {
        out->kind = ENGINE_EXITED;
        out->status = task->exit_status;
    } else if (task->fatal_signal) {
        out->kind = ENGINE_SIGNALED;
        out->sig = task->fatal_signal;
    } else if (cpu->trap_sig) {
        out->kind = ENGINE_SIGNALED;
        out->sig = cpu->trap_sig;
    } else if (cpu->fault == MM_OOM) {
        out->kind = ENGINE_OOM;
    } else if (cpu->fault != MM_OK) {
        out->kind = ENGINE_SIGNALED;
        out->sig =
            cpu->fault == MM_BUSERR || cpu->fault == MM_HWPOISON ? SIGBUS : SIGSEGV;
        out->has_addr = true;
        out->addr = fault_address(cpu->uc, cpu->mm, out->pc, cpu->fault_page);
    } else if (e == UC_ERR_INSN_INVALID) {
        out->kind = ENGINE_SIGNALED;
        out->sig = SIGILL;
    } else {
        out->kind = ENGINE_ERROR;
        snprintf(out->why, sizeof(out->why), "the CPU stopped at 0x%08x: %s", out->pc,
                 e ? uc_strerror(e) : "no reason given");
    }
}
