/* --trace-pages: the guest MMU's page events in the trace stream. Lines
 * are framed with "~~~" so that they cannot be taken for a syscall, a
 * "---" signal or a "+++" exit:
 *   ~~~ page fault-in 4K 0x0804a000 write ~~~
 *   ~~~ page fault-in 4K 0xb7ff0000 read, zero page ~~~
 *   ~~~ page cow 4K 0xb7ff0000 ~~~              (the zero page copied)
 *   ~~~ page cow 4K 0x080f1000 after fork ~~~   (each process's first write)
 *   ~~~ page drop 4K 0xb7ff4000 MADV_DONTNEED ~~~
 *   ~~~ page reclaim 4K 0xb7ff4000 MADV_FREE ~~~
 *   ~~~ hugepool take total=4 free=3 ~~~
 * An event inside a syscall (madvise's drops, a fault while the kernel
 * copies from the guest) comes before that call's line, which is written
 * when the call returns. */
#include "trace.h"

#include "syscalls.h"

#include "../mm/mm.h"

#include <stdio.h>

static const char *advice_name(int advice)
{
    switch (advice) {
    case 4:
        return "MADV_DONTNEED";
    case 9:
        return "MADV_REMOVE";
    case 24:
        return "MADV_DONTNEED_LOCKED";
    default:
        return "MADV_???";
    }
}

static void on_page(struct mm *mm, const struct mm_page_event *ev)
{
    (void)mm;
    static const char *const kinds[] = {
        [MM_PAGE_FAULT_IN] = "fault-in",
        [MM_PAGE_COW] = "cow",
        [MM_PAGE_DROP] = "drop",
        [MM_PAGE_RECLAIM] = "reclaim",
    };
    char text[160], json[256];
    if (ev->kind == MM_PAGE_POOL) {
        snprintf(text, sizeof(text), "~~~ hugepool %s total=%u free=%u ~~~", ev->pool_why,
                 ev->pool_total, ev->pool_free);
        snprintf(json, sizeof(json),
                 "\"event\":\"hugepool\",\"kind\":\"%s\",\"total\":%u,\"free\":%u",
                 ev->pool_why, ev->pool_total, ev->pool_free);
        trace_event(NULL, text, json);
        return;
    }
    const char *size = ev->size > 4096 ? "4M" : "4K";
    char detail[48] = "";
    if (ev->kind == MM_PAGE_FAULT_IN)
        snprintf(detail, sizeof(detail), " %s%s",
                 ev->access == MM_WRITE   ? "write"
                 : ev->access == MM_FETCH ? "exec"
                                          : "read",
                 ev->zero_page ? ", zero page" : "");
    else if (ev->kind == MM_PAGE_DROP)
        snprintf(detail, sizeof(detail), " %s", advice_name(ev->advice));
    else if (ev->kind == MM_PAGE_COW && ev->after_fork)
        snprintf(detail, sizeof(detail), " after fork");
    else if (ev->kind == MM_PAGE_RECLAIM)
        snprintf(detail, sizeof(detail), " MADV_FREE");
    snprintf(text, sizeof(text), "~~~ page %s %s %#010x%s ~~~", kinds[ev->kind], size,
             ev->va, detail);
    snprintf(json, sizeof(json),
             "\"event\":\"page\",\"kind\":\"%s\",\"size\":%u,\"addr\":\"%#010x\","
             "\"detail\":\"%s\"",
             kinds[ev->kind], ev->size, ev->va, detail[0] ? detail + 1 : "");
    trace_event(NULL, text, json);
}

void trace_pages_start(void)
{
    mm_page_hook = on_page;
}
