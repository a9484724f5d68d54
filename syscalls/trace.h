/* The syscall tracer: strace-style lines (or JSON) for guest syscalls,
 * signals, exits and page events, and the -c summary.
 *
 * emu/ calls the hooks below (all cheap no-ops when tracing is off: each
 * starts by testing trace_on). Decoders (trace_mem.c, trace_desc.c,
 * trace_net.c) print one call's arguments through the tr_* helpers; the
 * core (trace.c) owns the line around them, the filter, the outputs and the
 * pid bookkeeping shared by every relic process of one traced run. */
#ifndef RELIC_SYSCALLS_TRACE_H
#define RELIC_SYSCALLS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;
struct guest_siginfo;

/* -X: how constants print (strace's --xlat-verbosity). */
enum trace_xlat { XLAT_ABBREV, XLAT_RAW, XLAT_VERBOSE };

/* Everything the command line says about tracing. */
struct trace_opts {
    const char *expr;      /* --trace[=EXPR]: NULL means no syscall lines */
    const char *outfile;   /* -o FILE (NULL: stderr) */
    bool per_pid;          /* -ff: FILE.PID per process */
    int timestamps;        /* 0, 1 -t, 2 -tt, 3 -ttt */
    bool syscall_times;    /* -T */
    int strsize;           /* -s (32) */
    enum trace_xlat xlat;  /* -X */
    bool verbose;          /* -v: structures unabbreviated */
    int decode_fds;        /* -y: paths of fds; -yy: also sockets */
    int summary;           /* 0; 1 -c (table only); 2 -C (lines and table) */
    const char *sortby;    /* -S (time) */
    bool json;             /* --trace-format=json */
    bool pages;            /* --trace-pages */
    const char *inherited; /* --trace-state (set by execve's re-exec) */
};

extern bool trace_on; /* anything at all to do: lines, summary or pages */

/* Start tracing for this process; err gets a one-line message on bad
 * options. A process re-executed by execve passes its state back in with
 * trace_exec_args. 0 or -1. */
int trace_init(const struct trace_opts *o, char *err, size_t errlen);
/* The relic options that carry tracing into a re-executed relic (execve):
 * appended to argv (at most TRACE_EXEC_ARGS entries, strings owned here). */
#define TRACE_EXEC_ARGS 24
int trace_exec_args(const char **argv);
/* This process ends (after its last task): flush, print the -c table if
 * this is the process the run began with. */
void trace_process_end(void);

/* The program relic starts with, as strace's first line shows its exec
 * (not for a re-executed relic: its execve was traced already). */
void trace_first_exec(struct task *t, const char *path, uint32_t sp);
/* Syscall entry and exit, around every dispatch of nr (exit with the value
 * the guest gets, or an -ERESTART* code when a signal interrupts it). */
void trace_syscall_enter(struct task *t, uint32_t nr, const uint32_t args[6]);
void trace_syscall_exit(struct task *t, long ret);
/* t is about to block with the run lock dropped: its line is printed up
 * to the arguments now, so another task's line can show it unfinished. */
void trace_syscall_blocking(struct task *t);
/* The call in progress will not return: execve succeeded (prints "= 0"). */
void trace_exec_commit(struct task *t);
/* A fork child starts: its copy of the parent's call in progress is not
 * its own (strace shows nothing for the child's return from fork). */
void trace_fork_child(struct task *t);
/* A new task (fork child or thread) is about to join the traced run
 * (called by its parent before creating it; _failed if that failed). */
void trace_task_new(struct task *parent);
void trace_task_new_failed(void);
/* A signal is delivered to t (a handler runs, or it kills or stops t). */
void trace_signal(struct task *t, const struct guest_siginfo *si);
/* t ended: exit status, or the signal that killed it (core: dumped). */
void trace_task_exit(struct task *t, int status, int killed_by, bool core);

/* ---- events other than syscalls (page events: trace_pages.c) ---- */
/* One event line in the trace stream, for task t (NULL: the process's
 * current task): text is the line as printed after the pid prefix and time
 * stamp (no newline); json is the members of its JSON object without
 * braces ("\"event\":\"page\",..."), to which the core adds pid and time. */
void trace_event(struct task *t, const char *text, const char *json);
/* Start page events (trace_pages.c installs mm's page hook). */
void trace_pages_start(void);

/* ---- the -c summary (trace_summary.c) ---- */
/* Why a call got ENOSYS: not ENOSYS, the kernel version has no such call,
 * or relic does not implement it. */
enum trace_enosys { ENOSYS_NONE, ENOSYS_KERNEL, ENOSYS_RELIC };
/* The shared memory the summary counts into (every process of the run
 * adds to it); size is what summary_shared_size() asked for. */
size_t summary_shared_size(void);
void summary_attach(void *shared);
/* Whether -S KEY names a sort order. */
bool summary_sortby_valid(const char *key);
/* One finished call: its printed name, result, time inside it. */
void summary_add(const char *name, long ret, uint64_t ns, enum trace_enosys why);
/* The same for a call the core holds: its number orders the table as
 * strace's does (a socketcall or ipc sub-call has one of its own). */
