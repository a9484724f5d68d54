/* The stat family through its raw i386 calls: __old_kernel_stat (18, 28, 84),
 * struct stat (106-108), stat64 and fstatat64, statx, statfs and statfs64,
 * and the EOVERFLOW a 32-bit layout gives for a large file. Compared with
 * the native run. Usage: stat TMPDIR */
#include "ck.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

struct old_stat {
    uint16_t dev, ino, mode, nlink, uid, gid, rdev, pad;
    uint32_t size, atime, mtime, ctime;
};
struct k_stat {
    uint32_t dev, ino;
    uint16_t mode, nlink, uid, gid;
    uint32_t rdev, size, blksize, blocks;
    uint32_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    uint32_t unused4, unused5;
};
struct k_statfs {
    uint32_t type, bsize, blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
};
struct __attribute__((packed)) k_statfs64 {
    uint32_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
};

static struct stat64 st64(const char *path)
{
    struct stat64 s;
    memset(&s, 0, sizeof(s));
    lstat64(path, &s);
    return s;
}

static void show_kstat(const char *what, long r, const struct k_stat *k, const char *path)
{
    if (r < 0) {
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
        return;
    }
    struct stat64 s = st64(path);
    printf("%s: mode %o nlink %u size %u blksize %u blocks %u\n", what, k->mode, k->nlink,
           k->size, k->blksize, k->blocks);
    printf("%s: uid is mine %d, gid is mine %d, rdev %x\n", what, k->uid == getuid(),
           k->gid == getgid(), k->rdev);
    if (!strcmp(path, "f")) /* the times this program set */
        printf("%s: atime %u.%09u mtime %u.%09u\n", what, k->atime, k->atime_nsec,
               k->mtime, k->mtime_nsec);
    printf("%s: dev is old-encoded %d, ino as stat64 %d, unused %u %u\n", what,
           k->dev == ((major(s.st_dev) << 8) | minor(s.st_dev)), k->ino == s.st_ino,
           k->unused4, k->unused5);
}

