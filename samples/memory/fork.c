/* What fork does to memory: private memory is copy-on-write both ways,
 * shared memory (anonymous and file) is shared both ways, also for pages
 * first touched after the fork, MADV_DONTFORK ranges are absent in the
 * child, MADV_WIPEONFORK ranges read zero there, and memory locks are not
 * inherited. Usage: fork TMPDIR */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2)
        return 2;
    char path[4096];
    int fd = scratch_file(argv[1], PG, path);

    char *priv = anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    char *sh = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
    char *fs = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *df = anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    char *wf = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    char *lk = anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    priv[0] = 'p';
    sh[0] = 's';
    fs[0] = 'f';
    df[0] = 'd';
    wf[0] = 'w';
    CHECK("DONTFORK", madvise(df, PG, MADV_DONTFORK));
    CHECK("WIPEONFORK", madvise(wf, 2 * PG, MADV_WIPEONFORK));
    CHECK("mlock", mlock(lk, PG));
    smaps_field("parent", lk, "Locked");

    pid_t c = fork();
    if (c == 0) {
        printf("child: private %c, shared %c, shared file %c\n", priv[0], sh[0], fs[0]);
        printf("child: WIPEONFORK bytes %d %d\n", wf[0], wf[PG]);
        residency("child: DONTFORK range", df, 1);
        smaps_field("child", lk, "Locked");
        priv[0] = 'P';
        sh[0] = 'S';
        sh[PG] = 'T'; /* first touched in the child */
        fs[0] = 'F';
        wf[0] = 'W';
        _exit(7);
    }
    int st;
    waitpid(c, &st, 0);
    printf("child exit status: %d\n", WEXITSTATUS(st));
    printf("parent: private %c, shared %c %c, shared file %c, WIPEONFORK %c\n", priv[0],
           sh[0], sh[PG], fs[0], wf[0]);
    char b = 0;
    pread(fd, &b, 1, 0);
    printf("file holds: %c\n", b);
    printf("parent: DONTFORK byte %c\n", df[0]);

    /* A child that writes to a page the parent has not touched yet. */
    char *later = anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
    c = fork();
    if (c == 0) {
        later[10] = 'L';
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("parent sees child's first touch: %c\n", later[10]);

    /* The child of a child still shares. */
    c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) {
            sh[1] = 'G';
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(sh[1] == 'G' ? 0 : 1);
    }
    waitpid(c, &st, 0);
    printf("grandchild write seen: child %d, parent %c\n", WEXITSTATUS(st), sh[1]);
    return 0;
}
