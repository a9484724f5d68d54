/* The file, descriptor, process, time and signal decoders (trace_desc.c,
 * trace_fcntl.c, trace_file.c, trace_ioctl.c, trace_proc.c, trace_prctl.c,
 * trace_time.c, trace_sig.c):
 * printers they share, and the decoders trace_desc_decoders lists. */
#ifndef RELIC_SYSCALLS_TRACE_DESC_H
#define RELIC_SYSCALLS_TRACE_DESC_H

#include "trace.h"

/* ---- printers shared between the files ---- */

/* SEEK_SET... */
extern const struct xlat td_whences[];

/* Flags strace prints with no default name (printflags with NULL): none
 * print nothing at all, unnamed bits bare hex. -X applies. */
void td_flags_nodflt(struct tcall *c, const struct xlat *x, uint32_t v);
/* A directory descriptor: AT_FDCWD by name (-X applies), else as tr_fd. */
void td_dirfd(struct tcall *c, uint32_t fd);
/* open(2)'s flags: the access mode, then the flags (O_RDWR|O_CREAT). */
void td_open_flags(struct tcall *c, uint32_t flags);
/* A file mode with its type: S_IFREG|0644 (the stat structures, mknod). */
void td_mode(struct tcall *c, uint32_t mode);
/* A permission mode alone, in octal: 0644. */
void td_umode(struct tcall *c, uint32_t mode);
/* A signal number: its name, else the number. */
void td_signal(struct tcall *c, uint32_t sig);
/* A signal set of size bytes at va: [INT TERM] or ~[KILL]. */
void td_sigset(struct tcall *c, uint32_t va, uint32_t size);
/* A 32-bit struct timespec {tv_sec=1, tv_nsec=2}, or its address. */
void td_timespec32(struct tcall *c, uint32_t va);
/* The timespec of this call: 64-bit for the *_time64 calls. */
void td_timespec(struct tcall *c, uint32_t va);
/* An -ERESTART* result: a signal cut the call short. */
bool td_erestart(long ret);
/* A time as strace comments it after the number: local date and time
 * (2024-11-23T08:13:12.000000001+0000), the fraction in width digits
 * when nonzero; nothing for time 0. */
void td_date_comment(struct tcall *c, int64_t sec, uint64_t part, int width);
/* Arguments first..last as hex, as strace prints those it does not know. */
void td_hex_args(struct tcall *c, int first, int last);

/* ---- decoders ---- */

/* trace_desc.c: descriptors */
int td_open(struct tcall *c);
int td_openat(struct tcall *c);
int td_creat(struct tcall *c);
int td_fd(struct tcall *c);
int td_read(struct tcall *c);
int td_write(struct tcall *c);
int td_pread(struct tcall *c);
int td_pwrite(struct tcall *c);
int td_readv(struct tcall *c);
int td_writev(struct tcall *c);
int td_lseek(struct tcall *c);
int td_llseek(struct tcall *c);
int td_dup(struct tcall *c);
int td_dup2(struct tcall *c);
int td_pipe(struct tcall *c);

/* trace_fcntl.c */
int td_fcntl(struct tcall *c);
int td_flock(struct tcall *c);

/* trace_ioctl.c */
int td_ioctl(struct tcall *c);

/* trace_file.c: paths, modes, the stat family, directories */
int td_path(struct tcall *c);
int td_path2(struct tcall *c);
int td_renameat(struct tcall *c);
int td_unlinkat(struct tcall *c);
int td_linkat(struct tcall *c);
int td_symlinkat(struct tcall *c);
int td_path_mode(struct tcall *c);
int td_at_mode(struct tcall *c);
int td_fd_mode(struct tcall *c);
int td_mknod(struct tcall *c);
int td_chown(struct tcall *c);
int td_fchownat(struct tcall *c);
int td_access(struct tcall *c);
int td_faccessat(struct tcall *c);
int td_umask(struct tcall *c);
int td_truncate(struct tcall *c);
int td_getcwd(struct tcall *c);
int td_readlink(struct tcall *c);
int td_stat64(struct tcall *c);
int td_fstatat64(struct tcall *c);
int td_statx(struct tcall *c);
int td_getdents(struct tcall *c);

/* trace_proc.c: processes and threads */
int td_none(struct tcall *c);
int td_exit(struct tcall *c);
int td_execve(struct tcall *c);
int td_clone(struct tcall *c);
int td_wait4(struct tcall *c);
int td_kill(struct tcall *c);
int td_tgkill(struct tcall *c);
int td_set_thread_area(struct tcall *c);
int td_get_thread_area(struct tcall *c);
int td_addr1(struct tcall *c);
int td_robust(struct tcall *c);
int td_rseq(struct tcall *c);
int td_getrlimit(struct tcall *c);
int td_setrlimit(struct tcall *c);
int td_prlimit64(struct tcall *c);
int td_uname(struct tcall *c);
int td_getrandom(struct tcall *c);

/* trace_prctl.c */
int td_prctl(struct tcall *c);

/* trace_time.c: clocks, sleeps, timers, futex */
int td_nanosleep(struct tcall *c);
int td_clock_nanosleep(struct tcall *c);
int td_clock_gettime(struct tcall *c);
int td_clock_settime(struct tcall *c);
int td_gettimeofday(struct tcall *c);
int td_settimeofday(struct tcall *c);
int td_time(struct tcall *c);
int td_getitimer(struct tcall *c);
int td_setitimer(struct tcall *c);
int td_futex(struct tcall *c);

/* trace_sig.c: signals */
int td_rt_sigaction(struct tcall *c);
int td_sigaction(struct tcall *c);
int td_signal_call(struct tcall *c);
int td_rt_sigprocmask(struct tcall *c);
int td_sigprocmask(struct tcall *c);
int td_rt_sigsuspend(struct tcall *c);
int td_sigsuspend(struct tcall *c);
int td_rt_sigpending(struct tcall *c);
int td_sigpending(struct tcall *c);
int td_rt_sigtimedwait(struct tcall *c);
int td_sigaltstack(struct tcall *c);
int td_sigreturn(struct tcall *c);
int td_rt_sigreturn(struct tcall *c);

#endif
