/* Page events: placeholder until written. */
#include "trace.h"

void trace_pages_start(void) {}
