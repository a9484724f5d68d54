/* -L DIR, as qemu-user means it: an absolute path the guest hands to the
 * kernel (and the PT_INTERP loader) is first looked up under DIR, and used
 * there when it exists; otherwise the host's path is used. The rules, and
 * why, are in docs/usage.md ("Dynamic programs and -L"). */
#define _GNU_SOURCE
#include "loader.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char root[PATH_MAX]; /* canonical, no trailing '/'; "" when unset */
static size_t root_len;

/* Top-level directories that are the running kernel's, never a tree's:
 * the guest's /proc is relic's (syscalls/procfs.c), /dev and /sys the host's. */
static const char *const kernel_dirs[] = {"proc", "dev", "sys"};

int sysroot_set(const char *dir)
{
    root[0] = 0;
    root_len = 0;
    if (!dir || !*dir)
        return 0;
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return -errno;
    struct stat st;
    if (stat(real, &st) < 0)
        return -errno;
    if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    if (strcmp(real, "/") == 0)
        return 0; /* the host's own root: nothing to redirect */
    root_len = strlen(real);
    memcpy(root, real, root_len + 1);
    return 0;
}

const char *sysroot_dir(void)
{
    return root_len ? root : NULL;
}

/* The path with the components that name the root itself ("/", ".", and
 * "..", which stays at the root) skipped: "/../lib/x" is "lib/x". */
static const char *below_root(const char *p)
{
    for (;;) {
        while (*p == '/')
            p++;
        if (p[0] == '.' && (p[1] == '/' || !p[1]))
            p += 1;
        else if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
            p += 2;
        else
            return p;
    }
}

static bool is_kernel_dir(const char *rel)
{
    size_t n = strcspn(rel, "/");
    for (size_t i = 0; i < sizeof(kernel_dirs) / sizeof(kernel_dirs[0]); i++)
        if (strlen(kernel_dirs[i]) == n && memcmp(rel, kernel_dirs[i], n) == 0)
            return true;
    return false;
}

const char *sysroot_path(const char *guest_path, char *buf, size_t len)
{
    if (!root_len || guest_path[0] != '/')
        return guest_path;
    const char *rel = below_root(guest_path);
    if (!*rel || is_kernel_dir(rel))
        return guest_path;
    if ((size_t)snprintf(buf, len, "%s/%s", root, rel) >= len)
        return guest_path;
    /* lstat, not stat: a link in the tree counts even when its target is
     * missing, so that readlink, lstat and unlink of one path all reach the
     * same file. */
    struct stat st;
    return lstat(buf, &st) == 0 ? buf : guest_path;
}
