/* The i386 CPU as the emu files share it (engine.h is the outside view). */
#ifndef RELIC_EMU_CPU_H
#define RELIC_EMU_CPU_H

#include "engine.h"
#include "sched.h"

#include "../mm/mm.h"
#include "../syscalls/syscalls.h"

#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

/* The engine-private page (MM_KERNEL_PAGE), one per CPU: the GDT, the
 * entry trampolines and the kernel stack the first entry irets from. */
#define GDT_ENTRIES      32
#define KERNEL_CS        0x60
#define KERNEL_DS        0x68
#define USER_CS          0x73
#define USER_DS          0x7b
#define TRAMPOLINE_OFF   0x800u /* iret: the first entry, from ring 0 */
#define CPUID_OFF        0x810u /* cpuid, used once to learn AT_HWCAP */
#define REENTRY_OFF      0x820u /* jmp *%cs:REENTRY_SLOT: every later entry */
#define REENTRY_SLOT     0x828u
#define SIGRETURN_OFF    0x840u /* popl %eax; movl $119,%eax; int $0x80 */
#define RT_SIGRETURN_OFF 0x850u /* movl $173,%eax; int $0x80 */
#define KSTACK_OFF       0xf00u
#define STOP_OFF         0xff0u /* never executed: uc_emu_start's end address */

/* The process LDT (modify_ldt), shared by every CPU: LDT_ENTRIES
 * descriptors at LDT_BASE, a range no VMA can reach. */
#define LDT_BASE    0xFFFE0000u
#define LDT_ENTRIES 8192

struct i386_cpu {
    uc_engine *uc;
    struct mm *mm;
    struct task *task;
    struct hostthread *ht;
    uint8_t *kpage;    /* this CPU's engine-private page */
    uint64_t kpage_pa; /* and its guest-physical address */
    bool own_kpage;    /* a thread's: freed with the CPU */
    uint32_t hwcap;
    /* The last fault the TLB fill hook refused. */
    enum mm_fault fault;
    uint32_t fault_page;
    enum mm_access fault_access;
    /* A CPU exception the interrupt hook turned into a signal. */
    int trap_sig, trap_vector;
    /* The syscall hook stopped the CPU with a call's result pending:
     * signals may turn it into EINTR or a restart. */
    bool in_syscall;
    long sys_ret;
    bool sigreturned;   /* the call was sigreturn: no restart */
    uint32_t ldt_limit; /* the LDTR limit this CPU has */
    struct i386_cpu *next;
};

extern struct i386_cpu *all_cpus;

/* Registers a signal frame saves and sigreturn restores. */
struct i386_regs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags;
    uint16_t cs, ss, ds, es, fs, gs;
};
void i386_get_regs(struct i386_cpu *cpu, struct i386_regs *r);
/* Returns false when a segment register would not load. */
bool i386_set_regs(struct i386_cpu *cpu, const struct i386_regs *r);
/* The x87/SSE state in FXSAVE layout (512 bytes), and back. */
void i386_get_fxsave(struct i386_cpu *cpu, uint8_t fx[512]);
void i386_set_fxsave(struct i386_cpu *cpu, const uint8_t fx[512]);
/* The state a signal handler starts with: FNINIT and the default MXCSR. */
void i386_reset_fpu(struct i386_cpu *cpu);

/* Signal frames (sigframe.c). */
bool sigframe_setup(struct i386_cpu *cpu, int sig, const struct guest_siginfo *info,
                    const struct guest_sigaction *ka);
long sigframe_return(void *cpu, bool rt);

/* A new CPU for a thread of the process, copying the parent's registers,
 * TLS descriptors and FPU state. */
struct i386_cpu *i386_clone(struct i386_cpu *parent, uint32_t newsp, char *err,
                            size_t errlen);
uint32_t i386_fault_addr(struct i386_cpu *cpu, uint32_t pc);
/* Whether the CPU has made its first entry into user mode. */
bool i386_in_user_mode(struct i386_cpu *cpu);
const struct cpu_ops *i386_cpu_ops(void);
/* execve: re-execute relic on the program (exec.c); returns on failure. */
long emu_exec(struct task *t, const char *path, const char *execfn, char *const argv[],
              char *const envp[]);
/* What a re-executed relic needs: its own binary and the options that give
 * the same machine and personality (set once by main). */
void emu_exec_setup(const char *self, char **options);
/* Apply the process LDT's size to this CPU's LDTR. */
void i386_sync_ldt(struct i386_cpu *cpu);
int ldt_write(int index, uint64_t desc);
long ldt_read(void *buf, uint32_t len);
uint32_t ldt_entries(void);

/* One stretch of guest execution from the current registers; returns when
 * the CPU stopped (fault, exception, syscall work, kick). */
uc_err i386_enter(struct i386_cpu *cpu);

#endif
