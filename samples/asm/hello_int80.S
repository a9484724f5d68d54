/* A program without libc: write(2) and exit(2) through int $0x80. */
    .section .rodata
msg:
    .ascii "Hello from raw int 0x80!\n"
    len = . - msg

    .text
    .globl _start
_start:
    movl $4, %eax          /* write */
    movl $1, %ebx          /* stdout */
    movl $msg, %ecx
    movl $len, %edx
    int $0x80
    movl $1, %eax          /* exit */
    movl $7, %ebx          /* a status the test can recognise */
    int $0x80
