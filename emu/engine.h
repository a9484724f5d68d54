/* CPU engines and the run loop. i386 runs on Unicorn; the IA-64 interpreter
 * will sit behind the same shape. */
#ifndef RELIC_ENGINE_H
#define RELIC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct task;

/* How a guest task's run ended. */
struct engine_exit {
    enum { ENGINE_EXITED, ENGINE_SIGNALED, ENGINE_OOM, ENGINE_ERROR } kind;
    int status;    /* ENGINE_EXITED: exit status */
    int sig;       /* ENGINE_SIGNALED: the signal */
    uint32_t pc;   /* guest instruction where it happened */
    uint32_t addr; /* fault address (si_addr), when has_addr */
    bool has_addr;
    char why[160]; /* ENGINE_ERROR: what went wrong */
};

struct i386_cpu;

struct i386_cpu *i386_new(struct mm *mm, char *err, size_t errlen);
void i386_free(struct i386_cpu *cpu);
/* CPUID.1:EDX of the emulated CPU, for AT_HWCAP. */
uint32_t i386_hwcap(struct i386_cpu *cpu);
/* Make a running CPU return to its run loop soon (any thread, or a signal
 * handler). */
void i386_stop(struct i386_cpu *cpu);
/* Bind task to cpu with the registers an ELF starts with. */
void i386_start(struct i386_cpu *cpu, struct task *task, uint32_t entry, uint32_t sp);
/* Run the first task on this (the main) thread. When the task's run ends the
 * kernel layer decides: end calls how the process ends (a wait status, or -1
 * with x saying why relic gave up), or the thread leaves and others go on. */
_Noreturn void run_first_task(struct i386_cpu *cpu, struct task *t,
                              void (*end)(int wait_status, const struct engine_exit *x));
void i386_run(struct i386_cpu *cpu, struct task *task, struct engine_exit *out);

#endif
