/* What the kernel told a dynamically linked program about its images, as
 * the program and its loader see them: each line is a yes/no, so that the
 * native run and relic's print the same whatever the addresses are. */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char _start[], _end[];

struct seen {
    uintptr_t main_addr, main_phdr, ldso_addr;
    unsigned main_phnum;
    int n;
};

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct seen *s = data;
    if (s->n++ == 0) { /* the program itself comes first */
        s->main_addr = info->dlpi_addr;
        s->main_phdr = (uintptr_t)info->dlpi_phdr;
        s->main_phnum = info->dlpi_phnum;
    } else if (strstr(info->dlpi_name, "ld-linux")) {
        s->ldso_addr = info->dlpi_addr;
    }
    return 0;
}

static const char *yes(int c)
{
    return c ? "yes" : "no";
}

int main(void)
{
    struct seen s = {0};
    dl_iterate_phdr(visit, &s);
    uintptr_t phdr = getauxval(AT_PHDR), base = getauxval(AT_BASE);
    const Elf32_Phdr *ph = (const Elf32_Phdr *)phdr;
    uintptr_t pt_phdr = 0;
    for (unsigned i = 0; i < getauxval(AT_PHNUM); i++)
        if (ph[i].p_type == PT_PHDR)
            pt_phdr = s.main_addr + ph[i].p_vaddr;
    printf("PIE (loaded away from its link address): %s\n", yes(s.main_addr != 0));
    printf("AT_ENTRY is _start: %s\n", yes(getauxval(AT_ENTRY) == (uintptr_t)_start));
    printf("AT_PHDR is the loader's view of the program headers: %s\n",
           yes(phdr == s.main_phdr));
    printf("AT_PHDR is PT_PHDR plus the load bias: %s\n", yes(pt_phdr == phdr));
    printf("AT_PHNUM matches: %s\n", yes(getauxval(AT_PHNUM) == s.main_phnum));
    printf("AT_PHENT is 32: %s\n", yes(getauxval(AT_PHENT) == sizeof(Elf32_Phdr)));
    printf("AT_BASE is where ld.so is: %s\n", yes(base != 0 && base == s.ldso_addr));
    printf("AT_BASE is page aligned: %s\n", yes((base & 4095) == 0));
    /* binfmt_elf clears the last page of the bss past its end (padzero). */
    uintptr_t page_end = ((uintptr_t)_end + 4095) & ~(uintptr_t)4095;
    int zero = 1;
    for (const char *p = _end; (uintptr_t)p < page_end; p++)
        zero &= *p == 0;
    printf("the page after _end is zero: %s\n", yes(zero));
    return 0;
}
