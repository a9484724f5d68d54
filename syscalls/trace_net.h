/* Private to the socket and System V IPC decoders: trace_net.c (the
 * socket calls, ipc/socketcall sub-calls, the decoder table),
 * trace_netmsg.c (addresses, messages, strings) and trace_ipc.c. */
#ifndef RELIC_SYSCALLS_TRACE_NET_H
#define RELIC_SYSCALLS_TRACE_NET_H

#include "trace.h"

/* strace prints arrays and strings cut short unless -v. */
static inline bool tn_abbrev(void)
{
    return !trace_opt.verbose;
}
static inline uint32_t tn_strsize(void)
{
    return trace_opt.strsize > 0 ? (uint32_t)trace_opt.strsize : 32;
}

/* The call failed (at exit). */
static inline bool tn_failed(const struct tcall *c)
{
    return c->exiting && c->ret < 0 && c->ret >= -4095;
}

/* The rest of the arguments come at exit. strace prints the separator
 * before them at entry, so a call shown unfinished reads "recv(4,
 * <unfinished ...>" and resumes with the argument itself: the next argument
 * begins now, its text follows at exit. */
static inline int tn_defer(struct tcall *c)
{
    tr_arg(c);
    return TD_EXIT;
}

/* strace's tfetch_mem: guest memory to print, refused for NULL and, at the
 * exit of a failed call, for what the kernel did not write. 0 or -1. */
int tn_fetch(struct tcall *c, uint32_t va, void *dst, size_t len);
/* tn_fetch, or the address printed in its place: 0 or -1. */
int tn_fetch_or_addr(struct tcall *c, uint32_t va, void *dst, size_t len);
/* Bytes of our own, quoted as strace's print_quoted_string (never cut by
 * -s): zterm stops at a NUL; hex quotes every byte as \xNN. */
void tn_quote(struct tcall *c, const void *buf, size_t n, bool zterm, bool hex);
/* A name from x, NULL when v has none. */
const char *tn_xlookup(const struct xlat *x, uint64_t v);
/* A value from x, or the number alone in decimal (printxval_u and
 * printxval_d with no default). */
void tn_xval_or_num(struct tcall *c, const struct xlat *x, uint32_t v, bool sign);
/* [int] at va (printnum_int), or its address. */
void tn_int_at(struct tcall *c, uint32_t va);
/* strace's print_array: n elements of size bytes (at most 64) at va, each
 * fetched (tn_fetch, or tr_read if ignore_err) and printed by fn, which
 * returns false to stop; cut after -s elements unless -v. */
typedef bool (*tn_elem_fn)(struct tcall *c, const void *elem, void *data);
void tn_array(struct tcall *c, uint32_t va, uint32_t n, uint32_t size, bool ignore_err,
              tn_elem_fn fn, void *data);
/* A struct timespec of i386 (32-bit), or its address. */
void tn_timespec(struct tcall *c, uint32_t va);
/* The same into buf (sprint_timespec32): "NULL", "0x..." or "{...}". */
void tn_timespec_str(struct tcall *c, uint32_t va, char *buf, size_t len);

/* struct sockaddr at va of len bytes (decode_sockaddr): the family, or -1
 * when only the address printed. */
int tn_sockaddr(struct tcall *c, uint32_t va, int32_t len);
/* A struct msghdr at va: user_namelen (NULL: none) is the name length the
 * caller offered, data_size caps the bytes shown of its buffers (-1: all). */
void tn_msghdr(struct tcall *c, uint32_t va, const int32_t *user_namelen,
               uint32_t data_size);

/* Constants both halves use. */
extern const struct xlat tn_addrfams[];
extern const struct xlat tn_msg_flags[];
extern const struct xlat tn_socketlayers[];

/* The decoders of trace_netmsg.c and trace_ipc.c. */
int tn_sendmsg(struct tcall *c);
int tn_recvmsg(struct tcall *c);
int tn_sendmmsg(struct tcall *c);
int tn_recvmmsg(struct tcall *c);
int tn_recvmmsg64(struct tcall *c);

int tn_semop(struct tcall *c);
int tn_semtimedop(struct tcall *c);
int tn_semtimedop64(struct tcall *c);
int tn_semget(struct tcall *c);
int tn_semctl(struct tcall *c);
int tn_msgget(struct tcall *c);
int tn_msgsnd(struct tcall *c);
int tn_msgrcv(struct tcall *c);
int tn_msgctl(struct tcall *c);
int tn_shmget(struct tcall *c);
int tn_shmat(struct tcall *c);
int tn_shmdt(struct tcall *c);
int tn_shmctl(struct tcall *c);

#endif
