/* What the decoder unit tests share: a task whose guest mm has two pages
 * at a fixed address (the expected lines show it where strace shows an
 * address; the page after them is unmapped), calls built by hand, and the
 * line the core would assemble from a decoder's text. Include after
 * cmocka.h; call trace_fixture_setup() from the suite's setup. */
#ifndef RELIC_TESTS_TRACE_FIXTURE_H
#define RELIC_TESTS_TRACE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "syscalls/syscalls.h"
#include "syscalls/trace.h"

#define MEM 0x4000000u
#define END (MEM + 2 * 4096)
static const uint32_t mem __attribute__((unused)) = MEM;

static struct task task;
static const struct trace_decoder *decoder_family;

/* The guest and strace's default options; family: the decoders tested. */
static int trace_fixture_setup(void **state, const struct trace_decoder *family)
{
    int err;
    task.mm = mm_new(64u << 20, &err);
    if (!task.mm)
        return -1;
    *state = task.mm;
    long a = mm_mmap(task.mm, MEM, 2 * MM_PAGE_SIZE, L_PROT_READ | L_PROT_WRITE,
                     L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, -1, 0);
    if (a != (long)MEM)
        return -1;
    decoder_family = family;
    trace_opt.strsize = 32;
    trace_opt.verbose = false;
    trace_opt.xlat = XLAT_ABBREV;
    trace_opt.decode_fds = 0;
    return 0;
}

static int teardown(void **state)
{
    mm_free(*state);
    trace_opt.xlat = XLAT_ABBREV;
    trace_opt.verbose = false;
    return 0;
}

static void put(uint32_t va, const void *p, size_t n)
{
    assert_int_equal(mm_copy_to(task.mm, va, p, n), 0);
}

static void __attribute__((unused)) put32(uint32_t va, uint32_t v)
{
    put(va, &v, 4);
}

static struct tcall *call(const char *name, uint32_t a0, uint32_t a1, uint32_t a2,
                          uint32_t a3, uint32_t a4, uint32_t a5)
{
    struct tcall *c = calloc(1, sizeof(*c));
    c->text = calloc(1, 1);
    c->cap = 1;
    c->t = &task;
    c->name = name;
    uint32_t a[6] = {a0, a1, a2, a3, a4, a5};
    memcpy(c->args, a, sizeof(a));
    memcpy(c->raw, a, sizeof(a));
    return c;
}

static trace_dec decoder(const char *name)
{
    for (const struct trace_decoder *d = decoder_family; d->name; d++)
        if (strcmp(d->name, name) == 0)
            return d->fn;
    fail_msg("no decoder for %s", name);
    return NULL;
}

/* The exit half (when the entry asked for it; it must finish there) and
 * the whole line as the core assembles it: name(args) = value, as the
 * decoder's rv says, then its rv_extra. */
static void exit_is(struct tcall *c, int entry, long ret, const char *want)
{
    c->ret = ret;
    if (entry == TD_EXIT) {
        c->exiting = true;
        assert_int_equal(decoder(c->name)(c), TD_DONE);
    }
    char got[4096];
    if (c->ret < 0)
        snprintf(got, sizeof(got), "%s(%s) = -1 %s", c->name, c->text,
                 trace_errno_name((int)-c->ret));
    else if (c->rv == RV_OCT)
        snprintf(got, sizeof(got), "%s(%s) = %#lo%s", c->name, c->text, c->ret,
                 c->rv_extra);
    else if (c->rv == RV_HEX)
        snprintf(got, sizeof(got), "%s(%s) = %#lx%s", c->name, c->text, c->ret,
                 c->rv_extra);
    else if (c->rv == RV_NONE)
        snprintf(got, sizeof(got), "%s(%s) = ?", c->name, c->text);
    else
        snprintf(got, sizeof(got), "%s(%s) = %ld%s", c->name, c->text, c->ret,
                 c->rv_extra);
    assert_string_equal(got, want);
    free(c->text);
    free(c);
}

static void line_is(struct tcall *c, long ret, const char *want)
{
    exit_is(c, decoder(c->name)(c), ret, want);
}

/* The entry part alone, as an unfinished line shows it. */
static void __attribute__((unused))
entry_is(struct tcall *c, int want_rc, const char *want)
{
    assert_int_equal(decoder(c->name)(c), want_rc);
    assert_string_equal(c->text, want);
}

#endif
