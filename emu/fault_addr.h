/* The exact address a faulting i386 instruction touched (si_addr). */
#ifndef RELIC_FAULT_ADDR_H
#define RELIC_FAULT_ADDR_H

#include <stdint.h>
#include <unicorn/unicorn.h>

struct mm;

/* Unicorn tells only the page that missed; decode the instruction at pc to
 * find the byte. Falls back to the page address when the decoding does not
 * explain the fault. */
uint32_t fault_address(uc_engine *uc, struct mm *mm, uint32_t pc, uint32_t page);

#endif
