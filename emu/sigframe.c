/* i386 signal frames as arch/x86/kernel/signal_32.c builds them: the old
 * sigframe (handler(sig, struct sigcontext) by value) and rt_sigframe
 * (SA_SIGINFO: siginfo and ucontext), each followed by the FPU state in the
 * FNSAVE-header-plus-FXSAVE layout of struct _fpstate_32, and sigreturn /
 * rt_sigreturn reading them back. */
#include "cpu.h"

#include "../syscalls/sig.h"

#include <signal.h>
#include <string.h>

/* struct sigcontext (i386, 88 bytes). */
struct guest_sigcontext {
    uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip;
    uint16_t cs, csh;
    uint32_t eflags, esp_at_signal;
    uint16_t ss, ssh;
    uint32_t fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct guest_sigcontext) == 88, "i386 sigcontext is 88 bytes");

#define FPSTATE_SIZE  (112 + 512) /* FNSAVE header, then the FXSAVE image */
#define FPSTATE_ALIGN 64

struct guest_sigframe {
    uint32_t pretcode;
    int32_t sig;
    struct guest_sigcontext sc;
    uint8_t fpstate_unused[624];
    uint32_t extramask;
    uint8_t retcode[8];
};

struct guest_ucontext {
    uint32_t flags, link;
    uint32_t ss_sp;
    int32_t ss_flags;
    uint32_t ss_size;
    struct guest_sigcontext mcontext;
    uint64_t sigmask;
};

struct guest_rt_sigframe {
    uint32_t pretcode;
    int32_t sig;
    uint32_t pinfo, puc;
    struct guest_siginfo info;
    struct guest_ucontext uc;
    uint8_t retcode[8];
};

#define EFLAGS_TF 0x100u
#define EFLAGS_DF 0x400u
#define EFLAGS_RF 0x10000u
/* The flags sigreturn takes from the frame (FIX_EFLAGS). */
#define FIX_EFLAGS 0x00050dd5u /* AC OF DF TF SF ZF AF PF CF RF */

static const uint8_t sigreturn_code[8] = {0x58, 0xb8, 0x77, 0, 0, 0, 0xcd, 0x80};
static const uint8_t rt_sigreturn_code[8] = {0xb8, 0xad, 0, 0, 0, 0xcd, 0x80, 0};

static void fill_sigcontext(struct guest_sigcontext *sc, const struct i386_regs *r,
                            uint32_t fp, uint32_t mask, const struct i386_cpu *cpu)
{
    memset(sc, 0, sizeof(*sc));
    sc->gs = r->gs;
    sc->fs = r->fs;
    sc->es = r->es;
    sc->ds = r->ds;
    sc->edi = r->edi;
    sc->esi = r->esi;
    sc->ebp = r->ebp;
    sc->esp = r->esp;
    sc->ebx = r->ebx;
    sc->edx = r->edx;
    sc->ecx = r->ecx;
    sc->eax = r->eax;
    sc->eip = r->eip;
    sc->cs = r->cs;
    sc->eflags = r->eflags;
    sc->esp_at_signal = r->esp;
    sc->ss = r->ss;
    sc->fpstate = fp;
    sc->oldmask = mask;
    sc->trapno = (uint32_t)cpu->trap_vector;
    if (cpu->fault != MM_OK) {
        sc->trapno = 14;
        sc->err = 4u | (cpu->fault_access == MM_WRITE ? 2u : 0u) |
                  (cpu->fault == MM_ACCERR ? 1u : 0u) |
                  (cpu->fault_access == MM_FETCH ? 0x10u : 0u);
        sc->cr2 = cpu->fault_page;
    }
}

/* struct _fpstate_32: the FNSAVE environment and registers, status, magic
 * 0 (FXSR data follows), then the FXSAVE image. */
static void fill_fpstate(struct i386_cpu *cpu, uint8_t fp[FPSTATE_SIZE])
{
    memset(fp, 0, FPSTATE_SIZE);
    uint8_t *fx = fp + 112;
    i386_get_fxsave(cpu, fx);
    uint16_t fcw, fsw, ftw;
    memcpy(&fcw, fx, 2);
    memcpy(&fsw, fx + 2, 2);
    uc_reg_read(cpu->uc, UC_X86_REG_FPTAG, &ftw);
    uint32_t env[7] = {
        0xffff0000u | fcw, 0xffff0000u | fsw, 0xffff0000u | ftw, 0, 0, 0, 0};
    memcpy(fp, env, sizeof(env));
    for (int i = 0; i < 8; i++)
        memcpy(fp + 28 + 10 * i, fx + 32 + 16 * i, 10);
    memcpy(fp + 108, &fsw, 2); /* status */
    /* magic at 110 stays 0: X86_FXSR_MAGIC */
}

static uint32_t pretcode_for(const struct guest_sigaction *ka, bool rt)
{
    if (ka->flags & GUEST_SA_RESTORER)
        return ka->restorer;
    return MM_KERNEL_PAGE + (rt ? RT_SIGRETURN_OFF : SIGRETURN_OFF);
}

