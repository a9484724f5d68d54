/* prctl in strace 6.1's forms: the options programs use, their
 * arguments and results decoded; others as numbers. */
#include "trace_desc.h"

#include <stdio.h>

enum {
    PR_SET_PDEATHSIG = 1,
    PR_GET_PDEATHSIG,
    PR_GET_DUMPABLE,
    PR_SET_DUMPABLE,
    PR_GET_KEEPCAPS = 7,
    PR_SET_KEEPCAPS,
    PR_GET_FPEMU,
    PR_SET_FPEMU,
    PR_GET_FPEXC,
    PR_SET_FPEXC,
    PR_GET_TIMING,
    PR_SET_TIMING,
    PR_SET_NAME,
    PR_GET_NAME,
    PR_GET_ENDIAN = 19,
    PR_SET_ENDIAN,
    PR_GET_SECCOMP,
    PR_SET_SECCOMP,
    PR_CAPBSET_READ,
    PR_CAPBSET_DROP,
    PR_GET_SECUREBITS = 27,
    PR_SET_TIMERSLACK = 29,
    PR_GET_TIMERSLACK,
    PR_TASK_PERF_EVENTS_DISABLE,
    PR_TASK_PERF_EVENTS_ENABLE,
    PR_SET_CHILD_SUBREAPER = 36,
    PR_GET_CHILD_SUBREAPER,
    PR_SET_NO_NEW_PRIVS,
    PR_GET_NO_NEW_PRIVS,
    PR_GET_TID_ADDRESS,
    PR_SET_THP_DISABLE,
    PR_GET_THP_DISABLE,
    PR_GET_FP_MODE = 46,
    PR_SET_IO_FLUSHER = 57,
    PR_SET_PTRACER = 0x59616d61,
};

static const struct xlat prctl_options[] = {
    {1, "PR_SET_PDEATHSIG"},
    {2, "PR_GET_PDEATHSIG"},
    {3, "PR_GET_DUMPABLE"},
    {4, "PR_SET_DUMPABLE"},
    {5, "PR_GET_UNALIGN"},
    {6, "PR_SET_UNALIGN"},
    {7, "PR_GET_KEEPCAPS"},
    {8, "PR_SET_KEEPCAPS"},
    {9, "PR_GET_FPEMU"},
    {10, "PR_SET_FPEMU"},
    {11, "PR_GET_FPEXC"},
    {12, "PR_SET_FPEXC"},
    {13, "PR_GET_TIMING"},
    {14, "PR_SET_TIMING"},
    {15, "PR_SET_NAME"},
    {16, "PR_GET_NAME"},
    {19, "PR_GET_ENDIAN"},
    {20, "PR_SET_ENDIAN"},
    {21, "PR_GET_SECCOMP"},
    {22, "PR_SET_SECCOMP"},
    {23, "PR_CAPBSET_READ"},
    {24, "PR_CAPBSET_DROP"},
    {25, "PR_GET_TSC"},
    {26, "PR_SET_TSC"},
    {27, "PR_GET_SECUREBITS"},
    {28, "PR_SET_SECUREBITS"},
    {29, "PR_SET_TIMERSLACK"},
    {30, "PR_GET_TIMERSLACK"},
    {31, "PR_TASK_PERF_EVENTS_DISABLE"},
    {32, "PR_TASK_PERF_EVENTS_ENABLE"},
    {33, "PR_MCE_KILL"},
    {34, "PR_MCE_KILL_GET"},
    {35, "PR_SET_MM"},
    {36, "PR_SET_CHILD_SUBREAPER"},
    {37, "PR_GET_CHILD_SUBREAPER"},
    {38, "PR_SET_NO_NEW_PRIVS"},
    {39, "PR_GET_NO_NEW_PRIVS"},
    {40, "PR_GET_TID_ADDRESS"},
    {41, "PR_SET_THP_DISABLE"},
    {42, "PR_GET_THP_DISABLE"},
    {43, "PR_MPX_ENABLE_MANAGEMENT"},
    {44, "PR_MPX_DISABLE_MANAGEMENT"},
    {45, "PR_SET_FP_MODE"},
    {46, "PR_GET_FP_MODE"},
    {47, "PR_CAP_AMBIENT"},
    {50, "PR_SVE_SET_VL"},
    {51, "PR_SVE_GET_VL"},
    {52, "PR_GET_SPECULATION_CTRL"},
    {53, "PR_SET_SPECULATION_CTRL"},
    {54, "PR_PAC_RESET_KEYS"},
    {55, "PR_SET_TAGGED_ADDR_CTRL"},
    {56, "PR_GET_TAGGED_ADDR_CTRL"},
    {57, "PR_SET_IO_FLUSHER"},
    {58, "PR_GET_IO_FLUSHER"},
    {59, "PR_SET_SYSCALL_USER_DISPATCH"},
    {60, "PR_PAC_SET_ENABLED_KEYS"},
    {61, "PR_PAC_GET_ENABLED_KEYS"},
    {62, "PR_SCHED_CORE"},
    {63, "PR_SME_SET_VL"},
    {64, "PR_SME_GET_VL"},
    {0x53564d41, "PR_SET_VMA"},
    {0x59616d61, "PR_SET_PTRACER"},
    {0, NULL},
};
static const struct xlat dumpable[] = {
    {0, "SUID_DUMP_DISABLE"}, {1, "SUID_DUMP_USER"}, {2, "SUID_DUMP_ROOT"}, {0, NULL}};
