/* Decoders: placeholder until this family is written. */
#include "trace.h"

const struct trace_decoder trace_desc_decoders[] = {
    {NULL, NULL},
};
