/* alloc_hugepages(2) and free_hugepages(2), i386 syscalls 250 and 251, with
 * the cases of the man page (release 3.54) and the 2.5.36-2.5.53 sources:
 * private, bad length, key without and with IPC_CREAT, attach by key, data
 * through the mapping, what a fork child inherits, free, bad free, and the
 * pool as /proc shows it. Freestanding (rt.h) so that it starts on 2.4 and
 * 2.5 kernels. Outside 2.5.36-2.5.53 it shows what the numbers mean there:
 * ENOSYS, or fadvise64 for 250 from 2.5.60 on.
 *
 *   hugepages [KEY]            the cases (KEY 4242 by default)
 *   hugepages create KEY       make segment KEY, wait for a reply (two-process test)
 *   hugepages attach KEY       attach to KEY, read it, reply */
#include "rt.h"

#define NR_alloc_hugepages 250
#define NR_free_hugepages  251
#define MiB                (1024ul * 1024)

static long alloc_hp(long key, unsigned long addr, unsigned long len, int prot, int flag)
{
    return SYS5(NR_alloc_hugepages, key, addr, len, prot, flag);
}

static long free_hp(unsigned long addr)
{
    return SYS1(NR_free_hugepages, addr);
}

/* A real segment: a huge-page-aligned address, not an error or fadvise64's 0. */
static int is_segment(long r)
{
    return r > 0 && (r & (long)(4 * MiB - 1)) == 0;
}

static char text[8192];

/* The pool lines of /proc/meminfo (labels of the era), and the sysctl. */
static void show_pool(const char *when)
{
    if (rt_read_file("/proc/meminfo", text, sizeof(text)) < 0) {
        rt_printf("pool %s: no /proc/meminfo\n", when);
        return;
    }
    int any = 0;
    for (char *line = text; *line;) {
        char *end = line;
        while (*end && *end != '\n')
            end++;
        char saved = *end;
        *end = 0;
        if (rt_strncmp(line, "HugePages", 9) == 0 ||
            rt_strncmp(line, "Hugepagesize", 12) == 0 ||
            rt_strncmp(line, "Available:", 10) == 0 ||
            rt_strncmp(line, "Size:", 5) == 0) {
            rt_printf("pool %s: %s\n", when, line);
            any = 1;
        }
        *end = saved;
        line = *end ? end + 1 : end;
    }
    if (!any)
        rt_printf("pool %s: no huge page lines in /proc/meminfo\n", when);
    static const char *const sysctls[] = {"/proc/sys/vm/nr_hugepages",
                                          "/proc/sys/kernel/numhugepages"};
    for (int i = 0; i < 2; i++) {
        if (rt_read_file(sysctls[i], text, sizeof(text)) >= 0) {
            rt_printf("pool %s: %s = %s", when, sysctls[i], text);
            return;
        }
    }
    rt_printf("pool %s: no huge page sysctl\n", when);
}

static int in_maps(unsigned long addr)
{
    if (rt_read_file("/proc/self/maps", text, sizeof(text)) < 0)
        return -1;
    char want[16];
    const char *hex = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        want[i] = hex[(addr >> (28 - 4 * i)) & 15];
    want[8] = '-';
    want[9] = 0;
    return rt_strstr(text, want) != 0;
}

static int wait_child(long pid)
{
    int status = 0;
    SYS3(NR_waitpid, pid, &status, 0);
    return status;
}

