/* Reading and writing through the raw i386 calls: readv/writev (one write
 * on a pipe), preadv/pwritev and the v2 forms with their flags, pread64,
 * partial transfers at a bad page, sendfile with its 32-bit offset and
 * sendfile64, splice, tee and copy_file_range. Compared with the native
 * run. Usage: rw TMPDIR */
#include "ck.h"

#include <sys/mman.h>
#include <sys/uio.h>

struct iov32 {
    uint32_t base, len;
};

static struct iov32 v(void *p, uint32_t len)
{
    return (struct iov32){(uint32_t)(uintptr_t)p, len};
}

static void contents(const char *what, int fd)
{
    char buf[128] = {0};
    long n = pread(fd, buf, sizeof(buf) - 1, 0);
    for (long i = 0; i < n; i++)
        if (!buf[i])
            buf[i] = '.';
    printf("%s: %ld '%s'\n", what, n, buf);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) < 0)
        return 2;
    int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    char a[] = "alpha-", b[] = "beta-", c[] = "gamma";
    struct iov32 w[3] = {v(a, 6), v(b, 5), v(c, 5)};
    CHECK("writev", syscall(SYS_writev, fd, w, 3));
    CHECK("pwritev at 3", syscall(SYS_pwritev, fd, w, 1, 3, 0));
    contents("file", fd);
    char x[4] = {0}, y[8] = {0};
    struct iov32 r[2] = {v(x, 3), v(y, 7)};
    CHECK("preadv at 2", syscall(SYS_preadv, fd, r, 2, 2, 0));
    printf("preadv: '%s' '%s'\n", x, y);
    CHECK("preadv negative", syscall(SYS_preadv, fd, r, 2, -1, -1));
    CHECK("pread64 negative", pread64(fd, x, 1, -5));
    lseek(fd, 0, SEEK_SET);
    CHECK("preadv2 at the position (-1)", syscall(SYS_preadv2, fd, r, 2, -1, -1, 0));
    printf("preadv2: '%s' '%s' position %ld\n", x, y, (long)lseek(fd, 0, SEEK_CUR));
    CHECK("preadv2 RWF_HIPRI at 0", syscall(SYS_preadv2, fd, r, 1, 0, 0, 1));
    CHECK("preadv2 RWF_NOWAIT at 0", syscall(SYS_preadv2, fd, r, 1, 0, 0, 8));
    CHECK("preadv2 unknown flag", syscall(SYS_preadv2, fd, r, 1, 0, 0, 0x10000));
    CHECK("pwritev2 RWF_APPEND", syscall(SYS_pwritev2, fd, w, 1, 0, 0, 0x10));
    CHECK("pwritev2 RWF_DSYNC at 0", syscall(SYS_pwritev2, fd, w + 1, 1, 0, 0, 2));
    contents("file", fd);
    struct iov32 neg[1] = {v(x, 0x80000000u)};
    CHECK("readv negative length", syscall(SYS_readv, fd, neg, 1));
    static struct iov32 many[1025];
    CHECK("readv 1025 iovecs", syscall(SYS_readv, fd, many, 1025));
    CHECK("readv 0 iovecs", syscall(SYS_readv, fd, r, 0));
    CHECK("readv 0 iovecs bad fd", syscall(SYS_readv, 99, r, 0));
    CHECK("readv bad iovec array", syscall(SYS_readv, fd, (void *)16, 1));
    CHECK("read 0 bytes", read(fd, NULL, 0));
    char *volatile bad = (char *)16;
    CHECK("read bad buffer, regular file", pread(fd, bad, 4, 0));
    CHECK("pread on a pipe", ({
              int pp[2];
              pipe(pp);
              pread(pp[0], x, 1, 0);
          }));

    /* A buffer that runs into an unmapped page: the first page's worth. */
    char *two =
        mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(two, 'z', 4096);
    munmap(two + 4096, 4096);
    CHECK("write into a hole", pwrite(fd, two + 4000, 500, 0));
    CHECK("read into a hole", pread(fd, two + 4000, 500, 0));

    /* writev to a pipe is one write: a reader sees it whole. */
    int p[2];
    pipe(p);
    CHECK("writev to a pipe", syscall(SYS_writev, p[1], w, 3));
    char got[64] = {0};
    CHECK("read it", read(p[0], got, sizeof(got)));
    printf("pipe: '%s'\n", got);
    struct iov32 rv[2] = {v(x, 3), v(y, 7)};
    write(p[1], "0123456789ABC", 13);
    CHECK("readv from a pipe", syscall(SYS_readv, p[0], rv, 2));
    printf("readv: '%s' '%s'\n", x, y);
    CHECK("what is left", read(p[0], got, sizeof(got)));

    /* One write of 6 MiB to a pipe: the kernel writes it all, waiting for
     * the reader as it goes. */
    int bp[2];
    pipe(bp);
    pid_t reader = fork();
    if (reader == 0) {
        close(bp[1]);
        static char sink[65536];
        long total = 0, k;
        while ((k = read(bp[0], sink, sizeof(sink))) > 0)
            total += k;
        printf("reader got %ld bytes\n", total);
        _exit(0);
    }
    close(bp[0]);
    char *six = malloc(6 << 20);
    memset(six, 'q', 6 << 20);
    CHECK("write 6 MiB to a pipe", write(bp[1], six, 6 << 20));
    close(bp[1]);
    free(six);
    reap("reader", reader);

    /* sendfile: a 32-bit offset, written back. */
    int out = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int32_t off = 2;
    CHECK("sendfile 5 from 2", syscall(SYS_sendfile, out, fd, &off, 5));
    printf("offset now %d\n", off);
    contents("out", out);
    int64_t off64 = 0;
    CHECK("sendfile64 4 from 0", syscall(SYS_sendfile64, out, fd, &off64, 4));
    printf("offset64 now %lld\n", (long long)off64);
    lseek(fd, 1, SEEK_SET);
    CHECK("sendfile from the position", syscall(SYS_sendfile, out, fd, NULL, 3));
    printf("position now %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    contents("out", out);
    int big = open("big", O_CREAT | O_RDWR | O_TRUNC | O_LARGEFILE, 0644);
    ftruncate64(big, 0x7fffffffLL + 100);
    off = 0x7ffffffe;
    CHECK("sendfile near 2 GiB (cut to one byte)",
          syscall(SYS_sendfile, out, big, &off, 50));
    printf("offset now %d\n", off);
    off = 0x7fffffff;
    CHECK("sendfile at 2 GiB - 1", syscall(SYS_sendfile, out, big, &off, 50));
    off = -1;
    CHECK("sendfile negative offset", syscall(SYS_sendfile, out, fd, &off, 5));
    CHECK("sendfile bad fd", syscall(SYS_sendfile, out, 99, &off, 5));
    off64 = 0x7ffffffe;
    CHECK("sendfile64 near 2 GiB", syscall(SYS_sendfile64, out, big, &off64, 50));
    unlink("big");

    /* splice and tee through pipes; copy_file_range between files. */
    int64_t in = 6;
    CHECK("splice file to pipe", splice(fd, &in, p[1], NULL, 5, 0));
    printf("splice offset now %lld\n", (long long)in);
    int t[2];
    pipe(t);
    CHECK("tee", tee(p[0], t[1], 5, 0));
    memset(got, 0, sizeof(got));
    read(t[0], got, sizeof(got));
    printf("tee copy: '%s'\n", got);
    int64_t o2 = 0;
    CHECK("splice pipe to file", splice(p[0], NULL, out, &o2, 5, 0));
    contents("out", out);
    CHECK("splice file to file", splice(fd, NULL, out, NULL, 5, 0));
    int64_t ci = 0, co = 20;
    CHECK("copy_file_range", copy_file_range(fd, &ci, out, &co, 6, 0));
    printf("copy_file_range offsets %lld %lld\n", (long long)ci, (long long)co);
    CHECK("copy_file_range bad flags", copy_file_range(fd, &ci, out, &co, 6, 1));
    contents("out", out);
    return 0;
}
