/* Memory the tracer prints before the guest or the kernel has touched it:
 * tracing must not change what happens to it. openat's path and
 * write's buffers sit in pages nobody has touched: a fresh anonymous page
 * (the zero page), a private file page, and a shared page MADV_DONTNEED
 * dropped (its bytes stay in the object). Each first touch is the
 * kernel's, inside the call that reads it. argv[1]: a scratch file to map. */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
    int null = open("/dev/null", O_WRONLY);
    if (fd < 0 || null < 0 || write(fd, "relic peek\n", 11) != 11)
        return 1;
    char *a =
        mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    volatile char *s =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED || m == MAP_FAILED || s == MAP_FAILED)
        return 1;
    s[0] = 'a', s[1] = 'b', s[2] = 'c', s[3] = 'd';
    madvise((void *)s, PAGE, MADV_DONTNEED); /* shared: the bytes stay */
    openat(AT_FDCWD, a, O_RDONLY);
    write(null, a + PAGE, 16);
    write(null, m, 11);
    write(null, (const void *)s, 4);
    unlink(argv[1]);
    return 0;
}
