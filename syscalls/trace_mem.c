/* Decoders: placeholder until this family is written. */
#include "trace.h"

const struct trace_decoder trace_mem_decoders[] = {
    {NULL, NULL},
};
