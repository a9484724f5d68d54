/* relic [options] PROGRAM [ARGS...]: run a legacy Linux binary in user mode. */
#define _GNU_SOURCE
#include "cpu.h"
#include "disas.h"
#include "engine.h"

#include "../loader/loader.h"
#include "../mm/mm.h"
#include "../syscalls/personality.h"
#include "../syscalls/syscalls.h"
#include "../syscalls/trace.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef RELIC_VERSION
#define RELIC_VERSION "0.1.0"
#endif

#define DEFAULT_MEM (3ull << 30)
#define HWCAP_PSE   (1u << 3) /* CPUID.1:EDX page size extension */
#define EXIT_RELIC  125       /* relic itself failed, as env(1) and timeout(1) say */

extern char **environ;

struct options {
    char **env; /* the guest environment being built */
    size_t nenv;
    const char *argv0;
    uint64_t mem;
    long hugepages;      /* -1: not asked for */
    const char *kernel;  /* a version, or "auto" */
    const char *cpu;     /* uname -m */
    bool no_hugetlb;     /* a kernel built without CONFIG_HUGETLB_PAGE */
    const char *machine; /* which guest machine keyed huge page segments live in */
    const char *sysroot; /* -L: absolute guest paths are looked up here first */
    bool debug;
    const char *exec_child; /* set when a guest execve started this relic: the
                               program's name as the guest gave it */
    /* --syscalls: print the syscall table in this format and exit */
    const char *syscalls;
    struct trace_opts trace; /* --trace and strace's letters */
    const char *log_items;   /* -d, as qemu's */
    const char *log_file;    /* -D */
    bool tracing;            /* any of them asks for a trace */
};

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: relic [options] PROGRAM [ARGS...]\n"
        "Run a legacy i386 Linux program in user mode.\n"
        "\n"
        "Options (environment twin in brackets):\n"
        "  -h, --help            show this help and exit\n"
        "      --version         show the version and exit\n"
        "  -E VAR=VALUE          set VAR in the guest environment [RELIC_SET_ENV,\n"
        "                        comma-separated]\n"
        "  -U VAR                remove VAR from the guest environment "
        "[RELIC_UNSET_ENV,\n"
        "                        comma-separated]\n"
        "  -0 ARGV0              use ARGV0 as the guest's argv[0] [RELIC_ARGV0]\n"
        "  -L DIR                look the interpreter and the guest's absolute\n"
        "                        paths up in DIR first [RELIC_LD_PREFIX]\n"
        "      --mem SIZE        guest RAM, e.g. 512M or 2G (default 3G, backed\n"
        "                        lazily) [RELIC_MEM]\n"
        "      --hugepages N     reserve N 4 MiB huge pages from guest RAM at\n"
        "                        start (the guest's nr_hugepages) [RELIC_HUGEPAGES]\n"
        "      --kernel VERSION  the Linux the guest sees: 2.4.20, 2.5.53, 2.6.32,\n"
        "                        6.1, ... (2.0 to " KERNEL_NEWEST_TEXT
        "), or auto to read the\n"
        "                        program's ABI note (default " KERNEL_DEFAULT
        ") [RELIC_KERNEL]\n"
        "      --cpu NAME        i386, i486, i586 or i686 (default): uname's\n"
        "                        machine; i386/i486 have no PSE (4 MiB pages) "
        "[RELIC_CPU]\n"
        "      --no-hugetlb      a kernel built without huge page support\n"
        "                        [RELIC_NO_HUGETLB=1]\n"
        "      --machine NAME    the guest machine this process belongs to: relic\n"
        "                        processes of one machine share alloc_hugepages()\n"
        "                        keys (default: default) [RELIC_MACHINE]\n"
        "      --debug           report unimplemented syscalls on stderr "
        "[RELIC_DEBUG]\n"
        "      --syscalls[=FMT]  print every i386 syscall of --kernel with relic's\n"
        "                        status and exit; FMT text (default), md, or doc\n"
        "                        (docs/compatibility.md, for the newest kernel)\n"
        "\n"
        "Tracing, with strace's letters (see docs/tracing.md); children and\n"
        "threads are followed, as strace -f:\n"
        "      --trace[=EXPR]    print the guest's syscalls; EXPR as strace's\n"
        "                        -e trace=: names, %%memory, %%file, %%desc,\n"
        "                        %%process, %%signal, %%ipc, %%network, /regex, "
        "!negation\n"
        "  -e trace=EXPR         the same, as strace spells it\n"
        "      --trace-format=F  text (default) or json: one object per line\n"
        "      --trace-pages     page events of the guest MMU in the same stream\n"
        "  -o FILE               write the trace to FILE (-ff: FILE.PID per task)\n"
        "  -t, -tt, -ttt         time of day, with microseconds, as epoch seconds\n"
        "  -T                    time spent in each call\n"
        "  -s SIZE               strings shown up to SIZE bytes (default 32)\n"
        "  -X raw|abbrev|verbose how constants print\n"
        "  -v                    structures unabbreviated\n"
        "  -y                    paths of file descriptors\n"
        "  -c, -C                count calls, time and errors; -C also prints lines\n"
        "  -S SORTBY             sort the -c table as strace -S does (time, calls...)\n"
        "\n"
        "  -d in_asm             log the guest code of each translated block, as\n"
        "                        qemu-i386 -d in_asm does (-d help: the items)\n"
        "  -D FILE               write that log to FILE, not stderr\n"
        "\n"
        "The guest's exit status becomes relic's; a guest killed by a signal kills\n"
        "relic with the same signal. Exit 127: program not found; 126: it cannot be\n"
        "executed; 125: relic itself failed.\n");
}

