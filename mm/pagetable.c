/* i386 two-level page tables kept in guest physical frames, as the hardware
 * would walk them: a directory of 1024 entries, each a 4 MiB page (PS) or a
 * table of 1024 4 KiB entries. */
#include "internal.h"

static uint32_t *table_of(struct mm *mm, uint32_t entry)
{
    return (uint32_t *)frame_ptr(mm, entry >> MM_PAGE_SHIFT);
}

uint32_t *pt_pde(struct mm *mm, uint32_t va)
{
    return (uint32_t *)frame_ptr(mm, mm->pgd_pfn) + (va >> MM_HUGE_SHIFT);
}

uint32_t *pt_pte(struct mm *mm, uint32_t va, bool create)
{
    uint32_t *pde = pt_pde(mm, va);
    if (*pde & PDE_PS)
        return NULL;
    if (!(*pde & PTE_P)) {
        if (!create)
            return NULL;
        int64_t pfn = mm_frame_alloc(mm);
        if (pfn < 0)
            return NULL;
        *pde = ((uint32_t)pfn << MM_PAGE_SHIFT) | PTE_P | PTE_RW | PTE_US;
    }
    return table_of(mm, *pde) + ((va >> MM_PAGE_SHIFT) & 1023);
}

uint32_t *pt_entry(struct mm *mm, uint32_t va, bool *huge)
{
    uint32_t *pde = pt_pde(mm, va);
    *huge = (*pde & PDE_PS) != 0;
    if (*huge)
        return pde;
    return pt_pte(mm, va, false);
}

static bool table_empty(const uint32_t *t)
{
    for (int i = 0; i < 1024; i++)
        if (t[i])
            return false;
    return true;
}

bool pt_unmap(struct mm *mm, uint32_t start, uint32_t end)
{
    return pt_zap(mm, start, end, false);
}

bool pt_zap(struct mm *mm, uint32_t start, uint32_t end, bool keep_guards)
{
    bool executed = false;
    uint32_t va = start;
    while (va < end && va >= start) {
        uint32_t slot_end = (va | (HUGE_SIZE - 1)) + 1;
        uint32_t stop = (slot_end == 0 || slot_end > end) ? end : slot_end;
        uint32_t *pde = pt_pde(mm, va);
        if (*pde & PDE_PS) {
            /* 4 MiB pages are only ever unmapped whole (the VMA layer aligns);
             * they go back to the huge page pool, not to the buddy allocator. */
            executed |= (*pde & PTE_XUSED) != 0;
            hugepool_put(mm, *pde >> MM_PAGE_SHIFT);
            *pde = 0;
            stat_unmapped(mm, true);
        } else if (*pde & PTE_P) {
            uint32_t *t = table_of(mm, *pde);
            for (uint32_t a = va; a < stop && a >= va; a += MM_PAGE_SIZE) {
                uint32_t *pte = t + ((a >> MM_PAGE_SHIFT) & 1023);
                if ((*pte & PTE_HAS_FRAME) && (*pte >> MM_PAGE_SHIFT) != mm->zero_pfn) {
                    executed |= (*pte & PTE_XUSED) != 0;
                    phys_free(&mm->phys, *pte >> MM_PAGE_SHIFT, 0);
                    stat_unmapped(mm, false);
                }
                if (!(keep_guards && *pte == PTE_GUARD))
                    *pte = 0;
            }
            if (table_empty(t)) {
                phys_free(&mm->phys, *pde >> MM_PAGE_SHIFT, 0);
                *pde = 0;
            }
        }
        if (slot_end == 0)
            break;
        va = stop;
    }
    return executed;
}

uint32_t pt_bits_for(const struct mm *mm, uint32_t prot)
{
    if (!(prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
        return PTE_NONE | PTE_US;
    uint32_t bits = PTE_P | PTE_US;
    if (prot & L_PROT_WRITE)
        bits |= PTE_RW;
    bool exec = (prot & L_PROT_EXEC) || !mm->nx ||
                (mm->read_implies_exec && (prot & L_PROT_READ));
    if (!exec)
        bits |= PTE_NX;
    return bits;
}

void pt_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t bits)
{
    for (uint32_t va = start; va < end && va >= start; va += MM_PAGE_SIZE) {
        uint32_t *pde = pt_pde(mm, va);
        if (!(*pde & PTE_HAS_FRAME)) {
            va |= HUGE_SIZE - 1;
            va -= MM_PAGE_SIZE - 1;
            continue;
        }
        if (*pde & PDE_PS) {
            *pde = (*pde & (PTE_FRAME | PTE_A | PTE_D | PTE_XUSED)) | bits | PDE_PS;
            va |= HUGE_SIZE - 1;
            va -= MM_PAGE_SIZE - 1;
            continue;
        }
        uint32_t *pte = pt_pte(mm, va, false);
        if (pte && (*pte & PTE_HAS_FRAME)) {
            *pte = (*pte & (PTE_FRAME | PTE_A | PTE_D | PTE_XUSED | PTE_FORKCOW)) | bits;
            /* The zero page and a page still shared since fork stay read-only. */
            if ((*pte >> MM_PAGE_SHIFT) == mm->zero_pfn || (*pte & PTE_FORKCOW))
                *pte &= ~PTE_RW;
        }
    }
}
