/* The syscall compatibility report (relic --syscalls, docs/compatibility.md):
 * each i386 number of a kernel with its name, the versions it has that
 * meaning and relic's status. Every line is read through sys_entry_at(), the
 * lookup the dispatcher fills its own table with, so the report says what a
 * guest gets and cannot drift from it. */
#include "internal.h"
#include "personality.h"

#include <stdio.h>
#include <string.h>

enum status { ST_IMPLEMENTED, ST_PARTIAL, ST_MISSING, ST_ABSENT, ST_COUNT };

static enum status status_of(const struct sys_entry *e)
{
    if (!e->row || e->row->stub)
        return ST_ABSENT;
    if (!e->impl)
        return ST_MISSING;
    return e->impl->partial ? ST_PARTIAL : ST_IMPLEMENTED;
}

/* What relic does with a call the kernel has: the status of its handler. */
static const char *impl_text(const struct sys_impl *im, char *buf, size_t len)
{
    if (!im)
        snprintf(buf, len, "not implemented by relic");
    else if (im->partial)
        snprintf(buf, len, "partial: %s", im->partial);
    else
        snprintf(buf, len, "implemented");
    return buf;
}

static const char *status_text(const struct sys_entry *e, kver_t v, char *buf, size_t len)
{
    if (status_of(e) != ST_ABSENT)
        return impl_text(e->impl, buf, len);
    char kv[32];
    kver_format(v, kv, sizeof(kv));
    snprintf(buf, len, "not in Linux %s", kv);
    return buf;
}

const char *syscalls_status(kver_t v, int nr, char *buf, size_t len)
{
    struct sys_entry e;
    sys_entry_at(v, nr, &e);
    return status_text(&e, v, buf, len);
}

/* A row's versions as a reader says them: "since 2.6.16", "2.5.36 to
 * 2.5.53", "2.4.20 to 2.4.31+ (2.4.x stable)". */
static const char *versions(const struct sys_row *r, char *buf, size_t len)
{
    if (strcmp(r->first, "-") == 0)
        snprintf(buf, len, "never assigned");
    else if (!r->last[0])
        snprintf(buf, len, "since %s", r->first);
    else if (strcmp(r->first, r->last) == 0)
        snprintf(buf, len, "%s only", r->first);
    else
        snprintf(buf, len, "%s to %s", r->first, r->last);
    size_t n = strlen(buf);
    if (r->series24 && n < len)
        snprintf(buf + n, len - n, " (2.4.x stable)");
    return buf;
}

static int highest_nr(void)
{
    int top = 0;
    for (unsigned i = 0; i < sys_rows_i386_count; i++)
        if (sys_rows_i386[i].nr > top && sys_rows_i386[i].nr < SYS_MAX_NR)
            top = sys_rows_i386[i].nr;
    return top;
}

/* A Markdown table cell: the characters that would end or style it escaped
 * (as gen_doc.awk does; '_' stays, GitHub does not style it inside words). */
static void put_md(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("[]\\`*<|", *s))
            fputc('\\', f);
        fputc(*s, f);
    }
}

static void md_row(FILE *f, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        fputs(i ? " | " : "| ", f);
        put_md(f, cells[i]);
    }
    fputs(" |\n", f);
}

/* One line per number of kernel v, 0 to the highest number of any kernel. */
struct line {
    char nr[12], versions[64], status[256];
    const char *name;
};

static void kernel_table(FILE *f, kver_t v, bool md)
{
    int top = highest_nr();
    static struct line lines[SYS_MAX_NR];
    unsigned count[ST_COUNT] = {0};
    int wname = 4, wvers = 8;
    for (int nr = 0; nr <= top; nr++) {
        struct sys_entry e;
        struct line *l = &lines[nr];
        sys_entry_at(v, nr, &e);
        count[status_of(&e)]++;
        snprintf(l->nr, sizeof(l->nr), "%d", nr);
        l->name = e.row ? e.row->name : "-";
        if (e.row)
            versions(e.row, l->versions, sizeof(l->versions));
        else
            snprintf(l->versions, sizeof(l->versions), "-");
        status_text(&e, v, l->status, sizeof(l->status));
        wname = strlen(l->name) > (size_t)wname ? (int)strlen(l->name) : wname;
        wvers = strlen(l->versions) > (size_t)wvers ? (int)strlen(l->versions) : wvers;
    }
    char kv[32];
    kver_format(v, kv, sizeof(kv));
    if (!md)
        fprintf(f, "i386 system calls of Linux %s in relic\n", kv);
    fprintf(f,
            "Numbers 0 to %d: %u implemented, %u partial, %u not implemented by "
            "relic, %u not in Linux %s.\n\n",
            top, count[ST_IMPLEMENTED], count[ST_PARTIAL], count[ST_MISSING],
            count[ST_ABSENT], kv);
    if (md)
        fputs("| number | name | versions with this meaning | relic |\n"
              "| ---: | --- | --- | --- |\n",
              f);
    else
        fprintf(f, "%6s  %-*s  %-*s  %s\n", "number", wname, "name", wvers, "versions",
                "relic");
    for (int nr = 0; nr <= top; nr++) {
        const struct line *l = &lines[nr];
        const char *cells[] = {l->nr, l->name, l->versions, l->status};
        if (md)
            md_row(f, cells, 4);
        else
            fprintf(f, "%6s  %-*s  %-*s  %s\n", l->nr, wname, l->name, wvers, l->versions,
                    l->status);
    }
}

