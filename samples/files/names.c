/* Names and what they allow: mkdir/rmdir, link/symlink/unlink, rename and
 * renameat2, readlink, mknod, the 16-bit and 32-bit chown calls, chmod and
 * fchmodat2, the utime family (+time64), access/faccessat/faccessat2,
 * truncate, the sync calls, getcwd, umask, chdir/fchdir, chroot. Raw i386
 * calls where libc would pick another. Compared with the native run.
 * Usage: names TMPDIR */
#include "ck.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

struct tv32 {
    int32_t sec, usec;
};
struct ts32 {
    int32_t sec, nsec;
};
struct ts64 {
    int64_t sec, nsec;
};

static void times_of(const char *what, const char *path)
{
    struct stat64 s;
    if (lstat64(path, &s) < 0) {
        printf("%s: %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: atime %ld.%09ld mtime %ld.%09ld\n", what, (long)s.st_atim.tv_sec,
           s.st_atim.tv_nsec, (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
}

static void owner_of(const char *what, const char *path)
{
    struct stat64 s;
    lstat64(path, &s);
    printf("%s: uid is mine %d gid is mine %d mode %o\n", what, s.st_uid == getuid(),
           s.st_gid == getgid(), s.st_mode & 07777);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) < 0)
        return 2;
    umask(022);
    CHECK("umask", umask(027));
    CHECK("umask", umask(022));
    CHECK("mkdir", mkdir("d", 0777));
    CHECK("mkdir again", mkdir("d", 0777));
    owner_of("d", "d");
    CHECK("mkdirat", mkdirat(AT_FDCWD, "d/e", 0700));
    CHECK("rmdir non-empty", rmdir("d"));
    CHECK("rmdir", rmdir("d/e"));
    int fd = open("f", O_CREAT | O_RDWR, 0666);
    write(fd, "0123456789", 10);
    CHECK("link", link("f", "hard"));
    struct stat64 s;
    stat64("f", &s);
    printf("nlink: %u\n", (unsigned)s.st_nlink);
    CHECK("linkat", linkat(AT_FDCWD, "f", AT_FDCWD, "hard2", 0));
    CHECK("linkat bad flag", linkat(AT_FDCWD, "f", AT_FDCWD, "hard3", 0x1));
    CHECK("symlink", symlink("f", "sym"));
    CHECK("symlinkat", symlinkat("nowhere", AT_FDCWD, "dangling"));
    char buf[64];
    memset(buf, 0, sizeof(buf));
    CHECK("readlink", readlink("sym", buf, sizeof(buf)));
    printf("target '%s'\n", buf);
    memset(buf, 0, sizeof(buf));
    CHECK("readlink short buffer", readlink("dangling", buf, 3));
    printf("target '%s'\n", buf);
    CHECK("readlink size 0", syscall(SYS_readlink, "sym", buf, 0));
    CHECK("readlink size -1", syscall(SYS_readlink, "sym", buf, -1));
    CHECK("readlink a file", readlink("f", buf, sizeof(buf)));
    CHECK("readlink missing", readlink("missing", buf, sizeof(buf)));
    CHECK("readlinkat", readlinkat(AT_FDCWD, "sym", buf, sizeof(buf)));
    CHECK("unlink", unlink("hard2"));
    CHECK("unlink a directory", unlink("d"));
    CHECK("unlinkat AT_REMOVEDIR", unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    CHECK("unlinkat bad flag", unlinkat(AT_FDCWD, "hard", 0x1));
    CHECK("rename", rename("hard", "moved"));
    CHECK("rename missing", rename("hard", "x"));
    CHECK("renameat", renameat(AT_FDCWD, "moved", AT_FDCWD, "hard"));
    close(open("other", O_CREAT | O_WRONLY, 0600));
    CHECK("renameat2 RENAME_NOREPLACE",
          syscall(SYS_renameat2, AT_FDCWD, "hard", AT_FDCWD, "other", 1));
    CHECK("renameat2 RENAME_EXCHANGE",
          syscall(SYS_renameat2, AT_FDCWD, "hard", AT_FDCWD, "other", 2));
    owner_of("other after exchange", "other");
    CHECK("renameat2 both flags",
          syscall(SYS_renameat2, AT_FDCWD, "hard", AT_FDCWD, "other", 3));

    /* mknod: FIFOs and files for anyone, devices for the privileged; the
     * i386 dev_t is new_encode_dev()'s 32 bits. */
    CHECK("mknod fifo", mknod("fifo", S_IFIFO | 0644, 0));
    CHECK("mknod regular", mknod("reg", S_IFREG | 0644, 0));
    CHECK("mknodat fifo", mknodat(AT_FDCWD, "fifo2", S_IFIFO | 0600, 0));
    CHECK("mknod bad type", mknod("bad", 0170000 | 0644, 0));
    long r = syscall(SYS_mknod, "null2", S_IFCHR | 0600, (1 << 8) | 3);
    if (r == 0) {
        stat64("null2", &s);
        printf("mknod char 1,3: ok rdev %u,%u\n", major(s.st_rdev), minor(s.st_rdev));
    } else {
        printf("mknod char 1,3: %s\n", strerrorname_np(errno));
    }
    r = syscall(SYS_mknod, "big", S_IFCHR | 0600,
                (0x123 << 8) | 0x45 | (0x678 << 12 << 8));
    if (r == 0) {
        stat64("big", &s);
        printf("mknod char with a 20-bit minor: rdev %x,%x\n", major(s.st_rdev),
               minor(s.st_rdev));
    } else {
        printf("mknod char with a 20-bit minor: %s\n", strerrorname_np(errno));
    }

    /* Owners: 16-bit calls take 0xffff as "unchanged". */
    CHECK("lchown (16) unchanged", syscall(16, "sym", 0xffff, 0xffff));
    CHECK("chown (182) to me", syscall(182, "f", getuid() & 0xffff, getgid() & 0xffff));
    CHECK("fchown (95) unchanged", syscall(95, fd, 0xffff, 0xffff));
    CHECK("chown32 (212) unchanged", syscall(212, "f", -1, -1));
    CHECK("lchown32 (198) to me", syscall(198, "sym", getuid(), getgid()));
    CHECK("fchown32 (207) to me", syscall(207, fd, getuid(), -1));
    CHECK("fchownat nofollow", fchownat(AT_FDCWD, "sym", -1, -1, AT_SYMLINK_NOFOLLOW));
    CHECK("fchownat bad flag", fchownat(AT_FDCWD, "sym", -1, -1, 0x1));
    CHECK("fchownat empty path", fchownat(fd, "", -1, -1, AT_EMPTY_PATH));
    r = syscall(212, "f", 12345, -1);
    printf("chown32 to another user: %s\n", r == 0 ? "ok" : strerrorname_np(errno));
    owner_of("f", "f");
    syscall(212, "f", getuid(), getgid());

    CHECK("chmod", chmod("f", 0640));
    CHECK("fchmod", fchmod(fd, 0604));
    CHECK("fchmodat", syscall(SYS_fchmodat, AT_FDCWD, "f", 0600));
    owner_of("f", "f");
    CHECK("fchmodat2 nofollow on a symlink",
          syscall(452, AT_FDCWD, "sym", 0600, AT_SYMLINK_NOFOLLOW));
    CHECK("fchmodat2 bad flag", syscall(452, AT_FDCWD, "f", 0600, 0x1));
    CHECK("chmod missing", chmod("missing", 0600));

    /* Times. */
    int32_t ub[2] = {1000000000, 1000000001};
    CHECK("utime", syscall(SYS_utime, "f", ub));
    times_of("after utime", "f");
    struct tv32 tv[2] = {{1100000000, 250000}, {1100000001, 500000}};
    CHECK("utimes", syscall(SYS_utimes, "f", tv));
    times_of("after utimes", "f");
    tv[0].usec = 1000000;
    CHECK("utimes usec 1000000", syscall(SYS_utimes, "f", tv));
    tv[0].usec = 0;
    CHECK("futimesat", syscall(SYS_futimesat, AT_FDCWD, "f", tv));
    times_of("after futimesat", "f");
    tv[1].sec = 1200000000;
    CHECK("futimesat NULL path on a descriptor", syscall(SYS_futimesat, fd, NULL, tv));
    times_of("after futimesat on the fd", "f");
    struct ts32 ts[2] = {{1300000000, 123}, {0, UTIME_OMIT}};
    CHECK("utimensat, mtime omitted", syscall(SYS_utimensat, AT_FDCWD, "f", ts, 0));
    times_of("after utimensat", "f");
    ts[1] = (struct ts32){1300000001, 999999999};
    CHECK("utimensat nofollow on the link",
          syscall(SYS_utimensat, AT_FDCWD, "sym", ts, AT_SYMLINK_NOFOLLOW));
    times_of("link after utimensat", "sym");
    ts[0].nsec = 1000000000;
    CHECK("utimensat bad nsec", syscall(SYS_utimensat, AT_FDCWD, "f", ts, 0));
    CHECK("utimensat NULL path, fd", syscall(SYS_utimensat, fd, NULL, NULL, 0));
    CHECK("utimensat NULL path, AT_FDCWD",
          syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
    struct ts64 t64[2] = {{1400000000, 5 | (0x7fll << 32)}, {1400000002, 6}};
    CHECK("utimensat_time64 (nsec's upper half ignored)",
          syscall(412, AT_FDCWD, "f", t64, 0));
    times_of("after utimensat_time64", "f");

    /* Access. */
    CHECK("access R_OK", access("f", R_OK));
    CHECK("access X_OK", access("f", X_OK));
    CHECK("access bad mode", syscall(SYS_access, "f", 8));
    CHECK("access missing", access("missing", F_OK));
    CHECK("access dangling", access("dangling", F_OK));
    CHECK("faccessat", syscall(SYS_faccessat, AT_FDCWD, "f", W_OK));
    CHECK("faccessat2 AT_EACCESS", syscall(439, AT_FDCWD, "f", R_OK, AT_EACCESS));
    CHECK("faccessat2 nofollow",
          syscall(439, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    CHECK("faccessat2 bad flag", syscall(439, AT_FDCWD, "f", F_OK, 0x1));

    /* Sizes. */
    CHECK("truncate", truncate("f", 4));
    CHECK("truncate negative", syscall(SYS_truncate, "f", -1));
    CHECK("ftruncate", syscall(SYS_ftruncate, fd, 6));
    CHECK("ftruncate negative", syscall(SYS_ftruncate, fd, -1));
    CHECK("truncate64 5G", truncate64("f", 5LL << 30));
    fstat64(fd, &s);
    printf("size %lld\n", (long long)s.st_size);
    CHECK("ftruncate64 7", ftruncate64(fd, 7));
    fstat64(fd, &s);
    printf("size %lld\n", (long long)s.st_size);
    CHECK("truncate a directory", truncate(".", 0));
    CHECK("fallocate", fallocate(fd, 0, 0, 8192));
    fstat64(fd, &s);
    printf("size %lld\n", (long long)s.st_size);
    CHECK("fallocate bad mode", fallocate(fd, 0x100, 0, 10));

    CHECK("sync", (sync(), 0));
    CHECK("syncfs", syncfs(fd));
    CHECK("fsync", fsync(fd));
    CHECK("fdatasync", fdatasync(fd));
    CHECK("sync_file_range", sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WRITE));
    CHECK("sync_file_range bad flags", sync_file_range(fd, 0, 4096, 0x100));
    CHECK("fsync bad fd", fsync(99));

    /* Directories. */
    char cwd[4096];
    long len = syscall(SYS_getcwd, cwd, sizeof(cwd));
    printf("getcwd length is strlen + 1: %d\n", len == (long)strlen(cwd) + 1);
    CHECK("getcwd small", syscall(SYS_getcwd, cwd, 2));
    CHECK("getcwd bad buffer", syscall(SYS_getcwd, (void *)16, sizeof(cwd)));
    mkdir("sub", 0755);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("chdir", chdir("sub"));
    CHECK("chdir a file", chdir("../f"));
    CHECK("fchdir", fchdir(here));
    CHECK("fchdir a file", fchdir(fd));
    CHECK("stat f again from here", stat64("f", &s));

    pid_t c = fork();
    if (c == 0) {
        /* chroot into sub: the working directory is then outside the root.
         * The old root is kept open to go back to it at the end. */
        int oldroot = open("/", O_RDONLY | O_DIRECTORY);
        long cr = chroot("sub");
        printf("chroot: %s\n", cr == 0 ? "ok" : strerrorname_np(errno));
        if (cr == 0) {
            char w[4096] = {0};
            long n = syscall(SYS_getcwd, w, sizeof(w));
            printf("getcwd outside the root starts with (unreachable): %d\n",
                   n > 0 && !strncmp(w, "(unreachable)", 13));
            CHECK("chdir / (the new root)", chdir("/"));
            n = syscall(SYS_getcwd, w, sizeof(w));
            printf("getcwd: %ld '%s'\n", n, w);
            CHECK("back to the old root", fchdir(oldroot) || chroot("."));
        }
        _exit(0);
    }
    reap("chroot child", c);
    CHECK("chroot missing", chroot("missing"));
    return 0;
}
