/* Exits with the status given as argv[1], through exit() or _exit(). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int code = argc > 1 ? atoi(argv[1]) : 0;
    if (argc > 2 && !strcmp(argv[2], "_exit"))
        _exit(code);
    exit(code);
}