struct tcall;
void summary_add_call(const struct tcall *c, uint64_t ns, enum trace_enosys why);
/* This process's memory figures (mm_stats: its peak, its faults) join the
 * run's; call at its end, and before an execve replaces its image. */
void summary_process_done(void);
/* The table, as strace -c prints it, plus relic's memory figures. */
void summary_print(int fd);

/* ---- for decoders ---- */

/* How the return value prints. */
enum trace_rval { RV_DEC, RV_HEX, RV_OCT, RV_UDEC, RV_FD, RV_NONE };

/* One syscall in flight. Decoders print the arguments only; the core
 * writes the name, parentheses, "= value" and errno. */
struct tcall {
    struct task *t;
    uint32_t nr;
    const char *name;   /* as printed: an ipc/socketcall sub-call's own */
    uint32_t args[6];   /* the arguments the decoder reads (a sub-call's) */
    uint32_t raw[6];    /* the registers as the guest passed them */
    bool exiting;       /* false at entry, true at exit */
    long ret;           /* at exit: the result or -errno */
    enum trace_rval rv; /* RV_DEC unless the decoder says otherwise */
    char rv_extra[128]; /* printed after the value: " (flags O_RDWR)" */
    /* The argument text; arg[i] is where argument i starts in it. */
    char *text;
    size_t len, cap;
    int nargs;
    size_t arg[8];
    size_t entry_len; /* text printed at entry (a resumed line shows the rest) */
    /* Core bookkeeping. */
    int dec_state; /* the decoder's own, between entry and exit */
    int (*dec)(struct tcall *c);
    uint64_t t_enter_ns;
    bool partial_out; /* its entry part is already written out */
    bool subcall;     /* name/args come from an ipc or socketcall */
};

/* A decoder: called at entry (c->exiting false); returns TD_DONE when all
 * arguments are printed, TD_EXIT to be called again at exit for the rest
 * (output buffers, values the kernel writes). */
enum { TD_DONE = 0, TD_EXIT = 1 };
typedef int (*trace_dec)(struct tcall *c);

struct trace_decoder {
    const char *name;
    trace_dec fn;
};
/* Decoder families, each ending with {NULL, NULL}. */
extern const struct trace_decoder trace_mem_decoders[];
extern const struct trace_decoder trace_desc_decoders[];
extern const struct trace_decoder trace_net_decoders[];

/* ipc(2) and socketcall(2): give c the sub-call's name and arguments (read
 * from guest memory for socketcall). false when the sub-call is unknown;
 * c then prints as the multiplexer itself. (trace_net.c) */
bool trace_subcall(struct tcall *c);

/* A named constant and a table of them, ending with {0, NULL}. */
struct xlat {
    uint64_t val;
    const char *name;
};

/* Options decoders honour. */
extern struct trace_opts trace_opt;

/* Printing into c->text (trace_fmt.c). */
void tr_arg(struct tcall *c); /* the next argument begins (", " between) */
void tr_printf(struct tcall *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tr_puts(struct tcall *c, const char *s);
void tr_addr(struct tcall *c, uint32_t a); /* NULL or 0x... */
void tr_int(struct tcall *c, int32_t v);
void tr_uint(struct tcall *c, uint32_t v);
void tr_hex(struct tcall *c, uint32_t v);
void tr_fd(struct tcall *c, int32_t fd); /* with -y, the path too: 3</etc/passwd> */
/* A value from table x: its name, else the number as dflt says ("PROT_???"
 * form: the number in hex with dflt as a comment, as strace). -X applies. */
void tr_xval(struct tcall *c, const struct xlat *x, uint64_t v, const char *dflt);
/* Flags of table x joined with "|"; bits left over print as hex; zero prints
 * as the table's zero entry if it has one, else 0. -X applies. */
void tr_flags(struct tcall *c, const struct xlat *x, uint64_t v, const char *dflt);
/* A guest string: quoted and escaped as strace does, cut to -s bytes with
 * "..." after; len < 0 means NUL-terminated. NULL for 0, the address if
 * unreadable. */
void tr_str(struct tcall *c, uint32_t va, long len);
/* execve's argv: its strings, "..." after -s of them unless -v; envp:
 * only its address and length unless -v, as strace. (trace_proc.c) */
void tr_argv(struct tcall *c, uint32_t va);
void tr_envp(struct tcall *c, uint32_t va);
/* A path: quoted whole, as strace's printpath (not cut by -s). */
void tr_path(struct tcall *c, uint32_t va);
/* Read guest memory for printing: 0, or -1 when not all of it is readable. */
int tr_read(struct tcall *c, uint32_t va, void *dst, size_t len);
/* Names (trace_fmt.c): "ENOMEM" and "Cannot allocate memory" as strace
 * prints them; "SIGSEGV"; NULL when unknown. */
const char *trace_errno_name(int err);
const char *trace_errno_text(int err);
const char *trace_signal_name(int sig);
/* --- SIG... {...} --- body of a siginfo, as strace prints it. */
void trace_format_siginfo(const struct guest_siginfo *si, char *buf, size_t len);

/* The generic decoder: arguments by the handler's letters (table.h). */
int trace_generic(struct tcall *c);

#endif
