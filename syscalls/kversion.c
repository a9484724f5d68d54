/* Kernel version strings: parsing, ordering, spelling. */
#include "kversion.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool number(const char **p, unsigned long max, unsigned long *out)
{
    if (!isdigit((unsigned char)**p))
        return false;
    char *end;
    unsigned long n = strtoul(*p, &end, 10);
    if (n > max)
        return false;
    *p = end;
    *out = n;
    return true;
}

int kver_parse(const char *s, kver_t *out)
{
    unsigned long part[4] = {0, 0, 0, 0};
    const char *p = s;
    int n = 0;
    while (n < 4) {
        if (!number(&p, n == 0 || n == 1 ? 255 : n == 2 ? 65535 : 255, &part[n]))
            return -1;
        n++;
        if (*p != '.')
            break;
        p++;
    }
    if (n < 2)
        return -1;
    unsigned long stage = KV_STAGE_RELEASE;
    if (strncmp(p, "-test", 5) == 0 || strncmp(p, "-rc", 3) == 0 ||
        strncmp(p, "pre", 3) == 0) {
        p += p[0] == '-' ? (p[1] == 't' ? 5 : 3) : 3;
        if (!number(&p, 0x7fff, &stage) || stage == 0)
            return -1;
    } else if (*p >= 'a' && *p <= 'z') { /* 0.96a, 0.95c: after 0.96, 0.95 */
        stage = KV_STAGE_RELEASE + 1 + (unsigned long)(*p - 'a');
        p++;
    }
    if (*p == '+' || *p == '?')
        p++;
    if (*p)
        return -1;
    *out = ((kver_t)part[0] << 48) | ((kver_t)part[1] << 40) | ((kver_t)part[2] << 24) |
           ((kver_t)part[3] << 16) | stage;
    return 0;
}

void kver_format(kver_t v, char *buf, size_t len)
{
    unsigned stage = (unsigned)(v & 0xffff), sub = (unsigned)(v >> 16) & 0xff;
    int n;
    if ((kv_major(v) >= 3 || kv_major(v) == 0) && kv_patch(v) == 0 && sub == 0)
        n = snprintf(buf, len, "%u.%u", kv_major(v), kv_minor(v));
    else
        n = snprintf(buf, len, "%u.%u.%u", kv_major(v), kv_minor(v), kv_patch(v));
    if (sub && n > 0 && (size_t)n < len)
        n += snprintf(buf + n, len - (size_t)n, ".%u", sub);
    if (n < 0 || (size_t)n >= len)
        return;
    if (stage < KV_STAGE_RELEASE) {
        /* The era's own spelling of a pre-release. */
        const char *tag = "-rc";
        if (kv_major(v) == 2 && kv_minor(v) <= 3)
            tag = "pre";
        else if (kv_major(v) == 2 && (kv_minor(v) == 4 || kv_minor(v) == 6) &&
                 kv_patch(v) == 0)
            tag = "-test";
        snprintf(buf + n, len - (size_t)n, "%s%u", tag, stage);
    } else if (stage > KV_STAGE_RELEASE) {
        snprintf(buf + n, len - (size_t)n, "%c", 'a' + (stage - KV_STAGE_RELEASE - 1));
    }
}

bool kver_is_24_stable(kver_t v)
{
    return v > KV(2, 4, 15) && v < KV(2, 5, 0);
}

bool kver_in_range(kver_t v, kver_t first, kver_t last)
{
    return v >= first && v <= last;
}