bool sigframe_setup(struct i386_cpu *cpu, int sig, const struct guest_siginfo *info,
                    const struct guest_sigaction *ka)
{
    struct task *t = cpu->task;
    bool rt = ka->flags & GUEST_SA_SIGINFO;
    struct i386_regs r;
    i386_get_regs(cpu, &r);
    uint32_t sp = signal_stack_for(t, r.esp, ka->flags);
    /* The FPU state first, 64-byte aligned, then the frame aligned so that
     * the handler sees %esp + 4 on a 16-byte boundary. */
    uint32_t fx_at = (sp - 512) & ~(uint32_t)(FPSTATE_ALIGN - 1);
    uint32_t fp_at = fx_at - 112;
    uint8_t fp[FPSTATE_SIZE];
    fill_fpstate(cpu, fp);
    uint64_t mask = signal_frame_mask(t);
    uint32_t frame;
    if (rt) {
        struct guest_rt_sigframe f;
        frame = ((fp_at - (uint32_t)sizeof(f) + 4) & ~15u) - 4;
        memset(&f, 0, sizeof(f));
        f.pretcode = pretcode_for(ka, true);
        f.sig = sig;
        f.pinfo = frame + (uint32_t)offsetof(struct guest_rt_sigframe, info);
        f.puc = frame + (uint32_t)offsetof(struct guest_rt_sigframe, uc);
        f.info = *info;
        f.uc.ss_sp = t->ss_sp;
        f.uc.ss_size = t->ss_size;
        f.uc.ss_flags = signal_on_altstack(t, r.esp)
                            ? GUEST_SS_ONSTACK
                            : (t->ss_size ? 0 : GUEST_SS_DISABLE);
        fill_sigcontext(&f.uc.mcontext, &r, fp_at, (uint32_t)mask, cpu);
        f.uc.sigmask = mask;
        memcpy(f.retcode, rt_sigreturn_code, sizeof(f.retcode));
        if (mm_copy_to(cpu->mm, fp_at, fp, sizeof(fp)) < 0 ||
            mm_copy_to(cpu->mm, frame, &f, sizeof(f)) < 0)
            return false;
        r.edx = f.pinfo;
        r.ecx = f.puc;
    } else {
        struct guest_sigframe f;
        frame = ((fp_at - (uint32_t)sizeof(f) + 4) & ~15u) - 4;
        memset(&f, 0, sizeof(f));
        f.pretcode = pretcode_for(ka, false);
        f.sig = sig;
        fill_sigcontext(&f.sc, &r, fp_at, (uint32_t)mask, cpu);
        f.extramask = (uint32_t)(mask >> 32);
        memcpy(f.retcode, sigreturn_code, sizeof(f.retcode));
        if (mm_copy_to(cpu->mm, fp_at, fp, sizeof(fp)) < 0 ||
            mm_copy_to(cpu->mm, frame, &f, sizeof(f)) < 0)
            return false;
        r.edx = 0;
        r.ecx = 0;
    }
    r.eax = (uint32_t)sig;
    r.esp = frame;
    r.eip = ka->handler;
    r.eflags &= ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_RF);
    r.ds = r.es = r.ss = USER_DS;
    r.cs = USER_CS;
    i386_set_regs(cpu, &r);
    i386_reset_fpu(cpu);
    cpu->trap_vector = 0;
    return true;
}

static bool restore_sigcontext(struct i386_cpu *cpu, const struct guest_sigcontext *sc)
{
    struct i386_regs r;
    i386_get_regs(cpu, &r);
    r.gs = sc->gs;
    r.fs = sc->fs;
    r.es = sc->es;
    r.ds = sc->ds;
    r.edi = sc->edi;
    r.esi = sc->esi;
    r.ebp = sc->ebp;
    r.esp = sc->esp;
    r.ebx = sc->ebx;
    r.edx = sc->edx;
    r.ecx = sc->ecx;
    r.eax = sc->eax;
    r.eip = sc->eip;
    r.eflags = (r.eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
    bool ok = (sc->cs | 3) == USER_CS && (sc->ss | 3) == USER_DS;
    if (!i386_set_regs(cpu, &r))
        ok = false;
    if (sc->fpstate) {
        uint8_t fx[512];
        if (mm_copy_from(cpu->mm, fx, sc->fpstate + 112, sizeof(fx)) < 0)
            return false;
        i386_set_fxsave(cpu, fx);
    } else {
        i386_reset_fpu(cpu);
    }
    return ok;
}

long sigframe_return(void *opaque, bool rt)
{
    struct i386_cpu *cpu = opaque;
    struct task *t = cpu->task;
    uint32_t sp;
    uc_reg_read(cpu->uc, UC_X86_REG_ESP, &sp);
    cpu->sigreturned = true;
    bool ok;
    uint32_t eax = 0;
    if (rt) {
        struct guest_rt_sigframe f;
        ok = mm_copy_from(cpu->mm, &f, sp - 4, sizeof(f)) == 0;
        if (ok) {
            signal_set_blocked(t, f.uc.sigmask);
            ok = restore_sigcontext(cpu, &f.uc.mcontext);
            eax = f.uc.mcontext.eax;
        }
    } else {
        struct guest_sigframe f;
        ok = mm_copy_from(cpu->mm, &f, sp - 8, sizeof(f)) == 0;
        if (ok) {
            signal_set_blocked(t, ((uint64_t)f.extramask << 32) | f.sc.oldmask);
            ok = restore_sigcontext(cpu, &f.sc);
            eax = f.sc.eax;
        }
    }
    if (!ok) { /* signal_fault(): a bad frame is death by SIGSEGV */
        signal_force(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0);
        return 0;
    }
    return (long)(int32_t)eax;
}
