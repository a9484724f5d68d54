/* --trace=EXPR: strace's -e trace= grammar. A comma list of syscall names,
 * %classes, /regexes and ?names (no error when unknown), "all" or "none";
 * a leading '!' negates the whole set. */
#include "trace_filter.h"

#include "table.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which calls each class holds, by strace's definitions (man strace,
 * "-e trace="): %file takes a file name, %desc a descriptor, %memory maps
 * memory, %process is a process's life, %signal, %ipc (System V), %network.
 * shmat/shmdt are %ipc and %memory, as in strace. alloc_hugepages and
 * free_hugepages, which strace never knew, are relic's %memory. */
static const struct {
    const char *cls, *names;
} classes[] = {
    {"memory",
     " break brk mmap mmap2 munmap mprotect pkey_mprotect msync mlock munlock "
     "mlock2 mlockall munlockall mremap mincore madvise io_setup io_destroy "
     "remap_file_pages mbind get_mempolicy set_mempolicy migrate_pages move_pages "
     "set_mempolicy_home_node map_shadow_stack mseal shmat shmdt alloc_hugepages "
     "free_hugepages "},
    {"process", " exit exit_group fork vfork clone clone3 execve execveat wait4 waitpid "
                "waitid kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo "},
    {"signal", " signal sigaction rt_sigaction sigprocmask rt_sigprocmask sigpending "
               "rt_sigpending sigsuspend rt_sigsuspend sigreturn rt_sigreturn sgetmask "
               "ssetmask rt_sigtimedwait rt_sigtimedwait_time64 rt_sigqueueinfo "
               "rt_tgsigqueueinfo kill tkill tgkill pause sigaltstack signalfd signalfd4 "
               "pidfd_send_signal "},
    {"ipc", " ipc semget semctl semop semtimedop semtimedop_time64 msgget msgsnd msgrcv "
            "msgctl shmget shmat shmdt shmctl "},
    {"network", " socket socketpair bind connect listen accept accept4 "
                "getsockname getpeername send sendto recv recvfrom shutdown setsockopt "
                "getsockopt sendmsg recvmsg sendmmsg recvmmsg recvmmsg_time64 "},
    {"file",
     " open creat link unlink execve chdir mknod chmod lchown lchown32 oldstat "
     "stat lstat stat64 lstat64 oldlstat mount umount umount2 utime utimes access "
     "rename mkdir rmdir acct chroot symlink readlink uselib swapon swapoff truncate "
     "truncate64 statfs statfs64 chown chown32 getcwd pivot_root setxattr lsetxattr "
     "getxattr lgetxattr listxattr llistxattr removexattr lremovexattr openat mkdirat "
     "mknodat fchownat futimesat fstatat64 unlinkat renameat renameat2 linkat "
     "symlinkat readlinkat fchmodat fchmodat2 faccessat faccessat2 utimensat "
     "utimensat_time64 fanotify_mark name_to_handle_at execveat statx open_tree "
     "move_mount fsopen fspick openat2 mount_setattr inotify_add_watch quotactl "
     "setxattrat getxattrat listxattrat removexattrat "},
    {"desc",
     " read write open close creat lseek _llseek dup dup2 dup3 pipe pipe2 ioctl "
     "fcntl fcntl64 oldfstat fstat fstat64 fchmod fchown fchown32 fstatfs "
     "fstatfs64 ftruncate ftruncate64 fsync fdatasync fchdir flock readv writev "
     "pread64 pwrite64 preadv pwritev preadv2 pwritev2 getdents getdents64 readdir "
     "select _newselect pselect6 pselect6_time64 poll ppoll ppoll_time64 "
     "epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 "
     "sendfile sendfile64 splice tee vmsplice mmap mmap2 openat mkdirat mknodat "
     "fchownat futimesat fstatat64 unlinkat renameat renameat2 linkat symlinkat "
     "readlinkat fchmodat fchmodat2 faccessat faccessat2 utimensat utimensat_time64 "
     "eventfd eventfd2 signalfd signalfd4 timerfd_create timerfd_settime "
     "timerfd_gettime timerfd_settime64 timerfd_gettime64 inotify_init "
     "inotify_init1 inotify_add_watch inotify_rm_watch fanotify_init fanotify_mark "
     "fadvise64 fadvise64_64 fallocate sync_file_range readahead fgetxattr fsetxattr "
     "flistxattr fremovexattr mq_open mq_timedsend mq_timedreceive mq_notify "
     "mq_getsetattr mq_timedsend_time64 mq_timedreceive_time64 memfd_create "
     "copy_file_range statx io_uring_setup io_uring_enter io_uring_register "
     "pidfd_open pidfd_getfd pidfd_send_signal close_range syncfs setns socketcall "
     "perf_event_open bpf userfaultfd finit_module name_to_handle_at "
     "open_by_handle_at process_madvise process_mrelease cachestat fsconfig "
     "fsmount move_mount open_tree fspick openat2 execveat kexec_file_load "
     "landlock_create_ruleset landlock_add_rule landlock_restrict_self "
     "memfd_secret epoll_pwait2 futex_waitv "},
    {"stat", " stat stat64 oldstat "},
    {"lstat", " lstat lstat64 oldlstat "},
    {"fstat", " fstat fstat64 oldfstat fstatat64 newfstatat "},
    {"%stat", " stat stat64 oldstat lstat lstat64 oldlstat fstat fstat64 oldfstat "
              "fstatat64 newfstatat statx "},
    {"statfs", " statfs statfs64 "},
    {"fstatfs", " fstatfs fstatfs64 "},
    {"%statfs", " statfs statfs64 fstatfs fstatfs64 ustat "},
    {"clock", " time stime gettimeofday settimeofday adjtimex clock_adjtime "
              "clock_adjtime64 clock_gettime clock_gettime64 clock_settime "
              "clock_settime64 clock_getres clock_getres_time64 "},
    {"creds",
     " getuid geteuid getgid getegid getuid32 geteuid32 getgid32 getegid32 "
     "setuid setgid setuid32 setgid32 setreuid setregid setreuid32 setregid32 "
     "setresuid setresgid setresuid32 setresgid32 getresuid getresgid getresuid32 "
     "getresgid32 setfsuid setfsgid setfsuid32 setfsgid32 getgroups setgroups "
     "getgroups32 setgroups32 capget capset prctl "},
    {"pure", " getpid getppid gettid getuid geteuid getgid getegid getuid32 geteuid32 "
             "getgid32 getegid32 getpgrp sgetmask "},
};

