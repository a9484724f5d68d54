/* Fork benchmark (issue 5): fork_loop MODE COUNT [DEPTH]
 *   exit:  COUNT times fork(); the child calls _exit(0), the parent waits.
 *   touch: the same, but each child first writes one byte in every page of
 *          a 1 MiB buffer the parent filled, so every page is copied on
 *          write, then checks one of them and exits.
 *   chain: COUNT chains of DEPTH processes (default 16): each child forks
 *          the next one and waits for it; the exit status carries the depth
 *          back up, so a lost or wrong link shows.
 * Prints one line with what it did; exits 1 on any failure. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOUCH_BYTES (1 << 20)
#define PAGE        4096

static unsigned char buffer[TOUCH_BYTES];

static int wait_for(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static int fork_exit(long count, int touch)
{
    if (touch)
        memset(buffer, 1, sizeof(buffer));
    for (long i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0) {
            if (!touch)
                _exit(0);
            for (size_t off = 0; off < sizeof(buffer); off += PAGE)
                buffer[off] = (unsigned char)(off / PAGE);
            _exit(buffer[5 * PAGE] == 5 && buffer[5 * PAGE + 1] == 1 ? 0 : 3);
        }
        if (wait_for(pid) != 0)
            return -1;
    }
    /* The children's writes stayed theirs. */
    return touch && buffer[5 * PAGE] != 1 ? -1 : 0;
}

/* The links below the first: each process forks the next, waits for it and
 * exits with the depth below it plus one; the child goes round the loop. */
static _Noreturn void chain_link(int left)
{
    for (; left > 0; left--) {
        pid_t pid = fork();
        if (pid < 0)
            _exit(255);
        if (pid > 0) {
            int below = wait_for(pid);
            _exit(below < 0 || below >= 254 ? 255 : below + 1);
        }
    }
    _exit(0);
}

static int fork_chain(long count, int depth)
{
    for (long i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0)
            chain_link(depth - 1);
        if (wait_for(pid) != depth - 1)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fork_loop exit|touch|chain COUNT [DEPTH]\n");
        return 2;
    }
    long count = atol(argv[2]);
    int depth = argc > 3 ? atoi(argv[3]) : 16;
    if (depth < 1 || depth > 250) {
        fprintf(stderr, "fork_loop: DEPTH must be 1 to 250\n");
        return 2;
    }
    int rc;
    if (strcmp(argv[1], "exit") == 0)
        rc = fork_exit(count, 0);
    else if (strcmp(argv[1], "touch") == 0)
        rc = fork_exit(count, 1);
    else if (strcmp(argv[1], "chain") == 0)
        rc = fork_chain(count, depth);
    else {
        fprintf(stderr, "fork_loop: unknown mode %s\n", argv[1]);
        return 2;
    }
    if (rc < 0) {
        fprintf(stderr, "fork_loop %s: a child failed\n", argv[1]);
        return 1;
    }
    printf("fork_loop %s: %ld rounds\n", argv[1], count);
    return 0;
}
