/* Personalities: a kernel version and the behaviours that follow from it.
 * Each behaviour is a row with the first and last release that had it
 * (sources: shared kernel-history notes, checked against the trees named in
 * docs/personalities.md). */
#include "personality.h"

#include <stdio.h>
#include <string.h>

struct personality guest_kernel;

static const struct {
    enum kfeature f;
    const char *first, *last; /* last "" = still so */
} feature_rows[] = {
    {KF_TOPDOWN_MMAP, "2.6.9", ""},               /* arch/i386/mm/mmap.c */
    {KF_COMPAT_LAYOUT_FLAG, "2.6.9", ""},         /* personality.h */
    {KF_READ_IMPLIES_EXEC, "2.6.8", ""},          /* personality.h */
    {KF_NO_RANDOMIZE_FLAG, "2.6.12", ""},         /* personality.h */
    {KF_AT_SECURE, "2.5.74", ""},                 /* binfmt_elf.c */
    {KF_AT_EXECFN, "2.6.27", ""},                 /* binfmt_elf.c */
    {KF_AT_RANDOM, "2.6.29", ""},                 /* binfmt_elf.c */
    {KF_HUGETLB_SYSCALLS, "2.5.36", "2.5.53"},    /* arch/i386/kernel/entry.S */
    {KF_HUGETLB, "2.5.36", ""},                   /* CONFIG_HUGETLB_PAGE */
    {KF_SYSCTL_NUMHUGEPAGES, "2.5.36", "2.5.36"}, /* kernel/sysctl.c */
    {KF_SYSCTL_NR_HUGEPAGES, "2.5.37", ""},
    {KF_MEMINFO_HUGE_OLD, "2.5.36", "2.5.42"}, /* fs/proc/proc_misc.c */
    {KF_MEMINFO_HUGE, "2.5.43", ""},
    {KF_MEMINFO_HUGE_RSVD, "2.6.17", ""}, /* mm/hugetlb.c */
    {KF_MEMINFO_HUGE_SURP, "2.6.24", ""},
    {KF_MEMINFO_OLD_TABLE, "2.1.41", "2.5.75"}, /* proc_misc.c; end unconfirmed */
    {KF_MAPS_HEAP_STACK, "2.6.16", ""},         /* fs/proc/task_mmu.c */
    {KF_HUGEPOOL_QUARTER, "2.5.36", "2.5.46"},  /* arch/i386/mm/init.c */
    {KF_PIE_LOW_BASE, "4.13", ""}, /* asm/elf.h ELF_ET_DYN_BASE, binfmt_elf.c */
};

static kver_t parse_known(const char *s)
{
    kver_t v = 0;
    kver_parse(s, &v); /* the rows above are well-formed */
    return v;
}

bool kfeature(const struct personality *p, enum kfeature f)
{
    return f < KF_COUNT && p->features[f];
}

/* The uname -v string: a build number and date plausible for the era. */
static void version_string(struct personality *p)
{
    const char *date = "Thu Nov 21 12:00:00 UTC 2024";
    static const struct {
        const char *from, *date;
    } dates[] = {
        {"2.0", "Fri Jun 7 12:00:00 EDT 1996"},
        {"2.2", "Mon Jan 25 12:00:00 EST 1999"},
        {"2.4", "Thu Jan 4 12:00:00 EST 2001"},
        {"2.4.20", "Thu Nov 28 12:00:00 EST 2002"},
        {"2.5.36", "Tue Sep 17 12:00:00 PDT 2002"},
        {"2.5.54", "Wed Jan 1 12:00:00 PST 2003"},
        {"2.6.0", "Wed Dec 17 12:00:00 PST 2003"},
        {"2.6.32", "Thu Dec 3 12:00:00 PST 2009"},
        {"3.0", "Thu Jul 21 12:00:00 PDT 2011"},
        {"4.0", "Sun Apr 12 12:00:00 PDT 2015"},
        {"5.0", "Sun Mar 3 12:00:00 PST 2019"},
        {"6.0", "Sun Oct 2 12:00:00 PDT 2022"},
        {"6.18", "Sun Nov 30 12:00:00 PST 2025"},
        {"7.0", "Sun Apr 12 12:00:00 PDT 2026"},
    };
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
        if (p->kernel >= parse_known(dates[i].from))
            date = dates[i].date;
    /* SMP and PREEMPT appeared in the banner with 2.6 kernels. */
    const char *flags = p->kernel >= KV(2, 6, 0) ? " SMP PREEMPT" : "";
    snprintf(p->version, sizeof(p->version), "#1%s %s", flags, date);
}

int personality_init(struct personality *p, const char *version, const char *machine,
                     char *why, size_t whylen)
{
    memset(p, 0, sizeof(*p));
    kver_t v;
    if (kver_parse(version, &v) < 0) {
        snprintf(why, whylen,
                 "bad kernel version '%s' (want e.g. 2.4.20, 2.6.32, 6.1 or auto)",
                 version);
        return -1;
    }
    kver_t newest = parse_known(KERNEL_NEWEST_TEXT);
    if (v < KERNEL_OLDEST || kv_major(v) > kv_major(newest) ||
        (kv_major(v) == kv_major(newest) && kv_minor(v) > kv_minor(newest))) {
        snprintf(why, whylen, "kernel version '%s' is outside 2.0 .. %s", version,
                 KERNEL_NEWEST_TEXT);
        return -1;
    }
    p->kernel = v;
    kver_format(v, p->release, sizeof(p->release));
    /* uname -r of a 3.x+ release names its sublevel: "3.2.0", "6.1.0". */
    if (kv_major(v) >= 3 && !strchr(strchr(p->release, '.') + 1, '.') &&
        !strchr(p->release, '-'))
        strncat(p->release, ".0", sizeof(p->release) - strlen(p->release) - 1);
    snprintf(p->machine, sizeof(p->machine), "%s", machine);
    version_string(p);
    for (size_t i = 0; i < sizeof(feature_rows) / sizeof(feature_rows[0]); i++) {
        kver_t first = parse_known(feature_rows[i].first);
        kver_t last =
            feature_rows[i].last[0] ? parse_known(feature_rows[i].last) : KV_END;
        p->features[feature_rows[i].f] = kver_in_range(v, first, last);
    }
    return 0;
}
