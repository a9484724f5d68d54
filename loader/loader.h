/* The ELF loader: maps an i386 program (and its PT_INTERP) through mm and
 * builds the initial stack the kernel would: argv, envp, auxv. */
#ifndef RELIC_LOADER_H
#define RELIC_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;

struct loader_args {
    const char *path;       /* host path of the program */
    const char *execfn;     /* AT_EXECFN: the name the program was run as */
    char *const *argv;      /* guest argv (argv[0] possibly replaced by -0) */
    char *const *envp;      /* guest environment */
    uint32_t hwcap;         /* AT_HWCAP: CPUID.1:EDX of the engine's CPU */
    const char *platform;   /* AT_PLATFORM, e.g. "i686" */
    bool nx;                /* the kernel enforces no-exec (2.6.8 and later) */
    bool read_implies_exec; /* the READ_IMPLIES_EXEC personality is set */
    bool at_secure, at_random, at_execfn; /* auxv entries the era had */
    bool pie_low_base; /* 4.13+: a PIE at 4 MiB, not at two thirds of TASK_SIZE */
};

struct loaded_image {
    uint32_t entry;      /* first guest instruction (the interpreter's, if any) */
    uint32_t prog_entry; /* AT_ENTRY */
    uint32_t phdr, phnum;
    uint32_t interp_base; /* AT_BASE, 0 without PT_INTERP */
    uint32_t sp;          /* initial %esp, pointing at argc */
    bool exec_stack;      /* PT_GNU_STACK asked for it, or was absent */
};

/* Result codes follow the shell: 127 for a missing file, 126 for one that
 * cannot be executed. err receives one line saying why. */
/* LOAD_KILLED: the failure came after the kernel's point of no return (the
 * old image is gone), where Linux kills the process with SIGSEGV. */
enum { LOAD_OK = 0, LOAD_NOT_FOUND = 127, LOAD_CANNOT_EXEC = 126, LOAD_KILLED = -1 };

/* The minimum kernel a program's .note.ABI-tag names: 1 and ver filled in,
 * 0 when it has none, -1 when the file is not an ELF program relic reads. */
int loader_abi_note(const char *path, unsigned ver[3]);

/* A #! script: 1 with the interpreter and its one optional argument, 0 for
 * another file, or -errno. */
int loader_script(const char *path, char *interp, size_t ilen, char *arg, size_t alen);
/* execve's checks before the old image goes: 0 when path is an i386 ELF
 * program relic can load (its PT_INTERP, if any, copied to interp, else
 * ""), else -errno (ENOEXEC for other files, EACCES when not executable). */
int loader_precheck(const char *path, char *interp, size_t ilen);

int loader_load(struct mm *mm, const struct loader_args *args, struct loaded_image *out,
                char *err, size_t errlen);

/* The sysroot of -L DIR (sysroot.c): absolute guest paths are looked up
 * under it first. sysroot_set: 0, or -errno when dir is not a directory;
 * NULL or "" unsets it. sysroot_dir: the canonical directory, NULL when
 * none (a re-executed relic is given it again). sysroot_path: the host path
 * for a path the guest named: buf (DIR + path, when that exists under DIR)
 * or guest_path itself. */
int sysroot_set(const char *dir);
const char *sysroot_dir(void);
const char *sysroot_path(const char *guest_path, char *buf, size_t len);

#endif