static void cases(long key)
{
    show_pool("at start");

    long p = alloc_hp(0, 0, 4 * MiB, PROT_READ | PROT_WRITE, 0);
    rt_printf("private: alloc_hugepages(0, NULL, 4 MiB, RW, 0) %s\n", rt_result(p));
    if (is_segment(p)) {
        volatile char *m = (char *)p;
        m[0] = 'p';
        m[4 * MiB - 1] = 'q';
        rt_printf("private: first and last byte written and read back: %s\n",
                  m[0] == 'p' && m[4 * MiB - 1] == 'q' ? "yes" : "no");
    }
    long p2 = alloc_hp(0, 0, 4 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    rt_printf("private, flag MAP_PRIVATE: alloc_hugepages(0, NULL, 4 MiB, RW, "
              "MAP_PRIVATE) %s\n",
              rt_result(p2));
    rt_printf("bad length: alloc_hugepages(0, NULL, 4096, RW, 0) %s\n",
              rt_result(alloc_hp(0, 0, 4096, PROT_READ | PROT_WRITE, 0)));
    rt_printf("bad length: alloc_hugepages(0, NULL, 6 MiB, RW, 0) %s\n",
              rt_result(alloc_hp(0, 0, 6 * MiB, PROT_READ | PROT_WRITE, 0)));
    rt_printf("negative key: alloc_hugepages(-1, NULL, 4 MiB, RW, 0) %s\n",
              rt_result(alloc_hp(-1, 0, 4 * MiB, PROT_READ | PROT_WRITE, 0)));
    rt_printf("key without IPC_CREAT: alloc_hugepages(KEY, NULL, 8 MiB, RW, 0) %s\n",
              rt_result(alloc_hp(key, 0, 8 * MiB, PROT_READ | PROT_WRITE, 0)));

    long a = alloc_hp(key, 0, 8 * MiB, PROT_READ | PROT_WRITE, IPC_CREAT);
    rt_printf("key with IPC_CREAT: alloc_hugepages(KEY, NULL, 8 MiB, RW, IPC_CREAT) %s\n",
              rt_result(a));
    if (is_segment(a)) {
        char *m = (char *)a;
        const char *msg = "written through the creating mapping";
        memcpy(m, msg, rt_strlen(msg) + 1);
        m[4 * MiB] = 'Z';
    }
    show_pool("after create");

    long b = alloc_hp(key, 0, 8 * MiB, PROT_READ | PROT_WRITE, 0);
    rt_printf("attach by key: alloc_hugepages(KEY, NULL, 8 MiB, RW, 0) %s\n",
              rt_result(b));
    if (is_segment(a) && is_segment(b)) {
        volatile char *mb = (char *)b, *ma = (char *)a;
        rt_printf("attach reads: \"%s\", second page '%c'\n", (char *)b, mb[4 * MiB]);
        mb[100] = 'B';
        rt_printf("a write through the attach shows in the first mapping: %s\n",
                  ma[100] == 'B' ? "yes" : "no");
    }
    show_pool("after attach");
    rt_printf("attach with another size: alloc_hugepages(KEY, NULL, 4 MiB, RW, 0) %s\n",
              rt_result(alloc_hp(key, 0, 4 * MiB, PROT_READ | PROT_WRITE, 0)));

    long h = alloc_hp(0, 0x50000001ul, 4 * MiB, PROT_READ | PROT_WRITE, 0);
    rt_printf("address hint: alloc_hugepages(0, 0x50000001, 4 MiB, RW, 0) %s\n",
              rt_result(h));
    if (is_segment(h))
        rt_printf("free_hugepages(hint segment) %s\n",
                  rt_result(free_hp((unsigned long)h)));

    long ro = alloc_hp(0, 0, 4 * MiB, PROT_READ, 0);
    rt_printf("read-only: alloc_hugepages(0, NULL, 4 MiB, PROT_READ, 0) %s\n",
              rt_result(ro));
    if (is_segment(ro)) {
        long pid = SYS0(NR_fork);
        if (pid == 0) {
            *(volatile char *)ro = 1;
            rt_exit(0);
        }
        int st = wait_child(pid);
        rt_printf("read-only: a write from a child: %s %d\n",
                  (st & 0x7f) ? "killed by signal" : "exited",
                  (st & 0x7f) ? st & 0x7f : st >> 8);
        rt_printf("free_hugepages(read-only segment) %s\n",
                  rt_result(free_hp((unsigned long)ro)));
    }

    if (is_segment(a)) {
        long pid = SYS0(NR_fork);
        if (pid == 0) {
            rt_printf("child: keyed segment reads \"%s\"\n", (char *)a);
            ((char *)a)[200] = 'C';
            if (is_segment(p))
                rt_printf("child: private segment (flag 0) inherited: %s\n",
                          in_maps((unsigned long)p) ? "yes" : "no");
            if (is_segment(p2))
                rt_printf("child: private segment (flag MAP_PRIVATE) inherited: %s\n",
                          in_maps((unsigned long)p2) ? "yes" : "no");
            rt_exit(0);
        }
        int st = wait_child(pid);
        rt_printf("child exited with %d; its write shows in the parent: %s\n", st >> 8,
                  ((char *)a)[200] == 'C' ? "yes" : "no");
    }

    if (is_segment(p2))
        rt_printf("bad free: free_hugepages(private + 4096) %s\n",
                  rt_result(free_hp((unsigned long)p2 + 4096)));
    long anon =
        rt_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rt_printf("bad free: free_hugepages(an ordinary mmap) %s\n",
              rt_result(free_hp((unsigned long)anon)));
    SYS2(NR_munmap, anon, 4096);
    rt_printf("free_hugepages(attach) %s\n", rt_result(free_hp((unsigned long)b)));
    show_pool("after freeing the attach");
    rt_printf("free_hugepages(create) %s\n", rt_result(free_hp((unsigned long)a)));
    rt_printf("bad free: free_hugepages(create) again %s\n",
              rt_result(free_hp((unsigned long)a)));
    rt_printf("free_hugepages(private) %s\n", rt_result(free_hp((unsigned long)p)));
    rt_printf("free_hugepages(private, flag MAP_PRIVATE) %s\n",
              rt_result(free_hp((unsigned long)p2)));
    rt_printf("after the last user: alloc_hugepages(KEY, NULL, 8 MiB, RW, 0) %s\n",
              rt_result(alloc_hp(key, 0, 8 * MiB, PROT_READ | PROT_WRITE, 0)));
    show_pool("at the end");
}

/* Two separate relic processes, one key: the creator writes and waits for
 * the attacher's reply in the same memory. */
static int share(const char *role, long key)
{
    const char *hello = "hello from the creator";
    const char *reply = "reply from the attacher";
    if (rt_strcmp(role, "create") == 0) {
        long a = alloc_hp(key, 0, 4 * MiB, PROT_READ | PROT_WRITE, IPC_CREAT);
        rt_printf("creator: alloc_hugepages(KEY, NULL, 4 MiB, RW, IPC_CREAT) %s\n",
                  rt_result(a));
        if (!is_segment(a))
            return 1;
        char *m = (char *)a;
        memcpy(m, hello, rt_strlen(hello) + 1);
        for (int i = 0; i < 400 && rt_strcmp(m + 64, reply) != 0; i++)
            rt_sleep_ms(50);
        rt_printf("creator reads: \"%s\"\n", m + 64);
        int failed = rt_strcmp(m + 64, reply) != 0;
        free_hp((unsigned long)a);
        return failed;
    }
    long b = -2;
    for (int i = 0;
         i < 400 && (b = alloc_hp(key, 0, 4 * MiB, PROT_READ | PROT_WRITE, 0)) == -2; i++)
        rt_sleep_ms(50); /* ENOENT until the creator has made it */
    rt_printf("attacher: alloc_hugepages(KEY, NULL, 4 MiB, RW, 0) %s\n", rt_result(b));
    if (!is_segment(b))
        return 1;
    volatile char *m = (char *)b;
    for (int i = 0; i < 400 && !m[0]; i++)
        rt_sleep_ms(50); /* the creator writes just after making it */
    rt_printf("attacher reads: \"%s\"\n", (char *)b);
    memcpy((char *)b + 64, reply, rt_strlen(reply) + 1);
    free_hp((unsigned long)b);
    return 0;
}

int main(int argc, char **argv)
{
    /* fd 0 is this program's file, so that 250 read as fadvise64 (2.5.60
     * on) meets a regular file whatever stdin is. */
    long fd = SYS3(NR_open, argv[0], 0, 0);
    if (fd >= 0 && fd != 0) {
        SYS2(NR_dup2, fd, 0);
        SYS1(NR_close, fd);
    }
    if (argc == 3)
        return share(argv[1], rt_atol(argv[2]));
    cases(argc > 1 ? rt_atol(argv[1]) : 4242);
    return 0;
}
