/* The freestanding runtime's C half (see rt.h). */
#include "rt.h"

#include <stdarg.h>

/* gcc may call these for struct copies and initialisers. */
void *memcpy(void *d, const void *s, size_t n)
{
    char *dp = d;
    const char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    char *dp = d;
    while (n--)
        *dp++ = (char)c;
    return d;
}

size_t rt_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int rt_strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

int rt_strcmp(const char *a, const char *b)
{
    return rt_strncmp(a, b, (size_t)-1);
}

const char *rt_strstr(const char *h, const char *n)
{
    size_t len = rt_strlen(n);
    for (; *h; h++)
        if (rt_strncmp(h, n, len) == 0)
            return h;
    return 0;
}

long rt_atol(const char *s)
{
    long v = 0, sign = 1;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v * sign;
}

struct out {
    char buf[512];
    size_t n;
};

static void flush(struct out *o)
{
    if (o->n)
        SYS3(NR_write, 1, o->buf, o->n);
    o->n = 0;
}

static void put(struct out *o, char c)
{
    if (o->n == sizeof(o->buf))
        flush(o);
    o->buf[o->n++] = c;
}

static void num(struct out *o, unsigned long v, unsigned base, int width, char pad,
                int neg)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    while (width-- > n)
        put(o, pad);
    while (n)
        put(o, tmp[--n]);
}

void rt_printf(const char *fmt, ...)
{
    struct out o = {.n = 0};
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l')
            fmt++;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = (int)rt_strlen(s);
            while (width-- > len)
                put(&o, ' ');
            while (*s)
                put(&o, *s++);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd': {
            long v = va_arg(ap, long);
            num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            num(&o, va_arg(ap, unsigned long), 10, width, pad, 0);
            break;
        case 'x':
            num(&o, va_arg(ap, unsigned long), 16, width, pad, 0);
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
        }
    }
    va_end(ap);
    flush(&o);
}

static const struct {
    int no;
    const char *name;
} errnos[] = {
    {1, "EPERM"},   {2, "ENOENT"},  {9, "EBADF"},   {11, "EAGAIN"},
    {12, "ENOMEM"}, {13, "EACCES"}, {14, "EFAULT"}, {17, "EEXIST"},
    {22, "EINVAL"}, {29, "ESPIPE"}, {38, "ENOSYS"},
};

const char *rt_errname(long r)
{
    static char buf[16];
    for (unsigned i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (errnos[i].no == -r)
            return errnos[i].name;
    char *p = buf + sizeof(buf) - 1;
    unsigned long v = (unsigned long)-r;
    *p = 0;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    *--p = 'E';
    return p;
}

const char *rt_result(long r)
{
    static char buf[32];
    const char *hex = "0123456789abcdef";
    if (r < 0 && r > -4096) {
        const char *e = rt_errname(r);
        char *p = buf;
        for (const char *s = "= -1 "; *s;)
            *p++ = *s++;
        while (*e)
            *p++ = *e++;
        *p = 0;
        return buf;
    }
    unsigned long v = (unsigned long)r;
    char *p = buf;
    *p++ = '=';
    *p++ = ' ';
    if (v < 10) {
        *p++ = (char)('0' + v);
    } else {
        *p++ = '0';
        *p++ = 'x';
        for (int sh = 28; sh >= 0; sh -= 4)
            *p++ = hex[(v >> sh) & 15];
    }
    *p = 0;
    return buf;
}

long rt_read_file(const char *path, char *buf, size_t cap)
{
    long fd = SYS3(NR_open, path, 0, 0);
    if (fd < 0)
        return fd;
    size_t n = 0;
    long r;
    while (n + 1 < cap && (r = SYS3(NR_read, fd, buf + n, cap - 1 - n)) > 0)
        n += (size_t)r;
    SYS1(NR_close, fd);
    buf[n] = 0;
    return (long)n;
}

void rt_exit(int code)
{
    SYS1(NR_exit, code);
    for (;;)
        ;
}

void rt_sleep_ms(long ms)
{
    long ts[2] = {ms / 1000, (ms % 1000) * 1000000};
    SYS2(NR_nanosleep, ts, 0);
}

long rt_mmap(unsigned long addr, unsigned long len, int prot, int flags, int fd,
             unsigned long off)
{
    unsigned long block[6] = {
        addr, len, (unsigned long)prot, (unsigned long)flags, (unsigned long)fd, off};
    return SYS1(NR_old_mmap, block);
}
