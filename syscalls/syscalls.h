/* The Linux syscall layer: what a guest's int 0x80 reaches. */
#ifndef RELIC_SYSCALLS_H
#define RELIC_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kversion.h"

struct mm;

/* What the syscall layer may ask of the CPU engine (it never sees Unicorn). */
struct cpu_ops {
    /* Store an 8-byte segment descriptor in GDT slot index. */
    void (*write_gdt)(void *cpu, int index, uint64_t desc);
    uint64_t (*read_gdt)(void *cpu, int index);
};

struct guest_sigaction {
    uint32_t handler, flags, restorer;
    uint64_t mask;
};

/* One guest task's kernel-side state. */
struct task {
    struct mm *mm;
    const struct cpu_ops *cpu_ops;
    void *cpu;
    const char *exe_path; /* absolute host path of the program (/proc/self/exe) */
    int pid, tid;         /* fixed for the life of a task: asked once, not per call */
    bool exited;
    int exit_status;  /* for exit/exit_group */
    int fatal_signal; /* nonzero: the task dies of this signal */
    uint32_t clear_child_tid;
    uint32_t robust_list, robust_len;
    uint64_t sigmask;
    struct mpol *mempolicy; /* set_mempolicy; NULL is MPOL_DEFAULT */
    struct guest_sigaction sigactions[65];
};

#define GDT_TLS_FIRST 6 /* GDT_ENTRY_TLS_MIN on i386 */
#define GDT_TLS_COUNT 3

/* Build the dispatch table for kernel version kernel; call once. */
void syscalls_init(kver_t kernel);
/* Run syscall nr with its six argument registers; the value for %eax. */
long syscalls_dispatch(struct task *t, uint32_t nr, const uint32_t args[6]);
/* The first call the guest made that the chosen kernel lacks but later ones
 * have (its name, and *nr), or NULL: why an old kernel could not run it. */
const char *syscalls_missing(int *nr);
/* Name of a number for messages ("syscall_123" when unknown). */
const char *syscalls_name(uint32_t nr);

/* relic's status for i386 syscall nr in kernel v, written into buf:
 * "implemented", "partial: <what is missing>", "not implemented by relic", or
 * "not in Linux <v>" (no such number then, or only the kernel's ENOSYS stub).
 * Returns buf. */
const char *syscalls_status(kver_t v, int nr, char *buf, size_t len);
/* Write every i386 syscall number of kernel v with its name, the versions it
 * has that meaning and relic's status, as the dispatcher sees them (report.c).
 * format: "text", "md" (Markdown), or "doc" (the page docs/compatibility.md:
 * the newest kernel, then every history row; v is not used). 0, or -1 for
 * an unknown format. */
int syscalls_report(FILE *f, kver_t v, const char *format);

#endif