static const struct xlat seccomp_modes[] = {{0, "SECCOMP_MODE_DISABLED"},
                                            {1, "SECCOMP_MODE_STRICT"},
                                            {2, "SECCOMP_MODE_FILTER"},
                                            {0, NULL}};

/* Capability numbers (linux/capability.h), for PR_CAPBSET_*. */
static const struct xlat caps[] = {
    {0, "CAP_CHOWN"},
    {1, "CAP_DAC_OVERRIDE"},
    {2, "CAP_DAC_READ_SEARCH"},
    {3, "CAP_FOWNER"},
    {4, "CAP_FSETID"},
    {5, "CAP_KILL"},
    {6, "CAP_SETGID"},
    {7, "CAP_SETUID"},
    {8, "CAP_SETPCAP"},
    {9, "CAP_LINUX_IMMUTABLE"},
    {10, "CAP_NET_BIND_SERVICE"},
    {11, "CAP_NET_BROADCAST"},
    {12, "CAP_NET_ADMIN"},
    {13, "CAP_NET_RAW"},
    {14, "CAP_IPC_LOCK"},
    {15, "CAP_IPC_OWNER"},
    {16, "CAP_SYS_MODULE"},
    {17, "CAP_SYS_RAWIO"},
    {18, "CAP_SYS_CHROOT"},
    {19, "CAP_SYS_PTRACE"},
    {20, "CAP_SYS_PACCT"},
    {21, "CAP_SYS_ADMIN"},
    {22, "CAP_SYS_BOOT"},
    {23, "CAP_SYS_NICE"},
    {24, "CAP_SYS_RESOURCE"},
    {25, "CAP_SYS_TIME"},
    {26, "CAP_SYS_TTY_CONFIG"},
    {27, "CAP_MKNOD"},
    {28, "CAP_LEASE"},
    {29, "CAP_AUDIT_WRITE"},
    {30, "CAP_AUDIT_CONTROL"},
    {31, "CAP_SETFCAP"},
    {32, "CAP_MAC_OVERRIDE"},
    {33, "CAP_MAC_ADMIN"},
    {34, "CAP_SYSLOG"},
    {35, "CAP_WAKE_ALARM"},
    {36, "CAP_BLOCK_SUSPEND"},
    {37, "CAP_AUDIT_READ"},
    {38, "CAP_PERFMON"},
    {39, "CAP_BPF"},
    {40, "CAP_CHECKPOINT_RESTORE"},
    {0, NULL},
};

