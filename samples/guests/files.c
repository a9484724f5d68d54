/* File and descriptor calls: create, write, seek, read, stat, list, link,
 * pipe and dup, each result printed so a native run can be compared. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: files DIR\n");
        return 2;
    }
    if (chdir(argv[1]) < 0) {
        perror("chdir");
        return 2;
    }
    int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    printf("open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    const char *text = "line one\nline two\n";
    printf("write: %zd\n", write(fd, text, strlen(text)));
    struct iovec iov[2] = {{"vec-", 4}, {"tor\n", 4}};
    printf("writev: %zd\n", writev(fd, iov, 2));
    printf("lseek: %ld\n", (long)lseek(fd, 5, SEEK_SET));
    char buf[64] = {0};
    printf("read: %zd '%s'\n", read(fd, buf, 8), buf);
    printf("pread: %zd\n", pread(fd, buf, 4, 0));
    struct stat st;
    fstat(fd, &st);
    printf("fstat: size=%lld mode=%o regular=%d\n", (long long)st.st_size,
           (unsigned)(st.st_mode & 0777), S_ISREG(st.st_mode));
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
    printf("setlk: %d\n", fcntl(fd, F_SETLK, &lk));
    lk.l_type = F_RDLCK;
    printf("getlk own lock: %d type_unlocked=%d\n", fcntl(fd, F_GETLK, &lk),
           lk.l_type == F_UNLCK);
    close(fd);
    printf("stat missing: %s\n", stat("nope", &st) < 0 ? strerror(errno) : "exists");
    printf("access R_OK: %d\n", access("data.txt", R_OK));
    printf("symlink: %d\n", symlink("data.txt", "link"));
    char target[64] = {0};
    printf("readlink: %zd %s\n", readlink("link", target, sizeof(target) - 1), target);
    lstat("link", &st);
    printf("lstat link: symlink=%d\n", S_ISLNK(st.st_mode));
    mkdir("sub", 0755);
    DIR *d = opendir(".");
    char *names[32];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < 32;)
        names[n++] = strdup(e->d_name);
    rewinddir(d);
    readdir(d);
    long pos = telldir(d);
    struct dirent *second = readdir(d);
    char *name = second ? strdup(second->d_name) : NULL;
    seekdir(d, pos);
    second = readdir(d);
    printf("seekdir back to a telldir cookie: %d\n",
           name && second && !strcmp(name, second->d_name));
    closedir(d);
    qsort(names, (size_t)n, sizeof(char *), cmp);
    for (int i = 0; i < n; i++)
        printf("entry: %s\n", names[i]);
    int p[2];
    printf("pipe: %d\n", pipe(p));
    write(p[1], "through a pipe\n", 15);
    int copy = dup(p[0]);
    memset(buf, 0, sizeof(buf));
    printf("dup read: %zd %s", read(copy, buf, sizeof(buf) - 1), buf);
    printf("fcntl getfl wronly: %d\n", (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    printf("bad fd: %s\n", write(99, "x", 1) < 0 ? strerror(errno) : "wrote");
    write(p[1], "z", 1); /* the kernel would block on an empty pipe first */
    char *volatile bad = (char *)8;
    printf("bad pointer: %s\n", read(p[0], bad, 1) < 0 ? strerror(errno) : "read");
    char cwd[512];
    printf("getcwd ends in dir: %d\n",
           getcwd(cwd, sizeof(cwd)) &&
               strstr(cwd, argv[1] + (argv[1][0] == '/')) != NULL);
    unlink("link");
    unlink("data.txt");
    rmdir("sub");
    return 0;
}
