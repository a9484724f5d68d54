/* A tiny runtime for guest programs of every era: raw int 0x80 calls (only
 * numbers Linux 2.0 already had, unless a program asks for more) and a
 * printf subset. No libc, so it starts on a 2.4 kernel. */
#ifndef RELIC_SAMPLES_RT_H
#define RELIC_SAMPLES_RT_H

long rt_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define SYS0(n)          rt_syscall((n), 0, 0, 0, 0, 0, 0)
#define SYS1(n, a)       rt_syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define SYS2(n, a, b)    rt_syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(n, a, b, c) rt_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS5(n, a, b, c, d, e)                                                           \
    rt_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

enum {
    NR_exit = 1,
    NR_fork = 2,
    NR_read = 3,
    NR_write = 4,
    NR_open = 5,
    NR_close = 6,
    NR_waitpid = 7,
    NR_getpid = 20,
    NR_kill = 37,
    NR_dup2 = 63,
    NR_munmap = 91,
    NR_uname = 122,
    NR_nanosleep = 162,
    NR_old_mmap = 90,
};

#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_PRIVATE   2
#define MAP_ANONYMOUS 0x20
#define IPC_CREAT     01000

typedef unsigned long size_t;

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
size_t rt_strlen(const char *s);
int rt_strcmp(const char *a, const char *b);
int rt_strncmp(const char *a, const char *b, size_t n);
const char *rt_strstr(const char *h, const char *n);
long rt_atol(const char *s);
/* printf with %s %c %d %u %x %lx %ld and a width with 0 padding. */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A raw result in -4095..-1 is -errno; anything else (an address above
 * 2 GiB too, negative as a long) is a value. */
static inline int rt_is_err(long r)
{
    return (unsigned long)r > -4096ul;
}

/* "EINVAL" for -22 and the like; a decimal for others. */
const char *rt_errname(long r);
/* "= 0x40000000" or "= -1 ENOMEM": a call's result as strace shows it. */
const char *rt_result(long r);
/* Read a whole file (at most cap-1 bytes) into buf: length or -errno. */
long rt_read_file(const char *path, char *buf, size_t cap);
void rt_exit(int code) __attribute__((noreturn));
void rt_sleep_ms(long ms);
/* Old mmap (nr 90, with its argument block): every kernel has it. */
long rt_mmap(unsigned long addr, unsigned long len, int prot, int flags, int fd,
             unsigned long off);

#endif
