/* Decoders: placeholder until this family is written. */
#include "trace.h"

const struct trace_decoder trace_net_decoders[] = {
    {NULL, NULL},
};

bool trace_subcall(struct tcall *c)
{
    (void)c;
    return false;
}
