/* A guest memory of 64 MiB for each test, and the few accessors the memory
 * call tests share. Include after cmocka.h and mm/mm.h. */
#ifndef RELIC_TEST_MM_FIXTURE_H
#define RELIC_TEST_MM_FIXTURE_H

#define PG   MM_PAGE_SIZE
#define HUGE (1u << MM_HUGE_SHIFT)
#define RW   (L_PROT_READ | L_PROT_WRITE)
#define ANON (L_MAP_PRIVATE | L_MAP_ANONYMOUS)

static int setup(void **state)
{
    int err;
    *state = mm_new(64u << 20, &err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    mm_free(*state);
    return 0;
}

static uint32_t map(struct mm *mm, uint32_t len, uint32_t flags)
{
    long a = mm_mmap(mm, 0, len, RW, flags, -1, 0);
    assert_true(a > 0);
    return (uint32_t)a;
}

static uint8_t __attribute__((unused)) peek(struct mm *mm, uint32_t va)
{
    uint8_t b = 0xee;
    assert_int_equal(mm_copy_from(mm, &b, va, 1), 0);
    return b;
}

static void poke(struct mm *mm, uint32_t va, uint8_t b)
{
    assert_int_equal(mm_copy_to(mm, va, &b, 1), 0);
}

#endif
