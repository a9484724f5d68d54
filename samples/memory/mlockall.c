/* mlockall(MCL_CURRENT) populates every locked mapping: a PROT_NONE mapping
 * (or one past the end of its file) below another does not stop it, as
 * mm_populate() ignores errors. Usage: mlockall TMPDIR 0|1 (1: the mapping
 * below is a file mapping past the file's end, 0: PROT_NONE). */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 3)
        return 2;
    char path[4096];
    int fd = scratch_file(argv[1], PG, path);
    char *above = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    char *below = atoi(argv[2]) ? mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0)
                                : anon(PG, PROT_NONE, MAP_PRIVATE);
    printf("the other mapping is below: %d\n", below < above);
    CHECK("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
    residency("mapping above it", above, 2);
    return 0;
}