/* The getters that store a value through arg2: printed at exit. */
static void prctl_exit(struct tcall *c, uint32_t opt)
{
    uint32_t a = c->args[1], v;
    if (opt == PR_GET_DUMPABLE) {
        for (const struct xlat *x = dumpable; x->name; x++)
            if (c->ret >= 0 && x->val == (uint64_t)c->ret)
                snprintf(c->rv_extra, sizeof(c->rv_extra), " (%s)", x->name);
        return;
    }
    if (c->ret < 0 || tr_read(c, a, &v, 4) < 0) {
        tr_addr(c, a);
    } else if (opt == PR_GET_NAME) {
        int saved = trace_opt.strsize;
        trace_opt.strsize = 16; /* TASK_COMM_LEN */
        tr_str(c, a, -1);
        trace_opt.strsize = saved;
    } else if (opt == PR_GET_PDEATHSIG) {
        tr_puts(c, "[");
        td_signal(c, v);
        tr_puts(c, "]");
    } else if (opt == PR_GET_TID_ADDRESS) {
        tr_printf(c, "[%#x]", v);
    } else {
        tr_printf(c, "[%u]", v);
    }
}

/* prctl(option, arg2, ...): the options programs use decoded; the rest
 * print their four arguments in hex, as strace does. */
int td_prctl(struct tcall *c)
{
    uint32_t opt = c->args[0], a = c->args[1];
    if (c->exiting) {
        prctl_exit(c, opt);
        return TD_DONE;
    }
    tr_arg(c);
    tr_xval(c, prctl_options, opt, "PR_???");
    switch (opt) {
    case PR_GET_KEEPCAPS:
    case PR_GET_SECCOMP:
    case PR_GET_TIMERSLACK:
    case PR_GET_TIMING:
    case PR_GET_SECUREBITS:
    case PR_GET_FP_MODE:
    case PR_TASK_PERF_EVENTS_DISABLE:
    case PR_TASK_PERF_EVENTS_ENABLE:
        return TD_DONE;
    case PR_GET_DUMPABLE:
        return TD_EXIT;
    case PR_GET_CHILD_SUBREAPER:
    case PR_GET_ENDIAN:
    case PR_GET_FPEMU:
    case PR_GET_FPEXC:
    case PR_GET_NAME:
    case PR_GET_PDEATHSIG:
    case PR_GET_TID_ADDRESS:
        tr_arg(c);
        return TD_EXIT;
    case PR_SET_CHILD_SUBREAPER:
    case PR_SET_ENDIAN:
    case PR_SET_FPEMU:
    case PR_SET_FPEXC:
    case PR_SET_KEEPCAPS:
    case PR_SET_TIMING:
        tr_arg(c);
        tr_uint(c, a);
        return TD_DONE;
    case PR_SET_NO_NEW_PRIVS:
    case PR_SET_THP_DISABLE:
    case PR_SET_IO_FLUSHER:
        tr_arg(c);
        tr_uint(c, a);
        td_hex_args(c, 2, 4);
        return TD_DONE;
    case PR_SET_DUMPABLE:
        tr_arg(c);
        tr_xval(c, dumpable, a, "SUID_DUMP_???");
        return TD_DONE;
    case PR_SET_NAME: {
        int saved = trace_opt.strsize;
        if (saved <= 0 || saved > 15)
            trace_opt.strsize = 15; /* TASK_COMM_LEN less its NUL */
        tr_arg(c);
        tr_str(c, a, -1);
        trace_opt.strsize = saved;
        return TD_DONE;
    }
    case PR_CAPBSET_READ:
    case PR_CAPBSET_DROP:
        tr_arg(c);
        tr_xval(c, caps, a, "CAP_???");
        return TD_DONE;
    case PR_SET_PDEATHSIG:
        tr_arg(c);
        if (a > 128)
            tr_uint(c, a);
        else
            td_signal(c, a);
        return TD_DONE;
    case PR_SET_PTRACER:
        tr_arg(c);
        if ((int32_t)a == -1)
            tr_puts(c, "PR_SET_PTRACER_ANY");
        else
            tr_int(c, (int32_t)a);
        return TD_DONE;
    case PR_SET_TIMERSLACK:
        tr_arg(c);
        tr_int(c, (int32_t)a);
        return TD_DONE;
    case PR_SET_SECCOMP:
        tr_arg(c);
        tr_xval(c, seccomp_modes, a, "SECCOMP_MODE_???");
        if (a != 1) /* a filter program is not decoded */
            td_hex_args(c, 2, 4);
        return TD_DONE;
    }
    td_hex_args(c, 1, 4);
    return TD_DONE;
}