static void die(int code, const char *fmt, const char *arg)
{
    fprintf(stderr, "relic: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(code);
}

static void env_unset(struct options *o, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < o->nenv; i++) {
        if (strncmp(o->env[i], name, n) == 0 && o->env[i][n] == '=') {
            free(o->env[i]);
            memmove(&o->env[i], &o->env[i + 1], (o->nenv - i) * sizeof(char *));
            o->nenv--;
            return;
        }
    }
}

static void env_set(struct options *o, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        die(EXIT_RELIC, "-E wants VAR=VALUE, not '%s'", assignment);
    char *name = strndup(assignment, (size_t)(eq - assignment));
    env_unset(o, name);
    free(name);
    o->env = realloc(o->env, (o->nenv + 2) * sizeof(char *));
    o->env[o->nenv++] = strdup(assignment);
    o->env[o->nenv] = NULL;
}

static void for_each_item(struct options *o, const char *list,
                          void (*fn)(struct options *, const char *))
{
    char *copy = strdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        fn(o, tok);
    free(copy);
}

static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mult = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mult = 1ull << 10;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1ull << 20;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1ull << 30;
        end++;
        break;
    }
    if (errno || end == s || *end || v == 0 || v > (4ull << 30) / mult)
        die(EXIT_RELIC, "bad memory size '%s' (want e.g. 512M or 2G, at most 4G)", s);
    uint64_t bytes = v * mult;
    if (bytes < (8ull << 20))
        die(EXIT_RELIC, "memory size '%s' is too small (at least 8M)", s);
    return bytes;
}

/* A count of huge pages: a plain decimal number. */
static long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || end == s || *end || n < 0 || n > 1024)
        die(EXIT_RELIC, "bad huge page count '%s' (want 0 to 1024)", s);
    return n;
}

static const char *parse_cpu(const char *s)
{
    static const char *const cpus[] = {"i386", "i486", "i586", "i686"};
    for (size_t i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++)
        if (strcmp(s, cpus[i]) == 0)
            return cpus[i];
    die(EXIT_RELIC, "bad cpu '%s' (want i386, i486, i586 or i686)", s);
    return NULL;
}

static void set_debug(void)
{
    setenv("RELIC_DEBUG", "1", 1);
}

/* A relic a guest's execve started takes its options from its command line
 * only: the environment is the guest's own, verbatim. */
