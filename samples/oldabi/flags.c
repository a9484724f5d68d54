/* Memory flags that came with later kernels, as an older one answers them:
 * an unknown mmap bit is ignored, an unknown madvise advice, mprotect bit,
 * mremap or mlockall flag is EINVAL (with the era's checking order).
 * Freestanding (rt.h); under the newest kernel it must answer as this
 * machine does natively. */
#include "rt.h"

#define NR_mprotect   125
#define NR_mlockall   152
#define NR_munlockall 153
#define NR_mremap     163
#define NR_mmap2      192
#define NR_madvise    219

#define MAP_HUGETLB         0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_FIXED           0x10
#define PROT_SEM            0x8
#define MADV_DONTNEED       4
#define MADV_FREE           8
#define MADV_DONTFORK       10
#define MADV_WIPEONFORK     18
#define MREMAP_MAYMOVE      1
#define MREMAP_DONTUNMAP    4
#define MCL_CURRENT         1
#define MCL_ONFAULT         4

static long mmap2(unsigned long addr, unsigned long len, int prot, int flags)
{
    return rt_syscall(NR_mmap2, (long)addr, (long)len, prot, flags, -1, 0);
}

/* An error as strace shows it, any address as "= an address". */
static const char *res(long r)
{
    return rt_is_err(r) || r == 0 ? rt_result(r) : "= an address";
}

int main(void)
{
    const int rw = PROT_READ | PROT_WRITE, pa = MAP_PRIVATE | MAP_ANONYMOUS;
    long a = mmap2(0, 8192, rw, pa);
    rt_printf("mmap2(NULL, 8192, RW, PRIVATE|ANON) %s\n", res(a));
    long z = mmap2(0x30000000, 0, rw, pa);
    rt_printf("mmap2(0x30000000, 0, ...) %s\n",
              z == 0x30000000 ? "= 0x30000000 (nothing mapped)" : rt_result(z));
    long h = mmap2(0, 4 << 20, rw, pa | MAP_HUGETLB);
    rt_printf("mmap2(NULL, 4 MiB, RW, PRIVATE|ANON|HUGETLB) with an empty pool %s\n",
              rt_is_err(h) ? rt_result(h) : "= an address (the bit was not looked at)");
    long nr = mmap2((unsigned long)a, 4096, rw, pa | MAP_FIXED_NOREPLACE);
    rt_printf("mmap2(taken address, FIXED_NOREPLACE) %s\n", rt_is_err(nr) ? rt_result(nr)
                                                            : nr == a
                                                                ? "= the same address"
                                                                : "= elsewhere (a hint)");
    rt_printf("mprotect(PROT_READ|PROT_SEM) %s\n",
              rt_result(SYS3(NR_mprotect, a, 4096, PROT_READ | PROT_SEM)));
    rt_printf("mprotect(len 0, PROT_SEM) %s\n",
              rt_result(SYS3(NR_mprotect, a, 0, PROT_SEM)));
    rt_printf("madvise(DONTNEED) %s\n",
              rt_result(SYS3(NR_madvise, a, 4096, MADV_DONTNEED)));
    rt_printf("madvise(DONTFORK) %s\n",
              rt_result(SYS3(NR_madvise, a, 4096, MADV_DONTFORK)));
    rt_printf("madvise(FREE) %s\n", rt_result(SYS3(NR_madvise, a, 4096, MADV_FREE)));
    rt_printf("madvise(WIPEONFORK) %s\n",
              rt_result(SYS3(NR_madvise, a, 4096, MADV_WIPEONFORK)));
    rt_printf("madvise(len 0, advice 77) %s\n", rt_result(SYS3(NR_madvise, a, 0, 77)));
    rt_printf("mremap(MAYMOVE|DONTUNMAP) %s\n",
              res(SYS5(NR_mremap, a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0)));
    rt_printf("mlockall(CURRENT|ONFAULT) %s\n",
              rt_result(SYS1(NR_mlockall, MCL_CURRENT | MCL_ONFAULT)));
    SYS0(NR_munlockall);
    return 0;
}
