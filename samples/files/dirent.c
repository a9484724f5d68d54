/* Reading directories through the raw i386 calls: getdents (141, struct
 * linux_dirent with 32-bit d_ino and d_off), getdents64 (220) and the old
 * one-entry readdir (89), with small buffers, seeks back to a cookie and
 * the errors. Compared with the native run: both read the same names on
 * the same file system, so even the cookies agree. Usage: dirent TMPDIR */
#include "ck.h"

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>

struct k_dirent {
    uint32_t ino, off;
    uint16_t reclen;
    char name[];
} __attribute__((packed));
struct k_dirent64 {
    uint64_t ino;
    int64_t off;
    uint16_t reclen;
    uint8_t type;
    char name[];
} __attribute__((packed));
struct k_old_dirent {
    uint32_t ino, offset;
    uint16_t namlen;
    char name[256];
} __attribute__((packed));

static char names[64][64];
static int nnames;

/* Print one getdents(141) buffer; remember the names. */
static void show(const char *what, char *buf, long n, bool keep)
{
    for (long at = 0; at < n;) {
        struct k_dirent *d = (void *)(buf + at);
        struct stat64 s;
        int same = lstat64(d->name, &s) == 0 && s.st_ino == d->ino;
        printf("%s: %s type %d reclen %u off %u ino ok %d\n", what, d->name,
               buf[at + d->reclen - 1], d->reclen, d->off, same);
        if (keep && nnames < 64)
            snprintf(names[nnames++], 64, "%s", d->name);
        at += d->reclen;
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) < 0)
        return 2;
    mkdir("d", 0755);
    chdir("d");
    const char *files[] = {"a", "bb", "ccc", "a-much-longer-name-to-pad-the-records"};
    for (int i = 0; i < 4; i++)
        close(open(files[i], O_CREAT | O_WRONLY, 0644));
    mkdir("sub", 0755);
    symlink("a", "ln");
    mkfifo("fifo", 0644);

    int fd = open(".", O_RDONLY | O_DIRECTORY);
    char buf[4096];
    long n = syscall(NR_getdents, fd, buf, sizeof(buf));
    printf("getdents: %ld\n", n);
    show("getdents", buf, n, true);
    CHECK("getdents at the end", syscall(NR_getdents, fd, buf, sizeof(buf)));

    lseek(fd, 0, SEEK_SET);
    CHECK("getdents 8-byte buffer", syscall(NR_getdents, fd, buf, 8));
    CHECK("getdents 0-byte buffer", syscall(NR_getdents, fd, buf, 0));
    /* The failed calls consumed nothing; a buffer of 60 bytes takes a few
     * records at a time (the long name's alone). */
    int same = 1, i = 0;
    for (;;) {
        long k = syscall(NR_getdents, fd, buf, 60);
        if (k <= 0) {
            printf("small buffers end: %ld %s\n", k, k < 0 ? strerrorname_np(errno) : "");
            break;
        }
        for (long at = 0; at < k; i++) {
            struct k_dirent *d = (void *)(buf + at);
            same &= i < nnames && !strcmp(names[i], d->name);
            at += d->reclen;
        }
    }
    printf("small buffers saw the same %d entries: %d\n", i, same && i == nnames);

    /* Seek back to a cookie: the next read starts at the entry after it. */
    lseek(fd, 0, SEEK_SET);
    n = syscall(NR_getdents, fd, buf, sizeof(buf));
    struct k_dirent *second = (void *)(buf + ((struct k_dirent *)buf)->reclen);
    uint32_t cookie = second->off;
    printf("lseek to the second entry's d_off: %d\n",
           lseek(fd, cookie, SEEK_SET) == cookie);
    n = syscall(NR_getdents, fd, buf, sizeof(buf));
    printf("then: %s\n", n > 0 ? ((struct k_dirent *)buf)->name : "nothing");

    lseek(fd, 0, SEEK_SET);
    CHECK("getdents bad buffer", syscall(NR_getdents, fd, (void *)16, sizeof(buf)));
    n = syscall(NR_getdents, fd, buf, sizeof(buf));
    printf("after EFAULT the first entry again: %d\n",
           n > 0 && !strcmp(((struct k_dirent *)buf)->name, names[0]));

    lseek(fd, 0, SEEK_SET);
    n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    printf("getdents64: %ld\n", n);
    for (long at = 0; at < n;) {
        struct k_dirent64 *d = (void *)(buf + at);
        printf("getdents64: %s type %d reclen %u off %lld\n", d->name, d->type, d->reclen,
               (long long)d->off);
        at += d->reclen;
    }

    lseek(fd, 0, SEEK_SET);
    struct k_old_dirent od;
    for (int k = 0; k < 20; k++) {
        memset(&od, 0xa5, sizeof(od));
        long r = syscall(NR_readdir, fd, &od, 1);
        if (r != 1) {
            printf("readdir: %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "(end)");
            break;
        }
        struct stat64 s;
        int ino = lstat64(od.name, &s) == 0 && s.st_ino == od.ino;
        printf("readdir: %s namlen %u offset %u ino ok %d nul %d\n", od.name, od.namlen,
               od.offset, ino, od.name[od.namlen] == 0);
    }

    int file = open("a", O_RDONLY);
    CHECK("getdents on a file", syscall(NR_getdents, file, buf, sizeof(buf)));
    CHECK("readdir on a file", syscall(NR_readdir, file, &od, 1));
    CHECK("getdents64 on a file", syscall(SYS_getdents64, file, buf, sizeof(buf)));
    CHECK("getdents bad fd", syscall(NR_getdents, 99, buf, sizeof(buf)));
    CHECK("readdir bad fd", syscall(NR_readdir, 99, &od, 1));

    /* libc's own directory stream, for the everyday path. */
    DIR *dir = opendir(".");
    int count = 0;
    while (readdir(dir))
        count++;
    closedir(dir);
    printf("opendir/readdir entries: %d\n", count);
    return 0;
}