static bool started_by_exec(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--exec-child") == 0)
            return true;
    return false;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    for (char **e = environ; *e; e++)
        o->nenv++;
    o->env = calloc(o->nenv + 1, sizeof(char *));
    for (size_t i = 0; i < o->nenv; i++)
        o->env[i] = strdup(environ[i]);
    o->mem = DEFAULT_MEM;
    o->hugepages = -1;
    o->kernel = KERNEL_DEFAULT;
    o->cpu = "i686";
    const char *v;
    if (started_by_exec(argc, argv))
        goto options;
    if ((v = getenv("RELIC_SET_ENV")))
        for_each_item(o, v, env_set);
    if ((v = getenv("RELIC_UNSET_ENV")))
        for_each_item(o, v, env_unset);
    if ((v = getenv("RELIC_ARGV0")))
        o->argv0 = v;
    if ((v = getenv("RELIC_LD_PREFIX")) && *v)
        o->sysroot = v;
    if ((v = getenv("RELIC_MEM")))
        o->mem = parse_size(v);
    if ((v = getenv("RELIC_HUGEPAGES")))
        o->hugepages = parse_count(v);
    if ((v = getenv("RELIC_KERNEL")) && *v)
        o->kernel = v;
    if ((v = getenv("RELIC_CPU")) && *v)
        o->cpu = parse_cpu(v);
    if ((v = getenv("RELIC_NO_HUGETLB")) && *v && strcmp(v, "0") != 0)
        o->no_hugetlb = true;
    if ((v = getenv("RELIC_MACHINE")) && *v)
        o->machine = v;
    if (getenv("RELIC_DEBUG"))
        o->debug = true;

options:;
    enum {
        OPT_VERSION = 256,
        OPT_MEM,
        OPT_DEBUG,
        OPT_HUGEPAGES,
        OPT_KERNEL,
        OPT_CPU,
        OPT_NO_HUGETLB,
        OPT_MACHINE,
        OPT_EXEC_CHILD,
        OPT_SYSCALLS,
        OPT_TRACE,
        OPT_TRACE_FORMAT,
        OPT_TRACE_PAGES,
        OPT_TRACE_STATE
    };
    static const struct option longs[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"mem", required_argument, NULL, OPT_MEM},
        {"debug", no_argument, NULL, OPT_DEBUG},
        {"hugepages", required_argument, NULL, OPT_HUGEPAGES},
        {"kernel", required_argument, NULL, OPT_KERNEL},
        {"cpu", required_argument, NULL, OPT_CPU},
        {"no-hugetlb", no_argument, NULL, OPT_NO_HUGETLB},
        {"machine", required_argument, NULL, OPT_MACHINE},
        {"exec-child", required_argument, NULL, OPT_EXEC_CHILD},
        {"syscalls", optional_argument, NULL, OPT_SYSCALLS},
        {"trace", optional_argument, NULL, OPT_TRACE},
        {"trace-format", required_argument, NULL, OPT_TRACE_FORMAT},
        {"trace-pages", no_argument, NULL, OPT_TRACE_PAGES},
        {"trace-state", required_argument, NULL, OPT_TRACE_STATE},
        {NULL, 0, NULL, 0},
    };
    int c;
    struct trace_opts *tr = &o->trace;
    int follow = 0;
    while ((c = getopt_long(argc, argv, "+hE:U:0:L:e:o:ftTs:X:vycCS:d:D:", longs,
                            NULL)) != -1) {
        switch (c) {
        case OPT_TRACE:
            tr->expr = optarg ? optarg : "all";
            o->tracing = true;
            break;
        case OPT_TRACE_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                die(EXIT_RELIC, "--trace-format: want text or json, not '%s'", optarg);
            tr->json = strcmp(optarg, "json") == 0;
            break;
        case OPT_TRACE_PAGES:
            tr->pages = true;
            o->tracing = true;
            break;
        case OPT_TRACE_STATE:
            tr->inherited = optarg;
            break;
        case 'd':
            if (strcmp(optarg, "help") == 0) {
                disas_help(stdout);
                exit(0);
            }
            o->log_items = optarg;
            break;
        case 'D':
            o->log_file = optarg;
            break;
        case 'e': /* strace's -e trace=EXPR (its other qualifiers are not here) */
            if (strncmp(optarg, "trace=", 6) != 0)
                die(EXIT_RELIC, "-e: only trace=EXPR is supported, not '%s'", optarg);
            tr->expr = optarg + 6;
            o->tracing = true;
            break;
        case 'o':
            tr->outfile = optarg;
            break;
        case 'f': /* children are always followed; -ff: a file per task */
            if (++follow > 1)
                tr->per_pid = true;
            break;
        case 't':
            tr->timestamps++;
            break;
        case 'T':
            tr->syscall_times = true;
            break;
        case 's': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 0 || n > 1 << 20)
                die(EXIT_RELIC, "-s: bad string size '%s'", optarg);
            tr->strsize = (int)n;
            break;
        }
        case 'X':
            if (strcmp(optarg, "raw") == 0)
                tr->xlat = XLAT_RAW;
            else if (strcmp(optarg, "abbrev") == 0)
                tr->xlat = XLAT_ABBREV;
            else if (strcmp(optarg, "verbose") == 0)
                tr->xlat = XLAT_VERBOSE;
            else
                die(EXIT_RELIC, "-X: want raw, abbrev or verbose, not '%s'", optarg);
            break;
        case 'v':
            tr->verbose = true;
            break;
        case 'y':
            tr->decode_fds++;
            break;
        case 'c':
            tr->summary = 1;
            o->tracing = true;
            break;
        case 'C':
            tr->summary = 2;
            o->tracing = true;
            break;
        case 'S':
            tr->sortby = optarg;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case OPT_VERSION:
            printf("relic %s\n", RELIC_VERSION);
            exit(0);
        case 'E':
            env_set(o, optarg);
            break;
        case 'U':
            env_unset(o, optarg);
            break;
        case '0':
            o->argv0 = optarg;
            break;
        case 'L':
            o->sysroot = optarg;
            break;
        case OPT_MEM:
            o->mem = parse_size(optarg);
            break;
        case OPT_DEBUG:
            o->debug = true;
            set_debug();
            break;
        case OPT_HUGEPAGES:
            o->hugepages = parse_count(optarg);
            break;
        case OPT_KERNEL:
            o->kernel = optarg;
            break;
        case OPT_CPU:
            o->cpu = parse_cpu(optarg);
            break;
        case OPT_NO_HUGETLB:
            o->no_hugetlb = true;
            break;
        case OPT_MACHINE:
            o->machine = optarg;
            break;
        case OPT_EXEC_CHILD:
            o->exec_child = optarg;
            break;
        case OPT_SYSCALLS:
            o->syscalls = optarg ? optarg : "text";
            break;
        default:
            fprintf(stderr, "Try 'relic --help' for more information.\n");
            exit(EXIT_RELIC);
        }
    }
    if (optind >= argc && !o->syscalls) {
        usage(stderr);
        exit(EXIT_RELIC);
    }
    return optind;
}