/* Every row of the kernel history, in the order of the data, with what the
 * kernel had under that number then and what relic does with the name. */
static void history_table(FILE *f)
{
    fputs("| number | name | versions | the kernel | relic |\n"
          "| ---: | --- | --- | --- | --- |\n",
          f);
    for (unsigned i = 0; i < sys_rows_i386_count; i++) {
        const struct sys_row *r = &sys_rows_i386[i];
        char nr[8], vers[64], relic[256];
        snprintf(nr, sizeof(nr), "%d", r->nr);
        versions(r, vers, sizeof(vers));
        bool assigned = strcmp(r->first, "-") != 0, call = assigned && !r->stub;
        const char *kernel = call ? "the call" : assigned ? "ENOSYS stub" : "no call";
        if (call)
            impl_text(sys_impl_named(r->name), relic, sizeof(relic));
        else
            snprintf(relic, sizeof(relic), "ENOSYS, as the kernel");
        const char *cells[] = {nr, r->name, vers, kernel, relic};
        md_row(f, cells, 5);
    }
}

static void doc(FILE *f)
{
    kver_t newest = 0;
    kver_parse(KERNEL_NEWEST_TEXT, &newest);
    fputs("# Syscall compatibility (i386)\n"
          "\n"
          "Generated by `relic --syscalls=doc` from the tables the dispatcher itself\n"
          "uses: the kernel history in `syscalls/data/i386-syscalls.tsv` and relic's\n"
          "handler tables in `syscalls/*.c`. Do not edit by hand: run\n"
          "`cmake --build <build dir> --target docs`; the test\n"
          "`docs_compatibility_current` fails while this page is out of date.\n"
          "`relic --kernel VERSION --syscalls` prints the table of any other kernel\n"
          "(`--syscalls=md` as Markdown).\n"
          "\n"
          "What relic does with each number:\n"
          "\n"
          "- *implemented*: the call works as in that kernel.\n"
          "- *partial: ...*: the call works, except for what the note names.\n"
          "- *not implemented by relic*: the kernel has the call; relic returns\n"
          "  ENOSYS (and names the call under `--debug`).\n"
          "- *not in Linux VERSION*: that kernel has no call under this number (it\n"
          "  was never assigned, was taken away, or is an ENOSYS stub); relic\n"
          "  returns ENOSYS as the kernel did.\n"
          "\n",
          f);
    fprintf(f, "## Linux %s, the newest kernel relic knows\n\n", KERNEL_NEWEST_TEXT);
    kernel_table(f, newest, true);
    fputs("\n## Every meaning of every number\n"
          "\n"
          "Each row of the kernel history: a number's meaning over a range of\n"
          "versions (a trailing `?` marks a version not confirmed in a kernel tree,\n"
          "`2.4.31+` the newest 2.4 release examined; *2.4.x stable* rows hold for\n"
          "2.4.16 and later only), what the kernel had under it, and what relic does\n"
          "with that call when the chosen kernel has it. The history with its notes\n"
          "is docs/syscalls-i386.md.\n"
          "\n",
          f);
    history_table(f);
}

int syscalls_report(FILE *f, kver_t v, const char *format)
{
    if (strcmp(format, "text") == 0)
        kernel_table(f, v, false);
    else if (strcmp(format, "md") == 0)
        kernel_table(f, v, true);
    else if (strcmp(format, "doc") == 0)
        doc(f);
    else
        return -1;
    return 0;
}
