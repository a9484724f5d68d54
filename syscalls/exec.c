/* execve and execveat: the arguments copied out of the guest, the checks the
 * kernel makes before the old image is gone (with #! scripts resolved as
 * binfmt_script does, four levels deep), then the engine re-executes relic
 * on the program so that the new image stays emulated. */
#define _GNU_SOURCE
#include "internal.h"

#include "../loader/loader.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARG_STRLEN   (32u * 4096u) /* one argument or variable */
#define MAX_ARG_TOTAL    (2u << 20)    /* a quarter of an 8 MiB stack */
#define MAX_SCRIPT_DEPTH 4             /* BINPRM_MAX_RECURSION */

long guest_path_to_host(const char *guest, char *host)
{
    if (strlen(guest) >= PATH_MAX)
        return -ENAMETOOLONG;
    const char *p = sysroot_path(guest, host, PATH_MAX);
    if (p != host)
        strcpy(host, p);
    return 0;
}

struct strvec {
    char **v;
    size_t n, cap, bytes;
};

static void strvec_free(struct strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof(*s));
}

static long strvec_push(struct strvec *s, const char *str, size_t len)
{
    if (s->n + 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof(char *));
        if (!v)
            return -ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->bytes += len + 1 + sizeof(uint32_t);
    if (s->bytes > MAX_ARG_TOTAL)
        return -E2BIG;
    s->v[s->n] = strndup(str, len);
    if (!s->v[s->n])
        return -ENOMEM;
    s->v[++s->n] = NULL;
    return 0;
}

/* A NULL-terminated guest array of string pointers. */
static long copy_strings(struct task *t, uint32_t va, struct strvec *out)
{
    if (!va)
        return strvec_push(out, "", 0) < 0 ? -ENOMEM : (out->n = 0, out->v[0] = NULL, 0);
    char *buf = malloc(MAX_ARG_STRLEN);
    if (!buf)
        return -ENOMEM;
    long r = 0;
    for (;; va += 4) {
        uint32_t p;
        if (mm_copy_from(t->mm, &p, va, 4) < 0) {
            r = -EFAULT;
            break;
        }
        if (!p)
            break;
        long n = mm_copy_str(t->mm, buf, p, MAX_ARG_STRLEN);
        if (n < 0) {
            r = n == -ENAMETOOLONG ? -E2BIG : n;
            break;
        }
        if ((r = strvec_push(out, buf, (size_t)n)) < 0)
            break;
    }
    free(buf);
    return r;
}

/* The program to run after the #! lines are followed: its host path in
 * path, argv rewritten as binfmt_script does. */
static long resolve_program(char *path, const char *guest_name, struct strvec *argv)
{
    const char *script_name = guest_name;
    for (int depth = 0; depth <= MAX_SCRIPT_DEPTH; depth++) {
        char interp[PATH_MAX], arg[PATH_MAX];
        int s = loader_script(path, interp, sizeof(interp), arg, sizeof(arg));
        if (s < 0)
            return s;
        if (s == 0) {
            char elf_interp[PATH_MAX];
            long r = loader_precheck(path, elf_interp, sizeof(elf_interp));
            if (r == 0 && elf_interp[0]) {
                char host[PATH_MAX];
                if (guest_path_to_host(elf_interp, host) < 0 || access(host, F_OK) < 0)
                    return -ENOENT; /* binfmt_elf: the interpreter is missing */
            }
            return r;
        }
        struct stat st;
        if (stat(path, &st) < 0)
            return -errno;
        if (access(path, X_OK) < 0)
            return -EACCES;
        /* argv becomes: interp [arg] script argv[1..] */
        struct strvec nv = {0};
        long r = strvec_push(&nv, interp, strlen(interp));
        if (!r && arg[0])
            r = strvec_push(&nv, arg, strlen(arg));
        if (!r)
            r = strvec_push(&nv, script_name, strlen(script_name));
        for (size_t i = 1; !r && i < argv->n; i++)
            r = strvec_push(&nv, argv->v[i], strlen(argv->v[i]));
        if (r) {
            strvec_free(&nv);
            return r;
        }
        strvec_free(argv);
        *argv = nv;
        script_name = argv->v[0];
        if ((r = guest_path_to_host(interp, path)) < 0)
            return r;
    }
    return -ELOOP;
}

static long do_execve(struct task *t, int dirfd, uint32_t path_va, uint32_t argv_va,
                      uint32_t envp_va, int flags)
{
    char guest_name[PATH_MAX], path[PATH_MAX];
    long r = mm_copy_str(t->mm, guest_name, path_va, PATH_MAX);
    if (r < 0)
        return r;
    if (!guest_name[0] && !(flags & AT_EMPTY_PATH))
        return -ENOENT;
    if (!guest_name[0] || (dirfd != AT_FDCWD && guest_name[0] != '/')) {
        /* execveat relative to a directory descriptor, or the fd itself */
        char dir[64];
        snprintf(dir, sizeof(dir), "/proc/self/fd/%d", dirfd);
        if (snprintf(path, sizeof(path), "%s%s%s", dir, guest_name[0] ? "/" : "",
                     guest_name) >= (int)sizeof(path))
            return -ENAMETOOLONG;
    } else if ((r = get_path(t, path_va, path)) < 0) {
        return r;
    }
    struct strvec argv = {0}, envp = {0};
    if ((r = copy_strings(t, argv_va, &argv)) < 0 ||
        (r = copy_strings(t, envp_va, &envp)) < 0 ||
        (r = resolve_program(path, guest_name, &argv)) < 0) {
        strvec_free(&argv);
        strvec_free(&envp);
        return r;
    }
    trace_exec_commit(t);
    r = engine->exec(t, path, guest_name, argv.v, envp.v);
    strvec_free(&argv);
    strvec_free(&envp);
    return r;
}

static long sys_execve(struct task *t, const uint32_t *a)
{
    return do_execve(t, AT_FDCWD, a[0], a[1], a[2], 0);
}

static long sys_execveat(struct task *t, const uint32_t *a)
{
    if (a[4] & ~(uint32_t)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    return do_execve(t, (int)a[0], a[1], a[2], a[3], (int)a[4]);
}

const struct sys_impl sys_exec_impls[] = {
    {"execve", sys_execve, "spp"},
    {"execveat", sys_execveat, "dsppx", "AT_SYMLINK_NOFOLLOW is not checked"},
    {NULL, NULL, NULL},
};
