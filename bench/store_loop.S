/* The store-loop benchmark: 100 M 32-bit stores into a 64 KiB buffer, then
 * 1 M getpid() through int $0x80, then exit(0). No libc, so what is timed is
 * the engine: the store fast path and the syscall round trip. */
    .bss
    .align 4096
buf:
    .space 65536

    .text
    .globl _start
_start:
    movl $100000000, %ecx
    xorl %esi, %esi
1:  movl %ecx, buf(,%esi,4)
    incl %esi
    andl $16383, %esi
    decl %ecx
    jnz 1b

    movl $1000000, %edi
2:  movl $20, %eax          /* getpid */
    int $0x80
    decl %edi
    jnz 2b

    movl $1, %eax           /* exit(0) */
    xorl %ebx, %ebx
    int $0x80
