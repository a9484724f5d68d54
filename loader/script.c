/* What execve decides before the point of no return: is the file a program
 * this kernel runs (an i386 ELF whose interpreter exists), a #! script, or
 * neither? binfmt_script's rules for the #! line. */
#define _GNU_SOURCE
#include "loader.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRIPT_LINE 256 /* BINPRM_BUF_SIZE: how much of the #! line counts */

int loader_script(const char *path, char *interp, size_t ilen, char *arg, size_t alen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    char buf[SCRIPT_LINE + 1];
    ssize_t n = read(fd, buf, SCRIPT_LINE);
    close(fd);
    if (n < 2 || buf[0] != '#' || buf[1] != '!')
        return 0;
    buf[n] = 0;
    char *nl = memchr(buf, '\n', (size_t)n);
    if (nl)
        *nl = 0;
    char *p = buf + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end = p + strlen(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = 0;
    if (!*p)
        return -ENOEXEC;
    char *q = p;
    while (*q && *q != ' ' && *q != '\t')
        q++;
    if (*q) {
        *q++ = 0;
        while (*q == ' ' || *q == '\t')
            q++;
    }
    if (strlen(p) >= ilen || strlen(q) >= alen)
        return -ENAMETOOLONG;
    strcpy(interp, p);
    strcpy(arg, q);
    return 1;
}

int loader_precheck(const char *path, char *interp, size_t ilen)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
        return -EACCES;
    struct elf_file f;
    char why[256];
    interp[0] = 0;
    if (elf_open(path, true, &f, why, sizeof(why)) != LOAD_OK)
        return -ENOEXEC;
    int r = 0;
    if (f.eh.e_machine != EM_386 && f.eh.e_machine != 6 /* EM_486 */)
        r = -ENOEXEC;
    const char *ip = elf_interp(&f);
    if (!r && ip) {
        if (!*ip || strlen(ip) >= ilen)
            r = -ENOEXEC;
        else
            strcpy(interp, ip);
    }
    elf_close(&f);
    return r;
}
