/* Linux kernel versions as relic compares them: 0.01 ... 2.4.15 -> 2.5.0 ...
 * 2.5.75 -> 2.6.0-test1..11 -> 2.6.0 ... 3.0 ... (see data/README.md). */
#ifndef RELIC_SYSCALLS_KVERSION_H
#define RELIC_SYSCALLS_KVERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* major.minor.patch.sub and a stage, packed so that < orders releases:
 * pre-releases (-testN, -rcN, preN) sort before their release, letter
 * suffixes (0.96a) after it. */
typedef uint64_t kver_t;

#define KV_STAGE_RELEASE 0x8000u
#define KV4(a, b, c, d)                                                                  \
    (((kver_t)(a) << 48) | ((kver_t)(b) << 40) | ((kver_t)(c) << 24) |                   \
     ((kver_t)(d) << 16) | KV_STAGE_RELEASE)
#define KV(a, b, c) KV4(a, b, c, 0)
/* Above every version: the open end of a range. */
#define KV_END UINT64_MAX

static inline unsigned kv_major(kver_t v)
{
    return (unsigned)(v >> 48);
}
static inline unsigned kv_minor(kver_t v)
{
    return (unsigned)(v >> 40) & 0xff;
}
static inline unsigned kv_patch(kver_t v)
{
    return (unsigned)(v >> 24) & 0xffff;
}

/* Parse "2.4.20", "2.6.0-test3", "2.6.32.27", "6.1", "3.0-rc2", "0.96a";
 * a trailing '?' (unconfirmed) or '+' is ignored. 0 or -1. */
int kver_parse(const char *s, kver_t *out);
/* The canonical spelling: "2.4.20", "2.6.0-test3", "6.1" (x.y.0 as x.y
 * from 3.0 on, as kernel.org names releases). */
void kver_format(kver_t v, char *buf, size_t len);

/* A history row's range [first, last] holds v. For a 2.4 stable kernel
 * past 2.4.15 (which forked from mainline there) only rows marked as 2.4
 * series rows speak of it directly; mainline rows are read at 2.4.15. */
bool kver_in_range(kver_t v, kver_t first, kver_t last);
/* v is a 2.4 kernel newer than the 2.5 fork point. */
bool kver_is_24_stable(kver_t v);

#endif
