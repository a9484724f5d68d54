/* -d in_asm: Capstone disassembly of translated blocks, as qemu logs it. */
#ifndef RELIC_EMU_DISAS_H
#define RELIC_EMU_DISAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;

extern bool disas_on;

/* items: qemu's -d list (in_asm only); logfile: -D, or NULL for stderr
 * (append: a re-executed relic adds to it); program: its symbols name the
 * blocks. 0, or -1 with a one-line message. */
int disas_init(const char *items, const char *logfile, bool append, const char *program,
               char *err, size_t errlen);
/* A block at addr of size bytes is about to run. */
void disas_block(struct mm *mm, uint32_t addr, uint32_t size);
/* Code translations were dropped: their blocks print again when re-made. */
void disas_forget(void);

#endif
