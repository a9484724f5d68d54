/* System V shared memory: a segment written by a forked child is read by
 * the parent, nattch as attaches come and go, a second attach at a chosen
 * address, SHM_RDONLY, the maps line, IPC_RMID, ipc(117)'s SHMAT returning
 * the address through its third argument, and SHM_HUGETLB on an empty pool. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long nattch(int id)
{
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    return (unsigned long)ds.shm_nattch;
}

static void maps_line(const char *p)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo;
        if (sscanf(line, "%lx-", &lo) == 1 && lo == (unsigned long)p) {
            char *name = strchr(line, '/');
            char perms[8];
            sscanf(line, "%*s %7s", perms);
            printf("maps: %s %s", perms, name ? name : "(no name)\n");
        }
    }
    fclose(f);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    char *p = shmat(id, NULL, 0);
    printf("shmat: %s, nattch %lu\n", p == (void *)-1 ? "failed" : "ok", nattch(id));
    maps_line(p);
    pid_t c = fork();
    if (c == 0) {
        strcpy(p + 8000, "written by the child");
        printf("child sees nattch %lu\n", nattch(id));
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("parent reads: '%s', nattch %lu\n", p + 8000, nattch(id));
    /* a second attach, read-only, at a chosen address */
    char *hint = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hint, 3 * 4096);
    char *q = shmat(id, hint + 100, SHM_RND | SHM_RDONLY);
    printf("SHM_RND attach at the rounded address: %s, same data: %s, nattch %lu\n",
           q == hint ? "yes" : "no", strcmp(q + 8000, p + 8000) == 0 ? "yes" : "no",
           nattch(id));
    maps_line(q);
    errno = 0;
    void *bad = shmat(id, hint + 100, 0);
    printf("unaligned without SHM_RND: %s %s\n", bad == (void *)-1 ? "failed" : "ok",
           strerrorname_np(errno));
    errno = 0;
    bad = shmat(id, p, 0);
    printf("over an attached segment without SHM_REMAP: %s %s\n",
           bad == (void *)-1 ? "failed" : "ok", strerrorname_np(errno));
    printf("shmdt of the read-only one: %d, nattch %lu\n", shmdt(q), nattch(id));
    errno = 0;
    int r = shmdt(q);
    printf("shmdt again: %d %s\n", r, strerrorname_np(errno));
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    printf("IPC_STAT: size %lu, mode %o, cpid is mine %d\n", (unsigned long)ds.shm_segsz,
           ds.shm_perm.mode & 0777, ds.shm_cpid == getpid());
    /* IPC_RMID while attached: it lives until the last detach */
    shmctl(id, IPC_RMID, NULL);
    printf("after IPC_RMID still readable: '%s'\n", p + 8000);
    shmdt(p);
    errno = 0;
    r = shmctl(id, IPC_STAT, &ds);
    printf("after the last shmdt: %d %s\n", r, strerrorname_np(errno));
    /* ipc(117) by number: SHMGET (23), SHMAT (21) with the address written
     * through the third argument, SHMDT (22), SHMCTL IPC_RMID (24) */
    long sid = syscall(SYS_ipc, 23, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0);
    unsigned long raddr = 0;
    long at = syscall(SYS_ipc, 21, sid, 0, &raddr, NULL);
    strcpy((char *)raddr, "via ipc");
    printf("ipc SHMAT: %ld, address written: %s, data '%s'\n", at, raddr ? "yes" : "no",
           (char *)raddr);
    printf("ipc SHMDT: %ld, SHMCTL IPC_RMID: %ld\n", syscall(SYS_ipc, 22, 0, 0, 0, raddr),
           syscall(SYS_ipc, 24, sid, IPC_RMID, 0, NULL));
    /* the host's (and a default guest's) huge page pool is empty */
    errno = 0;
    int h = shmget(IPC_PRIVATE, 4 << 20, IPC_CREAT | SHM_HUGETLB | 0600);
    printf("SHM_HUGETLB with an empty pool: %d %s\n", h, strerrorname_np(errno));
    if (h >= 0)
        shmctl(h, IPC_RMID, NULL);
    return 0;
}
