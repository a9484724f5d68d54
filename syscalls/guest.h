/* i386 Linux structures and constants as the guest sees them (GUEST_ names,
 * so that a host value is never passed where a guest one is meant). */
#ifndef RELIC_SYSCALLS_GUEST_H
#define RELIC_SYSCALLS_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

struct task;

struct guest_iovec {
    uint32_t base, len;
};

/* struct stat64, arch/x86/include/uapi/asm/stat.h (i386): 96 bytes, 4-aligned. */
struct __attribute__((packed)) guest_stat64 {
    uint64_t dev;
    uint32_t pad0;
    uint32_t ino_lo;
    uint32_t mode, nlink, uid, gid;
    uint64_t rdev;
    uint32_t pad3;
    int64_t size;
    uint32_t blksize;
    uint64_t blocks;
    uint32_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    uint64_t ino;
};
_Static_assert(sizeof(struct guest_stat64) == 96, "i386 stat64 is 96 bytes");

/* new_encode_dev(): the dev_t encoding stat64 reports. */
static inline uint64_t guest_encode_dev(dev_t d)
{
    uint64_t maj = major(d), min = minor(d);
    return (min & 0xff) | (maj << 8) | ((min & ~0xffull) << 12);
}

/* struct flock / flock64 of i386. */
struct __attribute__((packed)) guest_flock {
    int16_t type, whence;
    int32_t start, len, pid;
};
struct __attribute__((packed)) guest_flock64 {
    int16_t type, whence;
    int64_t start, len;
    int32_t pid;
};

struct guest_timespec32 {
    int32_t sec, nsec;
};
struct guest_timespec64 {
    int64_t sec, nsec;
};
struct guest_timeval32 {
    int32_t sec, usec;
};

/* struct user_desc for set_thread_area. */
struct guest_user_desc {
    uint32_t entry_number, base_addr, limit;
    uint32_t flags; /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
                       seg_not_present:1 useable:1 */
};

#define GUEST_UTS_LEN 65

/* fcntl commands (asm-generic/fcntl.h, i386). */
enum {
    GUEST_F_DUPFD = 0,
    GUEST_F_GETFD = 1,
    GUEST_F_SETFD = 2,
    GUEST_F_GETFL = 3,
    GUEST_F_SETFL = 4,
    GUEST_F_GETLK = 5,
    GUEST_F_SETLK = 6,
    GUEST_F_SETLKW = 7,
    GUEST_F_SETOWN = 8,
    GUEST_F_GETOWN = 9,
    GUEST_F_SETSIG = 10,
    GUEST_F_GETSIG = 11,
    GUEST_F_GETLK64 = 12,
    GUEST_F_SETLK64 = 13,
    GUEST_F_SETLKW64 = 14,
    GUEST_F_OFD_GETLK = 36,
    GUEST_F_OFD_SETLK = 37,
    GUEST_F_OFD_SETLKW = 38,
    GUEST_F_SETLEASE = 1024,
    GUEST_F_GETLEASE = 1025,
    GUEST_F_NOTIFY = 1026,
    GUEST_F_DUPFD_CLOEXEC = 1030,
    GUEST_F_SETPIPE_SZ = 1031,
    GUEST_F_GETPIPE_SZ = 1032,
    GUEST_F_ADD_SEALS = 1033,
    GUEST_F_GET_SEALS = 1034,
};

/* Terminal ioctls (asm-generic/ioctls.h). */
enum {
    GUEST_TCGETS = 0x5401,
    GUEST_TCSETS = 0x5402,
    GUEST_TCSETSW = 0x5403,
    GUEST_TCSETSF = 0x5404,
    GUEST_TIOCGPGRP = 0x540F,
    GUEST_TIOCSPGRP = 0x5410,
    GUEST_TIOCGWINSZ = 0x5413,
    GUEST_TIOCSWINSZ = 0x5414,
    GUEST_FIONREAD = 0x541B,
    GUEST_FIONBIO = 0x5421,
    GUEST_FIONCLEX = 0x5450,
    GUEST_FIOCLEX = 0x5451,
};
#define GUEST_TERMIOS_SIZE 36 /* struct termios: 4 flags, c_line, c_cc[19] */

long guest_flock(struct task *t, int fd, int cmd, uint32_t va, bool is64);

#endif
