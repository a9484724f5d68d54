/* Calls made through the host's 32-bit syscall gate (see compat.c). Each
 * returns the kernel's value or -errno. */
#ifndef RELIC_SYSCALLS_COMPAT_H
#define RELIC_SYSCALLS_COMPAT_H

#include <stddef.h>
#include <stdint.h>

long compat_getdents64(int fd, void *dst, size_t count);
long compat_llseek(int fd, int64_t offset, int whence, int64_t *result);
/* One struct old_linux_dirent into dst (at most max bytes): 1, 0 at the
 * end, or -errno. */
long compat_readdir(int fd, void *dst, size_t max);
long compat_openat(int dirfd, const char *path, int flags, unsigned mode);
long compat_openat2(int dirfd, const char *path, const void *how, size_t size);

#endif
