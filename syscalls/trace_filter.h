/* The --trace=EXPR filter (strace's -e trace= grammar). */
#ifndef RELIC_SYSCALLS_TRACE_FILTER_H
#define RELIC_SYSCALLS_TRACE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* Parse EXPR (NULL or "" is all); -1 with a one-line message in err. */
int trace_filter_parse(const char *expr, char *err, size_t errlen);
/* Whether the call of that name is traced. */
bool trace_filter_match(const char *name);
/* Whether class (without '%': "memory", "file"...) holds the call. */
bool trace_class_has(const char *cls, const char *name);

#endif
