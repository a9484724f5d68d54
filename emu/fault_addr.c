/* si_addr for page faults, from the effective address of the faulting
 * instruction's memory operand (Capstone decodes it). */
#include "fault_addr.h"

#include "../mm/mm.h"

#include <capstone/capstone.h>

#define PAGE_OF(a) ((a) & ~0xfffu)

static int uc_reg_for(x86_reg r)
{
    switch (r) {
    case X86_REG_EAX:
        return UC_X86_REG_EAX;
    case X86_REG_EBX:
        return UC_X86_REG_EBX;
    case X86_REG_ECX:
        return UC_X86_REG_ECX;
    case X86_REG_EDX:
        return UC_X86_REG_EDX;
    case X86_REG_ESI:
        return UC_X86_REG_ESI;
    case X86_REG_EDI:
        return UC_X86_REG_EDI;
    case X86_REG_EBP:
        return UC_X86_REG_EBP;
    case X86_REG_ESP:
        return UC_X86_REG_ESP;
    default:
        return -1;
    }
}

static uint32_t reg_value(uc_engine *uc, x86_reg r)
{
    int id = uc_reg_for(r);
    uint32_t v = 0;
    if (id >= 0)
        uc_reg_read(uc, id, &v);
    return v;
}

/* Where an operand of size bytes at ea faults in page: ea itself, or the
 * page start when the access only spills into it. */
static int match(uint32_t ea, uint32_t size, uint32_t page, uint32_t *out)
{
    if (PAGE_OF(ea) == page) {
        *out = ea;
        return 1;
    }
    if (size && PAGE_OF(ea + size - 1) == page) {
        *out = page;
        return 1;
    }
    return 0;
}

uint32_t fault_address(uc_engine *uc, struct mm *mm, uint32_t pc, uint32_t page)
{
    uint8_t code[16];
    size_t len = sizeof(code);
    while (len && mm_copy_from(mm, code, pc, len) < 0)
        len--; /* the instruction may end at an unmapped page */
    if (len == 0 || PAGE_OF(pc) == page)
        return PAGE_OF(pc) == page ? pc : page;
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK)
        return page;
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    cs_insn *insn;
    uint32_t result = page;
    if (cs_disasm(cs, code, len, pc, 1, &insn) == 1) {
        const cs_x86 *x = &insn->detail->x86;
        int found = 0;
        for (int i = 0; i < x->op_count && !found; i++) {
            const cs_x86_op *op = &x->operands[i];
            if (op->type != X86_OP_MEM)
                continue;
            uint32_t ea = reg_value(uc, op->mem.base) +
                          reg_value(uc, op->mem.index) * (uint32_t)op->mem.scale +
                          (uint32_t)op->mem.disp;
            found = match(ea, op->size, page, &result);
        }
        if (!found) {
            /* Implicit stack accesses (push, call, enter) write below %esp. */
            uint32_t esp = reg_value(uc, X86_REG_ESP);
            if (!match(esp - 4, 4, page, &result))
                match(esp, 4, page, &result);
        }
        cs_free(insn, 1);
    }
    cs_close(&cs);
    return result;
}
