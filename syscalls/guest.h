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

/* F_SETOWN_EX / F_GETOWN_EX. */
struct guest_f_owner_ex {
    int32_t type, pid;
};

long guest_flock(struct task *t, int fd, int cmd, uint32_t va, bool is64);

/* open(2) flags of i386 (asm-generic/fcntl.h, octal as there). */
#define GUEST_O_ACCMODE   00000003u
#define GUEST_O_CREAT     00000100u
#define GUEST_O_TRUNC     00001000u
#define GUEST_O_NONBLOCK  00004000u
#define GUEST_O_DSYNC     00010000u
#define GUEST_O_DIRECT    00040000u
#define GUEST_O_LARGEFILE 00100000u
#define GUEST_O_DIRECTORY 00200000u
#define GUEST_O_NOFOLLOW  00400000u
#define GUEST_O_NOATIME   01000000u
#define GUEST_O_CLOEXEC   02000000u
#define GUEST_O_SYNC      04000000u /* __O_SYNC */
#define GUEST_O_PATH      010000000u
#define GUEST_O_TMPFILE   020000000u /* __O_TMPFILE */

/* MAX_NON_LFS: the largest size or offset a call without O_LARGEFILE or
 * with a 32-bit off_t may report. */
#define GUEST_MAX_NON_LFS 0x7fffffffll

/* struct __old_kernel_stat (oldstat, oldfstat, oldlstat): 16-bit dev, ino,
 * mode, nlink, ids and rdev; 32 bytes. */
struct guest_old_stat {
    uint16_t dev, ino, mode, nlink, uid, gid, rdev;
    uint16_t pad;
    uint32_t size, atime, mtime, ctime;
};
_Static_assert(sizeof(struct guest_old_stat) == 32, "i386 __old_kernel_stat");

/* struct stat (stat, lstat, fstat) of arch/x86/include/uapi/asm/stat.h:
 * unsigned long dev/ino/rdev/size, 16-bit mode, nlink and ids; 64 bytes. */
struct guest_stat {
    uint32_t dev, ino;
    uint16_t mode, nlink, uid, gid;
    uint32_t rdev, size, blksize, blocks;
    uint32_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    uint32_t unused4, unused5;
};
_Static_assert(sizeof(struct guest_stat) == 64, "i386 struct stat");

/* struct statfs and statfs64 (asm-generic/statfs.h, 32-bit words; statfs64
 * packed to 4 bytes on i386: 84 bytes). */
struct guest_statfs {
    uint32_t type, bsize, blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
};
_Static_assert(sizeof(struct guest_statfs) == 64, "i386 struct statfs");
struct __attribute__((packed)) guest_statfs64 {
    uint32_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
};
_Static_assert(sizeof(struct guest_statfs64) == 84, "i386 struct statfs64");

/* struct linux_dirent (getdents) head: the name follows at offset 10, then
 * a NUL and, since 2.6.4, d_type in the record's last byte. */
struct __attribute__((packed)) guest_dirent {
    uint32_t ino, off;
    uint16_t reclen;
};
/* struct old_linux_dirent (readdir): one entry per call. */
struct __attribute__((packed)) guest_old_dirent {
    uint32_t ino, offset;
    uint16_t namlen;
};

/* Terminal structures of asm-generic/termbits.h: struct termios (36 bytes,
 * c_cc[19]), termios2 (with the two speeds, 44 bytes), the old struct termio
 * (16-bit flags, c_cc[8]) and struct winsize. */
#define GUEST_NCCS 19
#define GUEST_NCC  8
struct guest_termios {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[GUEST_NCCS];
};
_Static_assert(sizeof(struct guest_termios) == 36, "i386 struct termios");
struct guest_termios2 {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[GUEST_NCCS];
    uint32_t ispeed, ospeed;
};
_Static_assert(sizeof(struct guest_termios2) == 44, "i386 struct termios2");
struct guest_termio {
    uint16_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[GUEST_NCC];
};
_Static_assert(sizeof(struct guest_termio) == 18, "i386 struct termio");
struct guest_winsize {
    uint16_t row, col, xpixel, ypixel;
};

/* struct tms of times(2): four 32-bit clock_t. */
struct guest_tms {
    int32_t utime, stime, cutime, cstime;
};
struct guest_itimerval32 {
    struct guest_timeval32 interval, value;
};

/* struct timex of adjtimex(2) with 32-bit longs (128 bytes), and the time64
 * struct __kernel_timex of clock_adjtime64 (208 bytes). */
struct guest_timex32 {
    uint32_t modes;
    int32_t offset, freq, maxerror, esterror;
    int32_t status;
    int32_t constant, precision, tolerance;
    struct guest_timeval32 time;
    int32_t tick, ppsfreq, jitter;
    int32_t shift;
    int32_t stabil, jitcnt, calcnt, errcnt, stbcnt;
    int32_t tai;
    int32_t pad[11];
};
_Static_assert(sizeof(struct guest_timex32) == 128, "i386 struct timex");
struct guest_timex64 {
    uint32_t modes;
    int32_t pad0;
    int64_t offset, freq, maxerror, esterror;
    int32_t status;
    int32_t pad1;
    int64_t constant, precision, tolerance;
    int64_t time_sec, time_usec; /* struct __kernel_timex_timeval */
    int64_t tick, ppsfreq, jitter;
    int32_t shift;
    int32_t pad2;
    int64_t stabil, jitcnt, calcnt, errcnt, stbcnt;
    int32_t tai;
    int32_t pad3[11];
};
_Static_assert(sizeof(struct guest_timex64) == 208, "struct __kernel_timex");

/* struct sysinfo of i386: 32-bit longs, 64 bytes with the libc5 pad _f[8].
 * totalhigh, freehigh and mem_unit came with 2.3.23; before, the pad. */
struct guest_sysinfo {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh;
    uint32_t mem_unit;
    char f[8];
};
_Static_assert(sizeof(struct guest_sysinfo) == 64, "i386 struct sysinfo");

#endif
