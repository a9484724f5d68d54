/* Shared between the file, process and signal decoders (trace_desc.c,
 * trace_proc.c, trace_sig.c): trace_desc_decoders lists all of them. */
#ifndef RELIC_SYSCALLS_TRACE_DESC_H
#define RELIC_SYSCALLS_TRACE_DESC_H

#include "trace.h"

/* A 32-bit struct timespec: {tv_sec=1, tv_nsec=2}, or its address. */
void td_timespec32(struct tcall *c, uint32_t va);
/* A signal number: its name, else the number. */
void td_signal(struct tcall *c, uint32_t sig);
/* A signal set of size bytes at va: [INT TERM] or ~[KILL]. */
void td_sigset(struct tcall *c, uint32_t va, uint32_t size);

#define TD_PROC_DECODERS                                                                 \
    {"execve", td_execve}, {"exit", td_exit}, {"exit_group", td_exit},                   \
        {"clone", td_clone}, {"fork", td_none}, {"vfork", td_none}, {"wait4", td_wait4}, \
        {"waitpid", td_wait4}, {"kill", td_kill}, {"tkill", td_kill},                    \
        {"tgkill", td_tgkill}, {"set_thread_area", td_set_thread_area},                  \
        {"set_tid_address", td_addr1}, {"set_robust_list", td_robust},                   \
        {"rseq", td_rseq}, {"ugetrlimit", td_getrlimit}, {"getrlimit", td_getrlimit},    \
        {"prlimit64", td_prlimit64}, {"futex", td_futex}, {"nanosleep", td_nanosleep},   \
        {"clock_nanosleep", td_clock_nanosleep}, {"clock_gettime", td_clock_gettime},    \
        {"clock_getres", td_clock_gettime}, {"uname", td_uname},                         \
    {                                                                                    \
        "getrandom", td_getrandom                                                        \
    }

#define TD_SIG_DECODERS                                                                  \
    {"rt_sigaction", td_rt_sigaction}, {"rt_sigprocmask", td_rt_sigprocmask},            \
        {"sigreturn", td_sigreturn},                                                     \
    {                                                                                    \
        "rt_sigreturn", td_rt_sigreturn                                                  \
    }

int td_execve(struct tcall *c);
int td_exit(struct tcall *c);
int td_clone(struct tcall *c);
int td_none(struct tcall *c);
int td_wait4(struct tcall *c);
int td_kill(struct tcall *c);
int td_tgkill(struct tcall *c);
int td_set_thread_area(struct tcall *c);
int td_addr1(struct tcall *c);
int td_robust(struct tcall *c);
int td_rseq(struct tcall *c);
int td_getrlimit(struct tcall *c);
int td_prlimit64(struct tcall *c);
int td_futex(struct tcall *c);
int td_nanosleep(struct tcall *c);
int td_clock_nanosleep(struct tcall *c);
int td_clock_gettime(struct tcall *c);
int td_uname(struct tcall *c);
int td_getrandom(struct tcall *c);
int td_rt_sigaction(struct tcall *c);
int td_rt_sigprocmask(struct tcall *c);
int td_sigreturn(struct tcall *c);
int td_rt_sigreturn(struct tcall *c);

#endif
