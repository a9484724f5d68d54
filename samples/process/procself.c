/* /proc/PID/... describing the guest: cmdline by every name of the process
 * and of a thread, and exe opening the program itself. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(const char *label, const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: cannot open\n", label);
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf));
    close(fd);
    for (ssize_t i = 0; i < n; i++)
        if (!buf[i])
            buf[i] = '|';
    printf("%s: %.*s\n", label, (int)n, buf);
}

static void *thread(void *arg)
{
    char p[64];
    show("thread-self/cmdline", "/proc/thread-self/cmdline");
    snprintf(p, sizeof(p), "/proc/%d/task/%ld/cmdline", getpid(), syscall(SYS_gettid));
    show("PID/task/TID/cmdline", p);
    snprintf(p, sizeof(p), "/proc/%ld/cmdline", syscall(SYS_gettid));
    show("TID/cmdline", p);
    return arg;
}

int main(void)
{
    char p[64];
    show("self/cmdline", "/proc/self/cmdline");
    snprintf(p, sizeof(p), "/proc/%d/cmdline", getpid());
    show("PID/cmdline", p);
    show("self/environ", "/proc/self/environ");
    int fd = open("/proc/self/exe", O_RDONLY);
    char magic[4] = {0};
    if (fd < 0 || read(fd, magic, 4) != 4)
        printf("self/exe: cannot read\n");
    else
        printf("self/exe starts with the ELF magic: %s\n",
               memcmp(magic, "\177ELF", 4) == 0 ? "yes" : "no");
    char link[256];
    ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    printf("self/exe names: %s\n", strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
    pthread_t t;
    pthread_create(&t, NULL, thread, NULL);
    pthread_join(t, NULL);
    return 0;
}
