/* -d in_asm: the guest code of every translation block, once per
 * translation, as qemu-user 7.2 logs it (it disassembles with Capstone
 * too, in AT&T syntax):
 *
 *   ----------------
 *   IN: _start
 *   0x080495f0:  31 ed                    xorl     %ebp, %ebp
 *   ...
 *   (a blank line)
 *
 * Nothing is hooked unless -d asks for it. */
#ifndef RELIC_EMU_DISAS_H
#define RELIC_EMU_DISAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct i386_cpu;
struct loaded_image;

extern bool disas_on;

/* -d help: the items relic knows, in qemu's words. */
void disas_help(FILE *f);
/* items: qemu's -d list (in_asm only); logfile: -D, or NULL for stderr
 * (append: a re-executed relic adds to it). 0, or -1 with a one-line
 * message. */
int disas_init(const char *items, const char *logfile, bool append, char *err,
               size_t errlen);
/* The names after "IN:": the STT_FUNC symbols of the program's and its
 * interpreter's .symtab, where they were loaded. */
void disas_load_symbols(const char *program, const struct loaded_image *img);
/* The function qemu names for addr ("" when none). */
const char *disas_symbol(uint32_t addr);

/* Log a new CPU's translations (cpu_open, when disas_on). */
void disas_attach(struct i386_cpu *cpu);
/* Code translations were dropped: their blocks print again when re-made. */
void disas_forget(void);

/* The block of size bytes at pc as logged (separator to blank line, split
 * where qemu would split it) into buf, NUL-terminated; returns the length
 * it needs, as snprintf does. */
size_t disas_format(char *buf, size_t len, uint32_t pc, const uint8_t *code, size_t size);

#endif