static void show_old(const char *what, long r, const struct old_stat *o, bool times)
{
    if (r < 0) {
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: dev %x ino %u mode %o nlink %u uid %u gid %u rdev %x size %u pad %u\n",
           what, o->dev, o->ino, o->mode, o->nlink, o->uid, o->gid, o->rdev, o->size,
           o->pad);
    if (times)
        printf("%s: atime %u mtime %u\n", what, o->atime, o->mtime);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) < 0)
        return 2;
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0640);
    write(fd, "hello", 5);
    struct timespec ts[2] = {{1000000000, 123456789}, {1100000000, 987654321}};
    futimens(fd, ts);
    symlink("f", "link");

    struct k_stat k;
    memset(&k, 0xa5, sizeof(k));
    show_kstat("stat f", syscall(NR_stat, "f", &k), &k, "f");
    memset(&k, 0xa5, sizeof(k));
    show_kstat("lstat link", syscall(NR_lstat, "link", &k), &k, "link");
    memset(&k, 0xa5, sizeof(k));
    show_kstat("fstat f", syscall(NR_fstat, fd, &k), &k, "f");
    memset(&k, 0xa5, sizeof(k));
    show_kstat("stat /dev/null", syscall(NR_stat, "/dev/null", &k), &k, "/dev/null");
    CHECK("stat missing", syscall(NR_stat, "missing", &k));
    CHECK("stat through a file", syscall(NR_stat, "f/x", &k));
    CHECK("stat NULL path", syscall(NR_stat, NULL, &k));
    CHECK("stat bad buffer", syscall(NR_stat, "f", (void *)16));
    CHECK("fstat bad fd", syscall(NR_fstat, 99, &k));

    struct old_stat o;
    memset(&o, 0xa5, sizeof(o));
    show_old("oldstat /", syscall(NR_oldstat, "/", &o), &o, false);
    memset(&o, 0xa5, sizeof(o));
    show_old("oldlstat /", syscall(NR_oldlstat, "/", &o), &o, false);
    int root = open("/", O_RDONLY);
    memset(&o, 0xa5, sizeof(o));
    show_old("oldfstat /", syscall(NR_oldfstat, root, &o), &o, false);
    memset(&o, 0xa5, sizeof(o));
    show_old("oldstat /dev/null", syscall(NR_oldstat, "/dev/null", &o), &o, false);
    struct stat64 fs = st64("f");
    errno = 0;
    long r = syscall(NR_oldstat, "f", &o);
    if (fs.st_ino > 0xffff)
        printf("oldstat of a file with a large inode: %ld %s\n", r,
               strerrorname_np(errno));
    else
        show_old("oldstat f", r, &o, true);

    struct stat64 s;
    CHECK("stat64 f", stat64("f", &s));
    printf("stat64 f: size %lld mode %o nlink %u mtime %ld.%09ld\n", (long long)s.st_size,
           s.st_mode, (unsigned)s.st_nlink, (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
    CHECK("fstatat64 empty path", fstatat64(fd, "", &s, AT_EMPTY_PATH));
    printf("fstatat64 empty path: size %lld\n", (long long)s.st_size);
    CHECK("fstatat64 nofollow", fstatat64(AT_FDCWD, "link", &s, AT_SYMLINK_NOFOLLOW));
    printf("fstatat64 nofollow: link %d\n", S_ISLNK(s.st_mode));
    CHECK("fstatat64 bad flag", fstatat64(AT_FDCWD, "f", &s, 0x1));
    struct statx sx;
    CHECK("statx", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
    printf("statx: size %llu mode %o basic %d mtime %lld.%09u\n",
           (unsigned long long)sx.stx_size, sx.stx_mode,
           (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS,
           (long long)sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);
    CHECK("statx reserved mask", statx(AT_FDCWD, "f", 0, 0x80000000u, &sx));
    CHECK("statx NULL path, AT_EMPTY_PATH",
          syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, STATX_SIZE, &sx));
    printf("statx of the descriptor: size %llu\n", (unsigned long long)sx.stx_size);

    /* A sparse file past 2 GiB: struct stat cannot tell its size, and an
     * open without O_LARGEFILE refuses it (before truncating). */
    int big = open("big", O_CREAT | O_RDWR | O_LARGEFILE, 0644);
    CHECK("ftruncate64 3G", ftruncate64(big, 3000000000LL));
    CHECK("stat big", syscall(NR_stat, "big", &k));
    CHECK("fstat big", syscall(NR_fstat, big, &k));
    CHECK("stat64 big", stat64("big", &s));
    printf("stat64 big: size %lld\n", (long long)s.st_size);
    CHECK("open big without O_LARGEFILE", syscall(SYS_open, "big", O_RDONLY));
    CHECK("open big O_TRUNC without O_LARGEFILE",
          syscall(SYS_open, "big", O_RDWR | O_TRUNC));
    stat64("big", &s);
    printf("big after that: size %lld\n", (long long)s.st_size);
    CHECK("openat big without O_LARGEFILE",
          syscall(SYS_openat, AT_FDCWD, "big", O_RDONLY));
    uint64_t how[4] = {O_RDONLY | O_LARGEFILE, 0, 0, 0};
    CHECK_OK("openat2 big with O_LARGEFILE",
             syscall(SYS_openat2, AT_FDCWD, "big", how, 24));
    how[2] = 0x04; /* RESOLVE_NO_SYMLINKS */
    CHECK("openat2 through a symlink, RESOLVE_NO_SYMLINKS",
          syscall(SYS_openat2, AT_FDCWD, "link", how, 24));
    how[2] = 0;
    CHECK("openat2 size 8", syscall(SYS_openat2, AT_FDCWD, "f", how, 8));
    CHECK("openat2 size 5000", syscall(SYS_openat2, AT_FDCWD, "f", how, 5000));
    how[3] = 1;
    CHECK("openat2 size 32, nonzero tail", syscall(SYS_openat2, AT_FDCWD, "f", how, 32));
    how[3] = 0;
    how[0] = 1ull << 40;
    CHECK("openat2 unknown flag", syscall(SYS_openat2, AT_FDCWD, "f", how, 24));
    int lf = syscall(SYS_open, "big", O_RDONLY | O_LARGEFILE);
    printf("open big with O_LARGEFILE: %s, flags %o\n", lf >= 0 ? "ok" : "failed",
           fcntl(lf, F_GETFL));
    int nl = syscall(SYS_open, "f", O_RDONLY);
    printf("open f without O_LARGEFILE: flags %o\n", fcntl(nl, F_GETFL));
    close(lf);
    close(nl);

    struct k_statfs f32;
    memset(&f32, 0xa5, sizeof(f32));
    CHECK("statfs", syscall(SYS_statfs, ".", &f32));
    struct k_statfs64 f64;
    memset(&f64, 0xa5, sizeof(f64));
    CHECK("statfs64", syscall(SYS_statfs64, ".", sizeof(f64), &f64));
    printf("statfs: type %x bsize %u namelen %u frsize %u flags %x spare %u\n", f32.type,
           f32.bsize, f32.namelen, f32.frsize, f32.flags, f32.spare[0]);
    printf("statfs64: type %x bsize %u namelen %u frsize %u flags %x spare %u\n",
           f64.type, f64.bsize, f64.namelen, f64.frsize, f64.flags, f64.spare[0]);
    printf("statfs and statfs64 agree: fsid %d blocks %d\n",
           f32.fsid[0] == f64.fsid[0] && f32.fsid[1] == f64.fsid[1],
           f32.blocks == f64.blocks);
    CHECK("fstatfs", syscall(SYS_fstatfs, fd, &f32));
    CHECK("fstatfs64", syscall(SYS_fstatfs64, fd, sizeof(f64), &f64));
    CHECK("statfs64 size 88", syscall(SYS_statfs64, ".", 88, &f64));
    CHECK("fstatfs64 size 0", syscall(SYS_fstatfs64, fd, 0, &f64));
    CHECK("statfs missing", syscall(SYS_statfs, "missing", &f32));
    CHECK("statfs /proc", syscall(SYS_statfs, "/proc", &f32));
    printf("statfs /proc: type %x\n", f32.type);
    unlink("big");
    return 0;
}