static const char *signal_name(int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    static char buf[32];
    snprintf(buf, sizeof(buf), "SIG%s", abbrev ? abbrev : "?");
    return buf;
}

/* Die of sig as the guest did, so that relic's parent sees what it would. */
static _Noreturn void die_of_signal(int sig)
{
    fflush(NULL);
    /* No core file of relic's own: the dump would describe the emulator. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    exit(128 + sig);
}

/* A program built for a newer kernel fails on an old one much as it would
 * on real hardware; say which call it missed, so that nobody mistakes the
 * crash for relic's. */
static void explain_missing(void)
{
    int nr;
    const char *name = syscalls_missing(&nr);
    if (name)
        fprintf(stderr,
                "relic: the program called %s (%d), which Linux %s does not have: it "
                "needs a newer kernel (see --kernel)\n",
                name, nr, guest_kernel.release);
}

/* The host process ends as the guest process did: with its exit status, or
 * by its signal (wait_status as wait(2) gives it; -1: relic gave up, x says
 * why). Any thread may call this. */
static void process_end(int wait_status, const struct engine_exit *x)
{
    hugekey_release_all(); /* before a death by signal skips atexit */
    trace_process_end();
    if (wait_status < 0 && x->kind == ENGINE_OOM) {
        fprintf(stderr, "relic: out of memory: guest killed at pc 0x%08x\n", x->pc);
        die_of_signal(SIGKILL);
    }
    if (wait_status < 0) {
        fprintf(stderr, "relic: %s\n", x->why);
        exit(EXIT_RELIC);
    }
    if (WIFEXITED(wait_status)) {
        if (WEXITSTATUS(wait_status))
            explain_missing();
        exit(WEXITSTATUS(wait_status));
    }
    int sig = WTERMSIG(wait_status);
    explain_missing();
    if (x->kind == ENGINE_SIGNALED && x->sig == sig && x->has_addr)
        fprintf(stderr, "relic: guest killed by %s (%s) at pc 0x%08x, address 0x%08x\n",
                signal_name(sig), strsignal(sig), x->pc, x->addr);
    else if (x->kind == ENGINE_SIGNALED && x->sig == sig)
        fprintf(stderr, "relic: guest killed by %s (%s) at pc 0x%08x\n", signal_name(sig),
                strsignal(sig), x->pc);
    else
        fprintf(stderr, "relic: guest killed by %s (%s)\n", signal_name(sig),
                strsignal(sig));
    die_of_signal(sig);
}

/* The kernel the guest sees: --kernel, or the program's ABI note for auto. */
static void choose_kernel(const struct options *o, const char *program, char *why,
                          size_t whylen)
{
    char version[32];
    snprintf(version, sizeof(version), "%s", o->kernel);
    if (strcmp(o->kernel, "auto") == 0) {
        unsigned v[3];
        snprintf(version, sizeof(version), "%s", KERNEL_DEFAULT);
        if (loader_abi_note(program, v) == 1) {
            kver_t k = KV(v[0], v[1], v[2]); /* the note's major.minor.patch */
            kver_format(k < KERNEL_OLDEST ? KERNEL_OLDEST : k, version, sizeof(version));
        }
        if (getenv("RELIC_DEBUG"))
            fprintf(stderr, "relic: --kernel auto: Linux %s\n", version);
    }
    if (personality_init(&guest_kernel, version, o->cpu, why, whylen) < 0)
        die(EXIT_RELIC, "%s", why);
    guest_kernel.pse = strcmp(o->cpu, "i486") > 0; /* PSE came with the Pentium */
    guest_kernel.hugetlb = !o->no_hugetlb && kfeature(&guest_kernel, KF_HUGETLB);
    /* Layout flags the caller's personality carries (setarch -L, -R, -X),
     * as far as the chosen kernel knew them. */
    int host = personality(0xffffffff);
    if (host != -1) {
        uint32_t known = 0;
        if (kfeature(&guest_kernel, KF_COMPAT_LAYOUT_FLAG))
            known |= PER_ADDR_COMPAT_LAYOUT;
        if (kfeature(&guest_kernel, KF_NO_RANDOMIZE_FLAG))
            known |= PER_ADDR_NO_RANDOMIZE;
        if (kfeature(&guest_kernel, KF_READ_IMPLIES_EXEC))
            known |= PER_READ_IMPLIES_EXEC;
        guest_kernel.persona = (uint32_t)host & known;
    }
}

/* The era's mmap layout: bottom-up from TASK_UNMAPPED_BASE before 2.6.9 (and
 * later with ADDR_COMPAT_LAYOUT or an unlimited stack), else top-down below
 * the stack gap (arch/x86/mm/mmap.c: the stack rlimit, clamped to 128 MiB ..
 * 5/6 of the address space). */
static void set_layout(struct mm *mm)
{
    struct mm_abi abi;
    personality_mm_abi(&guest_kernel, &abi);
    mm_set_abi(mm, &abi);
    mm_set_maps_names(mm, kfeature(&guest_kernel, KF_MAPS_HEAP_STACK));
    struct rlimit st;
    bool unlimited = getrlimit(RLIMIT_STACK, &st) == 0 && st.rlim_cur == RLIM_INFINITY;
    if (!kfeature(&guest_kernel, KF_TOPDOWN_MMAP) ||
        (guest_kernel.persona & PER_ADDR_COMPAT_LAYOUT) || unlimited) {
        mm_set_layout(mm, MM_UNMAPPED_BASE, false);
        return;
    }
    uint64_t gap = st.rlim_cur, lo = 128u << 20, hi = (uint64_t)MM_TASK_SIZE / 6 * 5;
    gap = gap < lo ? lo : gap > hi ? hi : gap;
    mm_set_layout(mm, (uint32_t)(MM_TASK_SIZE - gap), true);
}

/* The options a re-executed relic (the guest's execve) gets: the machine
 * and personality this one runs, fully resolved. */
static char **exec_options(const struct options *o, const struct mm *mm)
{
    char **v = calloc(24, sizeof(char *));
    size_t n = 0;
    char buf[64];
    v[n++] = "--kernel";
    kver_format(guest_kernel.kernel, buf, sizeof(buf));
    v[n++] = strdup(buf);
    v[n++] = "--cpu";
    v[n++] = (char *)o->cpu;
    v[n++] = "--mem";
    snprintf(buf, sizeof(buf), "%lluK", (unsigned long long)(o->mem >> 10));
    v[n++] = strdup(buf);
    if (guest_kernel.hugetlb) {
        v[n++] = "--hugepages";
        snprintf(buf, sizeof(buf), "%u", mm_hugepages(mm));
        v[n++] = strdup(buf);
    }
    if (o->no_hugetlb)
        v[n++] = "--no-hugetlb";
    if (o->machine) {
        v[n++] = "--machine";
        v[n++] = (char *)o->machine;
    }
    if (o->debug)
        v[n++] = "--debug";
    if (sysroot_dir()) {
        v[n++] = "-L";
        v[n++] = (char *)sysroot_dir();
    }
    if (o->log_items) {
        v[n++] = "-d";
        v[n++] = (char *)o->log_items;
    }
    if (o->log_file) {
        v[n++] = "-D";
        v[n++] = (char *)o->log_file;
    }
    v[n] = NULL;
    return v;
}

/* A #! script named on the command line runs as execve would run it. */
static void follow_scripts(const char **program, char ***gargv, int *gargc)
{
    for (int depth = 0;; depth++) {
        char interp[PATH_MAX], arg[PATH_MAX];
        int s = loader_script(*program, interp, sizeof(interp), arg, sizeof(arg));
        if (s <= 0)
            return;
        if (depth == 4)
            die(LOAD_CANNOT_EXEC, "%s: too many levels of #! interpreters", *program);
        char **nv = calloc((size_t)*gargc + 3, sizeof(char *));
        int n = 0;
        char host[PATH_MAX];
        nv[n++] = strdup(interp);
        if (arg[0])
            nv[n++] = strdup(arg);
        nv[n++] = (char *)*program;
        for (int i = 1; i < *gargc; i++)
            nv[n++] = (*gargv)[i];
        nv[n] = NULL;
        *gargv = nv;
        *gargc = n;
        /* the interpreter is the guest's: in the sysroot when -L has it */
        const char *h = sysroot_path(interp, host, sizeof(host));
        *program = strdup(h);
    }
}

static uint64_t sigset_bits(const sigset_t *s)
{
    uint64_t bits = 0;
    for (int sig = 1; sig <= 64 && sig < NSIG; sig++)
        if (sigismember(s, sig) == 1)
            bits |= 1ull << (sig - 1);
    return bits;
}

int main(int argc, char **argv)
{
    sigset_t initial_mask, initial_ignored;
    hostsig_init(&initial_mask, &initial_ignored);
    struct options o = {0};
    int first = parse_options(argc, argv, &o);
    if (o.sysroot && sysroot_set(o.sysroot) < 0)
        die(EXIT_RELIC, "-L: '%s' is not a directory", o.sysroot);
    const char *program = argv[first];
    char **gargv = &argv[first];
    int gargc = argc - first;
    if (o.argv0)
        gargv[0] = (char *)o.argv0;
    const char *execfn = o.exec_child ? o.exec_child : program;
    if (!o.exec_child && program)
        follow_scripts(&program, &gargv, &gargc);

    char why[512];
    if (o.syscalls && strcmp(o.kernel, "auto") == 0 && !program)
        o.kernel = KERNEL_DEFAULT; /* no program whose note could say */
    choose_kernel(&o, program, why, sizeof(why));
    if (o.syscalls) {
        if (syscalls_report(stdout, guest_kernel.kernel, o.syscalls) < 0)
            die(EXIT_RELIC, "bad --syscalls format '%s' (want text, md or doc)",
                o.syscalls);
        exit(0); /* not return: o.env stays reachable for LeakSanitizer */
    }
    if (o.machine && mm_set_machine(o.machine) < 0)
        die(EXIT_RELIC, "bad machine name '%s' (want a plain name, no '/')", o.machine);

    int err = 0;
    struct mm *mm = mm_new(o.mem, &err);
    if (!mm)
        die(EXIT_RELIC, "cannot reserve guest memory: %s", strerror(-err));
    if (o.hugepages >= 0 && !guest_kernel.hugetlb)
        die(EXIT_RELIC,
            "--hugepages: the guest kernel (Linux %s) has no huge page support",
            guest_kernel.release);
    /* 2.5.36-2.5.46 reserved a quarter of low memory (at most 896 MiB) at
     * boot; later kernels start with none unless hugepages= says so. */
    if (o.hugepages < 0 && guest_kernel.hugetlb &&
        kfeature(&guest_kernel, KF_HUGEPOOL_QUARTER)) {
        uint64_t low = o.mem < (896ull << 20) ? o.mem : (896ull << 20);
        mm_hugepages_set(mm, (uint32_t)(low / 4 / (4u << 20)));
    }
    if (o.hugepages >= 0) {
        uint32_t got = mm_hugepages_set(mm, (uint32_t)o.hugepages);
        if (got < (uint32_t)o.hugepages) {
            char msg[128];
            snprintf(msg, sizeof(msg), "%u of %ld", got, o.hugepages);
            die(EXIT_RELIC, "guest RAM holds only %s huge pages (see --mem)", msg);
        }
    }
    set_layout(mm);
    if (o.log_items &&
        disas_init(o.log_items, o.log_file, o.exec_child != NULL, why, sizeof(why)) < 0)
        die(EXIT_RELIC, "%s", why);
    /* a re-executed relic may start in another directory */
    char *log_path = o.log_file ? realpath(o.log_file, NULL) : NULL;
    if (log_path)
        o.log_file = log_path;
    struct i386_cpu *cpu = i386_new(mm, why, sizeof(why));
    if (!cpu)
        die(EXIT_RELIC, "%s", why);

    struct loader_args la = {
        .path = program,
        .execfn = execfn,
        .argv = gargv,
        .envp = o.env,
        .hwcap = i386_hwcap(cpu),
        .platform = guest_kernel.machine,
        .nx = kfeature(&guest_kernel, KF_READ_IMPLIES_EXEC),
        .read_implies_exec = (guest_kernel.persona & PER_READ_IMPLIES_EXEC) != 0,
        .at_secure = kfeature(&guest_kernel, KF_AT_SECURE),
        .at_random = kfeature(&guest_kernel, KF_AT_RANDOM),
        .at_execfn = kfeature(&guest_kernel, KF_AT_EXECFN),
        .pie_low_base = kfeature(&guest_kernel, KF_PIE_LOW_BASE),
    };
    if (!guest_kernel.pse)
        la.hwcap &= ~HWCAP_PSE;
    struct loaded_image img;
    int rc = loader_load(mm, &la, &img, why, sizeof(why));
    if (rc == LOAD_KILLED) {
        fprintf(stderr,
                "relic: %s: guest killed by SIGSEGV, as Linux does when exec "
                "fails this late\n",
                why);
        die_of_signal(SIGSEGV);
    }
    if (rc != LOAD_OK && o.exec_child) {
        /* the guest's execve has returned success already */
        fprintf(stderr,
                "relic: %s: guest killed by SIGSEGV, as Linux does when exec "
                "fails this late\n",
                why);
        die_of_signal(SIGSEGV);
    }
    if (rc != LOAD_OK)
        die(rc, "%s", why);
    disas_load_symbols(program, &img);

    char exe[PATH_MAX], self[PATH_MAX];
    ssize_t sn = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[sn > 0 ? sn : 0] = 0;
    emu_exec_setup(strdup(self), exec_options(&o, mm));
    struct task *task = calloc(1, sizeof(*task));
    task->mm = mm;
    task->exe_path = realpath(program, exe) ? strdup(exe) : program;
    task->pid = getpid();
    task->tid = gettid();
    task_init_first(task, sigset_bits(&initial_mask), sigset_bits(&initial_ignored));
    syscalls_init(guest_kernel.kernel);
    if (o.tracing) {
        if (o.trace.summary == 2 && !o.trace.expr)
            o.trace.expr = "all"; /* -C: the lines too */
        if (!o.trace.expr && !o.trace.summary)
            o.trace.expr = "none"; /* --trace-pages alone: page events */
        if (trace_init(&o.trace, why, sizeof(why)) < 0)
            die(EXIT_RELIC, "%s", why);
        if (!o.exec_child)
            trace_first_exec(task, execfn, img.sp);
    }
    i386_start(cpu, task, img.entry, img.sp);
    run_first_task(cpu, task, process_end);
}
