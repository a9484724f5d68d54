/* Extended attributes (2.5.3; 2.4.20 in the 2.4 series): get, set, list and
 * remove by path, by path without following a last symlink, and by
 * descriptor. The host's filesystem answers, as it does for stat. ls -l
 * asks for the ACL and SELinux attributes of every file it lists. */
#define _GNU_SOURCE
#include "internal.h"

#include <stdlib.h>
#include <sys/xattr.h>

/* include/uapi/linux/limits.h, the same in every era that had the calls */
#ifndef XATTR_NAME_MAX
#define XATTR_NAME_MAX 255
#endif
#ifndef XATTR_SIZE_MAX
#define XATTR_SIZE_MAX 65536 /* one value */
#endif
#ifndef XATTR_LIST_MAX
#define XATTR_LIST_MAX 65536 /* the list of names */
#endif

enum how { BY_PATH, BY_LINK, BY_FD };

/* The attribute name: ERANGE when empty or longer than XATTR_NAME_MAX, as
 * the kernel's strncpy_from_user check says. */
static long get_name(struct task *t, uint32_t va, char *name)
{
    long n = mm_copy_str(t->mm, name, va, XATTR_NAME_MAX + 1);
    if (n == -ENAMETOOLONG || n == 0)
        return -ERANGE;
    return n < 0 ? n : 0;
}

/* The object: a host path in path, or the descriptor. */
static long target(struct task *t, enum how how, uint32_t a0, char *path)
{
    return how == BY_FD ? 0 : get_path(t, a0, path);
}

static long do_get(struct task *t, enum how how, const uint32_t *a)
{
    char path[PATH_MAX], name[XATTR_NAME_MAX + 1];
    long r = target(t, how, a[0], path);
    if (r < 0 || (r = get_name(t, a[1], name)) < 0)
        return r;
    uint32_t size = a[3] > XATTR_SIZE_MAX ? (uint32_t)XATTR_SIZE_MAX : a[3];
    char *value = size ? malloc(size) : NULL;
    if (size && !value)
        return -ENOMEM;
    r = how == BY_FD     ? HOST(fgetxattr((int)a[0], name, value, size))
        : how == BY_LINK ? HOST(lgetxattr(path, name, value, size))
                         : HOST(getxattr(path, name, value, size));
    if (r > 0 && size) {
        long e = mm_copy_to(t->mm, a[2], value, (size_t)r);
        r = e < 0 ? e : r;
    }
    free(value);
    return r;
}

static long do_set(struct task *t, enum how how, const uint32_t *a)
{
    char path[PATH_MAX], name[XATTR_NAME_MAX + 1];
    long r = target(t, how, a[0], path);
    if (r < 0 || (r = get_name(t, a[1], name)) < 0)
        return r;
    uint32_t size = a[3];
    if (size > XATTR_SIZE_MAX)
        return -E2BIG;
    char *value = size ? malloc(size) : NULL;
    if (size && !value)
        return -ENOMEM;
    if (size && mm_copy_from(t->mm, value, a[2], size) < 0) {
        free(value);
        return -EFAULT;
    }
    int flags = (int)a[4];
    r = how == BY_FD     ? HOST(fsetxattr((int)a[0], name, value, size, flags))
        : how == BY_LINK ? HOST(lsetxattr(path, name, value, size, flags))
                         : HOST(setxattr(path, name, value, size, flags));
    free(value);
    return r;
}

static long do_list(struct task *t, enum how how, const uint32_t *a)
{
    char path[PATH_MAX];
    long r = target(t, how, a[0], path);
    if (r < 0)
        return r;
    uint32_t size = a[2] > XATTR_LIST_MAX ? (uint32_t)XATTR_LIST_MAX : a[2];
    char *list = size ? malloc(size) : NULL;
    if (size && !list)
        return -ENOMEM;
    r = how == BY_FD     ? HOST(flistxattr((int)a[0], list, size))
        : how == BY_LINK ? HOST(llistxattr(path, list, size))
                         : HOST(listxattr(path, list, size));
    if (r > 0 && size) {
        long e = mm_copy_to(t->mm, a[1], list, (size_t)r);
        r = e < 0 ? e : r;
    }
    free(list);
    return r;
}

static long do_remove(struct task *t, enum how how, const uint32_t *a)
{
    char path[PATH_MAX], name[XATTR_NAME_MAX + 1];
    long r = target(t, how, a[0], path);
    if (r < 0 || (r = get_name(t, a[1], name)) < 0)
        return r;
    return how == BY_FD     ? HOST(fremovexattr((int)a[0], name))
           : how == BY_LINK ? HOST(lremovexattr(path, name))
                            : HOST(removexattr(path, name));
}

#define XATTR_CALLS(op)                                                                  \
    static long sys_##op##xattr(struct task *t, const uint32_t *a)                       \
    {                                                                                    \
        return do_##op(t, BY_PATH, a);                                                   \
    }                                                                                    \
    static long sys_l##op##xattr(struct task *t, const uint32_t *a)                      \
    {                                                                                    \
        return do_##op(t, BY_LINK, a);                                                   \
    }                                                                                    \
    static long sys_f##op##xattr(struct task *t, const uint32_t *a)                      \
    {                                                                                    \
        return do_##op(t, BY_FD, a);                                                     \
    }
XATTR_CALLS(get)
XATTR_CALLS(set)
XATTR_CALLS(list)
XATTR_CALLS(remove)

const struct sys_impl sys_xattr_impls[] = {
    {"setxattr", sys_setxattr, "sspux"},
    {"lsetxattr", sys_lsetxattr, "sspux"},
    {"fsetxattr", sys_fsetxattr, "dspux"},
    {"getxattr", sys_getxattr, "sspu"},
    {"lgetxattr", sys_lgetxattr, "sspu"},
    {"fgetxattr", sys_fgetxattr, "dspu"},
    {"listxattr", sys_listxattr, "spu"},
    {"llistxattr", sys_llistxattr, "spu"},
    {"flistxattr", sys_flistxattr, "dpu"},
    {"removexattr", sys_removexattr, "ss"},
    {"lremovexattr", sys_lremovexattr, "ss"},
    {"fremovexattr", sys_fremovexattr, "ds"},
    {NULL, NULL, NULL},
};
