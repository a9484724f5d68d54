/* The .note.ABI-tag of a program: the oldest kernel its C library was built
 * to run on (NT_GNU_ABI_TAG in a PT_NOTE segment, which ld.so also reads),
 * for --kernel auto. */
#include "loader.h"
#include "internal.h"

#include <string.h>

#define NT_GNU_ABI_TAG_TYPE 1
#define ABI_OS_LINUX        0

static uint32_t word(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* Walk one PT_NOTE segment's notes (4-byte aligned on i386). */
static int scan_notes(const char *p, size_t len, unsigned ver[3])
{
    size_t at = 0;
    while (len - at >= 12) {
        uint32_t namesz = word(p + at), descsz = word(p + at + 4),
                 type = word(p + at + 8);
        size_t name_at = at + 12;
        size_t desc_at = name_at + ((namesz + 3u) & ~3u);
        size_t next = desc_at + ((descsz + 3u) & ~3u);
        if (namesz > len || descsz > len || next > len || next <= at)
            return 0;
        if (type == NT_GNU_ABI_TAG_TYPE && namesz == 4 &&
            memcmp(p + name_at, "GNU", 4) == 0 && descsz >= 16 &&
            word(p + desc_at) == ABI_OS_LINUX) {
            for (int i = 0; i < 3; i++)
                ver[i] = word(p + desc_at + 4 + 4 * (size_t)i);
            return 1;
        }
        at = next;
    }
    return 0;
}

int loader_abi_note(const char *path, unsigned ver[3])
{
    struct elf_file f;
    char err[256];
    if (elf_open(path, false, &f, err, sizeof(err)) != LOAD_OK)
        return -1;
    int found = 0;
    for (size_t i = 0; i < f.phnum && !found; i++) {
        const GElf_Phdr *ph = &f.ph[i];
        if (ph->p_type != PT_NOTE || ph->p_offset > f.size ||
            ph->p_filesz > f.size - ph->p_offset)
            continue;
        found = scan_notes(f.image + ph->p_offset, ph->p_filesz, ver);
    }
    elf_close(&f);
    return found;
}
