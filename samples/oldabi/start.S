/* Entry and system call gate of the freestanding runtime: programs that
 * start on any Linux from 2.0 on, where a modern libc needs set_thread_area
 * and friends the old kernels do not have. */
        .text
        .globl _start
_start:
        xorl    %ebp, %ebp
        movl    (%esp), %eax            /* argc */
        leal    4(%esp), %ecx           /* argv */
        leal    8(%esp,%eax,4), %edx    /* envp */
        andl    $-16, %esp
        subl    $4, %esp
        pushl   %edx
        pushl   %ecx
        pushl   %eax
        call    main
        movl    %eax, %ebx
        movl    $1, %eax                /* exit */
        int     $0x80
        hlt

/* long rt_syscall(long nr, long a1, ..., long a6): int 0x80 with the i386
 * register convention, the raw result (-errno on failure). */
        .globl rt_syscall
rt_syscall:
        pushl   %ebp
        pushl   %edi
        pushl   %esi
        pushl   %ebx
        movl    20(%esp), %eax
        movl    24(%esp), %ebx
        movl    28(%esp), %ecx
        movl    32(%esp), %edx
        movl    36(%esp), %esi
        movl    40(%esp), %edi
        movl    44(%esp), %ebp
        int     $0x80
        popl    %ebx
        popl    %esi
        popl    %edi
        popl    %ebp
        ret
        .section .note.GNU-stack,"",@progbits
