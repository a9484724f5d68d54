/* mmap, mmap2, old mmap, munmap, mprotect and brk: every flag of issue 3 and
 * the errors of mmap(2), munmap(2), mprotect(2). Usage: mmap TMPDIR */
#include "check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#define MAP_HUGE_SHIFT 26

static void old_mmap(const char *what, uint32_t addr, uint32_t len, uint32_t prot,
                     uint32_t flags, int32_t fd, uint32_t off)
{
    uint32_t args[6] = {addr, len, prot, flags, (uint32_t)fd, off};
    CHECK_MAP(what, syscall(SYS_mmap, args));
}

static void grow_stack(volatile char *top)
{
    /* Touch 16 pages below a MAP_GROWSDOWN mapping's start. */
    for (int i = 1; i <= 16; i++)
        top[-i * PG] = 1;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2)
        return 2;
    char path[4096];
    int fd = scratch_file(argv[1], 3 * PG, path);
    pwrite(fd, "file-data", 9, 0);
    int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY),
        ap = open(path, O_RDWR | O_APPEND);

    /* Flags that simply work. */
    CHECK_MAP("private anon", anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE));
    CHECK_MAP("shared anon", anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED));
    CHECK_MAP("denywrite|executable",
              anon(PG, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE | MAP_EXECUTABLE));
    CHECK_MAP("noreserve", anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE));
    CHECK_MAP("stack", anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_STACK));
    char *pop = anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE);
    residency("populate resident", pop, 4);
    char *nb =
        anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE | MAP_NONBLOCK);
    residency("populate|nonblock resident", nb, 4);
    char *lk = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_LOCKED);
    residency("locked resident", lk, 2);
    char *lazy = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    residency("plain not resident", lazy, 2);

    /* MAP_FIXED replaces; MAP_FIXED_NOREPLACE refuses. */
    char *base = anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    base[0] = 'a';
    char *fx = mmap(base, PG, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed same address: %d, old data gone: %d\n", fx == base, base[0] == 0);
    CHECK_MAP("fixed_noreplace over mapping",
              mmap(base, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0));
    munmap(base + 3 * PG, PG);
    char *nr = mmap(base + 3 * PG, PG, PROT_READ,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("fixed_noreplace in hole: %s\n",
           nr == base + 3 * PG ? "at the address" : "elsewhere");
    CHECK_MAP("fixed unaligned", mmap(base + 1, PG, PROT_READ,
                                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));

    /* MAP_GROWSDOWN: touching below grows the mapping (the guard gap). */
    char *gd = anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_GROWSDOWN);
    in_child("growsdown touched below", grow_stack, gd);
    CHECK_MAP("shared anon growsdown", anon(PG, PROT_READ, MAP_SHARED | MAP_GROWSDOWN));

    /* File mappings: private is copy-on-write, shared writes reach the file. */
    char *fp = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    fp[0] = 'P';
    char buf[16] = {0};
    pread(fd, buf, 9, 0);
    printf("private write reaches file: %s\n", buf[0] == 'P' ? "yes" : "no");
    char *fs = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(fs + PG, "shared!", 7);
    pread(fd, buf, 7, PG);
    printf("shared write reaches file: %.7s\n", buf);
    pwrite(fd, "FROMFILE", 8, 0);
    printf("file write seen in shared map: %.8s\n", fs);
    CHECK("msync shared", msync(fs, 2 * PG, MS_SYNC));
    CHECK("munmap shared", munmap(fs, 2 * PG));
    pread(fd, buf, 7, PG);
    printf("file after munmap: %.7s\n", buf);
    char *past = mmap(NULL, 8 * PG, PROT_READ, MAP_SHARED, fd, 0);
    in_child("read past end of file", read_byte, past + 4 * PG);
    in_child("read last page of file", read_byte, past + 2 * PG);
    CHECK_MAP("shared_validate plain",
              mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE, fd, 0));
    CHECK_MAP("shared_validate unknown flag",
              mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x400000, fd, 0));
    CHECK_MAP("shared_validate sync",
              mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0));
    CHECK_MAP("shared sync", mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_SYNC, fd, 0));
    CHECK_MAP("anon shared_validate", anon(PG, PROT_READ, MAP_SHARED_VALIDATE));

    /* The errors of mmap(2). */
    CHECK_MAP("EBADF", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0));
    CHECK_MAP("EBADF before EINVAL", mmap(NULL, 0, PROT_READ, MAP_PRIVATE, 99, 0));
    CHECK_MAP("EACCES write-only fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0));
    CHECK_MAP("EACCES shared write of read-only fd",
              mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
    CHECK_MAP("shared write of O_APPEND fd",
              mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ap, 0));
    CHECK_MAP("private write of read-only fd",
              mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
    CHECK_MAP("EINVAL length 0", anon(0, PROT_READ, MAP_PRIVATE));
    CHECK_MAP("EINVAL no type", anon(PG, PROT_READ, 0));
    CHECK_MAP("EINVAL both types", anon(PG, PROT_READ, MAP_SHARED | MAP_PRIVATE | 0x8));
    CHECK_MAP("ENOMEM too long",
              anon(0xF0000000u, PROT_READ, MAP_PRIVATE | MAP_NORESERVE));
    CHECK_MAP("ENODEV directory",
              mmap(NULL, PG, PROT_READ, MAP_PRIVATE, open(argv[1], O_RDONLY), 0));
    CHECK_MAP("EINVAL hugetlb of a file",
              mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, fd, 0));
    CHECK_MAP("EINVAL hugetlb length 0", anon(0, PROT_READ, MAP_PRIVATE | MAP_HUGETLB));
    CHECK_MAP("hugetlb with an empty pool",
              anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB));
    CHECK_MAP(
        "hugetlb noreserve, empty pool",
        anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_HUGETLB | MAP_NORESERVE));
    old_mmap("old mmap anon", 0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    old_mmap("old mmap unaligned offset", 0, PG, PROT_READ, MAP_PRIVATE, fd, 100);
    old_mmap("old mmap file", 0, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK_MAP("mmap2 offset in pages",
              syscall(SYS_mmap2, 0, PG, PROT_READ, MAP_PRIVATE, fd, 1));
    CHECK_MAP("mmap2 offset of 2^32 - 1 pages",
              syscall(SYS_mmap2, 0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0xFFFFFFFFu));

    /* munmap(2) and mprotect(2). */
    char *m = anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    CHECK("munmap unaligned", munmap(m + 1, PG));
    CHECK("munmap length 0", munmap(m, 0));
    CHECK("munmap hole is fine", munmap(m + PG, PG));
    CHECK("munmap again", munmap(m + PG, PG));
    CHECK("munmap past the top", munmap((void *)0xFFFFF000u, 2 * PG));
    CHECK("mprotect unaligned", mprotect(m + 1, PG, PROT_READ));
    CHECK("mprotect bad prot", mprotect(m, PG, 0x10));
    CHECK("mprotect PROT_SEM", mprotect(m, PG, PROT_READ | 0x8));
    CHECK("mprotect length 0", mprotect(m + PG, 0, PROT_READ));
    CHECK("mprotect hole", mprotect(m, 4 * PG, PROT_READ));
    CHECK("mprotect growsdown+up",
          mprotect(m, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP));
    CHECK("mprotect growsdown on plain", mprotect(m, PG, PROT_READ | PROT_GROWSDOWN));
    char *rofile = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK("mprotect write on read-only shared file",
          mprotect(rofile, PG, PROT_READ | PROT_WRITE));
    char *rw = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("mprotect write on writable shared file",
          mprotect(rw, PG, PROT_READ | PROT_WRITE));
    rw[100] = 'w';
    pread(fd, buf, 1, 100);
    printf("write after mprotect reaches file: %c\n", buf[0]);
    char *n = anon(PG, PROT_NONE, MAP_PRIVATE);
    in_child("read PROT_NONE", read_byte, n);
    CHECK("mprotect to read", mprotect(n, PG, PROT_READ));
    in_child("read after mprotect", read_byte, n);
    in_child("write read-only", write_byte, n);

    /* brk: grows, shrinks, refuses what does not fit. */
    char *b0 = sbrk(0);
    CHECK("brk grow", brk(b0 + 8 * PG));
    b0[5 * PG] = 1;
    CHECK("brk shrink", brk(b0 + PG));
    printf("sbrk(0) back: %d\n", (char *)sbrk(0) == b0 + PG);
    mmap(b0 + 16 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
         -1, 0);
    CHECK("brk into a mapping", brk(b0 + 32 * PG));
    printf("brk unchanged after refusal: %d\n", (char *)sbrk(0) == b0 + PG);
    return 0;
}