bool trace_class_has(const char *cls, const char *name)
{
    char key[64];
    if (snprintf(key, sizeof(key), " %s ", name) >= (int)sizeof(key))
        return false;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strcmp(classes[i].cls, cls) == 0)
            return strstr(classes[i].names, key) != NULL;
    return false;
}

static bool class_known(const char *cls)
{
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strcmp(classes[i].cls, cls) == 0)
            return true;
    return strcmp(cls, "net") == 0;
}

/* The sub-call names of ipc(2) and socketcall(2), which strace accepts. */
static const char *const subcalls =
    " semop semget semctl semtimedop msgsnd msgrcv msgget msgctl shmat shmdt shmget "
    "shmctl socket bind connect listen accept getsockname getpeername socketpair send "
    "recv sendto recvfrom shutdown setsockopt getsockopt sendmsg recvmsg accept4 "
    "recvmmsg sendmmsg ";

static bool syscall_known(const char *name)
{
    for (unsigned i = 0; i < sys_rows_i386_count; i++)
        if (strcmp(sys_rows_i386[i].name, name) == 0)
            return true;
    char key[64];
    snprintf(key, sizeof(key), " %s ", name);
    return strstr(subcalls, key) != NULL;
}

enum item_kind { IT_NAME, IT_CLASS, IT_REGEX, IT_ALL };
struct item {
    enum item_kind kind;
    char *text;
    regex_t re;
};

static struct item *items;
static size_t nitems;
static bool negate;

int trace_filter_parse(const char *expr, char *err, size_t errlen)
{
    if (!expr || !*expr)
        expr = "all";
    if (strncmp(expr, "trace=", 6) == 0) /* strace's -e trace=EXPR, pasted whole */
        expr += 6;
    for (size_t i = 0; i < nitems; i++) { /* a new expression replaces the old */
        if (items[i].kind == IT_REGEX)
            regfree(&items[i].re);
        free(items[i].text);
    }
    nitems = 0;
    negate = false;
    while (*expr == '!') {
        negate = !negate;
        expr++;
    }
    char *copy = strdup(expr), *save = NULL;
    if (!copy)
        return -1;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        struct item it = {IT_NAME, NULL};
        bool optional = false;
        while (*tok == '?') {
            optional = true;
            tok++;
        }
        if (strcmp(tok, "all") == 0) {
            it.kind = IT_ALL;
        } else if (strcmp(tok, "none") == 0) {
            continue; /* adds nothing to the set */
        } else if (*tok == '/') {
            it.kind = IT_REGEX;
            if (regcomp(&it.re, tok + 1, REG_EXTENDED | REG_NOSUB) != 0) {
                snprintf(err, errlen, "invalid regular expression '%s'", tok + 1);
                free(copy);
                return -1;
            }
        } else {
            /* %class, or one of the bare class names strace still
             * accepts, which win over calls of the same name (ipc, signal) */
            static const char legacy[] = " desc file memory process signal ipc network ";
            char key[64];
            snprintf(key, sizeof(key), " %s ", tok);
            const char *cls = *tok == '%' ? tok + 1 : tok;
            if (strcmp(cls, "net") == 0)
                cls = "network";
            if (class_known(cls) && (*tok == '%' || strstr(legacy, key))) {
                it.kind = IT_CLASS;
                it.text = strdup(cls);
            } else if (syscall_known(tok)) {
                it.text = strdup(tok);
            } else if (optional) {
                continue;
            } else {
                snprintf(err, errlen, "invalid system call '%s'", tok);
                free(copy);
                return -1;
            }
        }
        struct item *n = realloc(items, (nitems + 1) * sizeof(*items));
        if (!n) {
            free(copy);
            return -1;
        }
        items = n;
        items[nitems++] = it;
    }
    free(copy);
    return 0;
}

bool trace_filter_match(const char *name)
{
    bool in = false;
    for (size_t i = 0; i < nitems && !in; i++) {
        const struct item *it = &items[i];
        switch (it->kind) {
        case IT_ALL:
            in = true;
            break;
        case IT_NAME:
            in = strcmp(it->text, name) == 0;
            break;
        case IT_CLASS:
            in = trace_class_has(it->text, name);
            break;
        case IT_REGEX:
            in = regexec(&it->re, name, 0, NULL, 0) == 0;
            break;
        }
    }
    return in != negate;
}
